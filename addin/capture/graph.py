"""Capture from Microsoft 365 Sent Items through Microsoft Graph, with an app-only token.

One **delta query** per rep on their Sent Items folder
(``GET /users/{id}/mailFolders/sentitems/messages/delta``). Graph answers page by page: every page but the
last carries an ``@odata.nextLink``, the last an ``@odata.deltaLink``; both are opaque URLs that already
encode the query. Each page's link is its :class:`Page` cursor, so the runner saves it with the page's
messages and a pass stopped anywhere resumes from the last recorded page; the final deltaLink makes the
next pass ask only for what was created since. ``changeType=created`` keeps edits to old sent items (a
category, a flag) out of later rounds. When Graph no longer has the delta state (410 Gone, or an error code
``syncStateNotFound`` / ``resyncRequired``) the pass starts over from an empty cursor; messages seen again
are recognised by their Internet Message-ID and never recorded twice.

**Why the review header is read as an extended property.** ``internetMessageHeaders`` holds the headers
of a message as *received*: the copy in the sender's Sent Items has none, Microsoft says so in the Graph
docs' issue tracker (microsoftgraph/microsoft-graph-docs#2716, #18761; OfficeDev/office-js#5413), so
neither ``$select``-ing it in the delta query nor a per-message ``GET ...?$select=internetMessageHeaders``
would find the header. The Outlook on-send check stamps it with ``item.internetHeaders.setAsync``, which
Exchange keeps on the item as a named MAPI string property in the ``PS_INTERNET_HEADERS`` property set
({00020386-0000-0000-C000-000000000046}). The delta function supports ``$expand`` for messages, so the
property comes back in the same request as the page: ``$expand=singleValueExtendedProperties($filter=id
eq 'String {00020386-...} Name x-sendwell-review')``, no extra round trip per message. Header names are
compared case-insensitively, and an ``internetMessageHeaders`` list is still honoured if Graph sends one.

Tokens come from msal's ``ConfidentialClientApplication`` (client secret, or a certificate's private key
and thumbprint) for ``https://graph.microsoft.com/.default``. msal caches them; on a 401 the cached ones
are dropped and the request is repeated once with a fresh token. Rate limits (429) and Graph's 5xx answers
are retried a bounded number of times, honouring ``Retry-After``. No token, secret or message text is
ever logged or put in an exception message.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import quote, urlsplit

import msal
import requests
from cryptography.hazmat.primitives.serialization import load_pem_private_key

from ..review import Party
from .message import REVIEW_HEADER, CapturedMessage, Page

log = logging.getLogger(__name__)

GRAPH_SCOPE = "https://graph.microsoft.com/.default"
DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com"
DEFAULT_GRAPH_URL = "https://graph.microsoft.com/v1.0"
INTERNET_HEADERS_SET = "{00020386-0000-0000-C000-000000000046}"  # PS_INTERNET_HEADERS
REVIEW_PROPERTY_ID = f"String {INTERNET_HEADERS_SET} Name {REVIEW_HEADER}"
SELECT = ("internetMessageId", "conversationId", "sentDateTime", "from", "toRecipients", "ccRecipients", "subject", "body")
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RESYNC_CODES = frozenset({"syncstatenotfound", "resyncrequired"})  # compared lower-case
CURSOR_LIMIT = 4000  # the capture_cursors.cursor column
REVIEW_ID_LIMIT = 64  # the activities.review_id column
MAX_PAGE_SIZE = 1000


class GraphCaptureError(RuntimeError):
    """A mailbox could not be read. The text names the mailbox and Graph's reason, never a token or secret."""


class GraphAuthError(GraphCaptureError):
    """The Microsoft identity platform issued no token (wrong secret, certificate, tenant or consent)."""


class GraphApiError(GraphCaptureError):
    def __init__(self, mailbox: str, status: int, code: str, message: str, retries: int = 0):
        self.mailbox, self.status, self.code = mailbox, status, code
        after = f" after {retries} retries" if retries else ""
        detail = f": {message[:300]}" if message else ""
        super().__init__(f"Microsoft 365 mailbox {mailbox}: Graph answered HTTP {status} {code}{detail}{after}")


