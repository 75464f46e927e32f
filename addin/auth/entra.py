"""Entra ID (Microsoft 365) sign-in for the API: validates the add-in's bearer access tokens.

The Outlook add-in gets an access token for Sendwell's own API through Nested App Authentication (MSAL.js)
and sends it as ``Authorization: Bearer …``. Sendwell is a resource server, so it must check everything
Microsoft's guidance says a web API checks before trusting a token (docs/outlook-signin.md explains why
each check is there):

* signature: RS256 with a key from Entra ID's published key set (no ``none``, no HMAC);
* ``aud``: this API (client id GUID, or its Application ID URI in v1 tokens);
* ``exp`` / ``nbf`` with a minute of clock skew;
* ``tid``: a GUID, in the configured allow-list, and the same tenant the issuer names;
* ``iss``: the v1 (``https://sts.windows.net/{tid}/``) or v2 (``…/{tid}/v2.0``) issuer of that tenant, and
  allowed by the signing key's own ``issuer`` scope when the key set gives one;
* ``scp``: a delegated token carrying this API's scope (``access_as_user``);
* a user address in ``preferred_username`` / ``upn`` / ``email``, which becomes ``g.identity_email``.

A rejected request gets RFC 9457 problem JSON and an RFC 6750 ``WWW-Authenticate`` challenge saying what
was wrong. The token itself is never logged nor echoed.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

import jwt
from flask import Flask, Response, g, request

from ..problems import problem_response
from .jwks import KeySet, KeysUnavailable

log = logging.getLogger(__name__)

DEFAULT_JWKS_URL = "https://login.microsoftonline.com/common/discovery/v2.0/keys"
DEFAULT_SCOPE = "access_as_user"
# The issuers of Microsoft's global cloud, v1.0 and v2.0 tokens. ``{tid}`` is the token's own tenant.
DEFAULT_ISSUERS = ("https://sts.windows.net/{tid}/", "https://login.microsoftonline.com/{tid}/v2.0")
LEEWAY_SECONDS = 60  # clock skew between Microsoft and this server
MAX_TOKEN_LENGTH = 16 * 1024  # Entra access tokens are a few KB; anything far larger is not one
REALM = "sendwell"
EXTENSION = "sendwell.entra"

_GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_B64TOKEN = re.compile(r"^[A-Za-z0-9\-._~+/]+=*$")  # RFC 6750 b64token
_OPENAPI_PATH = "/api/v1/openapi.json"
_LOOPBACK_HOSTS = ("127.0.0.1", "::1", "localhost")


class EntraConfigError(ValueError):
    """A SENDWELL_ENTRA_* setting is missing or wrong; raised while the app starts."""


class Rejected(Exception):
    """Why a request is refused; ``status``/``error`` pick the HTTP status and the RFC 6750 error code."""

    def __init__(self, detail: str, status: int = 401, error: str | None = "invalid_token"):
        super().__init__(detail)
        self.detail = detail
        self.status = status
        self.error = error


@dataclass(frozen=True)
class Settings:
    """The validated ``ENTRA_*`` settings."""

    client_id: str
    app_id_uri: str | None
    scope: str
    allowed_tenants: frozenset[str]
    jwks_url: str
    issuers: tuple[str, ...]

    @property
    def audiences(self) -> list[str]:
        return [self.client_id] + ([self.app_id_uri] if self.app_id_uri else [])

    @classmethod
    def from_config(cls, config) -> "Settings":
        client_id = _text(config.get("ENTRA_CLIENT_ID"))
        if not client_id:
            raise EntraConfigError(
                "SENDWELL_ENTRA_CLIENT_ID is not set: give the application (client) ID of Sendwell's Entra app "
                "registration, the API the add-in's tokens are issued for (see docs/outlook-signin.md)"
            )
        if not _GUID.match(client_id.lower()):
            raise EntraConfigError(f"SENDWELL_ENTRA_CLIENT_ID must be the application (client) ID, a GUID (got {client_id!r})")
        app_id_uri = _text(config.get("ENTRA_APP_ID_URI")) or None
        if app_id_uri and not re.match(r"^(api|https)://\S+$", app_id_uri):
            raise EntraConfigError(
                "SENDWELL_ENTRA_APP_ID_URI must be the API's Application ID URI, "
                f"e.g. api://sendwell.example.com/{client_id} (got {app_id_uri!r})"
            )
        # The add-in asks MSAL for the full scope (api://…/access_as_user) and may share this setting; the
        # token's scp claim carries only the name after the last slash.
        scope = (_text(config.get("ENTRA_API_SCOPE")) or DEFAULT_SCOPE).rsplit("/", 1)[-1]
        if not scope or any(c.isspace() for c in scope):
            raise EntraConfigError(f"SENDWELL_ENTRA_API_SCOPE must name one scope, e.g. {DEFAULT_SCOPE} (got {scope!r})")
        tenants = {t.lower() for t in _text_list(config.get("ENTRA_ALLOWED_TENANTS"))}
        if not tenants:
            raise EntraConfigError(
                "SENDWELL_ENTRA_ALLOWED_TENANTS is not set: with AUTH_PROVIDER=entra, list the directory (tenant) "
                "IDs whose users may use Sendwell (comma-separated or a JSON list of GUIDs)"
            )
        bad = sorted(t for t in tenants if not _GUID.match(t))
        if bad:
            raise EntraConfigError(f"SENDWELL_ENTRA_ALLOWED_TENANTS must hold directory (tenant) ID GUIDs, not {', '.join(bad)}")
        jwks_url = _text(config.get("ENTRA_JWKS_URL")) or DEFAULT_JWKS_URL
        parts = urlsplit(jwks_url)
        # Whoever can change the keys can sign in as anyone: plain http only for a local stand-in (the tests).
        if not (parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK_HOSTS)):
            raise EntraConfigError(f"SENDWELL_ENTRA_JWKS_URL must be an https URL (got {jwks_url!r})")
        issuers = tuple(_text_list(config.get("ENTRA_ISSUERS"))) or DEFAULT_ISSUERS
        if any("{tid}" not in issuer for issuer in issuers):
            raise EntraConfigError(
                "every SENDWELL_ENTRA_ISSUERS entry must contain {tid}, e.g. https://login.microsoftonline.us/{tid}/v2.0"
            )
        return cls(client_id.lower(), app_id_uri, scope, frozenset(tenants), jwks_url, issuers)


@dataclass(frozen=True)
class Identity:
    """Who a valid token speaks for."""

    email: str
    tenant: str
    object_id: str | None


class Verifier:
    """Checks one bearer token against the settings; keeps the key set cache for the app's lifetime."""

    def __init__(self, settings: Settings, keys: KeySet | None = None):
        self.settings = settings
        self.keys = keys or KeySet(settings.jwks_url)

    def verify(self, token: str) -> Identity:
        """The token's user when every check passes; raises ``Rejected`` or ``KeysUnavailable``."""
        if len(token) > MAX_TOKEN_LENGTH or not _B64TOKEN.match(token):
            raise Rejected("the bearer token is malformed")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError:
            raise Rejected("the bearer token is not a JWT") from None
        if header.get("alg") != "RS256":
            raise Rejected("the token must be signed with RS256")
        kid = header.get("kid")
        if not isinstance(kid, str) or not kid:
            raise Rejected("the token names no signing key (kid)")
        key = self.keys.get(kid)
        if key is None:
            raise Rejected("the token is signed with an unknown key")
        claims = self._decode(token, key.key)
        tenant = self._tenant(claims, key.issuer)
        self._scope(claims)
        oid = claims.get("oid")
        return Identity(email=_email(claims), tenant=tenant, object_id=oid if isinstance(oid, str) else None)

    def _decode(self, token: str, key) -> dict:
        """Signature, then exp/nbf/aud, with PyJWT; each failure gets a precise reason."""
        try:
            return jwt.decode(
                token,
                key,
                algorithms=["RS256"],
                audience=self.settings.audiences,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "nbf", "iss", "aud", "tid"], "verify_iss": False},
            )
        except jwt.InvalidSignatureError:
            raise Rejected("the token signature is invalid") from None
        except jwt.ExpiredSignatureError:
            raise Rejected("the token expired") from None
        except jwt.ImmatureSignatureError:
            raise Rejected("the token is not yet valid") from None
        except jwt.InvalidAudienceError:
            raise Rejected("the token is for the wrong audience (aud)") from None
        except jwt.MissingRequiredClaimError as exc:
            raise Rejected(f"the token has no {exc.claim} claim") from None
        except jwt.InvalidTokenError:
            raise Rejected("the token is invalid") from None

    def _tenant(self, claims: dict, key_issuer: str | None) -> str:
        """``tid`` is a GUID we admit, ``iss`` is that tenant's issuer, and the key may sign for it."""
        tid = claims.get("tid")
        if not isinstance(tid, str) or not _GUID.match(tid):
            raise Rejected("the token's tenant (tid) is not a directory ID")
        issuer = claims.get("iss")
        if issuer not in {template.replace("{tid}", tid) for template in self.settings.issuers}:
            raise Rejected("the token is from the wrong issuer (iss)")
        if key_issuer is not None:
            # Keys in the common key set carry the issuer they sign for: a templated one
            # (https://login.microsoftonline.com/{tenantid}/v2.0) signs for any tenant, a concrete one (e.g. the
            # personal-accounts tenant) only for itself. Compared by tenant so v1 and v2 issuers both work.
            scope = (urlsplit(key_issuer).path.strip("/").split("/") or [""])[0].lower()
            if scope != "{tenantid}" and scope != tid:
                raise Rejected("the token is from the wrong issuer for its signing key")
        if tid not in self.settings.allowed_tenants:
            raise Rejected("the token's organization (tenant) is not allowed to use this Sendwell")
        return tid

    def _scope(self, claims: dict) -> None:
        scopes = claims.get("scp")
        if not isinstance(scopes, str) or self.settings.scope not in scopes.split(" "):
            raise Rejected(
                f"the token lacks the {self.settings.scope} scope", status=403, error="insufficient_scope"
            )


