"""RFC 9457 problem details: every error the service returns is ``application/problem+json``.

One handler for HTTP errors and one for anything unexpected, so a client never sees an HTML error page or
a stack trace; unexpected errors are logged server-side with their traceback.
"""
from __future__ import annotations

from flask import Flask, Response, json
from werkzeug.exceptions import HTTPException

PROBLEM_MIMETYPE = "application/problem+json"


class Problem(HTTPException):
    """An HTTP error with a precise ``detail`` and optional per-field ``errors``."""

    def __init__(self, status: int, detail: str, errors: list[dict] | None = None, title: str | None = None):
        super().__init__(description=detail)
        self.code = status
        self.detail = detail
        self.errors = errors or []
        self.title = title


def problem_response(status: int, title: str, detail: str, errors: list[dict] | None = None) -> Response:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    return Response(json.dumps(body), status=status, mimetype=PROBLEM_MIMETYPE)


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        title = getattr(exc, "title", None) or exc.name
        response = problem_response(exc.code or 500, title, exc.description or title, getattr(exc, "errors", None))
        if exc.code == 405 and exc.valid_methods:
            response.headers["Allow"] = ", ".join(exc.valid_methods)
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        return problem_response(500, "Internal Server Error", "The server could not complete the request.")