class _DeltaStateGone(Exception):
    """Graph no longer has the state behind a nextLink/deltaLink; the pass must start over."""


class GraphSentItems:
    """A :class:`~addin.capture.message.SentItemsSource` over Microsoft Graph (see the module docstring)."""

    name = "graph"

    def __init__(
        self,
        tenant_id: str,
        client_id: str,
        *,
        client_secret: str | None = None,
        certificate_path: str | Path | None = None,
        certificate_thumbprint: str | None = None,
        certificate_passphrase: str | None = None,
        authority_host: str = DEFAULT_AUTHORITY_HOST,
        graph_url: str = DEFAULT_GRAPH_URL,
        page_size: int = 50,
        body_type: str = "html",
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
        max_retries: int = 5,
        initial_backoff: float = 1.0,
        max_backoff: float = 60.0,
        max_retry_after: float = 300.0,
        timeout: float = 60.0,
    ):
        """``session`` carries every HTTP call, msal's included, so its ``verify`` (or REQUESTS_CA_BUNDLE)
        decides which certificate authorities are trusted. ``body_type`` "html" (the default) keeps the
        markup the review engine uses to find Outlook's quoted history and signature; "text" asks Graph for
        ``Prefer: outlook.body-content-type="text"``. Raises ValueError on unusable settings."""
        if not tenant_id or not client_id:
            raise ValueError("tenant_id and client_id are required")
        if bool(client_secret) == bool(certificate_path):
            raise ValueError("give either a client_secret or a certificate_path (with its thumbprint), not both or neither")
        if not 1 <= int(page_size) <= MAX_PAGE_SIZE:
            raise ValueError(f"page_size must be between 1 and {MAX_PAGE_SIZE}")
        if body_type not in ("html", "text"):
            raise ValueError('body_type must be "html" or "text"')
        self.tenant_id = str(tenant_id).strip()
        self.client_id = str(client_id).strip()
        self._credential = (
            str(client_secret) if client_secret
            else _certificate_credential(certificate_path, certificate_thumbprint, certificate_passphrase)
        )
        self.authority = f"{_https_base(authority_host, 'authority_host')}/{quote(self.tenant_id, safe='')}"
        self.graph_url = _https_base(graph_url, "graph_url", allow_http=True)
        self.page_size = int(page_size)
        self.body_type = body_type
        self.session = session or requests.Session()
        self.sleep = sleep
        self.max_retries = max_retries
        self.initial_backoff = initial_backoff
        self.max_backoff = max_backoff
        self.max_retry_after = max_retry_after
        self.timeout = timeout
        self._msal: msal.ConfidentialClientApplication | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:  # never the secret or the key
        return f"GraphSentItems(tenant={self.tenant_id!r}, client_id={self.client_id!r}, graph_url={self.graph_url!r})"

    @classmethod
    def from_config(cls, config) -> GraphSentItems:
        """Reads GRAPH_TENANT_ID, GRAPH_CLIENT_ID, GRAPH_CLIENT_SECRET or GRAPH_CERTIFICATE_PATH with
        GRAPH_CERTIFICATE_THUMBPRINT (and GRAPH_CERTIFICATE_PASSPHRASE for an encrypted key),
        GRAPH_AUTHORITY_HOST, GRAPH_URL and GRAPH_PAGE_SIZE (SENDWELL_GRAPH_* in the environment).
        A ValueError names the setting that is missing or wrong."""

        def get(key: str) -> str | None:
            value = config.get("GRAPH_" + key)
            return None if value is None or str(value).strip() == "" else str(value).strip()

        for key, what in (("TENANT_ID", "the directory (tenant) ID"), ("CLIENT_ID", "the application (client) ID")):
            if not get(key):
                raise ValueError(
                    f"SENDWELL_GRAPH_{key} is not set: give {what} of the Entra app registration that has the "
                    "Mail.Read application permission (see docs/capture.md)"
                )
        secret, certificate, thumbprint = get("CLIENT_SECRET"), get("CERTIFICATE_PATH"), get("CERTIFICATE_THUMBPRINT")
        if secret and certificate:
            raise ValueError("set SENDWELL_GRAPH_CLIENT_SECRET or SENDWELL_GRAPH_CERTIFICATE_PATH, not both")
        if not secret and not certificate:
            raise ValueError(
                "SENDWELL_GRAPH_CLIENT_SECRET is not set (nor SENDWELL_GRAPH_CERTIFICATE_PATH with "
                "SENDWELL_GRAPH_CERTIFICATE_THUMBPRINT): give the app registration a credential (see docs/capture.md)"
            )
        if certificate and not thumbprint:
            raise ValueError("SENDWELL_GRAPH_CERTIFICATE_THUMBPRINT is not set: give the certificate's SHA-1 thumbprint "
                             "as shown in the app registration")
        raw_size = config.get("GRAPH_PAGE_SIZE", 50)
        try:
            page_size = int(raw_size)
            if not 1 <= page_size <= MAX_PAGE_SIZE or str(page_size) != str(raw_size).strip():
                raise ValueError
        except (TypeError, ValueError):
            raise ValueError(
                f"SENDWELL_GRAPH_PAGE_SIZE must be a whole number from 1 to {MAX_PAGE_SIZE} (got {raw_size!r})"
            ) from None
        hosts = {"AUTHORITY_HOST": get("AUTHORITY_HOST") or DEFAULT_AUTHORITY_HOST, "URL": get("URL") or DEFAULT_GRAPH_URL}
        for key, value in hosts.items():
            try:
                _https_base(value, key, allow_http=key == "URL")
            except ValueError as exc:
                raise ValueError(f"SENDWELL_GRAPH_{key}: {exc}") from None
        try:
            return cls(
                get("TENANT_ID"), get("CLIENT_ID"), client_secret=secret, certificate_path=certificate,
                certificate_thumbprint=thumbprint, certificate_passphrase=get("CERTIFICATE_PASSPHRASE"),
                authority_host=hosts["AUTHORITY_HOST"], graph_url=hosts["URL"], page_size=page_size,
            )
        except ValueError as exc:  # only certificate problems are left at this point
            setting = "SENDWELL_GRAPH_CERTIFICATE_THUMBPRINT" if "thumbprint" in str(exc) else "SENDWELL_GRAPH_CERTIFICATE_PATH"
            raise ValueError(f"{setting}: {exc}") from None

    # --- SentItemsSource ------------------------------------------------------------------------------

    def pages(self, mailbox: str, cursor: str | None) -> Iterator[Page]:
        """Pages of the delta round that ``cursor`` (a saved nextLink or deltaLink) points into, or of a
        full round when there is none, it is not a link to this Graph, or Graph has forgotten its state."""
        start = self.delta_url(mailbox)
        url = start
        if cursor:
            if self._is_ours(cursor):
                url = cursor
            else:
                log.warning("Graph capture of %s: the saved cursor is not a link to %s; starting a full pass",
                            mailbox, self.graph_url)
        restarted = False
        while True:
            try:
                data = self._get(mailbox, url)
            except _DeltaStateGone:
                if restarted or url == start:
                    raise GraphCaptureError(
                        f"Microsoft 365 mailbox {mailbox}: Graph reports the delta state gone even for a fresh pass"
                    ) from None
                log.info("Graph capture of %s: the delta state expired; starting a full pass", mailbox)
                restarted, url = True, start
                continue
            next_link, delta_link = data.get("@odata.nextLink"), data.get("@odata.deltaLink")
            link = next_link or delta_link
            if not isinstance(link, str) or not self._is_ours(link):
                raise GraphCaptureError(
                    f"Microsoft 365 mailbox {mailbox}: a delta page came without a nextLink or deltaLink to {self.graph_url}"
                )
            messages = messages_from_page(data.get("value") or ())
            yield Page(messages, cursor=link if len(link) <= CURSOR_LIMIT else None)
            if not next_link:
                return
            url = next_link

    def delta_url(self, mailbox: str) -> str:
        """The first request of a full round: what to select and expand is encoded into every link after it."""
        expand = f"singleValueExtendedProperties($filter=id eq '{REVIEW_PROPERTY_ID}')"
        query = "&".join((
            "changeType=created",
            "$select=" + ",".join(SELECT),
            "$expand=" + quote(expand, safe="$(),='{}"),
        ))
        return f"{self.graph_url}/users/{quote(mailbox.strip(), safe='@')}/mailFolders/sentitems/messages/delta?{query}"

    # --- HTTP -----------------------------------------------------------------------------------------

    def _get(self, mailbox: str, url: str) -> dict:
        """GET ``url`` with a bearer token: one fresh token after a 401, bounded retries on 429/5xx and
        network errors (Retry-After first, else exponential back-off)."""
        prefer = f"odata.maxpagesize={self.page_size}"
        if self.body_type == "text":
            prefer += ', outlook.body-content-type="text"'
        refreshed = False
        retries = 0
        while True:
            headers = {"Authorization": "Bearer " + self._token(), "Prefer": prefer, "Accept": "application/json"}
            try:
                response = self.session.get(url, headers=headers, timeout=self.timeout, allow_redirects=False)
            except requests.RequestException as exc:
                if retries >= self.max_retries:
                    raise GraphCaptureError(
                        f"Microsoft 365 mailbox {mailbox}: cannot reach Microsoft Graph ({type(exc).__name__}) "
                        f"after {retries} retries"
                    ) from None
                delay = self._backoff(retries)
                log.warning("Graph capture of %s: %s; retrying in %.1fs", mailbox, type(exc).__name__, delay)
                self.sleep(delay)
                retries += 1
                continue
            if response.status_code == 200:
                try:
                    data = response.json()
                except ValueError:
                    data = None
                if not isinstance(data, dict):
                    raise GraphCaptureError(f"Microsoft 365 mailbox {mailbox}: Graph answered 200 without a JSON object")
                return data
            code, message = _graph_error(response)
            if response.status_code == 401 and not refreshed:
                log.info("Graph capture of %s: the access token was refused (%s); getting a fresh one", mailbox, code)
                self._forget_tokens()
                refreshed = True
                continue
            if response.status_code == 410 or code.lower() in RESYNC_CODES:
                raise _DeltaStateGone()
            if response.status_code in RETRY_STATUSES and retries < self.max_retries:
                delay = self._retry_after(response.headers.get("Retry-After"))
                delay = self._backoff(retries) if delay is None else delay
                log.warning("Graph capture of %s: HTTP %s %s; retrying in %.1fs", mailbox, response.status_code, code, delay)
                self.sleep(delay)
                retries += 1
                continue
            raise GraphApiError(mailbox, response.status_code, code, message, retries)

    def _backoff(self, retries: int) -> float:
        return min(self.initial_backoff * 2**retries, self.max_backoff)

    def _retry_after(self, value: str | None) -> float | None:
        """Seconds from a Retry-After header (delta-seconds or an HTTP date), at most ``max_retry_after``."""
        if not value:
            return None
        try:
            seconds = float(value)
        except ValueError:
            try:
                seconds = (parsedate_to_datetime(value) - datetime.now(timezone.utc)).total_seconds()
            except (TypeError, ValueError, IndexError):
                return None
        return min(max(seconds, 0.0), self.max_retry_after)

    def _is_ours(self, link: str) -> bool:
        """Only links under the configured Graph URL ever get the bearer token."""
        mine, theirs = urlsplit(self.graph_url), urlsplit(link)
        return (
            (theirs.scheme.lower(), theirs.netloc.lower()) == (mine.scheme.lower(), mine.netloc.lower())
            and theirs.path.lower().startswith(mine.path.lower().rstrip("/") + "/")
        )

    # --- tokens ---------------------------------------------------------------------------------------

    def _app(self) -> msal.ConfidentialClientApplication:
        """Built on first use (msal reads the authority's OpenID configuration when it is created).

        ``instance_discovery=False``: the authority host is the operator's setting, not input to check
        against Microsoft's list, and msal would otherwise ask login.microsoftonline.com about any host it
        does not know (a sovereign cloud it has not listed, a proxy, the tests' fake)."""
        with self._lock:
            if self._msal is None:
                try:
                    self._msal = msal.ConfidentialClientApplication(
                        self.client_id, client_credential=self._credential, authority=self.authority,
                        http_client=self.session, instance_discovery=False, token_cache=msal.TokenCache(),
                    )
                except (ValueError, requests.RequestException) as exc:
                    reason = type(exc).__name__ if isinstance(exc, requests.RequestException) else "no OpenID configuration"
                    raise GraphAuthError(
                        f"cannot use the Microsoft identity platform at {self.authority} ({reason}); "
                        "check SENDWELL_GRAPH_AUTHORITY_HOST and SENDWELL_GRAPH_TENANT_ID"
                    ) from None
            return self._msal

    def _token(self) -> str:
        app = self._app()
        try:
            result = app.acquire_token_for_client(scopes=[GRAPH_SCOPE])
        except requests.RequestException as exc:
            raise GraphAuthError(
                f"cannot reach the Microsoft identity platform at {self.authority} ({type(exc).__name__})"
            ) from None
        token = (result or {}).get("access_token")
        if not token:
            error = str((result or {}).get("error") or "no_token")
            description = str((result or {}).get("error_description") or "").strip().splitlines()
            detail = f" ({description[0][:200]})" if description else ""
            raise GraphAuthError(
                f"the Microsoft identity platform issued no token to app {self.client_id} in tenant "
                f"{self.tenant_id}: {error}{detail}"
            )
        return token

    def _forget_tokens(self) -> None:
        """msal serves its cached token until shortly before expiry and refuses ``force_refresh`` for the
        client-credentials grant, so a token Graph has refused is removed from the cache instead."""
        self._app().remove_tokens_for_client()


