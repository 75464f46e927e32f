"""The promise lifecycle and goals, in the rep's own time zone."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from addin.store import goals, promises
from addin.store.models import Order, Promise, PromiseEvent
from addin.store.recording import PromiseIn, SentEmail, record
from addin.store.reps import get_or_create_rep

UTC = timezone.utc


def make_promise(session, due, made_at, message_id="<m1>", to=("anna@acme.example",)):
    record(session, SentEmail(rep_email="tom@seller.example", source="gmail", sent_at=made_at, to=to, message_id=message_id,
                              promises=(PromiseIn("I'll send the quote.", due, None),)))
    rep = get_or_create_rep(session, "tom@seller.example")
    return rep, session.scalars(select(Promise).where(Promise.rep_id == rep.id).order_by(Promise.id.desc())).first()


def test_overdue_only_once_the_due_day_has_passed_in_the_reps_zone(store):
    with store.session() as s:
        rep, promise = make_promise(s, date(2026, 11, 20), datetime(2026, 11, 18, 12, tzinfo=UTC))
        rep.time_zone = "America/Los_Angeles"
        assert promises.sweep(s, rep, now=datetime(2026, 11, 21, 7, 59, tzinfo=UTC)) == 0  # Fri 23:59 in LA
        assert promise.status == "open"
        assert promises.sweep(s, rep, now=datetime(2026, 11, 21, 8, 1, tzinfo=UTC)) == 1  # Sat 00:01 in LA
        assert promise.status == "overdue"
        assert promises.sweep(s, rep, now=datetime(2026, 11, 22, tzinfo=UTC)) == 0  # once


def test_undated_promises_go_stale_after_the_configured_days(store):
    with store.session() as s:
        rep, promise = make_promise(s, None, datetime(2026, 11, 1, tzinfo=UTC))
        assert promises.sweep(s, rep, now=datetime(2026, 11, 5, tzinfo=UTC), stale_days=7) == 0
        assert promises.sweep(s, rep, now=datetime(2026, 11, 9, tzinfo=UTC), stale_days=7) == 1
        assert promise.status == "stale"


def test_rep_marks_kept_dismisses_and_reschedules(store):
    now = datetime(2026, 11, 22, tzinfo=UTC)
    with store.session() as s:
        rep, promise = make_promise(s, date(2026, 11, 20), datetime(2026, 11, 18, tzinfo=UTC))
        promises.sweep(s, rep, now=now)
        assert promise.status == "overdue"
        promises.update(s, rep, promise, status=None, due=date(2026, 11, 25), now=now)
        assert (promise.status, promise.due) == ("open", date(2026, 11, 25))
        promises.update(s, rep, promise, status="kept", due=None, now=now)
        assert promise.status == "kept"
        with pytest.raises(promises.PromiseError):
            promises.update(s, rep, promise, status="open", due=None, now=now)
        with pytest.raises(promises.PromiseError):
            promises.update(s, rep, promise, status=None, due=date(2026, 11, 1), now=now)
        kinds = [e.kind for e in s.scalars(select(PromiseEvent).order_by(PromiseEvent.id))]
        assert kinds == ["created", "overdue", "rescheduled", "kept"]


def test_goal_defaults_validation_and_partial_updates(store):
    with store.session() as s:
        rep = get_or_create_rep(s, "tom@seller.example")
        assert goals.effective_goals(rep) == goals.DEFAULT_GOALS
        goals.set_goals(s, rep, {"outreach_per_day": 30, "orders_per_week": 2})
        goals.set_goals(s, rep, {"personalized_share": 0.8})
        current = goals.effective_goals(rep)
        assert (current["outreach_per_day"], current["orders_per_week"], current["personalized_share"]) == (30, 2, 0.8)
        assert current["followups_per_week"] == goals.DEFAULT_GOALS["followups_per_week"]
        for bad in ({"outreach_per_day": -1}, {"personalized_share": 1.5}, {"orders_per_week": 1.5}, {"nope": 1}, {"outreach_per_day": True}):
            with pytest.raises(ValueError):
                goals.set_goals(s, rep, bad)
        assert goals.effective_goals(rep)["outreach_per_day"] == 30  # nothing half-written


def test_summary_counts_this_week_in_the_reps_zone(store):
    now = datetime(2026, 11, 19, 18, tzinfo=UTC)  # Thursday
    with store.session() as s:
        rep = get_or_create_rep(s, "tom@seller.example")
        goals.set_goals(s, rep, {"outreach_per_day": 3, "followups_per_week": 4})

        def email(mid, to, when, score, due=None):
            record(s, SentEmail(rep_email=rep.email, source="outlook", sent_at=when, to=(to,), message_id=mid,
                                personalization=score, promises=(PromiseIn("I'll call you.", due, None),) if due else ()))

        email("<a>", "a@x.example", datetime(2026, 11, 19, 9, tzinfo=UTC), 80, due=date(2026, 11, 20))  # new, today
        email("<b>", "b@x.example", datetime(2026, 11, 19, 10, tzinfo=UTC), 40)  # new, today
        email("<c>", "c@x.example", datetime(2026, 11, 17, 10, tzinfo=UTC), 70)  # new, Tuesday
        email("<d>", "c@x.example", datetime(2026, 11, 18, 10, tzinfo=UTC), 65)  # follow-up
        email("<e>", "old@x.example", datetime(2026, 11, 13, 10, tzinfo=UTC), 90)  # last week
        s.add(Order(rep_id=rep.id, won_on=date(2026, 11, 18)))
        s.flush()
        out = goals.summary(s, rep, now=now)
    assert out["week"] == {"start": "2026-11-16", "end": "2026-11-22"}
    assert out["progress"]["outreach_today"] == {"done": 2, "goal": 3}
    assert out["progress"]["outreach_week"] == {"done": 3, "goal": 15}
    assert out["progress"]["followups_week"] == {"done": 1, "goal": 4}
    assert out["progress"]["personalized_share"]["value"] == 0.75
    assert out["progress"]["orders_week"]["done"] == 1
    assert out["promises"] == {"due_today": 0, "due_tomorrow": 1, "overdue": 0}
    assert out["headlines"][:2] == ["1 promise due tomorrow", "2 of 3 new contacts today"]
