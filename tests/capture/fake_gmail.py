"""A local stand-in for Google's OAuth token endpoint and the Gmail API, on real HTTP (127.0.0.1).

Why a fake server rather than mocks: the capture code talks to it through the real google-auth and
google-api-python-client stacks (JWT grant, bearer tokens, refresh on 401, discovery-built requests), so
the tests exercise what production runs. Only the documented JSON shapes are served:

* ``POST /token``: the JWT-bearer grant. The assertion's RS256 signature is checked against the service
  account key made by :meth:`FakeGoogle.service_account_info`, and ``sub`` (the impersonated mailbox) and
  ``scope`` (must include gmail.readonly) are checked as domain-wide delegation would.
* ``GET /gmail/v1/users/{userId}/profile | history | messages | messages/{id}``, each mailbox in memory,
  with paging (``pageToken``/``nextPageToken``), a ``historyId`` that grows as messages are added, and
  ``format=full`` payloads (headers list, nested parts, base64url bodies) built from real MIME messages.

Switches: :meth:`fail` (429, 403 rateLimitExceeded, 5xx... once, n times or until cleared),
:meth:`expire_tokens` (the API answers 401 until the client refreshes) and :meth:`forget_history` (an
older ``startHistoryId`` answers 404, as Gmail does once history is no longer available).
"""
from __future__ import annotations

import base64
import functools
import itertools
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.message import EmailMessage, Message
from email.utils import format_datetime, make_msgid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

GMAIL_READONLY = "https://www.googleapis.com/auth/gmail.readonly"
GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token"  # google-auth's fixed ``aud`` claim
JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
STATUS_NAMES = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
                429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 502: "UNAVAILABLE", 503: "UNAVAILABLE"}
DEFAULT_REASONS = {400: "badRequest", 403: "forbidden", 404: "notFound", 429: "rateLimitExceeded",
                   500: "backendError", 502: "backendError", 503: "backendError"}


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii")


def _b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class StoredMessage:
    id: str
    thread_id: str
    label_ids: list[str]
    internal_date_ms: int
    history_id: int
    payload: dict
    size: int


@dataclass
class Mailbox:
    email: str
    history_id: int = 1000
    history_floor: int = 0  # startHistoryId below this: 404, as when Gmail no longer has the history
    messages: dict[str, StoredMessage] = field(default_factory=dict)
    history: list[dict] = field(default_factory=list)  # {"id": int, "message": StoredMessage}


@dataclass
class Fault:
    method: str  # "profile", "history.list", "messages.list", "messages.get", "token" or "*"
    status: int
    reason: str
    times: int | None  # None: until clear_faults()
    message_id: str | None = None
    retry_after: int | None = None