# --- one delta page to CapturedMessages ------------------------------------------------------------------


def messages_from_page(values) -> tuple[CapturedMessage, ...]:
    """The messages of a delta page's ``value``: ``@removed`` entries and unsent items are skipped."""
    out = []
    for raw in values:
        if not isinstance(raw, dict) or "@removed" in raw:
            continue
        message = parse_message(raw)
        if message is not None:
            out.append(message)
    return tuple(out)


def parse_message(raw: dict) -> CapturedMessage | None:
    """A Graph ``message`` (the fields in :data:`SELECT`) as a CapturedMessage; None without a sentDateTime
    (a draft is not a sent email)."""
    sent_at = _timestamp(raw.get("sentDateTime"))
    message_id = str(raw.get("internetMessageId") or "").strip() or (f"graph:{raw['id']}" if raw.get("id") else "")
    if sent_at is None or not message_id:
        return None
    body = raw.get("body") or {}
    body_format = "html" if str(body.get("contentType") or "").lower() == "html" else "text"
    senders = _parties([raw.get("from")])
    review_id = _review_id(raw)
    return CapturedMessage(
        message_id=message_id,
        sent_at=sent_at,
        to=_parties(raw.get("toRecipients")),
        cc=_parties(raw.get("ccRecipients")),
        subject=str(raw.get("subject") or ""),
        body=str(body.get("content") or ""),
        body_format=body_format,
        thread_id=str(raw.get("conversationId") or "") or None,
        sender=senders[0] if senders else None,
        review_id=review_id if review_id and len(review_id) <= REVIEW_ID_LIMIT else None,
    )


