"""Recording is idempotent, joins add-in and capture reports, and keeps promises moving."""
from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import func, select

from addin.store.models import Activity, Contact, Promise, PromiseEvent, Rep
from addin.store.recording import PromiseIn, SentEmail, record

PST = timezone(timedelta(hours=-8))
T0 = datetime(2026, 11, 16, 9, 0, tzinfo=PST)  # a Monday


def sent(**kw) -> SentEmail:
    base = dict(rep_email="Tom@Seller.example", source="outlook", sent_at=T0, to=("anna@acme.example",), message_id="<m1@seller.example>")
    base.update(kw)
    return SentEmail(**base)


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_same_message_twice_is_one_activity(store):
    with store.session() as s:
        first, created = record(s, sent(politeness=70))
        assert created
    with store.session() as s:
        again, created = record(s, sent(source="capture", politeness=10))
        assert not created and again.id == first.id
        assert again.politeness == 70  # the first report stands
        assert count(s, Activity) == 1 and count(s, Rep) == 1
        assert s.scalars(select(Rep)).one().email == "tom@seller.example"


def test_add_in_report_and_capture_join_through_the_review_id(store):
    with store.session() as s:
        record(s, sent(message_id=None, review_id="r-1", thread_id=None))
    with store.session() as s:
        activity, created = record(s, sent(source="capture", message_id="<m9@x>", review_id="r-1", thread_id="t-1"))
        assert not created
        assert (activity.message_id, activity.review_id, activity.thread_id) == ("<m9@x>", "r-1", "t-1")
        assert count(s, Activity) == 1


def test_an_id_is_required():
    import pytest

    with pytest.raises(ValueError):
        record(None, sent(message_id=None, review_id=None))


def test_new_contact_only_for_the_first_email_to_an_address(store):
    with store.session() as s:
        a, _ = record(s, sent(message_id="<1>"))
        b, _ = record(s, sent(message_id="<2>", sent_at=T0 + timedelta(hours=1)))
        c, _ = record(s, sent(message_id="<3>", to=("ANNA@acme.example", "bo@acme.example"), sent_at=T0 + timedelta(hours=2)))
        assert (a.new_contact, b.new_contact, c.new_contact) == (True, False, True)
        assert count(s, Contact) == 2
        assert c.recipient_domains == ["acme.example"]


def test_an_older_email_captured_late_becomes_the_first_contact(store):
    with store.session() as s:
        record(s, sent(message_id="<later>"))
        early, _ = record(s, sent(message_id="<earlier>", sent_at=T0 - timedelta(days=3)))
        assert early.new_contact
        assert s.scalars(select(Contact)).one().first_sent_at == T0 - timedelta(days=3)


def test_promise_text_is_capped_and_events_logged(store):
    with store.session() as s:
        record(s, sent(promises=(PromiseIn("I'll send " + "x" * 400, date(2026, 11, 20), "by Friday"),)))
        promise = s.scalars(select(Promise)).one()
        assert len(promise.text) == 300 and promise.status == "open" and promise.recipient == "anna@acme.example"
        assert [e.kind for e in s.scalars(select(PromiseEvent))] == ["created"]


def test_a_later_email_on_or_before_the_due_day_keeps_the_promise(store):
    with store.session() as s:
        record(s, sent(promises=(PromiseIn("I'll send the quote by Friday.", date(2026, 11, 20), "by Friday"),)))
        record(s, sent(message_id="<2>", sent_at=datetime(2026, 11, 20, 15, 30, tzinfo=PST)))  # Friday in UTC too
        promise = s.scalars(select(Promise)).one()
        assert promise.status == "kept"
        assert [e.kind for e in s.scalars(select(PromiseEvent).order_by(PromiseEvent.id))] == ["created", "kept"]


def test_time_zone_of_the_rep_decides_the_day(store):
    with store.session() as s:
        rep_email = "tom@seller.example"
        record(s, sent(promises=(PromiseIn("I'll send it by Friday.", date(2026, 11, 20), "by Friday"),)))
        s.scalars(select(Rep).where(Rep.email == rep_email)).one().time_zone = "America/Los_Angeles"
        record(s, sent(message_id="<2>", sent_at=datetime(2026, 11, 21, 7, 30, tzinfo=timezone.utc)))  # Fri 23:30 in LA
        assert s.scalars(select(Promise)).one().status == "kept"


def test_an_email_after_the_due_day_or_to_someone_else_keeps_nothing(store):
    with store.session() as s:
        record(s, sent(promises=(PromiseIn("I'll send the quote by Friday.", date(2026, 11, 20), "by Friday"),)))
        record(s, sent(message_id="<2>", to=("someone@else.example",), sent_at=T0 + timedelta(days=1)))
        record(s, sent(message_id="<3>", sent_at=datetime(2026, 11, 21, 10, 0, tzinfo=PST)))
        assert s.scalars(select(Promise)).one().status == "open"


def test_a_reply_in_the_same_thread_keeps_an_undated_promise(store):
    with store.session() as s:
        record(s, sent(thread_id="t-7", promises=(PromiseIn("I'll get back to you soon.", None, "soon"),)))
        record(s, sent(message_id="<2>", to=("cfo@acme.example",), thread_id="t-7", sent_at=T0 + timedelta(days=2)))
        assert s.scalars(select(Promise)).one().status == "kept"


def test_two_writers_recording_the_same_message_at_once_make_one_activity(store):
    barrier = threading.Barrier(4)
    errors = []

    def worker(i: int) -> None:
        try:
            barrier.wait(5)
            with store.session() as s:
                record(s, sent(source="capture", promises=(PromiseIn("I'll call you tomorrow.", date(2026, 11, 17), "tomorrow"),)))
        except Exception as exc:  # collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == []
    with store.session() as s:
        assert count(s, Activity) == 1 and count(s, Promise) == 1 and count(s, Rep) == 1 and count(s, Contact) == 1


def test_recent_fingerprints_are_cached_until_a_new_email_is_recorded(store):
    from addin.store.fingerprints import recent_fingerprints

    since = T0 - timedelta(days=14)
    with store.session() as s:
        record(s, sent(shingles=frozenset({1, 2, 3})))
        rep_id = s.scalars(select(Rep.id)).one()
    with store.session() as s:
        first = recent_fingerprints(s, rep_id, since)
        assert first == (frozenset({1, 2, 3}),)
        assert recent_fingerprints(s, rep_id, since) is first  # served from the cache
    with store.session() as s:
        record(s, sent(message_id="<2>", sent_at=T0 + timedelta(hours=1), shingles=frozenset({7, 8})))
    with store.session() as s:
        assert recent_fingerprints(s, rep_id, since) == (frozenset({7, 8}), frozenset({1, 2, 3}))
        assert recent_fingerprints(s, rep_id, T0 + timedelta(minutes=30)) == (frozenset({7, 8}),)


def test_read_sessions_do_not_wait_for_a_writer(store):
    """A sidebar review must not queue behind a capture pass holding SQLite's write lock."""
    import time

    with store.session() as s:
        record(s, sent())
    with store.session() as writer:
        writer.add(Rep(email="other@seller.example", time_zone="UTC", crm_owner_ids={}))
        writer.flush()  # holds the write lock (SQLite) / a row lock (PostgreSQL) until the block ends
        started = time.monotonic()
        with store.read_session() as reader:
            assert reader.scalar(select(func.count()).select_from(Activity)) == 1
        assert time.monotonic() - started < 5
