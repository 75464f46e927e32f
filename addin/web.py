"""Pages for people (the playground) and the liveness probe."""
from __future__ import annotations

from flask import Blueprint, jsonify, render_template

bp = Blueprint("web", __name__)


@bp.get("/")
def playground():
    return render_template("playground.html")


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")
