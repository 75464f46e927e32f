"""API sign-in: verifies bearer tokens and sets ``g.identity_email`` for ``addin.identity``.

``AUTH_PROVIDER`` picks the identity provider. A value this module does not know stops start-up: a typo
must not leave the API open on a public address (``sendwell serve`` allows one as soon as a provider is set).
"""
from __future__ import annotations

from flask import Flask

PROVIDERS = ("entra", "google")


class AuthConfigError(ValueError):
    """AUTH_PROVIDER names no identity provider Sendwell has."""


def init_app(app: Flask) -> None:
    """Install the configured identity provider's checks (none configured: loopback development only)."""
    provider = app.config.get("AUTH_PROVIDER")
    if provider is None or provider == "":
        return  # local development: addin.identity falls back to DEV_REP_EMAIL / X-Sendwell-Rep
    # Exact names only: the Outlook pane decides whether to send tokens by the same comparison.
    name = provider if isinstance(provider, str) else None
    if name == "entra":
        from . import entra

        entra.init_app(app)
    elif name == "google":
        # Reserved for the Gmail add-on's sign-in (another engineer's work, not built yet). Nothing is installed
        # for /api/v1 now, so no request carries a verified identity and addin.identity answers 401 to every
        # call that needs the rep: closed, not open.
        return
    else:
        raise AuthConfigError(
            f"SENDWELL_AUTH_PROVIDER={provider!r} is not an identity provider Sendwell knows; "
            f"use one of {', '.join(PROVIDERS)} (or leave it unset for loopback-only development)"
        )