class FakeGoogle:
    """Token endpoint plus Gmail API; use as a context manager (starts and stops the server thread)."""

    def __init__(self, token_lifetime: int = 3600):
        self.token_lifetime = token_lifetime
        self.lock = threading.RLock()
        self.mailboxes: dict[str, Mailbox] = {}
        self.faults: list[Fault] = []
        self.tokens: dict[str, tuple[str, float]] = {}  # access token -> (mailbox, expires at)
        self.token_requests: list[dict] = []  # verified JWT claims, one per token issued
        self.requests: list[tuple[str, str, dict]] = []  # (method name, userId, query) per API call
        self.responses: list[tuple[str, int]] = []  # (method name, status) per API call
        self._page_tokens: dict[str, list] = {}
        self._ids = itertools.count(0x18C2F1A9B3E40000)
        self._key = _signing_key()
        self._key_id = secrets.token_hex(20)
        self.client_email = "sendwell-capture@sendwell-test.iam.gserviceaccount.com"
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeGoogle:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._thread.join(5)

    # --- set-up -------------------------------------------------------------------------------------

    @property
    def api_endpoint(self) -> str:
        return self.url + "/"

    def service_account_info(self) -> dict:
        """A service account key like the JSON Google issues, its token_uri pointing at this fake."""
        pem = self._key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ).decode("ascii")
        return {
            "type": "service_account",
            "project_id": "sendwell-test",
            "private_key_id": self._key_id,
            "private_key": pem,
            "client_email": self.client_email,
            "client_id": "104242424242424242424",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": self.url + "/token",
            "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
            "universe_domain": "googleapis.com",
        }

    def mailbox(self, email: str) -> Mailbox:
        with self.lock:
            return self.mailboxes.setdefault(email.lower(), Mailbox(email.lower()))

    def add_message(self, mailbox: str, mime: Message, *, labels=("SENT",), internal_date: datetime | None = None,
                    thread_id: str | None = None) -> str:
        """Store a MIME message as Gmail would; the mailbox's historyId grows. Returns the Gmail id."""
        when = internal_date or datetime.now(timezone.utc)
        with self.lock:
            box = self.mailbox(mailbox)
            gmail_id = f"{next(self._ids):x}"
            box.history_id += 3  # history ids grow, not necessarily by one
            message = StoredMessage(
                id=gmail_id, thread_id=thread_id or gmail_id, label_ids=list(labels),
                internal_date_ms=int(when.timestamp() * 1000), history_id=box.history_id,
                payload=_payload(mime, ""), size=len(mime.as_bytes()),
            )
            box.messages[gmail_id] = message
            box.history.append({"id": box.history_id, "message": message})
            return gmail_id

    def send(self, mailbox: str, *, to="anna@customer.example", cc=None, subject="Hello", text=None, html=None,
             sent_at: datetime | None = None, headers: dict | None = None, thread_id: str | None = None,
             labels=("SENT",)) -> str:
        """A sent message with a text and/or HTML body (both: multipart/alternative)."""
        when = sent_at or datetime.now(timezone.utc)
        mime = EmailMessage()
        mime["From"] = f"Rep <{mailbox}>"
        mime["To"] = to
        if cc:
            mime["Cc"] = cc
        mime["Subject"] = subject
        mime["Date"] = format_datetime(when)
        mime["Message-ID"] = make_msgid(domain=mailbox.split("@")[-1])
        for name, value in (headers or {}).items():
            mime[name] = value
        if text is not None:
            mime.set_content(text)
            if html is not None:
                mime.add_alternative(html, subtype="html")
        else:
            mime.set_content(html or "", subtype="html")
        return self.add_message(mailbox, mime, labels=labels, internal_date=when, thread_id=thread_id)

    def message_id_header(self, mailbox: str, gmail_id: str) -> str:
        headers = self.mailbox(mailbox).messages[gmail_id].payload["headers"]
        return next(h["value"] for h in headers if h["name"].lower() == "message-id")

    # --- switches -----------------------------------------------------------------------------------

    def fail(self, method: str, status: int, reason: str | None = None, *, times: int | None = 1,
             message_id: str | None = None, retry_after: int | None = None) -> None:
        """Answer ``method`` with an error ``times`` times (None: until cleared), in Google's error shape."""
        with self.lock:
            self.faults.append(Fault(method, status, reason or DEFAULT_REASONS.get(status, "unknown"), times,
                                     message_id, retry_after))

    def clear_faults(self) -> None:
        with self.lock:
            self.faults.clear()

    def expire_tokens(self) -> None:
        """Every access token issued so far stops working: the API answers 401 until a refresh."""
        with self.lock:
            self.tokens = {token: (sub, 0.0) for token, (sub, _) in self.tokens.items()}

    def forget_history(self, mailbox: str) -> None:
        """History before now is gone: history.list with an older startHistoryId answers 404."""
        with self.lock:
            box = self.mailbox(mailbox)
            box.history_floor = box.history_id
            box.history = []

    def calls(self, method: str) -> list[tuple[str, str, dict]]:
        with self.lock:
            return [r for r in self.requests if r[0] == method]

    # --- serving ------------------------------------------------------------------------------------

    def _take_fault(self, method: str, message_id: str | None = None) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.method not in (method, "*"):
                    continue
                if fault.message_id and fault.message_id != message_id:
                    continue
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self.faults.remove(fault)
                return fault
        return None

    def token(self, form: dict[str, str]) -> tuple[int, dict]:
        """The JWT-bearer grant, checked as Google checks a domain-wide-delegation request."""
        if form.get("grant_type") != JWT_GRANT:
            return 400, {"error": "unsupported_grant_type", "error_description": "Invalid grant_type"}
        fault = self._take_fault("token")
        if fault:
            return fault.status, {"error": fault.reason, "error_description": "Injected token failure."}
        try:
            header_b64, claims_b64, signature_b64 = form["assertion"].split(".")
            header = json.loads(_b64url_decode(header_b64))
            claims = json.loads(_b64url_decode(claims_b64))
            self._key.public_key().verify(
                _b64url_decode(signature_b64), f"{header_b64}.{claims_b64}".encode("ascii"),
                padding.PKCS1v15(), hashes.SHA256(),
            )
        except Exception:  # malformed, or signed with another key
            return 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
        if header.get("alg") != "RS256" or header.get("kid") != self._key_id:
            return 400, {"error": "invalid_grant", "error_description": "Invalid JWT Signature."}
        if claims.get("iss") != self.client_email or claims.get("aud") not in (GOOGLE_TOKEN_URI, self.url + "/token"):
            return 400, {"error": "invalid_grant", "error_description": "Invalid JWT: iss or aud."}
        if not claims.get("exp") or claims["exp"] < time.time():
            return 400, {"error": "invalid_grant", "error_description": "Invalid JWT: Token must be a short-lived token."}
        if GMAIL_READONLY not in str(claims.get("scope", "")).split():
            return 400, {"error": "invalid_scope", "error_description": "gmail.readonly was not requested."}
        subject = str(claims.get("sub", "")).lower()
        if not subject:
            return 401, {"error": "unauthorized_client",
                         "error_description": "Client is unauthorized to retrieve access tokens using this method."}
        with self.lock:
            if subject not in self.mailboxes:
                return 400, {"error": "invalid_grant", "error_description": "Invalid email or User ID"}
            access_token = "ya29.fake-" + secrets.token_urlsafe(24)
            self.tokens[access_token] = (subject, time.time() + self.token_lifetime)
            self.token_requests.append(claims)
        return 200, {"access_token": access_token, "expires_in": self.token_lifetime, "token_type": "Bearer"}

    def api(self, path: str, query: dict[str, list[str]], authorization: str | None) -> tuple[int, dict, dict]:
        parts = path.strip("/").split("/")
        if parts[:3] != ["gmail", "v1", "users"] or len(parts) < 5:
            return (*_error(404, "notFound", "Requested entity was not found."), {})
        user, rest = unquote(parts[3]).lower(), [unquote(p) for p in parts[4:]]
        method = {("profile",): "profile", ("history",): "history.list", ("messages",): "messages.list"}.get(
            tuple(rest), "messages.get" if len(rest) == 2 and rest[0] == "messages" else None)
        if method is None:
            return (*_error(404, "notFound", "Requested entity was not found."), {})
        flat = {k: v if len(v) > 1 or k in ("labelIds", "historyTypes") else v[0] for k, v in query.items()}
        with self.lock:
            self.requests.append((method, user, flat))
        headers: dict = {}
        token = (authorization or "").removeprefix("Bearer ").strip()
        with self.lock:
            subject, expires = self.tokens.get(token, (None, 0.0))
        fault = None
        if subject is not None and expires >= time.time():  # injected faults come after authentication
            fault = self._take_fault(method, rest[1] if method == "messages.get" else None)
        if fault:
            status, body = _error(fault.status, fault.reason, f"Injected {fault.reason}.")
            if fault.retry_after:
                headers["Retry-After"] = str(fault.retry_after)
        else:
            status, body = self._answer(method, user, rest, query, subject, expires)
        with self.lock:
            self.responses.append((method, status))
        return status, body, headers

    def _answer(self, method, user, rest, query, subject, expires) -> tuple[int, dict]:
        if subject is None or expires < time.time():
            return _error(401, "authError", "Request had invalid authentication credentials. Expected OAuth 2 "
                          "access token, login cookie or other valid authentication credential.", domain="global")
        if user not in ("me", subject):
            return _error(403, "forbidden", f"Delegation denied for {subject}")
        one = {k: v[0] for k, v in query.items()}
        with self.lock:
            box = self.mailbox(subject)
            if method == "profile":
                return 200, {"emailAddress": box.email, "messagesTotal": len(box.messages),
                             "threadsTotal": len({m.thread_id for m in box.messages.values()}),
                             "historyId": str(box.history_id)}
            if method == "messages.get":
                message = box.messages.get(rest[1])
                if message is None:
                    return _error(404, "notFound", "Requested entity was not found.")
                if one.get("format", "full") != "full":
                    return _error(400, "badRequest", "This fake serves format=full only.")
                return 200, {"id": message.id, "threadId": message.thread_id, "labelIds": message.label_ids,
                             "snippet": "", "historyId": str(message.history_id),
                             "internalDate": str(message.internal_date_ms), "sizeEstimate": message.size,
                             "payload": message.payload}
            if method == "messages.list":
                return self._list_messages(box, query, one)
            return self._list_history(box, query, one)

    def _page(self, kind: str, items: list, one: dict) -> tuple[list, str | None] | None:
        """Slice a result list; later pages come from a snapshot kept under an opaque pageToken."""
        size = min(int(one.get("maxResults", 100)), 500)
        if one.get("pageToken"):
            saved = self._page_tokens.pop(one["pageToken"], None)
            if saved is None or saved[0] != kind:
                return None
            items = saved[1]
        page, remaining = items[:size], items[size:]
        next_token = None
        if remaining:
            next_token = secrets.token_urlsafe(12)
            self._page_tokens[next_token] = (kind, remaining)
        return page, next_token

    def _list_messages(self, box: Mailbox, query, one) -> tuple[int, dict]:
        labels = query.get("labelIds", [])
        try:
            after = _after(one.get("q", ""))
        except ValueError as exc:
            return _error(400, "invalidArgument", f"Invalid search query: {exc}")
        matches = sorted(
            (m for m in box.messages.values()
             if all(label in m.label_ids for label in labels) and m.internal_date_ms >= after * 1000
             and ("TRASH" not in m.label_ids and "SPAM" not in m.label_ids)),
            key=lambda m: m.internal_date_ms, reverse=True,  # newest first, as Gmail lists
        )
        paged = self._page("messages.list:" + box.email, [{"id": m.id, "threadId": m.thread_id} for m in matches], one)
        if paged is None:
            return _error(400, "invalidArgument", "Invalid pageToken")
        page, next_token = paged
        body: dict = {"resultSizeEstimate": len(page)}
        if page:
            body["messages"] = page
        if next_token:
            body["nextPageToken"] = next_token
        return 200, body

    def _list_history(self, box: Mailbox, query, one) -> tuple[int, dict]:
        try:
            start = int(one["startHistoryId"])
        except (KeyError, ValueError):
            return _error(400, "invalidArgument", "Invalid startHistoryId")
        if start < box.history_floor:
            return _error(404, "notFound", "Requested entity was not found.")
        label = one.get("labelId")
        types = query.get("historyTypes")
        records = [
            {"id": str(r["id"]),
             "messages": [{"id": r["message"].id, "threadId": r["message"].thread_id}],
             "messagesAdded": [{"message": {"id": r["message"].id, "threadId": r["message"].thread_id,
                                            "labelIds": list(r["message"].label_ids)}}]}
            for r in box.history
            if r["id"] > start and (not label or label in r["message"].label_ids)
            and (not types or "messageAdded" in types)
        ]
        paged = self._page("history:" + box.email, records, one)
        if paged is None:
            return _error(400, "invalidArgument", "Invalid pageToken")
        page, next_token = paged
        body: dict = {"historyId": str(box.history_id)}
        if page:
            body["history"] = page
        if next_token:
            body["nextPageToken"] = next_token
        return 200, body


