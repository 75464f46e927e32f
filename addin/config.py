"""Configuration: built-in defaults < instance file < ``SENDWELL_*`` environment < the dict given to create_app.

The embedded defaults need nothing installed: SQLite under the instance folder, no CRM, no identity
provider (which is allowed only while the service is bound to loopback; see ``addin.cli.serve``).
"""
from __future__ import annotations

import json
import os
import tempfile
import tomllib
from pathlib import Path

ENV_PREFIX = "SENDWELL_"
INSTANCE_FILE = "sendwell.toml"

DEFAULTS: dict = {
    "TESTING": False,
    # Requests larger than this are refused with 413 before the body is read (stated in the API docs).
    "MAX_CONTENT_LENGTH": 1024 * 1024,
    "DATABASE_URL": None,  # None: sqlite file in the instance folder
    # The identity provider that protects the API ("entra", "google"); None = local development only.
    "AUTH_PROVIDER": None,
    # Apply database migrations when the app starts (the embedded SQLite default needs no admin step).
    "AUTO_MIGRATE": True,
    # Without an identity provider (local development on loopback), the rep the API acts for.
    "DEV_REP_EMAIL": "you@localhost",
    # Undated promises older than this many days become "stale".
    "STALE_PROMISE_DAYS": 7,
    # How far back template detection compares a draft with the rep's sent emails.
    "TEMPLATE_LOOKBACK_DAYS": 14,
    # The Gmail add-on may read the draft being written (the restricted-scope deployment variant).
    "GMAIL_DRAFT_ACCESS": False,
    "HOST": "127.0.0.1",
    "PORT": 8000,
}


def load(instance_path: str, overrides: dict | None) -> dict:
    """Merge every configuration source into one dict, in precedence order."""
    config = dict(DEFAULTS)
    config.update(_from_instance_file(instance_path))
    config.update(_from_environment(os.environ))
    config.update(overrides or {})
    if not config["DATABASE_URL"]:
        folder = tempfile.mkdtemp(prefix="sendwell-test-") if config["TESTING"] else instance_path
        config["DATABASE_URL"] = "sqlite:///" + str(Path(folder) / "sendwell.sqlite")
    return config


def _from_instance_file(instance_path: str) -> dict:
    path = Path(os.environ.get(ENV_PREFIX + "CONFIG") or Path(instance_path) / INSTANCE_FILE)
    if not path.is_file():
        return {}
    with open(path, "rb") as fh:
        return {key.upper(): value for key, value in tomllib.load(fh).items()}


def _from_environment(environ) -> dict:
    """``SENDWELL_PORT=8080`` → ``PORT: 8080``; values are read as JSON when they parse, else as text."""
    out = {}
    for key, raw in environ.items():
        if key.startswith(ENV_PREFIX) and key != ENV_PREFIX + "CONFIG":
            try:
                value = json.loads(raw)
            except ValueError:
                value = raw
            out[key[len(ENV_PREFIX) :]] = value
    return out
