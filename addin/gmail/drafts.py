"""Gmail API access for the add-on, with the user's own OAuth token from the event (never a stored one).

Two reads, each needing its own scope:

* the draft being written (compose card, opt-in deployments only): the compose trigger's event carries the
  recipients but never the draft's id or text, so ``find_draft`` lists the user's drafts and picks the one in
  this thread, else the one to the same recipients, else the most recently changed. It needs a restricted
  scope (``gmail.readonly``, or ``gmail.compose``/``gmail.modify``), granted only where the deployment asks
  for it (``manifest/gmail/deployment-draft-access.json``);
* the message the user opened (contextual trigger): ``users.messages.get`` with the event's per-message
  ``gmail.accessToken`` in the ``X-Goog-Gmail-Access-Token`` header and the add-on scope
  ``gmail.addons.current.message.readonly``.

Only the winning draft is read in full: the others are fetched as metadata, so the text of drafts the rep is
not asking about never reaches this process.

Rate limits (429, and 403 ``rateLimitExceeded``/``userRateLimitExceeded``), 5xx and network errors are retried
with exponential back-off, briefly: a card must answer within seconds, so a ``Retry-After`` longer than
``max_backoff`` fails at once with :class:`GmailRateLimited` instead of waiting. ``sleep`` is injectable.
"""
from __future__ import annotations

import json
import time
from typing import Callable

import google_auth_httplib2
import httplib2
from google.auth.exceptions import RefreshError, TransportError
from google.oauth2.credentials import Credentials
from googleapiclient.discovery import build
from googleapiclient.errors import HttpError

GMAIL = "https://www.googleapis.com/auth/"
MESSAGE_SCOPE = GMAIL + "gmail.addons.current.message.readonly"
DRAFT_SCOPE = GMAIL + "gmail.readonly"  # what the draft-access deployment declares; asked for when missing
# Any of these lets users.drafts.list/get read a draft (from the Gmail API's discovery document).
DRAFT_SCOPES = frozenset({DRAFT_SCOPE, GMAIL + "gmail.compose", GMAIL + "gmail.modify", "https://mail.google.com/"})
# Any of these lets users.messages.get read the open message.
MESSAGE_SCOPES = frozenset({MESSAGE_SCOPE, GMAIL + "gmail.readonly", GMAIL + "gmail.modify", "https://mail.google.com/"})

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RATE_LIMIT_REASONS = frozenset({"rateLimitExceeded", "userRateLimitExceeded", "RATE_LIMIT_EXCEEDED"})
SCOPE_REASONS = frozenset({"insufficientPermissions", "ACCESS_TOKEN_SCOPE_INSUFFICIENT"})
MESSAGE_TOKEN_HEADER = "X-Goog-Gmail-Access-Token"
DRAFT_CANDIDATES = 10  # drafts considered when none is in this thread


class GmailError(Exception):
    """A Gmail API call failed. The text names the call and Google's reason, never a token or email text."""

    def __init__(self, call: str, status: int, reason: str, message: str = ""):
        self.call, self.status, self.reason = call, status, reason
        super().__init__(f"{call} failed with HTTP {status} {reason}" + (f" ({message[:200]})" if message else ""))


class GmailScopeMissing(GmailError):
    """403: the user's token lacks the scope the call needs (granular consent lets users refuse scopes)."""


class GmailRejectedToken(GmailError):
    """401: the token from the event is no longer accepted; reopening the add-on brings a fresh one."""


class GmailRateLimited(GmailError):
    """429 or a rate-limit 403 that outlasted the retries."""


class GmailNotFound(GmailError):
    """404: the draft or message is gone."""


class GmailUnavailable(GmailError):
    """5xx or the network, after the retries."""


def missing_scope(authorized: object, accepted: frozenset[str], wanted: str) -> list[str]:
    """``[wanted]`` when the event lists the granted scopes and none of ``accepted`` is among them.

    An event without ``authorizedScopes`` says nothing either way: the call is tried, and a 403 for
    insufficient scopes leads to the same consent request."""
    if not isinstance(authorized, list):
        return []
    return [] if accepted & {s for s in authorized if isinstance(s, str)} else [wanted]


def api_id(event_id: str | None) -> str | None:
    """The Gmail API's hex id for an id as the add-on event may spell it ("thread-f:1576…" is decimal)."""
    if not event_id:
        return None
    prefix, sep, number = event_id.partition(":")
    if sep and prefix in ("thread-f", "msg-f", "thread-a", "msg-a") and number.isdigit():
        return format(int(number), "x")
    return event_id


