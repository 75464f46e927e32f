"""The Google Workspace add-on deployment descriptors (gsuiteaddons ``Deployment`` resource) for Gmail.

``sendwell manifest gmail --base-url https://host`` writes two files for ``gcloud workspace-add-ons
deployments create|replace --deployment-file=...``:

* ``deployment.json``: the add-on as published, with the least OAuth scopes it works with;
* ``deployment-draft-access.json``: the same plus one restricted Gmail scope, so the compose card can read the
  draft's text through the Gmail API. Restricted scopes need Google's verification for public apps, so this
  variant is meant for internal (single-domain) deployments that opt in.

Every endpoint is an absolute HTTPS URL under ``{base}/gmail/``; the request verifier (``verify.py``) checks
that each call's system ID token names exactly that URL, so the base URL here must be the public one
configured as ``GMAIL_ADDON_BASE_URL``.
"""
from __future__ import annotations

import ipaddress
import json
from pathlib import Path
from urllib.parse import urlsplit

import click

ADDON_NAME = "Sendwell"
PRIMARY_COLOR = "#1f5fc7"  # --sw-accent in addin/static/sendwell.css
SECONDARY_COLOR = "#184c9f"  # --sw-accent-hover
LOGO_PATH = "/outlook/assets/icon-128.png"  # one icon for both add-ins
COMPOSE_LABEL = "Review with Sendwell"

# Why each scope, and why no broader one:
SCOPES = [
    # Required by every Gmail add-on ("Run as a Gmail add-on").
    "https://www.googleapis.com/auth/gmail.addons.execute",
    # The message card reads the open message (users.messages.get with the event's
    # X-Goog-Gmail-Access-Token) for its body; ".metadata" would give headers only. Temporary, that
    # message only, while the add-on is open.
    "https://www.googleapis.com/auth/gmail.addons.current.message.readonly",
    # Required by Google for any compose trigger, even one that does not edit the draft.
    "https://www.googleapis.com/auth/gmail.addons.current.action.compose",
    # Puts the user's email in the userIdToken: the verified identity of the rep.
    "https://www.googleapis.com/auth/userinfo.email",
    # With useLocaleFromApp: the user's time zone in commonEventObject, for "by Friday"-style due dates.
    "https://www.googleapis.com/auth/script.locale",
]
# Restricted: reads the whole mailbox (including drafts via users.drafts.get) but can never send or change
# anything, unlike gmail.compose; it is also the scope Sendwell's Sent-items capture already uses.
DRAFT_ACCESS_SCOPE = "https://www.googleapis.com/auth/gmail.readonly"

FILES = {"deployment.json": False, "deployment-draft-access.json": True}  # file name → draft access
PLACEHOLDER_BASE_URL = "https://sendwell.example.com"  # the committed manifest/gmail/*.json


class BaseUrlError(click.BadParameter, ValueError):
    """A base URL Google could not call securely (a ValueError for Python callers, a usage error on the CLI)."""

    def __init__(self, message: str):
        super().__init__(message, param_hint="--base-url")


def normalise_base_url(base_url: str) -> str:
    """``https://host[:port][/prefix]`` without a trailing slash; http only for loopback development."""
    raw = (base_url or "").strip()
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise BaseUrlError(f"{raw!r} is not a valid URL") from None
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise BaseUrlError(f"{raw!r}: use an absolute https:// URL such as {PLACEHOLDER_BASE_URL}")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise BaseUrlError(
            f"{raw!r}: Google calls add-on endpoints over HTTPS only (http:// is accepted for localhost alone)"
        )
    if parts.username or parts.password or parts.query or parts.fragment:
        raise BaseUrlError(f"{raw!r}: no credentials, query or fragment in the base URL")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def build_deployment(base_url: str, draft_access: bool = False) -> dict:
    """The Deployment resource body (without ``name``/``etag``, which gcloud and the API supply)."""
    base = normalise_base_url(base_url)
    logo = base + LOGO_PATH
    scopes = SCOPES + ([DRAFT_ACCESS_SCOPE] if draft_access else [])
    return {
        "oauthScopes": scopes,
        "addOns": {
            "common": {
                "name": ADDON_NAME,
                "logoUrl": logo,
                "layoutProperties": {"primaryColor": PRIMARY_COLOR, "secondaryColor": SECONDARY_COLOR},
                "useLocaleFromApp": True,
                "homepageTrigger": {"runFunction": base + "/gmail/homepage", "enabled": True},
                "openLinkUrlPrefixes": [base + "/"],
            },
            "gmail": {
                "contextualTriggers": [{"unconditional": {}, "onTriggerFunction": base + "/gmail/message"}],
                "composeTrigger": {
                    "actions": [{"runFunction": base + "/gmail/compose", "label": COMPOSE_LABEL, "logoUrl": logo}],
                    "draftAccess": "METADATA",
                },
            },
            "httpOptions": {"authorizationHeader": "SYSTEM_ID_TOKEN"},
        },
    }


def render(deployment: dict) -> str:
    return json.dumps(deployment, indent=2, ensure_ascii=False) + "\n"


def write_deployments(base_url: str, out: str | Path) -> list[Path]:
    """Write both descriptors into ``out`` (created if needed); returns their paths."""
    normalise_base_url(base_url)  # refuse before creating anything
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draft_access in FILES.items():
        path = folder / name
        path.write_text(render(build_deployment(base_url, draft_access)), encoding="utf-8")
        written.append(path)
    return written


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
