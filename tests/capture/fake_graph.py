"""A local stand-in for the Microsoft identity platform and Microsoft Graph, on real HTTPS (127.0.0.1).

Why a fake server rather than mocks: the capture code reaches it through the real msal and requests stacks
(OpenID discovery, client-credentials grant with a secret or a signed client assertion, TLS verification,
token caching), so the tests exercise what production runs. The certificate authority and the server's
certificate are made with ``cryptography`` when the fake starts; clients trust it through
:attr:`FakeMicrosoft.ca_path` (``session.verify`` or ``REQUESTS_CA_BUNDLE``). Only documented shapes:

* ``GET /{tenant}/v2.0/.well-known/openid-configuration``: what msal reads to find the token endpoint.
* ``POST /{tenant}/oauth2/v2.0/token``: ``grant_type=client_credentials`` for scope
  ``https://graph.microsoft.com/.default``, authenticated by ``client_secret`` or by an RS256
  ``client_assertion`` whose ``x5t`` names the registered certificate and whose signature its key checks.
  Tokens are opaque and expire after ``token_lifetime`` seconds (or at once, on :meth:`expire_tokens`).
* ``GET /v1.0/users/{id}/mailFolders/sentitems/messages/delta``: a delta round over an in-memory Sent Items
  folder: ``$select`` (only the selected properties come back), ``$expand=singleValueExtendedProperties(
  $filter=id eq '...')`` (custom internet headers live in the PS_INTERNET_HEADERS property set, as Exchange
  stores the ones an add-in sets; header names match case-insensitively), ``changeType``,
  ``Prefer: odata.maxpagesize`` and ``outlook.body-content-type``, ``@odata.nextLink`` with an opaque
  ``$skiptoken`` and a final ``@odata.deltaLink`` with an opaque ``$deltatoken``; a later round returns what
  was sent since, and ``@removed`` entries for deletions unless ``changeType=created``. Errors use Graph's
  ``{"error": {"code", "message", "innerError"}}`` shape.

Switches: :meth:`fail` (429/503 with ``Retry-After``, 500... once, n times, after n pages, or until
cleared), :meth:`expire_tokens` (now or after n pages: Graph answers 401 InvalidAuthenticationToken),
``refuse_tokens`` (every token, fresh ones too), :meth:`expire_delta_state` (every saved link answers 410
resyncRequired, or another status with syncStateNotFound), :meth:`deny` (403 ErrorAccessDenied).
"""
from __future__ import annotations

import base64
import functools
import ipaddress
import itertools
import json
import re
import secrets
import ssl
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, unquote, urlsplit

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

GRAPH_SCOPE = "https://graph.microsoft.com/.default"
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
INTERNET_HEADERS_SET = "{00020386-0000-0000-c000-000000000046}"
MESSAGE_PROPERTIES = {
    "id", "internetMessageId", "conversationId", "sentDateTime", "receivedDateTime", "from", "sender",
    "toRecipients", "ccRecipients", "bccRecipients", "subject", "body", "bodyPreview", "isDraft",
    "internetMessageHeaders", "parentFolderId", "hasAttachments", "isRead", "importance",
}
DELTA_PATH = re.compile(r"^/v1\.0/users/([^/]+)/mailFolders(?:/sentitems|\('sentitems'\))/messages/delta$", re.I)
EXPAND = re.compile(r"^singleValueExtendedProperties\(\$filter=(.+)\)$")
PROPERTY_ID = re.compile(r"^String (\{[0-9A-Fa-f-]+\}) Name (.+)$")


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# --- certificates (made once per test session: key generation is the slow part) ---------------------------


