"""Read a draft from a file a rep or admin has at hand: an .eml message, plain text, or HTML.

An .eml gives the subject, sender, recipients and send time; its text/plain part is preferred, else its
text/html part. Other files are the body alone, HTML when the name ends .htm/.html or the text looks like
markup.
"""
from __future__ import annotations

import email
import email.policy
import email.utils
import re
from datetime import datetime, timezone

from .review import Draft, Party

_LOOKS_LIKE_HTML = re.compile(r"^\s*<(?:!doctype|html|head|body|div|p|table|span|br|meta)\b", re.IGNORECASE)


def draft_from_bytes(data: bytes, name: str, sent_at: datetime | None = None) -> Draft:
    lower = name.lower()
    if lower.endswith(".eml"):
        return _from_eml(data, sent_at)
    text = data.decode("utf-8", errors="replace")
    html = lower.endswith((".html", ".htm")) or bool(_LOOKS_LIKE_HTML.match(text))
    return Draft(body=text, body_format="html" if html else "text", sent_at=sent_at or datetime.now(timezone.utc))


def _from_eml(data: bytes, sent_at: datetime | None) -> Draft:
    message = email.message_from_bytes(data, policy=email.policy.default)
    part = message.get_body(preferencelist=("plain", "html"))
    body = part.get_content() if part is not None else ""
    body_format = "html" if part is not None and part.get_content_subtype() == "html" else "text"
    if sent_at is None:
        sent_at = _date(message.get("Date"))
    return Draft(
        body=body,
        subject=str(message.get("Subject", "")),
        body_format=body_format,
        sender=next(iter(_parties(message.get_all("From", []))), None),
        to=_parties(message.get_all("To", [])),
        cc=_parties(message.get_all("Cc", [])),
        sent_at=sent_at,
    )


def _parties(headers) -> tuple[Party, ...]:
    return tuple(
        Party(email=address, name=name or None)
        for name, address in email.utils.getaddresses([str(h) for h in headers])
        if "@" in address
    )


def _date(header) -> datetime:
    if header:
        try:
            parsed = email.utils.parsedate_to_datetime(str(header))
            if parsed.tzinfo is not None:
                return parsed
        except (TypeError, ValueError):
            pass
    return datetime.now(timezone.utc)
