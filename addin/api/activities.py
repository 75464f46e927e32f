"""What was sent and what was promised: ``/api/v1/activities`` and ``/api/v1/commitments``."""
from __future__ import annotations

from datetime import datetime, timezone

from flask import current_app, request, url_for
from sqlalchemy import select

from ..db import store
from ..identity import current_rep_email
from ..problems import Problem
from ..store import promises as lifecycle
from ..store.models import PROMISE_STATUSES, Activity, Promise
from ..store.recording import record
from ..store.reps import find_rep
from . import bp, read_json
from .parse import activity_from_json, promise_change_from_json


def activity_json(activity: Activity, promises: list[Promise]) -> dict:
    return {
        "id": activity.id,
        "message_id": activity.message_id,
        "review_id": activity.review_id,
        "thread_id": activity.thread_id,
        "sent_at": activity.sent_at.isoformat(),
        "source": activity.source,
        "new_contact": activity.new_contact,
        "recipients": activity.recipients,
        "scores": {"politeness": activity.politeness, "personalization": activity.personalization},
        "finding_counts": activity.finding_counts,
        "word_count": activity.word_count,
        "commitments": [promise_json(p) for p in promises],
    }


def promise_json(promise: Promise) -> dict:
    return {
        "id": promise.id,
        "text": promise.text,
        "due": promise.due.isoformat() if promise.due else None,
        "due_phrase": promise.due_phrase,
        "recipient": promise.recipient,
        "status": promise.status,
        "made_at": promise.made_at.isoformat(),
        "activity_id": promise.activity_id,
    }


@bp.post("/activities")
def record_activity():
    sent = activity_from_json(read_json(), current_rep_email())
    with store().session() as session:
        activity, created = record(session, sent)
        promises = list(session.scalars(select(Promise).where(Promise.activity_id == activity.id).order_by(Promise.ordinal)))
        body = activity_json(activity, promises)
    response = current_app.json.response(body)
    response.status_code = 201 if created else 200
    response.headers["Location"] = url_for("api.record_activity") + f"/{body['id']}"
    return response


@bp.get("/commitments")
def list_commitments():
    wanted = [s.strip() for s in request.args.get("status", "").split(",") if s.strip()]
    unknown = [s for s in wanted if s not in PROMISE_STATUSES]
    if unknown:
        raise Problem(400, f"unknown status {unknown[0]!r}; use {', '.join(PROMISE_STATUSES)} (comma-separated).")
    with store().session() as session:
        rep = find_rep(session, current_rep_email())
        if rep is None:
            return current_app.json.response({"commitments": []})
        lifecycle.sweep(session, rep, stale_days=current_app.config["STALE_PROMISE_DAYS"])
        query = select(Promise).where(Promise.rep_id == rep.id)
        if wanted:
            query = query.where(Promise.status.in_(wanted))
        rows = session.scalars(query.order_by(Promise.due.is_(None), Promise.due, Promise.made_at))
        return current_app.json.response({"commitments": [promise_json(p) for p in rows]})


@bp.patch("/commitments/<int:promise_id>")
def change_commitment(promise_id: int):
    status, due = promise_change_from_json(read_json())
    with store().session() as session:
        rep = find_rep(session, current_rep_email())
        promise = session.get(Promise, promise_id) if rep is not None else None
        if promise is None or promise.rep_id != rep.id:
            raise Problem(404, f"No commitment {promise_id} among yours.")
        try:
            lifecycle.update(session, rep, promise, status=status, due=due, now=datetime.now(timezone.utc))
        except lifecycle.PromiseError as exc:
            raise Problem(409, str(exc), title="Conflict") from None
        return current_app.json.response(promise_json(promise))
