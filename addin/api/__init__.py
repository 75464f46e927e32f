"""The public, versioned HTTP API (``/api/v1``): review a draft, record what was sent, promises, goals.

Views are thin: parse the request (``parse``), call the review engine or the store, shape the JSON.
"""
from __future__ import annotations

import json
from importlib import resources

from flask import Blueprint, Response, current_app, request

from ..problems import Problem

bp = Blueprint("api", __name__, url_prefix="/api/v1")
OPENAPI = resources.files(__package__).joinpath("openapi.json").read_text(encoding="utf-8")


def read_json() -> object:
    """The request's JSON, or the right problem: 413 over the limit (before reading), 415, 400."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if request.content_length is not None and request.content_length > limit:
        raise Problem(413, f"The request body is {request.content_length} bytes; the limit is {limit} bytes.")
    if not request.is_json:
        raise Problem(415, f"Send the request as application/json, not {request.mimetype or 'no content type'}.")
    raw = request.get_data(cache=False)
    try:
        return json.loads(raw)
    except UnicodeDecodeError:
        raise Problem(400, "The request body is not UTF-8 encoded JSON.", title="Invalid JSON") from None
    except json.JSONDecodeError as exc:
        raise Problem(400, f"The request body is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.", title="Invalid JSON") from None


@bp.get("/openapi.json")
def openapi():
    return Response(OPENAPI, mimetype="application/json")


from . import activities, me, review  # noqa: E402,F401  (register their routes on bp)