_PROPERTY_ID = re.compile(r"^\s*string\s+(\{[0-9a-f-]+\})\s+name\s+(.+?)\s*$", re.IGNORECASE)


def _review_id(raw: dict) -> str | None:
    """The x-sendwell-review value: the PS_INTERNET_HEADERS named property, else internetMessageHeaders."""
    for prop in raw.get("singleValueExtendedProperties") or ():
        match = _PROPERTY_ID.match(str((prop or {}).get("id") or ""))
        if match and match.group(1).lower() == INTERNET_HEADERS_SET.lower() and match.group(2).lower() == REVIEW_HEADER:
            value = str(prop.get("value") or "").strip()
            if value:
                return value
    for header in raw.get("internetMessageHeaders") or ():
        if str((header or {}).get("name") or "").strip().lower() == REVIEW_HEADER:
            value = str(header.get("value") or "").strip()
            if value:
                return value
    return None


def _parties(recipients) -> tuple[Party, ...]:
    """``[{"emailAddress": {"name", "address"}}]``; entries without an SMTP address (an X.500 DN) are dropped."""
    out = []
    for recipient in recipients or ():
        email = (recipient or {}).get("emailAddress") or {}
        address = str(email.get("address") or "").strip()
        if "@" in address:
            out.append(Party(address, str(email.get("name") or "").strip() or None))
    return tuple(out)


