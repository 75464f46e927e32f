"""Record a sent email as numbers: one idempotent write per message, whoever reports it.

The add-in reports at send time (it knows the review id, rarely the message id); capture from Sent Items
reports later (it knows the message id, and the review id from the ``x-sendwell-review`` header). Either
id finds the existing row, so the same email is one activity however often and by whom it is reported.
Recording also keeps the rep's promises moving: a later email to the same recipient or thread, on or
before the due day, keeps an open promise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..review import Draft, Review
from ..review.fingerprint import shingles
from .models import PROMISE_TEXT_LIMIT, Activity, Contact, Fingerprint, Promise, PromiseEvent, Rep
from .reps import get_or_create_rep, rep_zone

FINGERPRINT_DAYS = 30  # template detection looks this far back; older fingerprints are deleted


@dataclass(frozen=True)
class PromiseIn:
    text: str
    due: date | None
    due_phrase: str | None = None


@dataclass(frozen=True)
class SentEmail:
    """Everything the store keeps of one sent email: ids, addresses, scores and counts; no text but promises."""

    rep_email: str
    source: str
    sent_at: datetime
    to: tuple[str, ...]
    cc: tuple[str, ...] = ()
    message_id: str | None = None
    review_id: str | None = None
    thread_id: str | None = None
    politeness: int | None = None
    personalization: int | None = None
    finding_counts: dict[str, int] = field(default_factory=dict)
    word_count: int = 0
    ask_count: int = 0
    promises: tuple[PromiseIn, ...] = ()
    shingles: frozenset[int] | None = None
    rep_name: str | None = None


def sent_email_from_review(rep_email: str, draft: Draft, result: Review, *, source: str, **ids) -> SentEmail:
    """Reduce a reviewed draft to what may be stored; the caller drops the draft's text afterwards."""
    counts: dict[str, int] = {}
    for finding in result.findings:
        counts[finding.category] = counts.get(finding.category, 0) + 1
    start, end = result.reviewed
    return SentEmail(
        rep_email=rep_email,
        source=source,
        sent_at=draft.sent_at,
        to=tuple(p.email for p in draft.to),
        cc=tuple(p.email for p in draft.cc),
        politeness=result.politeness,
        personalization=result.personalization,
        finding_counts=counts,
        word_count=result.stats.words,
        ask_count=len(result.asks),
        promises=tuple(PromiseIn(c.text, c.due, c.due_phrase) for c in result.commitments),
        shingles=shingles(result.text[start:end]),
        rep_name=draft.sender.name if draft.sender else None,
        **ids,
    )


def record(session: Session, sent: SentEmail) -> tuple[Activity, bool]:
    """Store ``sent`` once. Returns the activity and whether this call created it."""
    if not (sent.message_id or sent.review_id):
        raise ValueError("a sent email needs a message_id or a review_id to be recorded idempotently")
    rep = get_or_create_rep(session, sent.rep_email, sent.rep_name)
    existing = _find(session, rep.id, sent)
    if existing is not None:
        _merge_ids(existing, sent)
        return existing, False
    try:
        with session.begin_nested():
            activity = _insert(session, rep, sent)
    except IntegrityError:  # a concurrent report of the same message won the race
        existing = _find(session, rep.id, sent)
        if existing is None:
            raise
        _merge_ids(existing, sent)
        return existing, False
    _keep_promises(session, rep, activity)
    return activity, True


def _find(session: Session, rep_id: int, sent: SentEmail) -> Activity | None:
    ids = []
    if sent.message_id:
        ids.append(Activity.message_id == sent.message_id)
    if sent.review_id:
        ids.append(Activity.review_id == sent.review_id)
    return session.scalars(select(Activity).where(Activity.rep_id == rep_id, or_(*ids)).limit(1)).first()


def _merge_ids(activity: Activity, sent: SentEmail) -> None:
    """A second report may know an id the first did not (capture learns the message id)."""
    if sent.message_id and not activity.message_id:
        activity.message_id = sent.message_id
    if sent.review_id and not activity.review_id:
        activity.review_id = sent.review_id
    if sent.thread_id and not activity.thread_id:
        activity.thread_id = sent.thread_id


