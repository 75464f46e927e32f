"""One capture pass: for each rep, page through their Sent Items, review, record, move the cursor."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..review import Draft, review
from ..store import Store
from ..store.models import CaptureCursor
from ..store.recording import record, sent_email_from_review
from ..store.reps import get_or_create_rep
from .message import CapturedMessage, SentItemsSource


@dataclass
class PassResult:
    seen: int = 0
    recorded: int = 0
    already_known: int = 0
    failed_reps: dict[str, str] = field(default_factory=dict)


def ingest(session: Session, rep_email: str, message: CapturedMessage, source: str = "capture") -> bool:
    """Review ``message`` in memory and record it; its text goes no further. True when newly recorded.
    ``source`` says who reported it: capture from Sent Items, or a rep tracking it from an add-in."""
    draft = Draft(
        body=message.body,
        subject=message.subject,
        body_format=message.body_format,
        sender=message.sender,
        to=message.to,
        cc=message.cc,
        sent_at=message.sent_at,
    )
    sent = sent_email_from_review(
        rep_email, draft, review(draft), source=source,
        message_id=message.message_id, review_id=message.review_id, thread_id=message.thread_id,
    )
    _, created = record(session, sent)
    return created


def capture_pass(
    store: Store,
    source: SentItemsSource,
    mailboxes: list[str],
    progress: Callable[[str, int], None] = lambda mailbox, n: None,
) -> PassResult:
    """Safe to run twice, at once, or to stop half way: pages are recorded idempotently, and each page's
    cursor is committed with its messages. One mailbox failing does not stop the others."""
    result = PassResult()
    for mailbox in mailboxes:
        try:
            with store.session() as session:
                cursor = _load_cursor(session, mailbox, source.name)
            for page in source.pages(mailbox, cursor):
                with store.session() as session:
                    for message in page.messages:
                        if ingest(session, mailbox, message):
                            result.recorded += 1
                        else:
                            result.already_known += 1
                    if page.cursor:
                        _save_cursor(session, mailbox, source.name, page.cursor)
                result.seen += len(page.messages)
                progress(mailbox, len(page.messages))
        except Exception as exc:  # reported per mailbox; the pass goes on with the next rep
            result.failed_reps[mailbox] = f"{type(exc).__name__}: {exc}"
    return result


def _load_cursor(session: Session, mailbox: str, source: str) -> str | None:
    rep = get_or_create_rep(session, mailbox)
    row = session.scalars(select(CaptureCursor).where(CaptureCursor.rep_id == rep.id, CaptureCursor.source == source)).first()
    return row.cursor if row else None


def _save_cursor(session: Session, mailbox: str, source: str, cursor: str) -> None:
    rep = get_or_create_rep(session, mailbox)
    row = session.scalars(select(CaptureCursor).where(CaptureCursor.rep_id == rep.id, CaptureCursor.source == source)).first()
    if row is None:
        try:
            with session.begin_nested():
                session.add(CaptureCursor(rep_id=rep.id, source=source, cursor=cursor))
            return
        except IntegrityError:  # another pass saved one first: overwrite it below
            row = session.scalars(select(CaptureCursor).where(CaptureCursor.rep_id == rep.id, CaptureCursor.source == source)).one()
    row.cursor = cursor