def _timestamp(value) -> datetime | None:
    """Graph's ISO 8601 UTC timestamps ("2024-05-01T09:30:00Z"), always timezone-aware."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _graph_error(response: requests.Response) -> tuple[str, str]:
    """Code and message of Graph's JSON error (``{"error": {"code", "message"}}``)."""
    try:
        error = response.json().get("error") or {}
        return str(error.get("code") or "") or _reason(response), str(error.get("message") or "")
    except (ValueError, AttributeError):
        return _reason(response), ""


def _reason(response: requests.Response) -> str:
    return (response.reason or "error").replace(" ", "")


def _https_base(url: str, what: str, allow_http: bool = False) -> str:
    """``url`` without a trailing slash; https only (http for Graph is allowed on loopback, for tests)."""
    parts = urlsplit(str(url).strip())
    loopback = parts.hostname in ("127.0.0.1", "localhost", "::1")
    if not parts.netloc or parts.scheme not in ("https", "http") or (parts.scheme == "http" and not (allow_http and loopback)):
        raise ValueError(f"{what} must be an https:// URL (got {url!r})")
    if parts.query or parts.fragment:
        raise ValueError(f"{what} must not carry a query or fragment (got {url!r})")
    return str(url).strip().rstrip("/")


_PEM_KEY = re.compile(r"-----BEGIN (?:ENCRYPTED |RSA |EC )?PRIVATE KEY-----.+?-----END (?:ENCRYPTED |RSA |EC )?PRIVATE KEY-----", re.S)
_PEM_CERT = re.compile(r"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----", re.S)