def _insert(session: Session, rep: Rep, sent: SentEmail) -> Activity:
    recipients = sorted({a.strip().lower() for a in sent.to + sent.cc if a and "@" in a})
    activity = Activity(
        rep_id=rep.id,
        message_id=sent.message_id,
        review_id=sent.review_id,
        thread_id=sent.thread_id,
        sent_at=sent.sent_at,
        recipients=recipients,
        recipient_domains=sorted({a.rsplit("@", 1)[1] for a in recipients}),
        new_contact=_note_contacts(session, rep.id, [a.strip().lower() for a in sent.to], sent.sent_at),
        politeness=sent.politeness,
        personalization=sent.personalization,
        finding_counts=dict(sent.finding_counts),
        word_count=sent.word_count,
        ask_count=sent.ask_count,
        source=sent.source,
    )
    session.add(activity)
    session.flush()
    first_to = next((a.strip().lower() for a in sent.to if "@" in a), recipients[0] if recipients else None)
    for ordinal, promise in enumerate(sent.promises):
        row = Promise(
            rep_id=rep.id,
            activity_id=activity.id,
            ordinal=ordinal,
            text=promise.text[:PROMISE_TEXT_LIMIT],
            due=promise.due,
            due_phrase=(promise.due_phrase or None) and promise.due_phrase[:120],
            recipient=first_to,
            thread_id=sent.thread_id,
            status="open",
            made_at=sent.sent_at,
            status_changed_at=sent.sent_at,
        )
        session.add(row)
        session.flush()
        session.add(PromiseEvent(promise_id=row.id, rep_id=rep.id, kind="created", at=sent.sent_at, due=row.due))
    if sent.shingles:
        session.add(Fingerprint(activity_id=activity.id, rep_id=rep.id, sent_at=sent.sent_at, shingles=sent.shingles))
        session.execute(
            delete(Fingerprint).where(
                Fingerprint.rep_id == rep.id, Fingerprint.sent_at < sent.sent_at - timedelta(days=FINGERPRINT_DAYS)
            )
        )
    session.flush()
    return activity


def _note_contacts(session: Session, rep_id: int, addresses: list[str], sent_at: datetime) -> bool:
    """Remember each To address; True when one of them was never emailed before this email."""
    new = False
    for address in dict.fromkeys(a for a in addresses if "@" in a):
        contact = session.scalars(select(Contact).where(Contact.rep_id == rep_id, Contact.address == address)).first()
        if contact is None:
            try:
                with session.begin_nested():
                    session.add(Contact(rep_id=rep_id, address=address, first_sent_at=sent_at))
                new = True
            except IntegrityError:  # recorded concurrently; whichever is earlier is the first
                contact = session.scalars(select(Contact).where(Contact.rep_id == rep_id, Contact.address == address)).one()
        if contact is not None and sent_at <= contact.first_sent_at:
            contact.first_sent_at = sent_at  # an older email captured late is the real first contact
            new = True
    return new


def _keep_promises(session: Session, rep: Rep, activity: Activity) -> None:
    """Open promises to one of these recipients, or in this thread, made earlier and not yet due, are kept."""
    local_day = activity.sent_at.astimezone(ZoneInfo(rep_zone(rep))).date()
    match = [Promise.recipient.in_(activity.recipients)] if activity.recipients else []
    if activity.thread_id:
        match.append(Promise.thread_id == activity.thread_id)
    if not match:
        return
    candidates = session.scalars(
        select(Promise).where(
            Promise.rep_id == rep.id,
            Promise.status == "open",
            Promise.made_at < activity.sent_at,
            Promise.activity_id != activity.id,
            or_(*match),
        )
    )
    for promise in candidates:
        if promise.due is None or local_day <= promise.due:
            promise.status = "kept"
            promise.status_changed_at = activity.sent_at
            session.add(PromiseEvent(promise_id=promise.id, rep_id=rep.id, kind="kept", at=activity.sent_at, due=promise.due))
