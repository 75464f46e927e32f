"""``POST /api/v1/review``: the engine, plus what the store knows of this rep (template reuse, dismissals)."""
from __future__ import annotations

import uuid

from flask import current_app

from ..coaching import review_for_rep
from ..identity import current_rep_email
from . import bp, read_json
from .parse import draft_from_json


@bp.post("/review")
def review_draft():
    body = review_for_rep(draft_from_json(read_json()), current_rep_email()).to_dict()
    body["review_id"] = uuid.uuid4().hex
    return current_app.json.response(body)
