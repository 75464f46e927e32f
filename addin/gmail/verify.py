"""Every ``/gmail/`` request must come from Google, on behalf of a signed-in Workspace user.

Google calls the add-on's HTTP endpoints with two ID tokens, and both are checked before any view runs:

1. ``Authorization: Bearer <system ID token>``: signed by Google for the project's add-on service account
   (``GMAIL_ADDON_SERVICE_ACCOUNT``, from ``gcloud workspace-add-ons get-authorization``), with the full URL
   of the endpoint being called as its audience. That URL is rebuilt from ``GMAIL_ADDON_BASE_URL`` and the
   request path rather than from the Host header, which a proxy in front of the service may rewrite (and an
   attacker may choose). Without this check anyone could post events to the endpoints.
2. ``authorizationEventObject.userIdToken`` in the JSON body: signed by Google for the user, with the add-on's
   OAuth client id (``GMAIL_ADDON_OAUTH_CLIENT_ID``) as its audience. Its verified email becomes
   ``g.identity_email``, which ``addin.identity.current_rep_email`` returns: the rep is never taken from
   anything the caller could forge.

Google's signing certificates are cached (see :class:`CertificateCache`), so verification costs no network
round trip per request. A failure answers 401 problem JSON and logs a short reason: never a token, a claim
value or the event body, which carry the user's identity and mail metadata.

``GMAIL_VERIFY_REQUESTS = false`` skips the checks, for the card views' tests only: it is refused at start-up
unless ``TESTING`` is on, and ignored at request time if ``TESTING`` was switched off later.
"""
from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any, Callable, Mapping

import google.auth.exceptions
import google.auth.transport
import google.auth.transport.requests
import jwt as pyjwt
import requests
from flask import Flask, current_app, g, request
from google.oauth2 import id_token

from ..problems import problem_response
from . import bp

log = logging.getLogger(__name__)

GOOGLE_CERTS_URL = "https://www.googleapis.com/oauth2/v1/certs"
GOOGLE_ISSUERS = frozenset({"accounts.google.com", "https://accounts.google.com"})
SETTINGS = ("GMAIL_ADDON_BASE_URL", "GMAIL_ADDON_SERVICE_ACCOUNT", "GMAIL_ADDON_OAUTH_CLIENT_ID")
CLOCK_SKEW_SECONDS = 10  # tolerated difference between Google's clock and ours for iat/exp
EXTENSION = "sendwell.gmail.certs"


class VerificationFailed(Exception):
    """A request that did not prove it came from the add-on. ``reason`` is short and safe to log."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class CertificatesUnavailable(Exception):
    """Google's certificates could not be fetched: our problem (or Google's), not the caller's."""


# ---------------------------------------------------------------------------------------------------------
# Certificate cache


class _CachedResponse(google.auth.transport.Response):
    def __init__(self, status: int, headers: Mapping[str, str], data: bytes):
        self._status, self._headers, self._data = status, dict(headers), data

    @property
    def status(self) -> int:
        return self._status

    @property
    def headers(self) -> Mapping[str, str]:
        return self._headers

    @property
    def data(self) -> bytes:
        return self._data


def max_age(headers: Mapping[str, str]) -> int | None:
    """Seconds a response may be reused, from ``Cache-Control`` (less ``Age``); None when it does not say."""
    lowered = {key.lower(): value for key, value in headers.items()}
    directives = [part.strip().lower() for part in lowered.get("cache-control", "").split(",") if part.strip()]
    if "no-store" in directives or "no-cache" in directives:
        return 0
    for directive in directives:
        name, _, value = directive.partition("=")
        if name.strip() == "max-age":
            try:
                seconds = int(value.strip().strip('"'))
            except ValueError:
                return None
            try:
                seconds -= int(lowered.get("age", "0"))
            except ValueError:
                pass
            return max(seconds, 0)
    return None


