"""The Outlook add-in's pages and files: task pane, event runtime (on-send check), config, assets, well-known.

Configuration read here (all optional; see ``settings``):

| key | default | meaning |
| --- | --- | --- |
| ``PUBLIC_URL`` | the request's own root URL | base URL (origin and any path prefix) written into commands.js and the well-known file |
| ``OUTLOOK_POLITENESS_THRESHOLD`` | ``40`` | the on-send check warns below this politeness score |
| ``OUTLOOK_SEND_BUDGET_MS`` | ``3000`` | the on-send check's whole time budget, backend call included |
| ``OUTLOOK_PANE_COMMAND_ID`` | ``msgComposeOpenPaneButton`` | the manifest's task pane button, opened from the Smart Alerts dialog |
| ``ENTRA_CLIENT_ID`` | none | the Entra app registration, shared with addin.auth (docs/outlook-signin.md) |
| ``ENTRA_API_SCOPE``, ``ENTRA_APP_ID_URI`` | ``access_as_user``, ``api://<host>/<client id>`` | the pane asks a token for ``<app id uri>/<scope>`` |
| ``ENTRA_AUTHORITY`` | the one ``ENTRA_ALLOWED_TENANTS`` tenant, else ``organizations`` | MSAL authority |
| ``OUTLOOK_MSAL_URL`` | ``/outlook/static/vendor/msal-browser.min.js`` | MSAL.js browser (UMD) bundle, loaded only when sign-in is on |

Sign-in is on when ``AUTH_PROVIDER`` is ``entra``; otherwise (loopback development) the pages send no token.
"""
from __future__ import annotations

import json
import mimetypes
import re
from pathlib import Path
from urllib.parse import urlsplit

from flask import Response, current_app, render_template, request, send_from_directory, url_for

from . import bp

OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js"
OFFICE_CDN = "https://appsforoffice.microsoft.com"
HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
ASSETS = HERE / "assets"
WELL_KNOWN = "/.well-known/microsoft-officeaddins-allowed.json"

# The one line of commands.js the server rewrites with this deployment's settings (the file on disk keeps
# working as is, e.g. when node loads it in the unit tests).
_CONFIG_LINE = re.compile(r"^var SENDWELL_CONFIG = .*;$", re.MULTILINE)