@functools.cache
def _tls_material() -> tuple[bytes, bytes, bytes]:
    """A throwaway CA and a server certificate for 127.0.0.1 / localhost it signed: (ca, cert, key) PEM."""
    now = datetime.now(timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Sendwell test CA")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1)).not_valid_after(now + timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    key_pem = key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return ca.public_bytes(pem), cert.public_bytes(pem), key_pem


@functools.cache
def client_certificate() -> tuple[bytes, bytes, str]:
    """An RSA key and self-signed certificate for certificate credentials: (key PEM, cert PEM, SHA-1 hex)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sendwell-capture")])
    now = datetime.now(timezone.utc)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number()).not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=2)).sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return key_pem, cert.public_bytes(serialization.Encoding.PEM), cert.fingerprint(hashes.SHA1()).hex().upper()


# --- state ---------------------------------------------------------------------------------------------


@dataclass
class FakeMessage:
    id: str
    internet_message_id: str
    conversation_id: str
    sent_at: datetime
    sender: dict
    to: list[dict]
    cc: list[dict]
    subject: str
    body: str
    content_type: str  # "html" | "text"
    headers: dict[str, str]  # custom internet headers the add-in set (PS_INTERNET_HEADERS)
    seq: int  # when it appeared in Sent Items


@dataclass
class Mailbox:
    address: str
    messages: list[FakeMessage] = field(default_factory=list)
    removed: list[tuple[int, str]] = field(default_factory=list)  # (seq, message id)
    denied: bool = False


@dataclass
class DeltaState:
    """One round (``$skiptoken``) or the start of the next one (``$deltatoken``)."""

    mailbox: str
    since: int
    until: int
    offset: int
    select: tuple[str, ...] | None
    expand_ids: tuple[str, ...]
    change_type: str | None
    generation: int


@dataclass
class Fault:
    status: int
    code: str
    message: str
    times: int | None  # None: until clear_faults()
    after: int  # pages still to serve first
    retry_after: str | None = None


@dataclass
class App:
    client_id: str
    secret: str | None = None
    thumbprint: str | None = None  # SHA-1 hex of the registered certificate
    public_key: object = None


class FakeMicrosoft:
    """The identity platform and Graph behind one HTTPS server; see the module docstring."""

    def __init__(self, tenant_id: str = "contoso.onmicrosoft.com", token_lifetime: int = 3600):
        self.tenant_id = tenant_id
        self.token_lifetime = token_lifetime
        self.apps: dict[str, App] = {}
        self.mailboxes: dict[str, Mailbox] = {}
        self.tokens: dict[str, float] = {}  # access token -> expiry (epoch seconds)
        self.issued: list[str] = []
        self.token_requests: list[dict] = []  # form fields, secrets and assertions removed
        self.requests: list[tuple[str, int, dict]] = []  # Graph: (path?query, status, selected request headers)
        self.states: dict[str, DeltaState] = {}
        self.faults: list[Fault] = []
        self.pending_expiry: int | None = None  # expire every token after this many more pages
        self.generation = 0  # bumped by expire_delta_state(): older links are gone
        self.refuse_tokens = False  # Graph refuses every token, even fresh ones (e.g. consent revoked)
        self.gone = (410, "resyncRequired", "Mailbox sync state is no longer available; a full resync is required.")
        self._seq = itertools.count(1)
        self._lock = threading.RLock()
        self._dir = tempfile.TemporaryDirectory(prefix="fake-graph-")
        ca, cert, key = _tls_material()
        self.ca_path = str(Path(self._dir.name) / "ca.pem")
        Path(self.ca_path).write_bytes(ca)
        (Path(self._dir.name) / "server.pem").write_bytes(cert + key)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(str(Path(self._dir.name) / "server.pem"))
        self.server = _TLSServer(("127.0.0.1", 0), _handler(self), context)
        self.base = f"https://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeMicrosoft:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)
        self._dir.cleanup()

    @property
    def authority_host(self) -> str:
        return self.base

    @property
    def graph_url(self) -> str:
        return self.base + "/v1.0"

    # --- set-up --------------------------------------------------------------------------------------

    def register_app(self, client_id: str | None = None, *, secret: str | None = None, certificate: bytes | None = None) -> App:
        """An app registration with a client secret and/or a certificate (PEM) as credentials."""
        app = App(client_id or str(uuid.uuid4()), secret=secret)
        if certificate:
            cert = x509.load_pem_x509_certificate(certificate)
            app.thumbprint = cert.fingerprint(hashes.SHA1()).hex().upper()
            app.public_key = cert.public_key()
        self.apps[app.client_id] = app
        return app

    def mailbox(self, address: str) -> Mailbox:
        with self._lock:
            return self.mailboxes.setdefault(address.lower(), Mailbox(address.lower()))

    def send(self, mailbox: str, *, to="Anna Berg <anna@customer.example>", cc=(), subject="Hello", text=None,
             html=None, sent_at: datetime | None = None, headers: dict[str, str] | None = None,
             conversation_id: str | None = None, sender_name: str = "Rep Smith") -> FakeMessage:
        """A message the rep sent, as it lands in their Sent Items."""
        box = self.mailbox(mailbox)
        body, content_type = (html, "html") if html is not None else (text if text is not None else "Hi.", "text")
        with self._lock:
            message = FakeMessage(
                id="AAMkAD" + b64url(secrets.token_bytes(24)),
                internet_message_id=f"<{uuid.uuid4().hex}@{box.address.split('@')[-1]}>",
                conversation_id=conversation_id or "AAQkAD" + b64url(secrets.token_bytes(12)),
                sent_at=(sent_at or datetime.now(timezone.utc)).astimezone(timezone.utc).replace(microsecond=0),
                sender=_address(f"{sender_name} <{box.address}>"),
                to=[_address(a) for a in ([to] if isinstance(to, str) else to)],
                cc=[_address(a) for a in ([cc] if isinstance(cc, str) else cc)],
                subject=subject, body=body, content_type=content_type, headers=dict(headers or {}),
                seq=next(self._seq),
            )
            box.messages.append(message)
        return message

    def delete(self, mailbox: str, message: FakeMessage) -> None:
        with self._lock:
            box = self.mailbox(mailbox)
            box.messages.remove(message)
            box.removed.append((next(self._seq), message.id))

    def deny(self, mailbox: str) -> None:
        """Graph refuses this mailbox (an application access policy leaves it out): 403 ErrorAccessDenied."""
        self.mailbox(mailbox).denied = True

    # --- switches ------------------------------------------------------------------------------------

    def fail(self, status: int, code: str | None = None, *, times: int | None = 1, after: int = 0,
             retry_after: int | str | None = None, message: str | None = None) -> None:
        """Answer the next delta requests with ``status`` (after serving ``after`` more pages)."""
        default = {429: ("TooManyRequests", "Too many requests."), 500: ("InternalServerError", "An internal server error occurred."),
                   503: ("ServiceUnavailable", "Service is temporarily unavailable."), 504: ("GatewayTimeout", "Gateway timeout.")}
        code_, message_ = default.get(status, ("BadRequest", "Bad request."))
        with self._lock:
            self.faults.append(Fault(status, code or code_, message or message_, times, after,
                                     None if retry_after is None else str(retry_after)))

    def clear_faults(self) -> None:
        with self._lock:
            self.faults.clear()
            self.pending_expiry = None

    def expire_tokens(self, after_pages: int = 0) -> None:
        """Every token issued so far stops working, now or once ``after_pages`` more pages are served
        (msal still holds it as valid: the client must notice the 401 and get another)."""
        with self._lock:
            if after_pages:
                self.pending_expiry = after_pages
            else:
                self._expire_now()

    def expire_delta_state(self, status: int = 410, code: str = "resyncRequired") -> None:
        """Every nextLink and deltaLink handed out so far is gone: answered ``status`` with ``code``."""
        with self._lock:
            self.generation += 1
            self.gone = (status, code, "The sync state generation is no longer valid." if code != "resyncRequired"
                         else "Mailbox sync state is no longer available; a full resync is required.")

    def _expire_now(self) -> None:
        for token in self.tokens:
            self.tokens[token] = 0

    # --- what happened -------------------------------------------------------------------------------

    def statuses(self) -> list[int]:
        return [status for _, status, _ in self.requests]

    # --- identity platform ---------------------------------------------------------------------------

    def openid_configuration(self, tenant: str) -> tuple[int, dict]:
        if tenant != self.tenant_id:
            return 400, {"error": "invalid_tenant", "error_description": f"AADSTS90002: Tenant '{tenant}' not found."}
        base = f"{self.base}/{tenant}"
        return 200, {
            "token_endpoint": f"{base}/oauth2/v2.0/token",
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
            "issuer": f"{base}/v2.0",
            "jwks_uri": f"{base}/discovery/v2.0/keys",
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "scopes_supported": ["openid", "profile", "email", "offline_access"],
            "tenant_region_scope": "EU",
        }

    def token(self, tenant: str, form: dict[str, str]) -> tuple[int, dict]:
        with self._lock:
            self.token_requests.append({k: v for k, v in form.items() if k not in ("client_secret", "client_assertion")})
        if tenant != self.tenant_id:
            return 400, _aad_error("invalid_request", 90002, f"Tenant '{tenant}' not found.")
        if form.get("grant_type") != "client_credentials":
            return 400, _aad_error("unsupported_grant_type", 70003, "The app requested an unsupported grant type.")
        app = self.apps.get(form.get("client_id", ""))
        if app is None:
            return 400, _aad_error("unauthorized_client", 700016,
                                   f"Application with identifier '{form.get('client_id')}' was not found in the directory.")
        if form.get("scope") != GRAPH_SCOPE:
            return 400, _aad_error("invalid_scope", 1002012, f"The provided value for scope {form.get('scope')} is not valid.")
        if "client_secret" in form:
            if not app.secret or not secrets.compare_digest(form["client_secret"], app.secret):
                return 401, _aad_error("invalid_client", 7000215,
                                       "Invalid client secret provided. Ensure the secret being sent in the request is "
                                       "the client secret value, not the client secret ID.")
        elif form.get("client_assertion_type") == JWT_BEARER:
            problem = self._check_assertion(app, tenant, form.get("client_assertion", ""))
            if problem:
                return 401, _aad_error("invalid_client", *problem)
        else:
            return 401, _aad_error("invalid_client", 7000218, "The request body must contain the following parameter: "
                                                              "'client_assertion' or 'client_secret'.")
        token = "fake-at." + secrets.token_urlsafe(32)
        with self._lock:
            self.tokens[token] = time.time() + self.token_lifetime
            self.issued.append(token)
        return 200, {"token_type": "Bearer", "expires_in": self.token_lifetime, "ext_expires_in": self.token_lifetime,
                     "access_token": token}

    def _check_assertion(self, app: App, tenant: str, assertion: str) -> tuple[int, str] | None:
        """RS256 JWT signed by the registered certificate's key, for this token endpoint, from this app."""
        try:
            head, payload, signature = assertion.split(".")
            header, claims = json.loads(_b64url_decode(head)), json.loads(_b64url_decode(payload))
        except ValueError:
            return 50027, "JWT token is invalid or malformed."
        if not app.public_key:
            return 700027, "Client assertion contains an invalid signature: no certificate is registered."
        if header.get("alg") != "RS256" or _b64url_decode(header.get("x5t", "")).hex().upper() != app.thumbprint:
            used = _b64url_decode(header.get("x5t", "")).hex().upper()
            return 700027, ("Client assertion contains an invalid signature. [Reason - The key was not found., "
                            f"Thumbprint of key used by client: '{used}']")
        try:
            app.public_key.verify(_b64url_decode(signature), f"{head}.{payload}".encode(), padding.PKCS1v15(), hashes.SHA256())
        except Exception:
            return 700027, "Client assertion failed signature validation."
        if claims.get("aud") != f"{self.base}/{tenant}/oauth2/v2.0/token" or claims.get("iss") != app.client_id \
                or claims.get("sub") != app.client_id or float(claims.get("exp", 0)) < time.time():
            return 700024, "Client assertion is not within its valid time range or has the wrong audience or issuer."
        return None

    # --- Graph ---------------------------------------------------------------------------------------

    def graph(self, path: str, query: str, headers) -> tuple[int, dict, dict]:
        status, body, extra = self._graph(path, query, headers)
        with self._lock:
            seen = {k: headers.get(k) for k in ("Prefer",) if headers.get(k)}
            self.requests.append((path + ("?" + query if query else ""), status, seen))
        return status, body, extra

    def _graph(self, path: str, query: str, headers) -> tuple[int, dict, dict]:
        match = DELTA_PATH.match(path)
        auth = headers.get("Authorization") or ""
        if not auth.startswith("Bearer ") or not auth[7:]:
            return _graph_error(401, "InvalidAuthenticationToken", "Access token is empty.", www_authenticate=True)
        with self._lock:
            expiry = self.tokens.get(auth[7:])
        if expiry is None or expiry < time.time() or self.refuse_tokens:
            return _graph_error(401, "InvalidAuthenticationToken", "Lifetime validation failed, the token is expired.",
                                www_authenticate=True)
        if not match:
            return _graph_error(400, "BadRequest", f"Resource not found for the segment '{path.rsplit('/', 1)[-1]}'.")
        user = unquote(match.group(1)).lower()
        with self._lock:
            fault = self._take_fault()
        if fault:
            extra = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            return _graph_error(fault.status, fault.code, fault.message, extra=extra)
        box = self.mailboxes.get(user)
        if box is None:
            return _graph_error(404, "ErrorInvalidUser", f"The requested user '{user}' is invalid.")
        if box.denied:
            return _graph_error(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.")
        params = parse_qs(query, keep_blank_values=True)
        if "$skiptoken" in params or "$deltatoken" in params:
            token = (params.get("$skiptoken") or params.get("$deltatoken"))[0]
            with self._lock:
                state = self.states.get(token)
                gone = state is None or state.generation != self.generation or state.mailbox != user
                status, code, message = self.gone
            if gone:
                return _graph_error(status, code, message)
            if "$deltatoken" in params:  # the next round: what appeared since the last one
                with self._lock:
                    state = DeltaState(user, state.until, next(self._seq), 0, state.select, state.expand_ids,
                                       state.change_type, state.generation)
        else:
            parsed = self._initial(params)
            if isinstance(parsed, tuple):
                return parsed
            with self._lock:
                state = DeltaState(user, 0, next(self._seq), 0, *parsed, self.generation)
        return self._page(box, state, _prefer(headers.get("Prefer") or ""))

    def _initial(self, params) -> tuple | list:
        select = None
        if "$select" in params:
            select = tuple(s.strip() for s in params["$select"][0].split(",") if s.strip())
            unknown = [s for s in select if s not in MESSAGE_PROPERTIES]
            if unknown:
                return _graph_error(400, "RequestBroker--ParseUri",
                                    f"Could not find a property named '{unknown[0]}' on type 'microsoft.graph.message'.")
        expand_ids: tuple[str, ...] = ()
        if "$expand" in params:
            found = EXPAND.match(params["$expand"][0])
            ids = re.findall(r"id eq '([^']+)'", found.group(1)) if found else []
            if not found or not ids or not re.fullmatch(r"id eq '[^']+'(?: or id eq '[^']+')*", found.group(1)):
                return _graph_error(400, "BadRequest", "Parsing OData Select and Expand failed: unsupported $expand.")
            expand_ids = tuple(ids)
        change_type = (params.get("changeType") or [None])[0]
        if change_type not in (None, "created", "updated", "deleted"):
            return _graph_error(400, "ErrorInvalidParameter", "The value of the parameter 'changeType' is invalid.")
        return [select, expand_ids, change_type]

    def _page(self, box: Mailbox, state: DeltaState, prefer: dict) -> tuple[int, dict, dict]:
        size = max(1, min(int(prefer.get("odata.maxpagesize", 10)), 1000))
        as_text = prefer.get("outlook.body-content-type", "").strip('"').lower() == "text"
        with self._lock:
            items: list = []
            if state.change_type in (None, "created"):
                items += [m for m in sorted(box.messages, key=lambda m: m.seq) if state.since < m.seq <= state.until]
            if state.change_type in (None, "deleted"):
                items += [mid for seq, mid in box.removed if state.since < seq <= state.until]
            chunk = items[state.offset:state.offset + size]
            value = [self._entity(m, state, as_text) if isinstance(m, FakeMessage) else
                     {"@odata.type": "#microsoft.graph.message", "id": m, "@removed": {"reason": "deleted"}} for m in chunk]
            link_base = f"{self.graph_url}/users/{quote(box.address, safe='@')}/mailFolders('sentitems')/messages/delta"
            token = b64url(secrets.token_bytes(24))
            body = {"@odata.context": f"{self.graph_url}/$metadata#Collection(message)", "value": value}
            if state.offset + size < len(items):
                self.states[token] = DeltaState(**{**state.__dict__, "offset": state.offset + size})
                body["@odata.nextLink"] = f"{link_base}?$skiptoken={token}"
            else:
                self.states[token] = state
                body["@odata.deltaLink"] = f"{link_base}?$deltatoken={token}"
            for fault in self.faults:
                fault.after = max(0, fault.after - 1)
            if self.pending_expiry is not None:
                self.pending_expiry -= 1
                if self.pending_expiry <= 0:
                    self.pending_expiry = None
                    self._expire_now()
        applied = [f"odata.maxpagesize={size}"] + (['outlook.body-content-type="text"'] if as_text else [])
        return 200, body, {"Preference-Applied": ", ".join(applied)}

    def _entity(self, m: FakeMessage, state: DeltaState, as_text: bool) -> dict:
        body = {"contentType": "text", "content": _strip_tags(m.body)} if as_text and m.content_type == "html" \
            else {"contentType": m.content_type, "content": m.body}
        full = {
            "id": m.id, "internetMessageId": m.internet_message_id, "conversationId": m.conversation_id,
            "sentDateTime": m.sent_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "receivedDateTime": m.sent_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "from": m.sender, "sender": m.sender, "toRecipients": m.to, "ccRecipients": m.cc, "bccRecipients": [],
            "subject": m.subject, "body": body, "bodyPreview": _strip_tags(m.body)[:255], "isDraft": False,
            "isRead": True, "importance": "normal", "hasAttachments": False, "parentFolderId": "AAMkADsentitems",
        }
        # The Sent Items copy carries no transport headers: internetMessageHeaders is absent, as in Exchange.
        out = {"@odata.type": "#microsoft.graph.message", "@odata.etag": f'W/"{b64url(m.id.encode())[:24]}"'}
        out.update({k: v for k, v in full.items() if state.select is None or k in state.select or k == "id"})
        properties = []
        for wanted in state.expand_ids:
            parsed = PROPERTY_ID.match(wanted)
            if not parsed or parsed.group(1).lower() != INTERNET_HEADERS_SET:
                continue
            for name, value in m.headers.items():
                if name.lower() == parsed.group(2).lower():
                    properties.append({"id": f"String {INTERNET_HEADERS_SET} Name {name}", "value": value})
        if properties:
            out["singleValueExtendedProperties"] = properties
        return out

    def _take_fault(self) -> Fault | None:
        for fault in self.faults:
            if fault.after > 0:
                continue
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    self.faults.remove(fault)
            return fault
        return None


def _address(text: str) -> dict:
    match = re.fullmatch(r"\s*(?:(.*?)\s*<([^>]+)>|([^<>\s]+))\s*", text)
    name, address = (match.group(1), match.group(2)) if match and match.group(2) else ("", match.group(3) if match else text)
    return {"emailAddress": {"name": name or address, "address": address}}


def _strip_tags(html: str) -> str:
    return re.sub(r"\s+\n", "\n", re.sub(r"<[^>]+>", "", re.sub(r"</p>|<br\s*/?>", "\n", html))).strip()


def _prefer(header: str) -> dict[str, str]:
    out = {}
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        if name:
            out[name.strip().lower()] = value.strip()
    return out


def _aad_error(error: str, code: int, description: str) -> dict:
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%SZ")
    trace = str(uuid.uuid4())
    return {"error": error, "error_description": f"AADSTS{code}: {description} Trace ID: {trace} Timestamp: {now}",
            "error_codes": [code], "timestamp": now, "trace_id": trace, "correlation_id": str(uuid.uuid4())}


def _graph_error(status: int, code: str, message: str, *, extra: dict | None = None,
                 www_authenticate: bool = False) -> tuple[int, dict, dict]:
    inner = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S"), "request-id": str(uuid.uuid4()),
             "client-request-id": str(uuid.uuid4())}
    headers = dict(extra or {})
    if www_authenticate:
        headers["WWW-Authenticate"] = ('Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", '
                                       'client_id="00000003-0000-0000-c000-000000000000"')
    return status, {"error": {"code": code, "message": message, "innerError": inner}}, headers


class _TLSServer(ThreadingHTTPServer):
    """TLS is set up in each connection's own thread, so a slow handshake holds up no one else."""

    daemon_threads = True

    def __init__(self, address, handler, context: ssl.SSLContext):
        self.context = context
        super().__init__(address, handler)

    def finish_request(self, request, client_address) -> None:
        try:
            request = self.context.wrap_socket(request, server_side=True)
        except (ssl.SSLError, OSError):
            return
        super().finish_request(request, client_address)


def _handler(fake: FakeMicrosoft):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 30

        def log_message(self, *args) -> None:  # keep pytest output quiet
            pass

        def _send(self, status: int, body: dict, headers: dict | None = None) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            found = re.fullmatch(r"/([^/]+)/v2\.0/\.well-known/openid-configuration", parts.path)
            if found:
                self._send(*fake.openid_configuration(unquote(found.group(1))))
                return
            self._send(*fake.graph(parts.path, parts.query, self.headers))

        def do_POST(self) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode(), keep_blank_values=True).items()}
            found = re.fullmatch(r"/([^/]+)/oauth2/v2\.0/token", parts.path)
            if not found:
                self._send(404, {"error": "not_found"})
                return
            self._send(*fake.token(unquote(found.group(1)), form))

    return Handler
