"""A draft reviewed as one rep sees it: the engine, plus what the store knows of that rep.

Every surface (the API behind the Outlook pane and the playground, the Gmail cards) goes through here, so
template reuse and dismissed hints behave the same everywhere.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from flask import current_app
from sqlalchemy import select

from .db import store
from .review import Draft, Review, review
from .store.fingerprints import recent_fingerprints
from .store.models import Dismissal
from .store.reps import find_rep


def review_for_rep(draft: Draft, rep_email: str) -> Review:
    """Recent fingerprints in (for "this reads like N emails you sent"), dismissed hint kinds out."""
    dismissed: set[str] = set()
    with store().read_session() as session:
        rep = find_rep(session, rep_email)
        if rep is not None:
            dismissed = set(session.scalars(select(Dismissal.kind).where(Dismissal.rep_id == rep.id)))
            since = draft.sent_at - timedelta(days=current_app.config["TEMPLATE_LOOKBACK_DAYS"])
            draft = replace(draft, recent_fingerprints=recent_fingerprints(session, rep.id, since))
    result = review(draft)
    if dismissed:
        result = replace(result, findings=tuple(f for f in result.findings if f.kind not in dismissed))
    return result