class CertificateCache(google.auth.transport.Request):
    """A google-auth transport that remembers successful GETs for as long as ``Cache-Control`` allows.

    google-auth fetches the certificate set on every ``verify_token`` call; Google serves it with a
    ``max-age`` of several hours, so reusing it saves a round trip on every add-on request. Responses without
    a ``max-age`` are kept ``default_ttl`` seconds, and none longer than ``max_ttl``. Failed fetches are not
    cached. Thread-safe: concurrent misses may fetch twice, which is harmless.
    """

    def __init__(
        self,
        session: requests.Session | None = None,
        default_ttl: int = 300,
        max_ttl: int = 24 * 3600,
        min_refetch_interval: int = 60,
        clock: Callable[[], float] = time.monotonic,
    ):
        self._inner = google.auth.transport.requests.Request(session or requests.Session())
        self.default_ttl, self.max_ttl, self.min_refetch_interval = default_ttl, max_ttl, min_refetch_interval
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, float, _CachedResponse]] = {}  # url → (fetched, expires, response)

    def __call__(self, url, method="GET", body=None, headers=None, timeout=None, **kwargs):
        if method.upper() != "GET" or body is not None:
            return self._inner(url, method=method, body=body, headers=headers, timeout=timeout, **kwargs)
        now = self._clock()
        with self._lock:
            entry = self._entries.get(url)
            if entry and entry[1] > now:
                return entry[2]
        response = self._inner(url, method="GET", headers=headers, timeout=timeout or 10, **kwargs)
        if response.status == 200:
            ttl = max_age(response.headers)
            ttl = self.default_ttl if ttl is None else min(ttl, self.max_ttl)
            if ttl > 0:
                cached = _CachedResponse(response.status, response.headers, response.data)
                with self._lock:
                    self._entries[url] = (now, now + ttl, cached)
                return cached
        return response

    def forget_unless_knows(self, url: str, key_id: str | None) -> None:
        """Drop a cached set that lacks ``key_id`` (Google rotated its keys), at most once a minute.

        The interval keeps a stream of tokens with made-up key ids from turning into a stream of fetches.
        """
        if not key_id:
            return
        with self._lock:
            entry = self._entries.get(url)
            if not entry or self._clock() - entry[0] < self.min_refetch_interval:
                return
            try:
                known = json.loads(entry[2].data.decode("utf-8"))
            except ValueError:
                known = {}
            if isinstance(known, dict) and key_id not in known and key_id not in {
                key.get("kid") for key in known.get("keys", []) if isinstance(key, dict)
            }:
                del self._entries[url]


def certificate_cache(app: Flask | None = None) -> CertificateCache:
    """The app's certificate cache (one per app, so tests never share fetched certificates)."""
    app = app or current_app
    cache = app.extensions.get(EXTENSION)
    if cache is None:
        cache = app.extensions.setdefault(EXTENSION, CertificateCache())
    return cache


# ---------------------------------------------------------------------------------------------------------
# Verification


def settings_complete(config: Mapping[str, Any]) -> bool:
    return all(str(config.get(name) or "").strip() for name in SETTINGS)


def verification_enabled(config: Mapping[str, Any]) -> bool:
    """Only a test app may turn verification off."""
    return not config.get("TESTING") or not _switched_off(config.get("GMAIL_VERIFY_REQUESTS", True))


def endpoint_url(base_url: str, path: str, query_string: bytes = b"") -> str:
    """The URL Google called, as it appears in the deployment (and so in the system token's audience)."""
    url = base_url.strip().rstrip("/") + path
    if query_string:
        url += "?" + query_string.decode("latin-1")
    return url


def verify_google_id_token(
    token: str, audience: str, transport: CertificateCache, certs_url: str, what: str
) -> Mapping[str, Any]:
    """Signature, expiry, audience and issuer of a Google-signed ID token; raises VerificationFailed."""
    if not audience:  # never let google-auth skip the audience check
        raise VerificationFailed(f"{what}: no audience configured")
    transport.forget_unless_knows(certs_url, _key_id(token))
    try:
        claims = id_token.verify_token(
            token, transport, audience=audience, certs_url=certs_url, clock_skew_in_seconds=CLOCK_SKEW_SECONDS
        )
    except google.auth.exceptions.TransportError as exc:
        raise CertificatesUnavailable(type(exc).__name__) from None
    except (ValueError, TypeError, google.auth.exceptions.GoogleAuthError) as exc:
        # The messages may quote the token, so only a classification is kept.
        raise VerificationFailed(f"{what}: {_classify(exc)}") from None
    if claims.get("iss") not in GOOGLE_ISSUERS:
        raise VerificationFailed(f"{what}: not issued by Google")
    return claims


def verify_system_token(authorization: str | None, url: str, config: Mapping[str, Any], transport) -> None:
    """Step 1: the bearer token is Google's, for this endpoint, for this project's add-on service account."""
    if not authorization:
        raise VerificationFailed("missing Authorization header")
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token or " " in token:
        raise VerificationFailed("malformed Authorization header")
    claims = verify_google_id_token(token, url, transport, _certs_url(config), "system token")
    expected = str(config["GMAIL_ADDON_SERVICE_ACCOUNT"]).strip().lower()
    if str(claims.get("email", "")).lower() != expected:
        raise VerificationFailed("system token: not the add-on's service account")
    if not _truthy(claims.get("email_verified")):
        raise VerificationFailed("system token: email not verified")