def _certificate_credential(path, thumbprint: str | None, passphrase: str | None) -> dict:
    """msal's certificate credential from a PEM file holding the private key (and perhaps the certificate).

    The key is parsed here so that a wrong file or passphrase is reported at start-up, by setting, not on
    the first token request. Messages name the file, never its content."""
    if not thumbprint:
        raise ValueError("a certificate needs its thumbprint")
    clean = re.sub(r"[\s:]", "", str(thumbprint))
    if not re.fullmatch(r"[0-9A-Fa-f]{40}", clean):
        raise ValueError("the thumbprint must be the certificate's SHA-1 thumbprint: 40 hexadecimal digits")
    try:
        text = Path(path).read_text(encoding="ascii")
    except OSError as exc:
        raise ValueError(f"cannot read {path} ({exc.strerror or type(exc).__name__})") from None
    except UnicodeDecodeError:
        raise ValueError(f"{path} is not a PEM file") from None
    key = _PEM_KEY.search(text)
    if key is None:
        raise ValueError(f"{path} holds no PEM private key")
    try:
        load_pem_private_key(key.group(0).encode("ascii"), password=passphrase.encode() if passphrase else None)
    except (ValueError, TypeError):
        raise ValueError(f"the private key in {path} cannot be loaded (wrong or missing passphrase?)") from None
    credential = {"private_key": key.group(0), "thumbprint": clean.upper()}
    if passphrase:
        credential["passphrase"] = passphrase
    cert = _PEM_CERT.search(text)
    if cert:
        credential["public_certificate"] = cert.group(0)  # sent as x5c: enables subject name/issuer auth
    return credential