def _email(claims: dict) -> str:
    """The signed-in user's address, lower-cased: preferred_username (v2), upn (v1), or email."""
    for name in ("preferred_username", "upn", "email"):
        value = claims.get(name)
        if isinstance(value, str):
            value = value.strip().lower()
            if "@" in value and len(value) <= 320 and not any(c.isspace() for c in value):
                return value
    raise Rejected("the token names no user email (preferred_username, upn or email)")


def init_app(app: Flask) -> None:
    """Validate the settings now (a bad configuration stops start-up) and guard every ``/api/v1/`` call."""
    app.extensions[EXTENSION] = Verifier(Settings.from_config(app.config))

    @app.before_request
    def _require_entra_token():
        if not _protected():
            return None
        verifier = app.extensions[EXTENSION]
        try:
            identity = verifier.verify(_bearer_token())
        except Rejected as why:
            log.info("API request refused (%s %s): %s", request.method, request.path, why.detail)
            return _challenge(why, verifier.settings)
        except KeysUnavailable:
            response = problem_response(
                503, "Service Unavailable", "Sign-in keys unavailable: Sendwell cannot reach Microsoft Entra ID "
                "to check your sign-in right now. Try again in a minute."
            )
            response.headers["Retry-After"] = "30"
            return response
        g.identity_email = identity.email
        g.identity_tenant = identity.tenant
        g.identity_object_id = identity.object_id
        return None


