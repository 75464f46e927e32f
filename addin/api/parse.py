"""Turn the API's request JSON into engine and store inputs (Draft, SentEmail), or a precise 400 problem.

Every rejected field is reported with a JSON pointer so an integrator can fix all of them in one go.
Unknown fields are ignored, so newer clients keep working against this server.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

from ..problems import Problem
from ..review import Draft, Party, RecipientFacts, review
from ..store.models import SOURCES
from ..store.recording import PromiseIn, SentEmail, sent_email_from_review

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

    _errors_to_problem(errors)
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


def _errors_to_problem(errors: list[dict]) -> None:
    if errors:
        detail = errors[0]["detail"] if len(errors) == 1 else f"{len(errors)} fields are invalid; see errors."
        raise Problem(400, detail, errors=errors, title="Invalid request")


def _optional_string(data: dict, name: str, bad, limit: int) -> str | None:
    value = data.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        bad("/" + name, f"{name} must be a non-empty string.")
        return None
    if len(value) > limit:
        bad("/" + name, f"{name} is longer than {limit} characters.")
        return None
    return value.strip()


def _date(value: object, pointer: str, bad) -> date | None:
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    bad(pointer, f"{pointer.rsplit('/', 1)[-1]} must be a date like 2026-11-27.")
    return None


def _count(value: object, pointer: str, bad, high: int = 1_000_000) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= high:
        bad(pointer, f"must be a whole number from 0 to {high}.")
        return 0
    return value


def activity_from_json(data: object, rep_email: str) -> SentEmail:
    """``POST /api/v1/activities``: a sent email's ids and addresses, and either its review summary (what
    the add-in already has) or its ``body``, reviewed here in memory and dropped."""
    if not isinstance(data, dict):
        raise Problem(400, "The request body must be a JSON object.", title="Invalid request")
    errors: list[dict] = []

    def bad(pointer: str, detail: str) -> None:
        errors.append({"pointer": pointer, "detail": detail})

    ids = {
        "message_id": _optional_string(data, "message_id", bad, 998),
        "review_id": _optional_string(data, "review_id", bad, 64),
        "thread_id": _optional_string(data, "thread_id", bad, 998),
    }
    if not (ids["message_id"] or ids["review_id"]) and not any(e["pointer"] in ("/message_id", "/review_id") for e in errors):
        bad("/message_id", "give a message_id or a review_id: they make recording idempotent.")
    source = data.get("source")
    if source not in SOURCES:
        bad("/source", f"source must be one of {', '.join(SOURCES)}.")
    if data.get("sent_at") is None:
        bad("/sent_at", "sent_at is required for a sent email.")
    if not data.get("to") and not data.get("cc"):
        bad("/to", "a sent email needs at least one recipient.")
    if "body" in data:
        _errors_to_problem(errors)
        draft = draft_from_json(data)
        return sent_email_from_review(rep_email, draft, review(draft), source=source, **ids)

    sent_at = _sent_at(data.get("sent_at"), bad)
    to = _parties(data.get("to"), "/to", bad)
    cc = _parties(data.get("cc"), "/cc", bad)
    summary = data.get("review", {})
    if not isinstance(summary, dict):
        bad("/review", f"review must be an object, not {_json_type(summary)}.")
        summary = {}
    scores = _scores(summary.get("scores"), bad)
    counts = _finding_counts(summary.get("findings", []), bad)
    promises = _promises(summary.get("commitments", []), bad)
    asks = summary.get("asks", [])
    if not isinstance(asks, list):
        bad("/review/asks", "asks must be an array.")
        asks = []
    stats = summary.get("stats") or {}
    words = _count(stats.get("words") if isinstance(stats, dict) else None, "/review/stats/words", bad)
    _errors_to_problem(errors)
    return SentEmail(
        rep_email=rep_email,
        source=source,
        sent_at=sent_at,
        to=tuple(p.email for p in to),
        cc=tuple(p.email for p in cc),
        politeness=scores["politeness"],
        personalization=scores["personalization"],
        finding_counts=counts,
        word_count=words,
        ask_count=len(asks),
        promises=promises,
        **ids,
    )


def _scores(scores: object, bad) -> dict:
    out = {}
    for name in ("politeness", "personalization"):
        value = scores.get(name) if isinstance(scores, dict) else None
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100):
            bad(f"/review/scores/{name}", f"{name} must be a whole number from 0 to 100.")
            value = None
        out[name] = value
    return out


def _finding_counts(findings: object, bad) -> dict[str, int]:
    if not isinstance(findings, list) or not all(isinstance(f, dict) and isinstance(f.get("category"), str) for f in findings):
        bad("/review/findings", "findings must be an array of objects with a category.")
        return {}
    counts: dict[str, int] = {}
    for finding in findings:
        category = finding["category"][:40]
        counts[category] = counts.get(category, 0) + 1
    return counts


def _promises(commitments: object, bad) -> tuple[PromiseIn, ...]:
    if not isinstance(commitments, list):
        bad("/review/commitments", "commitments must be an array.")
        return ()
    out = []
    for i, item in enumerate(commitments):
        pointer = f"/review/commitments/{i}"
        if not isinstance(item, dict) or not isinstance(item.get("text"), str) or not item["text"].strip():
            bad(pointer, "each commitment needs its text.")
            continue
        phrase = item.get("due_phrase")
        if phrase is not None and not isinstance(phrase, str):
            bad(pointer + "/due_phrase", "due_phrase must be a string or null.")
            phrase = None
        out.append(PromiseIn(item["text"].strip(), _date(item.get("due"), pointer + "/due", bad), phrase))
    return tuple(out)


def promise_change_from_json(data: object) -> tuple[str | None, date | None]:
    """``PATCH /api/v1/commitments/<id>``: ``{"status": "kept"|"dismissed"|"open"?, "due": "YYYY-MM-DD"?}``."""
    if not isinstance(data, dict):
        raise Problem(400, "The request body must be a JSON object.", title="Invalid request")
    errors: list[dict] = []

    def bad(pointer: str, detail: str) -> None:
        errors.append({"pointer": pointer, "detail": detail})

    status = data.get("status")
    if status is not None and status not in ("kept", "dismissed", "open"):
        bad("/status", "status must be kept, dismissed or open.")
    due = _date(data.get("due"), "/due", bad)
    if status is None and due is None and not errors:
        bad("/status", "give a status (kept, dismissed) or a new due date.")
    _errors_to_problem(errors)
    return status, due
