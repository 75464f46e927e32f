"""Shared fixtures: an app per test, a real HTTP server on loopback, and real headless Chromium.

Chromium is Debian's, at /usr/bin/chromium, driven by Playwright's sync API (one instance per process, so
the browser is session-wide and every browser test shares it). The browser tests skip with a reason where
Chromium or Playwright is missing, except in CI (SENDWELL_REQUIRE_BROWSER=1, set by .ci/run), where a
missing browser fails the run instead.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

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


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000


def _unavailable(reason: str):
    if os.environ.get("SENDWELL_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (SENDWELL_REQUIRE_BROWSER=1: the browser tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _unavailable("Chromium not found at /usr/bin/chromium: install Debian's chromium (see .ci/run)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context):
    """A fresh page; the test fails if the page throws an uncaught JavaScript error."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    assert not errors, f"uncaught JavaScript errors in the page: {errors}"
