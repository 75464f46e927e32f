"""Entra ID's signing keys (a JWKS document), fetched over HTTPS and cached in memory.

Why a cache with rules rather than a fetch per request: Microsoft asks resource servers to re-read the key
set about once a day, and keys roll over without notice, so a token can name a key we have not seen yet.
The rules here:

* keys are kept for ``ttl`` seconds (24 h) and then re-read;
* a token naming an unknown ``kid`` forces one re-read, but at most one such forced re-read per
  ``refetch_interval`` (5 min), so a flood of made-up key ids cannot make us hammer Microsoft;
* when a fetch fails we say so (``KeysUnavailable``, the caller answers 503) and do not try again for
  ``retry_after`` seconds; a failed daily refresh keeps serving the keys we already hold.

One ``KeySet`` serves one JWKS URL; it is thread-safe (the dev server and production servers are threaded).
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Callable

import jwt
import requests

log = logging.getLogger(__name__)

DAY = 24 * 60 * 60


class KeysUnavailable(Exception):
    """The key set could not be fetched (network error, HTTP error, or not a usable JWKS document)."""


@dataclass(frozen=True)
class SigningKey:
    """One RSA verification key and the ``issuer`` Microsoft scopes it to (None when the JWK has none)."""

    kid: str
    key: object  # a cryptography RSA public key
    issuer: str | None


class KeySet:
    """The cached keys of one JWKS URL."""

    def __init__(
        self,
        url: str,
        *,
        ttl: float = DAY,
        refetch_interval: float = 5 * 60,
        retry_after: float = 30,
        timeout: float = 5,
        clock: Callable[[], float] = time.monotonic,
        session: requests.Session | None = None,
    ):
        self.url = url
        self.ttl = ttl
        self.refetch_interval = refetch_interval
        self.retry_after = retry_after
        self.timeout = timeout
        self.clock = clock
        self._http = session or requests.Session()
        self._lock = threading.Lock()
        self._keys: dict[str, SigningKey] = {}
        self._fetched_at: float | None = None  # last successful fetch
        self._failed_at: float | None = None  # last failed fetch
        self._forced_at: float | None = None  # last re-read forced by an unknown kid

    def get(self, kid: str) -> SigningKey | None:
        """The key ``kid``, or None when it is unknown even after the (rate-limited) re-read.

        Raises ``KeysUnavailable`` when keys are needed and cannot be fetched."""
        with self._lock:
            now = self.clock()
            fresh = False
            if self._fetched_at is None or now - self._fetched_at >= self.ttl:
                fresh = self._refresh(now, keep_old_on_failure=True)
            key = self._keys.get(kid)
            if key is not None or fresh:
                return key  # (a key set read just now would not change on a second read)
            if self._forced_at is not None and now - self._forced_at < self.refetch_interval:
                return None
            self._forced_at = now
            log.info("signing key id not in the cached key set; re-reading %s once (key rollover?)", self.url)
            self._refresh(now, keep_old_on_failure=False)
            return self._keys.get(kid)

    def _refresh(self, now: float, keep_old_on_failure: bool) -> bool:
        """Re-read the key set; True when it was read, False when the old keys are kept after a failure."""
        if self._failed_at is not None and now - self._failed_at < self.retry_after:
            if keep_old_on_failure and self._keys:
                return False
            raise KeysUnavailable(f"the last attempt to read {self.url} failed moments ago")
        try:
            self._keys = self._fetch()
        except KeysUnavailable as exc:
            self._failed_at = now
            log.warning("cannot read Entra ID signing keys from %s: %s", self.url, exc)
            if keep_old_on_failure and self._keys:
                return False  # serve the keys we have; try again after retry_after
            raise
        self._fetched_at = now
        self._failed_at = None
        return True

    def _fetch(self) -> dict[str, SigningKey]:
        try:
            response = self._http.get(self.url, timeout=self.timeout, headers={"Accept": "application/json"})
        except requests.RequestException as exc:
            raise KeysUnavailable(f"{type(exc).__name__}") from None
        if response.status_code != 200:
            raise KeysUnavailable(f"HTTP {response.status_code}")
        try:
            document = response.json()
        except ValueError:
            raise KeysUnavailable("the response is not JSON") from None
        entries = document.get("keys") if isinstance(document, dict) else None
        if not isinstance(entries, list):
            raise KeysUnavailable("the response has no 'keys' list")
        keys = {}
        for entry in entries:
            key = _signing_key(entry)
            if key is not None:
                keys[key.kid] = key
        if not keys:
            raise KeysUnavailable("the key set holds no RSA signing keys")
        return keys


def _signing_key(entry: object) -> SigningKey | None:
    """An RSA signature key from one JWK, or None for anything else (encryption keys, other key types)."""
    if not isinstance(entry, dict) or entry.get("kty") != "RSA" or entry.get("use", "sig") != "sig":
        return None
    kid = entry.get("kid")
    if not isinstance(kid, str) or not kid:
        return None
    try:
        key = jwt.PyJWK(entry, algorithm="RS256").key
    except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError, TypeError):
        return None
    issuer = entry.get("issuer")
    return SigningKey(kid=kid, key=key, issuer=issuer if isinstance(issuer, str) else None)
