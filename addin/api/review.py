"""``POST /api/v1/review``: the engine, plus what the store knows of this rep (template reuse, dismissals)."""
from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from ..db import store
from ..identity import current_rep_email
from ..review import review
from ..store.fingerprints import recent_fingerprints
from ..store.models import Dismissal
from ..store.reps import find_rep
from . import bp, read_json
from .parse import draft_from_json


@bp.post("/review")
def review_draft():
    draft = draft_from_json(read_json())
    dismissed: set[str] = set()
    with store().read_session() as session:
        rep = find_rep(session, current_rep_email())
        if rep is not None:
            dismissed = set(session.scalars(select(Dismissal.kind).where(Dismissal.rep_id == rep.id)))
            since = draft.sent_at - timedelta(days=current_app.config["TEMPLATE_LOOKBACK_DAYS"])
            draft = replace(draft, recent_fingerprints=recent_fingerprints(session, rep.id, since))
    body = review(draft).to_dict()
    if dismissed:
        body["findings"] = [f for f in body["findings"] if f["kind"] not in dismissed]
    body["review_id"] = uuid.uuid4().hex
    return current_app.json.response(body)