@functools.cache
def _signing_key() -> rsa.RSAPrivateKey:
    """One fresh RSA key per test run (generating one per fake would only slow the tests)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _after(q: str) -> int:
    """The subset of Gmail search the capture uses: ``after:<epoch seconds>`` (and ``newer_than:Nd``)."""
    after = 0
    for term in q.split():
        name, _, value = term.partition(":")
        if name == "after" and value.isdigit():
            after = max(after, int(value))
        elif name == "newer_than" and value.endswith("d") and value[:-1].isdigit():
            after = max(after, int(time.time()) - int(value[:-1]) * 86400)
        else:
            raise ValueError(term)
    return after


def _payload(part: Message, part_id: str) -> dict:
    """Gmail's ``format=full`` MessagePart: headers list, base64url body data, nested parts."""
    out = {
        "partId": part_id,
        "mimeType": part.get_content_type(),
        "filename": part.get_filename() or "",
        "headers": [{"name": name, "value": str(value)} for name, value in part.items()],
    }
    if part.is_multipart():
        out["body"] = {"size": 0}
        out["parts"] = [_payload(sub, f"{part_id}.{i}" if part_id else str(i)) for i, sub in enumerate(part.get_payload())]
    else:
        data = part.get_payload(decode=True) or b""
        if out["filename"]:  # attachments are fetched separately in Gmail; the body holds only an id
            out["body"] = {"attachmentId": "ANGjdJ" + secrets.token_urlsafe(16), "size": len(data)}
        else:
            out["body"] = {"size": len(data), "data": b64url(data)}
    return out


def _error(status: int, reason: str, message: str, domain: str = "global") -> tuple[int, dict]:
    """Google's JSON error body, e.g. {"error": {"code": 403, "errors": [{"reason": "rateLimitExceeded"}]}}."""
    if reason in ("rateLimitExceeded", "userRateLimitExceeded"):
        domain = "usageLimits"
    return status, {"error": {"code": status, "message": message,
                              "errors": [{"message": message, "domain": domain, "reason": reason}],
                              "status": STATUS_NAMES.get(status, "UNKNOWN")}}


def _handler(fake: FakeGoogle):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # keep pytest output quiet
            pass

        def _send(self, status: int, body: dict, headers: dict | None = None) -> None:
            data = json.dumps(body).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=UTF-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8")
            if urlsplit(self.path).path != "/token":
                self._send(404, {"error": "not_found"})
                return
            form = {k: v[0] for k, v in parse_qs(raw).items()}
            self._send(*fake.token(form))

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            self._send(*fake.api(url.path, parse_qs(url.query), self.headers.get("Authorization")))

    return Handler
