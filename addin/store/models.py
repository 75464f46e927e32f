"""The activity store's tables: what each rep sent, promised and aimed for — counts and scores, never text.

The only words kept are a promise's own clause (at most 300 characters), because a rep must be able to
recognise "I'll send the quote by Friday" in their list; subjects and bodies are never stored.
"""
from __future__ import annotations

import sys
from array import array
from datetime import date, datetime, timezone

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

PROMISE_TEXT_LIMIT = 300
SOURCES = ("outlook", "gmail", "capture")
PROMISE_STATUSES = ("open", "kept", "overdue", "stale", "dismissed")


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """Aware UTC datetimes on every backend (SQLite has no time zones and hands back naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store datetimes must be timezone-aware")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)


_UINT32 = next(code for code in "IL" if array(code).itemsize == 4)


class HashSet(TypeDecorator):
    """A set of 32-bit hashes stored as packed little-endian integers: a quarter of the size of JSON and
    decoded in one C call, which matters because a sidebar review reads a rep's recent sets."""

    impl = LargeBinary
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        packed = array(_UINT32, sorted(value))
        if sys.byteorder == "big":
            packed.byteswap()
        return packed.tobytes()

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        packed = array(_UINT32)
        packed.frombytes(bytes(value))
        if sys.byteorder == "big":
            packed.byteswap()
        return frozenset(packed)


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(column_0_label)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Rep(Base):
    """A salesperson. ``crm_owner_ids`` maps a CRM name to the rep's owner id there."""

    __tablename__ = "reps"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str | None] = mapped_column(String(200))
    time_zone: Mapped[str] = mapped_column(String(64), default="UTC")
    crm_owner_ids: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    goals: Mapped[Goals | None] = relationship(back_populates="rep", uselist=False)


class Goals(Base):
    """A rep's own targets, set by the rep or their manager; unset columns fall back to defaults."""

    __tablename__ = "goals"
    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"), primary_key=True)
    outreach_per_day: Mapped[int | None] = mapped_column(Integer)
    followups_per_week: Mapped[int | None] = mapped_column(Integer)
    personalized_share: Mapped[float | None] = mapped_column(Float)
    promises_kept_share: Mapped[float | None] = mapped_column(Float)
    orders_per_week: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    updated_by: Mapped[str | None] = mapped_column(String(320))

    rep: Mapped[Rep] = relationship(back_populates="goals")


class Activity(Base):
    """One sent email, as numbers. One row per message however many surfaces report it.

    The add-in knows its ``review_id`` before sending; capture later learns the ``message_id`` and the
    ``x-sendwell-review`` header, which joins the two reports into this one row.
    """

    __tablename__ = "activities"
    __table_args__ = (
        UniqueConstraint("rep_id", "message_id", name="uq_activities_rep_message"),
        UniqueConstraint("rep_id", "review_id", name="uq_activities_rep_review"),
        Index("ix_activities_rep_sent", "rep_id", "sent_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"))
    message_id: Mapped[str | None] = mapped_column(String(998))
    review_id: Mapped[str | None] = mapped_column(String(64))
    thread_id: Mapped[str | None] = mapped_column(String(998))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recipients: Mapped[list] = mapped_column(JSON, default=list)
    recipient_domains: Mapped[list] = mapped_column(JSON, default=list)
    new_contact: Mapped[bool] = mapped_column(Boolean, default=False)
    politeness: Mapped[int | None] = mapped_column(Integer)
    personalization: Mapped[int | None] = mapped_column(Integer)
    finding_counts: Mapped[dict] = mapped_column(JSON, default=dict)
    word_count: Mapped[int] = mapped_column(Integer, default=0)
    ask_count: Mapped[int] = mapped_column(Integer, default=0)
    source: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Contact(Base):
    """An address a rep has emailed; its first row decides whether an email went to a new contact."""

    __tablename__ = "contacts"
    __table_args__ = (UniqueConstraint("rep_id", "address", name="uq_contacts_rep_address"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"))
    address: Mapped[str] = mapped_column(String(320))
    first_sent_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Promise(Base):
    """A commitment the rep made in a sent email, and where it stands."""

    __tablename__ = "promises"
    __table_args__ = (
        UniqueConstraint("activity_id", "ordinal", name="uq_promises_activity_ordinal"),
        Index("ix_promises_rep_status", "rep_id", "status"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"))
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(String(PROMISE_TEXT_LIMIT))
    due: Mapped[date | None] = mapped_column(Date)
    due_phrase: Mapped[str | None] = mapped_column(String(120))
    recipient: Mapped[str | None] = mapped_column(String(320))
    thread_id: Mapped[str | None] = mapped_column(String(998))
    status: Mapped[str] = mapped_column(String(16), default="open")
    made_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status_changed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PromiseEvent(Base):
    """A promise's state change, kept in order for the CRM connectors and the weekly digest to consume."""

    __tablename__ = "promise_events"
    __table_args__ = (Index("ix_promise_events_rep_at", "rep_id", "at"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    promise_id: Mapped[int] = mapped_column(ForeignKey("promises.id", ondelete="CASCADE"))
    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))  # created, kept, overdue, stale, dismissed, rescheduled
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    due: Mapped[date | None] = mapped_column(Date)


class Dismissal(Base):
    """A hint kind a rep said is not relevant to them; the sidebar stops showing it."""

    __tablename__ = "dismissals"
    __table_args__ = (UniqueConstraint("rep_id", "kind", name="uq_dismissals_rep_kind"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class Fingerprint(Base):
    """Hashed word shingles of one sent email (no text), for "this reads like 14 emails you sent"."""

    __tablename__ = "fingerprints"
    __table_args__ = (Index("ix_fingerprints_rep_sent", "rep_id", "sent_at"),)
    activity_id: Mapped[int] = mapped_column(ForeignKey("activities.id", ondelete="CASCADE"), primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())
    shingles: Mapped[frozenset[int]] = mapped_column(HashSet())


class CaptureCursor(Base):
    """Where the last Sent Items pass stopped, per rep and mailbox kind (Graph delta link, Gmail historyId)."""

    __tablename__ = "capture_cursors"
    __table_args__ = (UniqueConstraint("rep_id", "source", name="uq_capture_cursors_rep_source"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"))
    source: Mapped[str] = mapped_column(String(16))  # graph, gmail
    cursor: Mapped[str] = mapped_column(String(4000))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class Order(Base):
    """An order a rep won, entered by hand (or later read from the CRM), for the orders-per-week goal."""

    __tablename__ = "orders"
    __table_args__ = (Index("ix_orders_rep_won", "rep_id", "won_on"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rep_id: Mapped[int] = mapped_column(ForeignKey("reps.id", ondelete="CASCADE"))
    won_on: Mapped[date] = mapped_column(Date)
    reference: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(16), default="manual")
