"""A promise's life: open → kept (by a later email or by hand), overdue (its day passed), stale (no day,
too old), dismissed (by the rep). Every change is written as a PromiseEvent in the same transaction, so the
CRM connectors and the digest consume an ordered log rather than diffing states.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import Promise, PromiseEvent, Rep
from .reps import rep_zone

DEFAULT_STALE_DAYS = 7


class PromiseError(ValueError):
    """A change the lifecycle does not allow (the API turns it into a 409 or 400)."""


def local_today(rep: Rep, now: datetime) -> date:
    return now.astimezone(ZoneInfo(rep_zone(rep))).date()


def sweep(session: Session, rep: Rep, now: datetime | None = None, stale_days: int = DEFAULT_STALE_DAYS) -> int:
    """Move this rep's open promises whose day has passed (in the rep's zone) to overdue, and undated ones
    older than ``stale_days`` to stale. Returns how many changed."""
    now = now or datetime.now(timezone.utc)
    today = local_today(rep, now)
    changed = 0
    for promise in session.scalars(select(Promise).where(Promise.rep_id == rep.id, Promise.status == "open")):
        if promise.due is not None and promise.due < today:
            _move(session, promise, "overdue", now)
            changed += 1
        elif promise.due is None and promise.made_at < now - timedelta(days=stale_days):
            _move(session, promise, "stale", now)
            changed += 1
    return changed


def update(session: Session, rep: Rep, promise: Promise, *, status: str | None, due: date | None, now: datetime) -> Promise:
    """The rep's own change: mark kept or dismissed, or give a new due day (which reopens it)."""
    if status is None and due is None:
        raise PromiseError("nothing to change: give a status (kept, dismissed) or a new due date")
    if status not in (None, "kept", "dismissed", "open"):
        raise PromiseError("status can be set to kept, dismissed or open")
    if due is not None:
        if due < local_today(rep, now):
            raise PromiseError("the new due date is in the past")
        promise.due = due
        promise.due_phrase = None
        if promise.status in ("overdue", "stale", "open") and status is None:
            _move(session, promise, "open", now, kind="rescheduled")
    if status is not None and status != promise.status:
        if promise.status in ("kept", "dismissed") and status == "open" and due is None:
            raise PromiseError("give a new due date to reopen a promise")
        _move(session, promise, status, now)
    return promise


def _move(session: Session, promise: Promise, status: str, now: datetime, kind: str | None = None) -> None:
    promise.status = status
    promise.status_changed_at = now
    session.add(PromiseEvent(promise_id=promise.id, rep_id=promise.rep_id, kind=kind or status, at=now, due=promise.due))
