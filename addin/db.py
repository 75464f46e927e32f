"""The app's one Store: created by the app factory, migrated on start for the embedded SQLite default."""
from __future__ import annotations

from flask import Flask, current_app

from .store import Store

EXTENSION = "sendwell.store"


def init_app(app: Flask) -> None:
    store = Store(app.config["DATABASE_URL"])
    if app.config["AUTO_MIGRATE"]:
        store.upgrade()
    app.extensions[EXTENSION] = store


def store() -> Store:
    return current_app.extensions[EXTENSION]