def _protected() -> bool:
    """Every ``/api/v1/`` request except CORS preflights and the public OpenAPI document."""
    if request.method == "OPTIONS":
        return False
    rule = request.url_rule.rule if request.url_rule is not None else ""
    if not (request.path.startswith("/api/v1/") or rule.startswith("/api/v1/")):
        return False
    return not (request.path == _OPENAPI_PATH and request.method in ("GET", "HEAD"))


def _bearer_token() -> str:
    header = request.headers.get("Authorization", "")
    if not header.strip():
        raise Rejected("Sign in to Sendwell: send an Authorization: Bearer access token.", error=None)
    scheme, _, token = header.strip().partition(" ")
    if scheme.lower() != "bearer":
        raise Rejected("Sign in to Sendwell: the Authorization header must use the Bearer scheme.", error=None)
    token = token.strip()
    if not token or " " in token:
        raise Rejected("the Authorization header must be 'Bearer <access token>'")
    return token


def _challenge(why: Rejected, settings: Settings) -> Response:
    """Problem JSON plus the RFC 6750 challenge (no error code when the request carried no bearer token)."""
    title = "Forbidden" if why.status == 403 else "Unauthorized"
    response = problem_response(why.status, title, why.detail[:1].upper() + why.detail[1:])
    parts = [f'realm="{REALM}"']
    if why.error:
        parts.append(f'error="{why.error}"')
        parts.append(f'error_description="{_quotable(why.detail)}"')
    if why.error == "insufficient_scope":
        resource = settings.app_id_uri or f"api://{settings.client_id}"
        parts.append(f'scope="{resource}/{settings.scope}"')
    response.headers["WWW-Authenticate"] = "Bearer " + ", ".join(parts)
    return response


def _quotable(text: str) -> str:
    """RFC 6750 error_description: printable ASCII without quote or backslash."""
    return "".join(c for c in text if 0x20 <= ord(c) <= 0x7E and c not in '"\\')


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _text_list(value) -> list[str]:
    """A list setting given as a list or as comma-separated text (the environment gives text)."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple, set, frozenset)) else str(value).split(",")
    return [str(item).strip() for item in items if str(item).strip()]
