"""Sendwell's Flask service: the review API, the playground, and (later) the add-in surfaces.

    flask --app addin run      # or: sendwell serve
"""
from __future__ import annotations

import os

from flask import Flask

from . import config as configuration
from . import db, problems


def create_app(config: dict | None = None) -> Flask:
    """Application factory; ``create_app({"TESTING": True})`` needs no other set-up."""
    instance_path = os.environ.get(configuration.ENV_PREFIX + "INSTANCE_PATH") or None
    app = Flask(__name__, instance_path=instance_path, instance_relative_config=True)
    app.config.update(configuration.load(app.instance_path, config))
    app.json.sort_keys = False
    if not app.config["TESTING"]:
        os.makedirs(app.instance_path, exist_ok=True)

    problems.register(app)
    db.init_app(app)

    from . import api, auth, gmail, outlook, web

    auth.init_app(app)
    app.register_blueprint(web.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(outlook.bp)
    app.register_blueprint(gmail.bp)
    return app
