"""Who is calling: the one place the API asks for the signed-in rep.

The sign-in layers (Entra ID for Outlook, Google for Gmail; later issues) put the verified address in
``g.identity_email``. Without an identity provider the service runs on loopback only (see the CLI), and a
developer may name the rep with an ``X-Sendwell-Rep`` header; otherwise ``DEV_REP_EMAIL`` is used.
"""
from __future__ import annotations

from flask import current_app, g, request

from .problems import Problem


def current_rep_email() -> str:
    verified = g.get("identity_email")
    if verified:
        return verified
    if current_app.config["AUTH_PROVIDER"]:
        raise Problem(401, "Sign in to Sendwell: this request carries no valid bearer token.", title="Unauthorized")
    claimed = request.headers.get("X-Sendwell-Rep", "").strip()
    if claimed and ("@" not in claimed or len(claimed) > 320):
        raise Problem(400, "X-Sendwell-Rep must be an email address.", title="Invalid request")
    return claimed or current_app.config["DEV_REP_EMAIL"]
