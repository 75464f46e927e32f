"""Capture from Gmail Sent Items (Google Workspace): a service account with domain-wide delegation.

Gmail's own sync model, with the mailbox's ``historyId`` as the cursor:

* first pass, or a stored historyId Gmail no longer has (``history.list`` answers 404): note the
  profile's historyId *first*, then list the SENT messages of the last ``lookback_days``; the last page
  carries that historyId, so anything sent while the list was read is seen again next time, never lost;
* later passes: ``history.list`` (messageAdded, label SENT) since the stored historyId; the last page
  carries the historyId Gmail reported on the first page of the answer, for the same reason.

Intermediate pages carry no cursor: a pass that stops half way starts again from the old cursor, which is
harmless because recording is idempotent. Message text stays in memory; nothing here logs or stores it.
"""
from __future__ import annotations

import base64
import json
import os
import time
from datetime import datetime, timedelta, timezone
from email.header import decode_header, make_header
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from typing import Callable, Iterator

import httplib2
from google.auth.exceptions import RefreshError, TransportError
from google.oauth2 import service_account
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

from ..review import Party
from .message import REVIEW_HEADER, CapturedMessage, Page

SCOPES = ["https://www.googleapis.com/auth/gmail.readonly"]
SENT = "SENT"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded"})  # Gmail's 403s worth retrying
REVIEW_ID_LIMIT = 64  # the activities.review_id column


class GmailCaptureError(RuntimeError):
    """A mailbox could not be read. The text names the mailbox and Google's reason, never a token or key."""


class GmailApiError(GmailCaptureError):
    def __init__(self, mailbox: str, call: str, status: int, reason: str, message: str, retries: int):
        self.mailbox, self.call, self.status, self.reason = mailbox, call, status, reason
        after = f" after {retries} retries" if retries else ""
        detail = f" ({message[:200]})" if message else ""
        super().__init__(f"Gmail mailbox {mailbox}: {call} failed with HTTP {status} {reason}{detail}{after}")


class GmailSentItems:
    """A :class:`~addin.capture.message.SentItemsSource` over the Gmail API (google-api-python-client)."""

    name = "gmail"

    def __init__(
        self,
        service_account_key: dict | str | os.PathLike,
        *,
        api_endpoint: str | None = None,
        lookback_days: int = 30,
        page_size: int = 100,
        max_retries: int = 5,
        initial_backoff: float = 1.0,
        max_backoff: float = 60.0,
        sleep: Callable[[float], None] = time.sleep,
    ):
        """``service_account_key``: the key's JSON as a dict, or the path of its file. ``api_endpoint``
        replaces https://gmail.googleapis.com/ (tests point it at a local fake)."""
        if isinstance(service_account_key, dict):
            base = service_account.Credentials.from_service_account_info(service_account_key, scopes=SCOPES)
        else:
            base = service_account.Credentials.from_service_account_file(os.fspath(service_account_key), scopes=SCOPES)
        self._credentials = base
        self.api_endpoint = api_endpoint if not api_endpoint or api_endpoint.endswith("/") else api_endpoint + "/"
        self.lookback_days = lookback_days
        self.page_size = page_size
        self.max_retries = max_retries
        self.initial_backoff = initial_backoff
        self.max_backoff = max_backoff
        self.sleep = sleep

    def __repr__(self) -> str:  # never show the key
        return f"GmailSentItems({self._credentials.service_account_email!r}, api_endpoint={self.api_endpoint!r})"

    @classmethod
    def from_config(cls, config) -> GmailSentItems:
        """Reads GMAIL_SERVICE_ACCOUNT_FILE, GMAIL_API_ENDPOINT and GMAIL_LOOKBACK_DAYS (SENDWELL_GMAIL_* in
        the environment); a ValueError names the setting that is missing or wrong."""
        path = config.get("GMAIL_SERVICE_ACCOUNT_FILE")
        if not path:
            raise ValueError(
                "SENDWELL_GMAIL_SERVICE_ACCOUNT_FILE is not set: point it at the JSON key of the service account "
                "that has domain-wide delegation for gmail.readonly (see docs/capture.md)"
            )
        try:
            with open(path, encoding="utf-8") as fh:
                key = json.load(fh)
            if not isinstance(key, dict):
                raise ValueError("not a JSON object")
        except OSError as exc:
            raise ValueError(f"SENDWELL_GMAIL_SERVICE_ACCOUNT_FILE: cannot read {path} ({exc.strerror})") from None
        except ValueError:
            raise ValueError(f"SENDWELL_GMAIL_SERVICE_ACCOUNT_FILE: {path} is not a JSON service account key") from None
        raw_days = config.get("GMAIL_LOOKBACK_DAYS", 30)
        try:
            days = int(raw_days)
            if days < 1 or str(days) != str(raw_days).strip():
                raise ValueError
        except (TypeError, ValueError):
            raise ValueError(f"SENDWELL_GMAIL_LOOKBACK_DAYS must be a whole number of days, 1 or more (got {raw_days!r})") from None
        try:
            return cls(key, api_endpoint=config.get("GMAIL_API_ENDPOINT") or None, lookback_days=days)
        except ValueError as exc:  # google-auth: missing fields, unreadable private key
            message = str(exc) if "missing fields" in str(exc) else "the key could not be loaded"
            raise ValueError(f"SENDWELL_GMAIL_SERVICE_ACCOUNT_FILE: {path} is not a usable service account key: {message}") from None

    # --- SentItemsSource ------------------------------------------------------------------------------

    def pages(self, mailbox: str, cursor: str | None) -> Iterator[Page]:
        calls = _Calls(self, mailbox)
        if cursor and cursor.isdigit():
            first = calls.history(cursor, None)
            if first is not None:
                yield from self._since(calls, cursor, first)
                return
        yield from self._full(calls)

    def _full(self, calls: _Calls) -> Iterator[Page]:
        """Every SENT message of the lookback window; the cursor is the historyId noted before listing."""
        history_id = str(calls.execute("users.getProfile", calls.users.getProfile(userId=calls.mailbox))["historyId"])
        after = int((datetime.now(timezone.utc) - timedelta(days=self.lookback_days)).timestamp())
        token = None
        while True:
            answer = calls.execute("users.messages.list", calls.users.messages().list(
                userId=calls.mailbox, labelIds=[SENT], q=f"after:{after}", maxResults=self.page_size, pageToken=token,
            ))
            token = answer.get("nextPageToken")
            messages = calls.messages([m["id"] for m in answer.get("messages") or ()])
            yield Page(messages, cursor=None if token else history_id)
            if not token:
                return

    def _since(self, calls: _Calls, start: str, answer: dict) -> Iterator[Page]:
        """Messages added with the SENT label after ``start``, page by page."""
        new_cursor = str(answer.get("historyId") or start)
        seen: set[str] = set()
        while True:
            ids = []
            for record in answer.get("history") or ():
                for added in record.get("messagesAdded") or ():
                    message = added.get("message") or {}
                    if message.get("id") and SENT in message.get("labelIds", [SENT]) and message["id"] not in seen:
                        seen.add(message["id"])
                        ids.append(message["id"])
            token = answer.get("nextPageToken")
            yield Page(calls.messages(ids), cursor=None if token else new_cursor)
            if not token:
                return
            answer = calls.history(start, token)


