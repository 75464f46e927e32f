"""Shared fixtures: an app per test, and a real HTTP server on loopback for end-to-end tests."""
from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from addin import create_app


@pytest.fixture
def app():
    return create_app({"TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


class LiveServer:
    """The app served by werkzeug on 127.0.0.1 (a free port), in a background thread."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(5)


@pytest.fixture(scope="session")
def live_server():
    with LiveServer(create_app({"TESTING": True})) as server:
        yield server
