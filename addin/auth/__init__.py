"""API sign-in: verifies bearer tokens and sets ``g.identity_email`` for ``addin.identity``."""
from flask import Flask


def init_app(app: Flask) -> None:
    """Install the configured identity provider's checks (none configured: loopback development only)."""