class _Calls:
    """One pass over one mailbox: its own client (httplib2 is not thread-safe) and bounded retries."""

    def __init__(self, source: GmailSentItems, mailbox: str):
        self.source = source
        self.mailbox = mailbox
        options = {"api_endpoint": source.api_endpoint} if source.api_endpoint else None
        credentials = source._credentials.with_subject(mailbox)  # domain-wide delegation
        self.users = build(
            "gmail", "v1", credentials=credentials, static_discovery=True, cache_discovery=False, client_options=options
        ).users()

    def history(self, start: str, page_token: str | None) -> dict | None:
        """A page of history; None when Gmail no longer has history from ``start`` (a full pass is due)."""
        request = self.users.history().list(
            userId=self.mailbox, startHistoryId=start, historyTypes=["messageAdded"], labelId=SENT,
            maxResults=self.source.page_size, pageToken=page_token,
        )
        try:
            return self.execute("users.history.list", request)
        except GmailApiError as exc:
            if exc.status == 404 and page_token is None:
                return None
            raise

    def messages(self, ids: list[str]) -> tuple[CapturedMessage, ...]:
        out = []
        for gmail_id in ids:
            try:
                raw = self.execute("users.messages.get", self.users.messages().get(userId=self.mailbox, id=gmail_id, format="full"))
            except GmailApiError as exc:
                if exc.status == 404:  # deleted since it was listed
                    continue
                raise
            if SENT in (raw.get("labelIds") or [SENT]):
                out.append(parse_message(raw))
        return tuple(out)

    def execute(self, call: str, request) -> dict:
        """Run ``request``, retrying rate limits (429, 403 rateLimitExceeded), 5xx and network errors with
        exponential back-off, at most ``max_retries`` times. A 401 never reaches here: google-auth's http
        wrapper refreshes the token and repeats the request itself."""
        source = self.source
        for attempt in range(source.max_retries + 1):
            retry_after = None
            try:
                return request.execute(num_retries=0)
            except HttpError as exc:
                status, reason, message = _google_error(exc)
                retryable = status in RETRY_STATUSES or (status == 403 and reason in RATE_LIMIT_REASONS)
                if not retryable or attempt == source.max_retries:
                    raise GmailApiError(self.mailbox, call, status, reason, message, attempt) from exc
                retry_after = _seconds(exc.resp.get("retry-after"))
            except RefreshError as exc:
                detail = exc.args[0] if exc.args and isinstance(exc.args[0], str) else type(exc).__name__
                raise GmailCaptureError(
                    f"Gmail mailbox {self.mailbox}: Google issued no access token for the service account "
                    f"({detail}); check its domain-wide delegation for {SCOPES[0]} and that the mailbox exists"
                ) from exc
            except (TransportError, httplib2.HttpLib2Error, OSError) as exc:
                if attempt == source.max_retries:
                    raise GmailCaptureError(
                        f"Gmail mailbox {self.mailbox}: {call} failed: cannot reach Google ({type(exc).__name__}) "
                        f"after {attempt} retries"
                    ) from exc
            delay = source.initial_backoff * 2**attempt
            if retry_after is not None:
                delay = max(delay, retry_after)
            source.sleep(min(delay, source.max_backoff))
        raise AssertionError("unreachable")