class GmailClient:
    """One add-on request's Gmail API client, authorised with the user's token from the event.

    ``transport`` is the plain ``httplib2.Http`` under the authorisation layer (tests pass a
    ``googleapiclient.http.HttpMockSequence``). The token cannot be refreshed (the event carries no refresh
    token), so a 401 is reported, not retried."""

    def __init__(
        self,
        oauth_token: str,
        *,
        transport: httplib2.Http | None = None,
        api_endpoint: str | None = None,
        timeout: float = 10.0,
        max_retries: int = 3,
        initial_backoff: float = 0.5,
        max_backoff: float = 4.0,
        sleep: Callable[[float], None] = time.sleep,
    ):
        credentials = Credentials(token=oauth_token)
        http = google_auth_httplib2.AuthorizedHttp(
            credentials, http=transport or httplib2.Http(timeout=timeout), refresh_status_codes=()
        )
        options = {"api_endpoint": api_endpoint} if api_endpoint else None
        self.users = build(
            "gmail", "v1", http=http, static_discovery=True, cache_discovery=False, client_options=options
        ).users()
        self.max_retries, self.initial_backoff, self.max_backoff, self.sleep = max_retries, initial_backoff, max_backoff, sleep

    def __repr__(self) -> str:  # never show the token
        return "GmailClient()"

    # --- the two reads ------------------------------------------------------------------------------

    def find_draft(self, thread_id: str | None = None, to: tuple[str, ...] = ()) -> dict | None:
        """The Gmail ``Message`` (format=full) of the draft being written, or None when there is none yet.

        Preference: a draft in ``thread_id`` (a reply); else one addressed to exactly ``to``; else the most
        recently changed (highest ``internalDate``)."""
        listed = self._execute("users.drafts.list", self.users.drafts().list(userId="me", maxResults=DRAFT_CANDIDATES))
        drafts = [d for d in listed.get("drafts") or () if isinstance(d, dict) and d.get("id")]
        if not drafts:
            return None
        thread = api_id(thread_id)
        in_thread = [d for d in drafts if thread and (d.get("message") or {}).get("threadId") == thread]
        if in_thread:
            chosen = in_thread[0]["id"]
        elif len(drafts) == 1:
            chosen = drafts[0]["id"]
        else:
            chosen = self._best_candidate(drafts, to)
            if chosen is None:
                return None
        try:
            draft = self._execute("users.drafts.get", self.users.drafts().get(userId="me", id=chosen, format="full"))
        except GmailNotFound:  # sent or discarded since it was listed
            return None
        return draft.get("message") or None

    def get_message(self, message_id: str, message_token: str | None) -> dict:
        """The open message (format=full), read with the add-on's per-message access token."""
        request = self.users.messages().get(userId="me", id=message_id, format="full")
        if message_token:
            request.headers[MESSAGE_TOKEN_HEADER] = message_token
        return self._execute("users.messages.get", request)

    def _best_candidate(self, drafts: list[dict], to: tuple[str, ...]) -> str | None:
        wanted = {a.strip().lower() for a in to if a and "@" in a}
        best: tuple[bool, int] | None = None
        chosen = None
        for draft in drafts:
            try:
                meta = self._execute("users.drafts.get", self.users.drafts().get(userId="me", id=draft["id"], format="metadata"))
            except GmailNotFound:
                continue
            message = meta.get("message") or {}
            recipients = _addresses(message, "to")
            try:
                changed = int(message.get("internalDate") or 0)
            except (TypeError, ValueError):
                changed = 0
            rank = (bool(wanted) and recipients == wanted, changed)
            if best is None or rank > best:
                best, chosen = rank, draft["id"]
        return chosen

    # --- retries --------------------------------------------------------------------------------------

    def _execute(self, call: str, request) -> dict:
        for attempt in range(self.max_retries + 1):
            try:
                return request.execute(num_retries=0)
            except HttpError as exc:
                status, reason, message = google_error(exc)
                error = _classify(call, status, reason, message)
                if not isinstance(error, (GmailRateLimited, GmailUnavailable)) or attempt == self.max_retries:
                    raise error from exc
                delay = self.initial_backoff * 2**attempt
                retry_after = _seconds(exc.resp.get("retry-after"))
                if retry_after is not None:
                    if retry_after > self.max_backoff:
                        raise error from exc  # the card cannot wait that long
                    delay = max(delay, retry_after)
            except RefreshError as exc:
                raise GmailRejectedToken(call, 401, "tokenNotRefreshable") from exc
            except (TransportError, httplib2.HttpLib2Error, OSError) as exc:
                if attempt == self.max_retries:
                    raise GmailUnavailable(call, 0, type(exc).__name__) from exc
                delay = self.initial_backoff * 2**attempt
            self.sleep(min(delay, self.max_backoff))
        raise AssertionError("unreachable")


def google_error(exc: HttpError) -> tuple[int, str, str]:
    """Status, reason and message of Google's JSON error body.

    The reason is the legacy ``errors[0].reason`` when present ("rateLimitExceeded"), else the
    ``google.rpc.ErrorInfo`` reason in ``details`` ("ACCESS_TOKEN_SCOPE_INSUFFICIENT"), else ``status``."""
    status = int(exc.resp.status)
    reason, message = "", ""
    try:
        error = json.loads(exc.content.decode("utf-8"))["error"]
        message = str(error.get("message") or "")
        errors = error.get("errors") or []
        details = [d for d in error.get("details") or [] if isinstance(d, dict) and d.get("reason")]
        reason = str((errors[0].get("reason") if errors else None) or (details[0]["reason"] if details else None) or error.get("status") or "")
        if reason not in SCOPE_REASONS and any(d.get("reason") in SCOPE_REASONS for d in details):
            reason = next(d["reason"] for d in details if d.get("reason") in SCOPE_REASONS)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        pass
    return status, reason or "error", message


def _classify(call: str, status: int, reason: str, message: str) -> GmailError:
    if status == 401:
        return GmailRejectedToken(call, status, reason, message)
    if status == 403 and (reason in SCOPE_REASONS or "insufficient authentication scopes" in message.lower()):
        return GmailScopeMissing(call, status, reason, message)
    if status == 429 or (status == 403 and reason in RATE_LIMIT_REASONS):
        return GmailRateLimited(call, status, reason, message)
    if status == 404:
        return GmailNotFound(call, status, reason, message)
    if status in RETRY_STATUSES:
        return GmailUnavailable(call, status, reason, message)
    return GmailError(call, status, reason, message)


def _addresses(message: dict, header: str) -> set[str]:
    from email.utils import getaddresses

    values = [
        str(h.get("value", ""))
        for h in (message.get("payload") or {}).get("headers") or ()
        if str(h.get("name", "")).lower() == header
    ]
    return {address.strip().lower() for _name, address in getaddresses(values) if "@" in address}


def _seconds(value) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None