_TYPES = {".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".json": "application/json"}


def settings() -> dict:
    config = current_app.config
    client_id = config.get("ENTRA_CLIENT_ID")
    return {
        "politeness_threshold": int(config.get("OUTLOOK_POLITENESS_THRESHOLD", 40)),
        "budget_ms": int(config.get("OUTLOOK_SEND_BUDGET_MS", 3000)),
        "pane_command_id": str(config.get("OUTLOOK_PANE_COMMAND_ID", "msgComposeOpenPaneButton")),
        # The same exact comparison addin.auth uses to decide whether tokens are required.
        "auth_enabled": config.get("AUTH_PROVIDER") == "entra",
        "client_id": client_id,
        "scope": _api_scope(config, client_id),
        "authority": config.get("ENTRA_AUTHORITY") or _authority(config.get("ENTRA_ALLOWED_TENANTS")),
        "msal_url": config.get("OUTLOOK_MSAL_URL") or url_for("outlook.static_file", filename="vendor/msal-browser.min.js"),
    }


def _api_scope(config, client_id: str | None) -> str | None:
    """The full scope the pane asks for: api://<host>/<client-id>/access_as_user (docs/outlook-signin.md)."""
    scope = str(config.get("ENTRA_API_SCOPE") or "access_as_user")
    if "://" in scope:
        return scope
    app_id_uri = config.get("ENTRA_APP_ID_URI") or (f"api://{urlsplit(public_base()).netloc}/{client_id}" if client_id else None)
    return f"{str(app_id_uri).rstrip('/')}/{scope}" if app_id_uri else None


def _authority(allowed_tenants) -> str:
    """One allowed tenant: sign in there; several (or none given): any work or school account."""
    if isinstance(allowed_tenants, str):
        allowed_tenants = [t for t in re.split(r"[,\s]+", allowed_tenants) if t]
    tenants = list(allowed_tenants or [])
    return f"https://login.microsoftonline.com/{tenants[0] if len(tenants) == 1 else 'organizations'}"


def public_base() -> str:
    """Where the add-in reaches this server (scheme, host, port and any path prefix), no trailing slash."""
    configured = current_app.config.get("PUBLIC_URL")
    return str(configured).rstrip("/") if configured else request.url_root.rstrip("/")


def content_security_policy() -> str:
    """Office.js from Microsoft's CDN, everything else from this origin.

    No frame-ancestors: Outlook frames the pane from many hosts (web, new Outlook, Teams/M365 app).
    'unsafe-inline' styles: Office.js injects styles, and the shared UI sets meter widths with style attributes.
    """
    scripts = ["'self'", OFFICE_CDN, "https://ajax.aspnetcdn.com"]
    msal = urlsplit(settings()["msal_url"])
    if msal.scheme and msal.netloc:
        scripts.append(f"{msal.scheme}://{msal.netloc}")
    return "; ".join([
        "default-src 'self'",
        "script-src " + " ".join(scripts),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        # Office.js telemetry, and MSAL's sign-in endpoints should a host not broker the token itself.
        f"connect-src 'self' {OFFICE_CDN} https://browser.pipe.aria.microsoft.com https://login.microsoftonline.com",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


def _page(template: str) -> Response:
    response = Response(render_template(template, office_js=OFFICE_JS), mimetype="text/html")
    response.headers["Content-Security-Policy"] = content_security_policy()
    # Pages and config change with a deployment; let Outlook's webview revalidate them every time.
    response.cache_control.no_cache = True
    return response


@bp.after_request
def _hardening(response: Response) -> Response:
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    return response


@bp.get("/taskpane.html")
def taskpane():
    return _page("outlook/taskpane.html")


@bp.get("/commands.html")
def commands_page():
    return _page("outlook/commands.html")


@bp.get("/commands.js")
def commands_js():
    s = settings()
    config = {
        "base": public_base(),
        "authEnabled": s["auth_enabled"],
        "politenessThreshold": s["politeness_threshold"],
        "budgetMs": s["budget_ms"],
        "paneCommandId": s["pane_command_id"],
    }
    source = (STATIC / "commands.js").read_text(encoding="utf-8")
    line = "var SENDWELL_CONFIG = " + json.dumps(config).replace("</", "<\\/") + ";"
    source, count = _CONFIG_LINE.subn(lambda _m: line, source, count=1)
    if count != 1:  # a broken build must not ship an on-send check pointing nowhere
        raise RuntimeError("commands.js lost its SENDWELL_CONFIG line")
    response = Response(source, mimetype="text/javascript")
    response.cache_control.no_cache = True
    response.add_etag()
    return response.make_conditional(request)


@bp.get("/config.json")
def pane_config():
    s = settings()
    body = {
        "api_base": urlsplit(public_base()).path,  # same origin; "" or the deployment's path prefix
        "auth": {
            "enabled": s["auth_enabled"],
            "client_id": s["client_id"],
            "authority": s["authority"],
            "scopes": [s["scope"]] if s["scope"] else [],
            "msal_url": s["msal_url"] if s["auth_enabled"] else None,
        },
        # Without sign-in (loopback development) the pane names its rep with X-Sendwell-Rep: the mailbox owner.
        "dev_rep_header": not s["auth_enabled"],
        "poll": {"visible_ms": 2000, "hidden_ms": [10000, 30000]},
        "politeness_threshold": s["politeness_threshold"],
    }
    response = current_app.json.response(body)
    response.cache_control.no_store = True
    return response


@bp.get("/static/<path:filename>")
def static_file(filename: str):
    response = send_from_directory(STATIC, filename, mimetype=_mimetype(filename), conditional=True)
    # No fingerprints in the names: cache, but revalidate (cheap with the ETag) so a deployment shows at once.
    response.cache_control.public = True
    response.cache_control.no_cache = True
    response.cache_control.max_age = None
    return response


@bp.get("/assets/<path:filename>")
def asset(filename: str):
    response = send_from_directory(ASSETS, filename, mimetype=_mimetype(filename), conditional=True)
    # Icons are fetched by Office and by the store listing; they rarely change.
    response.cache_control.public = True
    response.cache_control.max_age = 86400
    return response


def _mimetype(filename: str) -> str | None:
    suffix = Path(filename).suffix.lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(filename)[0]


def well_known_allowed():
    """The JS files allowed to use SSO/CORS in the event runtime of classic Outlook on Windows:
    ``{"allowed": ["https://host/outlook/commands.js"]}``. Office reads it at the origin's root, so behind a
    path prefix the proxy must serve this route at /.well-known/ too."""
    response = current_app.json.response({"allowed": [public_base() + "/outlook/commands.js"]})
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


# The well-known file lives at the origin's root, outside the blueprint's /outlook prefix.
bp.record_once(lambda state: state.app.add_url_rule(WELL_KNOWN, "outlook_well_known", well_known_allowed, methods=["GET"]))