def _google_error(exc: HttpError) -> tuple[int, str, str]:
    """Status, reason and message of Google's JSON error ({"error": {"errors": [{"reason": ...}]}})."""
    status = int(exc.resp.status)
    reason, message = "", ""
    try:
        error = json.loads(exc.content.decode("utf-8"))["error"]
        message = str(error.get("message") or "")
        errors = error.get("errors") or []
        reason = str((errors[0].get("reason") if errors else None) or error.get("status") or "")
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        pass
    return status, reason or "error", message


def _seconds(value) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


# --- one Gmail message (format=full) to a CapturedMessage ------------------------------------------------


def parse_message(raw: dict) -> CapturedMessage:
    """Headers, addresses and the body of a ``users.messages.get(format="full")`` answer."""
    payload = raw.get("payload") or {}
    headers: dict[str, list[str]] = {}
    for header in payload.get("headers") or ():
        headers.setdefault(str(header.get("name", "")).lower(), []).append(str(header.get("value", "")))

    def first(name: str) -> str:
        return (headers.get(name) or [""])[0].strip()

    body, body_format = _body(payload)
    review_id = first(REVIEW_HEADER) or None
    senders = _parties(headers.get("from", []))
    return CapturedMessage(
        message_id=first("message-id") or f"gmail:{raw['id']}",  # Gmail's id is stable for the mailbox
        sent_at=_sent_at(first("date"), raw.get("internalDate")),
        to=_parties(headers.get("to", [])),
        cc=_parties(headers.get("cc", [])),
        subject=_decode_words(first("subject")),
        body=body,
        body_format=body_format,
        thread_id=raw.get("threadId") or None,
        sender=senders[0] if senders else None,
        review_id=review_id if review_id and len(review_id) <= REVIEW_ID_LIMIT else None,
    )


def _sent_at(date_header: str, internal_date) -> datetime:
    """The Date header; else Gmail's internalDate (epoch milliseconds); never naive."""
    if date_header:
        try:
            when = parsedate_to_datetime(date_header)
            return when if when.tzinfo else when.replace(tzinfo=timezone.utc)  # "-0000": UTC, origin unknown
        except (TypeError, ValueError, IndexError):
            pass
    try:
        return datetime.fromtimestamp(int(internal_date) / 1000, tz=timezone.utc)
    except (TypeError, ValueError, OverflowError):
        return datetime.now(timezone.utc)


def _parties(values: list[str]) -> tuple[Party, ...]:
    return tuple(
        Party(address.strip(), _decode_words(name) or None)
        for name, address in getaddresses(values)
        if "@" in address
    )


def _decode_words(value: str) -> str:
    """RFC 2047 encoded words (=?utf-8?q?...?=) to text; other values unchanged."""
    if "=?" not in value:
        return value
    try:
        return str(make_header(decode_header(value)))
    except (ValueError, LookupError, UnicodeDecodeError):
        return value


def _body(payload: dict) -> tuple[str, str]:
    """The first text/plain part, else the first text/html part (depth first); attachments never."""
    for mime, body_format in (("text/plain", "text"), ("text/html", "html")):
        text = _find_part(payload, mime)
        if text is not None:
            return text, body_format
    return "", "text"


def _find_part(part: dict, mime: str) -> str | None:
    part_headers = {str(h.get("name", "")).lower(): str(h.get("value", "")) for h in part.get("headers") or ()}
    if part.get("filename") or part_headers.get("content-disposition", "").strip().lower().startswith("attachment"):
        return None
    kind = str(part.get("mimeType", "")).lower()
    if kind == "message/rfc822":  # a forwarded email is not what the rep wrote
        return None
    data = (part.get("body") or {}).get("data")
    if kind == mime and data is not None:
        return _decode_data(data, part_headers.get("content-type", ""))
    for sub in part.get("parts") or ():
        found = _find_part(sub, mime)
        if found is not None:
            return found
    return None


def _decode_data(data: str, content_type: str) -> str:
    raw = base64.urlsafe_b64decode(data + "=" * (-len(data) % 4))
    probe = Message()
    probe["Content-Type"] = content_type or "text/plain"
    charset = probe.get_content_charset() or "utf-8"
    try:
        return raw.decode(charset, errors="replace")
    except LookupError:
        return raw.decode("utf-8", errors="replace")