def verify_user_token(event: Any, config: Mapping[str, Any], transport) -> str:
    """Step 2: the user ID token in the event body; returns the user's verified email, lower-cased."""
    auth = event.get("authorizationEventObject") if isinstance(event, dict) else None
    token = auth.get("userIdToken") if isinstance(auth, dict) else None
    if not isinstance(token, str) or not token.strip():
        raise VerificationFailed("user token: missing from the event")
    audience = str(config["GMAIL_ADDON_OAUTH_CLIENT_ID"]).strip()
    claims = verify_google_id_token(token.strip(), audience, transport, _certs_url(config), "user token")
    email = claims.get("email")
    if not isinstance(email, str) or "@" not in email:
        raise VerificationFailed("user token: no email (is the userinfo.email scope in the deployment?)")
    if not _truthy(claims.get("email_verified")):
        raise VerificationFailed("user token: email not verified")
    return email.strip().lower()


@bp.record_once
def _refuse_disabled_verification(state) -> None:
    """Start-up check: turning verification off outside tests would open the endpoints to anyone."""
    config = state.app.config
    if not config.get("TESTING") and _switched_off(config.get("GMAIL_VERIFY_REQUESTS", True)):
        raise RuntimeError(
            "GMAIL_VERIFY_REQUESTS is false but TESTING is not on: Gmail add-on requests must be verified. "
            "Remove the setting (it exists for tests only)."
        )


@bp.before_request
def _verify_gmail_request():
    config = current_app.config
    if not verification_enabled(config):
        return None
    if not settings_complete(config):
        log.warning("gmail add-on request refused: %s not configured", ", ".join(SETTINGS))
        return problem_response(
            503,
            "Service Unavailable",
            "Gmail add-on not configured: set GMAIL_ADDON_BASE_URL, GMAIL_ADDON_SERVICE_ACCOUNT and "
            "GMAIL_ADDON_OAUTH_CLIENT_ID (see docs/gmail.md).",
        )
    transport = certificate_cache()
    url = endpoint_url(config["GMAIL_ADDON_BASE_URL"], request.path, request.query_string)
    try:
        verify_system_token(request.headers.get("Authorization"), url, config, transport)
        g.identity_email = verify_user_token(request.get_json(silent=True), config, transport)
    except VerificationFailed as failure:
        log.warning("gmail add-on request rejected (%s %s): %s", request.method, request.path, failure.reason)
        response = problem_response(
            401, "Unauthorized", "This request could not be verified as coming from the Sendwell Gmail add-on."
        )
        response.headers["WWW-Authenticate"] = 'Bearer realm="sendwell-gmail"'
        return response
    except CertificatesUnavailable as exc:
        log.error("gmail add-on request not verified: Google's certificates unavailable (%s)", exc)
        return problem_response(
            503, "Service Unavailable", "Google's signing certificates could not be fetched; try again shortly."
        )
    return None


# ---------------------------------------------------------------------------------------------------------


def _certs_url(config: Mapping[str, Any]) -> str:
    return str(config.get("GMAIL_CERTS_URL") or GOOGLE_CERTS_URL)


def _truthy(value: Any) -> bool:
    """A claim that is true: JSON ``true`` (or the string Google used in old tokens)."""
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _switched_off(value: Any) -> bool:
    """Only an explicit false value turns verification off; anything unclear keeps it on."""
    if isinstance(value, str):
        return value.strip().lower() in {"false", "0", "no", "off"}
    return value is False or value == 0


def _key_id(token: str) -> str | None:
    try:
        header = pyjwt.get_unverified_header(token)  # only to pick a certificate; verified just after
    except (pyjwt.PyJWTError, ValueError, TypeError):
        return None
    kid = header.get("kid")
    return kid if isinstance(kid, str) else None


def _classify(exc: Exception) -> str:
    """A short, token-free description of why google-auth refused a token."""
    message = str(exc).lower()
    for needle, reason in (
        ("expired", "expired"),
        ("too early", "not yet valid"),
        ("wrong audience", "wrong audience"),
        ("algorithm", "unsupported algorithm"),
        ("could not verify token signature", "bad signature"),
        ("certificate for key id", "unknown signing key"),
        ("segments", "not a JWT"),
        ("required claim", "missing iat/exp"),
    ):
        if needle in message:
            return reason
    return "invalid (" + type(exc).__name__ + ")"
