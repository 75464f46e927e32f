"""The signed-in rep's own settings and standing: ``/api/v1/me/…`` and ``/api/v1/dismissals``."""
from __future__ import annotations

import re

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ..db import store
from ..identity import current_rep_email
from ..problems import Problem
from ..store import goals, promises
from ..store.models import Dismissal
from ..store.reps import get_or_create_rep
from . import bp, read_json

_KIND = re.compile(r"^[a-z_]+(\.[a-z_]+)*$")


@bp.get("/me/summary")
def my_summary():
    with store().session() as session:
        rep = get_or_create_rep(session, current_rep_email())
        promises.sweep(session, rep, stale_days=current_app.config["STALE_PROMISE_DAYS"])
        return current_app.json.response(goals.summary(session, rep))


@bp.get("/me/goals")
def my_goals():
    with store().session() as session:
        return current_app.json.response(goals.effective_goals(get_or_create_rep(session, current_rep_email())))


@bp.route("/me/goals", methods=["PUT", "PATCH"])
def set_my_goals():
    data = read_json()
    if not isinstance(data, dict) or not data:
        raise Problem(400, "Send an object of goals, e.g. {\"outreach_per_day\": 30}.", title="Invalid request")
    errors = [
        {"pointer": "/" + name, "detail": problem}
        for name, value in data.items()
        if (problem := goals.check_goal(name, value) if value is not None else (None if name in goals.GOAL_LIMITS else f"unknown goal {name!r}"))
    ]
    if errors:
        raise Problem(400, errors[0]["detail"] if len(errors) == 1 else f"{len(errors)} goals are invalid; see errors.", errors=errors, title="Invalid request")
    with store().session() as session:
        rep = get_or_create_rep(session, current_rep_email())
        return current_app.json.response(goals.set_goals(session, rep, data, updated_by=current_rep_email()))


@bp.get("/dismissals")
def list_dismissals():
    with store().session() as session:
        rep = get_or_create_rep(session, current_rep_email())
        kinds = session.scalars(select(Dismissal.kind).where(Dismissal.rep_id == rep.id).order_by(Dismissal.kind))
        return current_app.json.response({"dismissed": list(kinds)})


@bp.post("/dismissals")
def dismiss_hint():
    data = read_json()
    kind = data.get("kind") if isinstance(data, dict) else None
    if not isinstance(kind, str) or not _KIND.match(kind) or len(kind) > 80:
        raise Problem(400, 'Send {"kind": "<hint kind>"}, e.g. {"kind": "politeness.pressure"}.', errors=[{"pointer": "/kind", "detail": "kind must be a hint kind such as politeness.pressure."}], title="Invalid request")
    with store().session() as session:
        rep = get_or_create_rep(session, current_rep_email())
        exists = session.scalars(select(Dismissal).where(Dismissal.rep_id == rep.id, Dismissal.kind == kind)).first()
        created = False
        if exists is None:
            try:
                with session.begin_nested():
                    session.add(Dismissal(rep_id=rep.id, kind=kind))
                created = True
            except IntegrityError:  # dismissed twice at once
                pass
    response = current_app.json.response({"kind": kind, "dismissed": True})
    response.status_code = 201 if created else 200
    return response


@bp.delete("/dismissals/<kind>")
def undo_dismissal(kind: str):
    with store().session() as session:
        rep = get_or_create_rep(session, current_rep_email())
        session.execute(delete(Dismissal).where(Dismissal.rep_id == rep.id, Dismissal.kind == kind))
    return "", 204
