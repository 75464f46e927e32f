"""Pages for people (the playground, the privacy and terms pages the add-in manifests link to) and the
liveness probe."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template

from .store.models import PROMISE_TEXT_LIMIT

bp = Blueprint("web", __name__)


@bp.get("/")
def playground():
    return render_template("playground.html")


@bp.get("/healthz")
def healthz():
    return jsonify(status="ok")


@bp.get("/privacy")
def privacy():
    """What the service keeps and what it never keeps, stated from the same settings the code obeys."""
    return render_template(
        "privacy.html",
        title="Privacy",
        promise_limit=PROMISE_TEXT_LIMIT,
        lookback_days=current_app.config["TEMPLATE_LOOKBACK_DAYS"],
    )


@bp.get("/terms")
def terms():
    return render_template("terms.html", title="Terms of use")
