"""Turn the public JSON of ``POST /api/v1/review`` into a Draft, or a precise 400 problem.

Every rejected field is reported with a JSON pointer so an integrator can fix all of them in one go.
Unknown fields are ignored, so newer clients keep working against this server.
"""
from __future__ import annotations

from datetime import datetime, timezone

from ..problems import Problem
from ..review import Draft, Party, RecipientFacts

_FACT_FIELDS = ("first_name", "last_name", "company", "title")


def draft_from_json(data: object) -> Draft:
    errors: list[dict] = []

    def bad(pointer: str, detail: str) -> None:
        errors.append({"pointer": pointer, "detail": detail})

    if not isinstance(data, dict):
        raise Problem(400, "The request body must be a JSON object.", title="Invalid request")

    body = data.get("body")
    if "body" not in data:
        bad("/body", "body is required: the email text to review.")
    elif not isinstance(body, str):
        bad("/body", f"body must be a string, not {_json_type(body)}.")

    subject = data.get("subject")
    if subject is not None and not isinstance(subject, str):
        bad("/subject", f"subject must be a string, not {_json_type(subject)}.")

    body_format = data.get("body_format", "text")
    if body_format not in ("text", "html"):
        bad("/body_format", 'body_format must be "text" or "html".')

    sender = _party(data.get("from"), "/from", bad) if data.get("from") is not None else None
    to = _parties(data.get("to"), "/to", bad)
    cc = _parties(data.get("cc"), "/cc", bad)
    sent_at = _sent_at(data.get("sent_at"), bad)
    facts = _facts(data.get("context"), bad)

    if errors:
        detail = errors[0]["detail"] if len(errors) == 1 else f"{len(errors)} fields are invalid; see errors."
        raise Problem(400, detail, errors=errors, title="Invalid request")
    return Draft(
        body=body,
        subject=subject or "",
        body_format=body_format,
        sender=sender,
        to=to,
        cc=cc,
        sent_at=sent_at,
        facts=facts,
    )


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return "a string"


def _party(value: object, pointer: str, bad) -> Party | None:
    if not isinstance(value, dict):
        bad(pointer, f"must be an object with an email, not {_json_type(value)}.")
        return None
    email, name = value.get("email"), value.get("name")
    if not isinstance(email, str) or "@" not in email:
        bad(pointer + "/email", "email must be a string containing @.")
        return None
    if name is not None and not isinstance(name, str):
        bad(pointer + "/name", f"name must be a string, not {_json_type(name)}.")
        return None
    return Party(email=email.strip(), name=(name or "").strip() or None)


def _parties(value: object, pointer: str, bad) -> tuple[Party, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        bad(pointer, f"must be an array of {{name, email}} objects, not {_json_type(value)}.")
        return ()
    parties = (_party(item, f"{pointer}/{i}", bad) for i, item in enumerate(value))
    return tuple(p for p in parties if p is not None)


def _sent_at(value: object, bad) -> datetime:
    if value is None:
        return datetime.now(timezone.utc)
    if not isinstance(value, str):
        bad("/sent_at", f"sent_at must be an RFC 3339 string, not {_json_type(value)}.")
        return datetime.now(timezone.utc)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        bad("/sent_at", f"sent_at {value!r} is not an RFC 3339 date-time such as 2026-11-20T16:05:00-08:00.")
        return datetime.now(timezone.utc)
    if parsed.tzinfo is None or "T" not in value.upper():
        bad("/sent_at", "sent_at must be a full date-time with a UTC offset (Z or ±hh:mm) so due dates land on the sender's day.")
        return datetime.now(timezone.utc)
    return parsed


def _facts(context: object, bad) -> dict[str, RecipientFacts]:
    if context is None:
        return {}
    if not isinstance(context, dict):
        bad("/context", f"context must be an object, not {_json_type(context)}.")
        return {}
    recipients = context.get("recipients")
    if recipients is None:
        return {}
    if not isinstance(recipients, dict):
        bad("/context/recipients", "recipients must be an object keyed by email address.")
        return {}
    out = {}
    for email, facts in recipients.items():
        pointer = "/context/recipients/" + email.replace("~", "~0").replace("/", "~1")
        if not isinstance(facts, dict):
            bad(pointer, f"must be an object of facts, not {_json_type(facts)}.")
            continue
        fields = {}
        for name in _FACT_FIELDS:
            value = facts.get(name)
            if value is not None and not isinstance(value, str):
                bad(f"{pointer}/{name}", f"{name} must be a string, not {_json_type(value)}.")
            elif value:
                fields[name] = value.strip()
        notes = facts.get("notes", [])
        if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
            bad(f"{pointer}/notes", "notes must be an array of strings.")
            notes = []
        out[email.strip().lower()] = RecipientFacts(**fields, notes=tuple(notes))
    return out
