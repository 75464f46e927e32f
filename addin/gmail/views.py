"""The Gmail add-on's endpoints: a JSON event in, card JSON out (see docs/gmail.md "Cards and endpoints").

Triggers (Google calls them when the rep opens the add-on, a compose window or a message):

* ``POST /gmail/homepage``: what Sendwell does, this week's headlines, a box to review a pasted draft;
* ``POST /gmail/compose``: the recipients and what to use about them, then the draft's review (draft
  access) or a paste box;
* ``POST /gmail/message``: a sent email's review and promises, with a button to track them.

Button actions (the ``action.function`` URLs on those cards): ``/gmail/review``, ``/gmail/track`` and the
three draft inserts ``/gmail/insert/{next-step,dated-promise,greeting}``.

``verify.py`` has checked every request before these views run and put the rep's verified address in
``g.identity_email``. Whatever goes wrong after that (Gmail API errors, no draft, a review error) reaches
the rep as a notification or a one-line card, never as a broken card: Gmail shows nothing useful for an
HTTP error. Email text is reviewed in memory and dropped; only ``track`` stores anything, through the
capture path that keeps numbers and promises only.
"""
from __future__ import annotations

import functools
import re
from datetime import date, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, request, url_for

from ..capture.gmail import parse_message
from ..capture.message import CapturedMessage
from ..capture.runner import ingest
from ..coaching import review_for_rep
from ..db import store
from ..identity import current_rep_email
from ..problems import Problem
from ..review import Draft, Party, RecipientFacts
from ..store import goals, promises
from ..store.reps import get_or_create_rep
from . import bp, cards
from .drafts import (
    DRAFT_SCOPE,
    DRAFT_SCOPES,
    MESSAGE_SCOPE,
    MESSAGE_SCOPES,
    GmailClient,
    GmailError,
    GmailNotFound,
    GmailRateLimited,
    GmailRejectedToken,
    GmailScopeMissing,
    GmailUnavailable,
    missing_scope,
)

MAX_DRAFT_CHARS = 100_000  # a pasted draft longer than this is not an email
_NAME = re.compile(r"^[^\W\d_][^\W\d_'’ -]{0,39}$")  # a first name carried in an action parameter


# ------------------------------------------------------------------------------------------- seams


def recipient_facts(emails: list[str]) -> dict[str, RecipientFacts]:
    """What the CRM knows about these addresses, keyed by lower-cased address.

    The one place CRM facts enter the Gmail cards; there is no CRM connector yet, so it knows nothing."""
    return {}


def track_sent_message(rep_email: str, message: CapturedMessage) -> bool:
    """Record a sent email in the activity log (reviewed in memory; numbers and promises kept, no text).
    True when newly recorded, False when it was already known (capture or an earlier click)."""
    with store().session() as session:
        return ingest(session, rep_email, message, source="gmail")


def gmail_client(oauth_token: str) -> GmailClient:
    """A Gmail API client for this request's user (tests replace it with one on a mock transport)."""
    return GmailClient(oauth_token, api_endpoint=current_app.config.get("GMAIL_API_ENDPOINT") or None)


# ------------------------------------------------------------------------------------------- the event


class Event:
    """Read access to a Google Workspace add-on event object; absent or malformed parts read as empty."""

    def __init__(self, raw: dict):
        self.raw = raw
        self.common = _dict(raw.get("commonEventObject"))
        self.auth = _dict(raw.get("authorizationEventObject"))
        self.gmail = _dict(raw.get("gmail"))

    def parameter(self, name: str, default: str = "") -> str:
        value = _dict(self.common.get("parameters")).get(name)
        return value if isinstance(value, str) else default

    def form_text(self, name: str) -> str:
        values = _dict(_dict(_dict(self.common.get("formInputs")).get(name)).get("stringInputs")).get("value")
        return values[0] if isinstance(values, list) and values and isinstance(values[0], str) else ""

    @property
    def authorized_scopes(self) -> object:
        return self.auth.get("authorizedScopes")

    @property
    def user_token(self) -> str | None:
        return _string(self.auth.get("userOAuthToken"))

    @property
    def message_token(self) -> str | None:
        return _string(self.gmail.get("accessToken"))

    @property
    def message_id(self) -> str | None:
        return _string(self.gmail.get("messageId"))

    @property
    def thread_id(self) -> str | None:
        return _string(self.gmail.get("threadId"))

    def recipients(self, field: str) -> list[str]:
        values = self.gmail.get(field)
        out = [v.strip() for v in values if isinstance(v, str) and "@" in v] if isinstance(values, list) else []
        return list(dict.fromkeys(out))

    def to(self) -> list[str]:
        """To recipients: the event's (compose with draftAccess METADATA), else those the card carried."""
        return self.recipients("toRecipients") or [a for a in self.parameter("to").split(",") if "@" in a]

    def now(self) -> datetime:
        """Now in the user's zone (commonEventObject.timeZone), so "by Friday" means the rep's Friday."""
        return datetime.now(_zone(_dict(self.common.get("timeZone"))))


def _zone(tz: dict) -> tzinfo:
    name = tz.get("id")
    if isinstance(name, str) and name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    try:
        millis = int(tz.get("offset"))
        if abs(millis) < 24 * 3600 * 1000:
            return timezone(timedelta(milliseconds=millis))
    except (TypeError, ValueError):
        pass
    return timezone.utc


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


def _string(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


# ------------------------------------------------------------------------------------- error handling

GMAIL_MESSAGES = {
    GmailRejectedToken: "Google no longer accepts this session. Close and reopen Sendwell, then try again.",
    GmailRateLimited: "Gmail is busy right now. Try again in a minute.",
    GmailUnavailable: "Gmail did not answer. Try again in a moment.",
    GmailNotFound: "That email is no longer in your mailbox.",
}


def _gmail_message(error: GmailError) -> str:
    for kind, text in GMAIL_MESSAGES.items():
        if isinstance(error, kind):
            return text
    return "Gmail refused the request. If this keeps happening, ask your administrator about Sendwell's access."


def addon_endpoint(kind: str):
    """Run a view with the parsed event and turn every failure into what Gmail can show.

    ``kind`` is "trigger" (must answer with a card) or "action" (may answer with a notification alone)."""

    def wrap(view):
        @functools.wraps(view)
        def run():
            raw = request.get_json(silent=True)
            if not isinstance(raw, dict):
                raise Problem(400, "Send a Google Workspace add-on event object as JSON.", title="Invalid request")
            event = Event(raw)
            try:
                body = view(event)
            except GmailScopeMissing as exc:
                wanted = DRAFT_SCOPE if exc.call.startswith("users.drafts") else MESSAGE_SCOPE
                body = cards.request_scopes([wanted])
            except GmailError as exc:
                current_app.logger.warning("gmail add-on %s: %s", request.path, exc)
                body = _failure(kind, _gmail_message(exc))
            except Problem:
                raise
            except Exception:  # noqa: BLE001 - the rep gets a sentence; we keep the traceback
                current_app.logger.exception("gmail add-on %s failed", request.path)
                body = _failure(kind, "Sendwell could not finish this. Try again; if it keeps failing, tell your admin.")
            return current_app.json.response(body)

        return run

    return wrap


def _failure(kind: str, text: str) -> dict:
    if kind == "trigger":
        return cards.trigger_response(cards.error_card(text), notification=text)
    return cards.notify(text)


# ------------------------------------------------------------------------------------------- helpers


def endpoints() -> cards.Endpoints:
    """Absolute URLs for the cards' buttons: Google calls exactly these, and the request verifier checks
    each call's token against ``GMAIL_ADDON_BASE_URL`` + path, so the same base is used here."""
    base = str(current_app.config.get("GMAIL_ADDON_BASE_URL") or "").strip().rstrip("/")

    def url(name: str) -> str:
        path = url_for(f"gmail.{name}")
        return base + path if base else url_for(f"gmail.{name}", _external=True)

    return cards.Endpoints(
        review=url("review_action"),
        insert_next_step=url("insert_next_step"),
        insert_dated_promise=url("insert_dated_promise"),
        insert_greeting=url("insert_greeting"),
        track=url("track"),
    )


def draft_access() -> bool:
    value = current_app.config.get("GMAIL_DRAFT_ACCESS", False)
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return bool(value)


def recipients(addresses: list[str]) -> tuple[list[cards.RecipientProfile], dict[str, RecipientFacts]]:
    """What the cards say about each recipient, and the CRM facts the review uses (one CRM lookup)."""
    facts = recipient_facts([a.lower() for a in addresses]) if addresses else {}
    return [cards.recipient_profile(Party(a), facts.get(a.lower())) for a in addresses], facts


def draft_from_message(message: CapturedMessage, sent_at: datetime, facts: dict[str, RecipientFacts] | None = None) -> Draft:
    return Draft(
        body=message.body,
        subject=message.subject,
        body_format="html" if message.body_format == "html" else "text",
        sender=message.sender,
        to=message.to,
        cc=message.cc,
        sent_at=sent_at,
        facts=dict(facts or {}),
    )


def fetch_draft(event: Event) -> CapturedMessage | None:
    """The draft being written, read through the Gmail API (draft-access deployments only)."""
    token = event.user_token
    if not token:
        raise GmailRejectedToken("users.drafts.list", 401, "noUserOAuthToken")
    raw = gmail_client(token).find_draft(event.thread_id, tuple(event.to()))
    return parse_message(raw) if raw else None


NO_DRAFT = "Gmail has not saved this draft yet. Wait a few seconds and press Review draft, or paste it below."


def saved_draft_card(event: Event) -> dict | None:
    """The compose card with the saved draft's review; None when Gmail has no saved draft yet.

    The recipients shown are the compose window's (the event's, fresher than the saved copy); the review
    uses the saved draft's own To and Cc, which carry display names."""
    message = fetch_draft(event)
    if message is None or not message.body.strip():
        return None
    now = event.now()
    profiles, facts = recipients(event.to() or [p.email for p in message.to])
    result = review_for_rep(draft_from_message(message, now, facts), current_rep_email())
    return cards.compose_card(profiles, endpoints(), draft_access=True, result=result, today=now.date())


# ------------------------------------------------------------------------------------------- triggers


@bp.post("/homepage")
@addon_endpoint("trigger")
def homepage(event: Event):
    with store().session() as session:
        rep = get_or_create_rep(session, current_rep_email())
        promises.sweep(session, rep, stale_days=current_app.config["STALE_PROMISE_DAYS"])
        headlines = goals.summary(session, rep)["headlines"]
    return cards.trigger_response(cards.homepage_card(headlines, endpoints()))


@bp.post("/compose")
@addon_endpoint("trigger")
def compose(event: Event):
    if not draft_access():
        profiles, _facts = recipients(event.to())
        return cards.trigger_response(cards.compose_card(profiles, endpoints(), draft_access=False))
    wanted = missing_scope(event.authorized_scopes, DRAFT_SCOPES, DRAFT_SCOPE)
    if wanted:
        return cards.request_scopes(wanted)
    card = saved_draft_card(event)
    if card is None:
        profiles, _facts = recipients(event.to())
        card = cards.compose_card(profiles, endpoints(), draft_access=True, notice=NO_DRAFT)
        return cards.trigger_response(card, notification="No saved draft yet")
    return cards.trigger_response(card)


@bp.post("/message")
@addon_endpoint("trigger")
def message(event: Event):
    wanted = missing_scope(event.authorized_scopes, MESSAGE_SCOPES, MESSAGE_SCOPE)
    if wanted:
        return cards.request_scopes(wanted)
    sent = _open_message(event)
    if sent is None:
        return cards.trigger_response(cards.not_sent_card())
    result = review_for_rep(draft_from_message(sent, sent.sent_at), current_rep_email())
    return cards.trigger_response(cards.message_card(result, endpoints(), subject=sent.subject))


def _open_message(event: Event) -> CapturedMessage | None:
    """The opened message when the rep sent it (Gmail's SENT label, or From is the rep), else None."""
    token, message_id = event.user_token, event.message_id
    if not token or not message_id:
        raise GmailRejectedToken("users.messages.get", 401, "noAccessToken")
    raw = gmail_client(token).get_message(message_id, event.message_token)
    parsed = parse_message(raw)
    rep = current_rep_email().strip().lower()
    from_rep = bool(parsed.sender and parsed.sender.email.strip().lower() == rep)
    return parsed if "SENT" in (raw.get("labelIds") or []) or from_rep else None


# ------------------------------------------------------------------------------------------- actions


@bp.post("/review")
@addon_endpoint("action")
def review_action(event: Event):
    """The Review button: the pasted text (``formInputs``), or the saved draft when ``mode=fetch``."""
    context = "compose" if event.parameter("ctx") == "compose" else "home"
    now = event.now()
    if event.parameter("mode") == "fetch" and context == "compose" and draft_access():
        wanted = missing_scope(event.authorized_scopes, DRAFT_SCOPES, DRAFT_SCOPE)
        if wanted:
            return cards.request_scopes(wanted)
        card = saved_draft_card(event)
        return cards.notify(NO_DRAFT) if card is None else cards.update_card(card)
    text = event.form_text(cards.DRAFT_INPUT).strip()
    if not text:
        return cards.notify("Paste your draft into the box first.")
    if len(text) > MAX_DRAFT_CHARS:
        return cards.notify("That is longer than an email: paste just the draft you are writing.")
    to = event.to() if context == "compose" else []
    profiles, facts = recipients(to)
    result = review_for_rep(Draft(body=text, to=tuple(Party(a) for a in to), sent_at=now, facts=dict(facts)), current_rep_email())
    first = profiles[0].first_name if len(profiles) == 1 else None
    card = cards.review_card(result, endpoints(), context=context, first_name=first, today=now.date())
    return cards.push_card(card)


@bp.post("/insert/next-step")
@addon_endpoint("action")
def insert_next_step(event: Event):
    """A next step with a proposed day, at the cursor (IN_PLACE_INSERT)."""
    today = event.now().date()
    day = _iso_day(event.parameter("day"))
    if day is None or day < today:
        day = cards.propose_next_step_day(today)
    line = cards.next_step_line(day)
    return cards.insert_into_draft(line, "IN_PLACE_INSERT", notification=f"Added a next step for {cards.format_day(day)}.")


@bp.post("/insert/dated-promise")
@addon_endpoint("action")
def insert_dated_promise(event: Event):
    """The dated version of a vague promise, at the cursor (IN_PLACE_INSERT), not REPLACE.

    REPLACE swaps the whole message body, which would need the whole, current body: Sendwell has at best
    the last saved (or pasted) copy, without the quoted thread, signature and formatting. IN_PLACE_INSERT
    replaces the selection, so a rep who selected the vague sentence gets a true replacement; otherwise
    the notification names the words to delete."""
    sentence = _clean(event.parameter("sentence"), cards.PARAMETER_LIMIT)
    old = _clean(event.parameter("old"), cards.PARAMETER_LIMIT)
    if not sentence:
        return cards.notify("Nothing to insert: review the draft again.")
    note = "Inserted the dated promise at your cursor."
    if old:
        note += f" If you had not selected it, delete the old words: “{cards.clip(old, 120)}”"
    return cards.insert_into_draft(sentence, "IN_PLACE_INSERT", notification=note)


@bp.post("/insert/greeting")
@addon_endpoint("action")
def insert_greeting(event: Event):
    """'Hi Anna,' at the start of the body (INSERT_AT_START)."""
    name = _clean(event.parameter("first_name"), 40)
    if not _NAME.match(name):
        return cards.notify("Sendwell does not know their first name: add the greeting yourself.")
    old = _clean(event.parameter("old"), 80)
    note = f"Added “Hi {name},” at the top."
    if old:
        note += f" Delete the old greeting “{old}” if it is still there."
    return cards.insert_into_draft(cards.greeting_line(name), "INSERT_AT_START", notification=note)


@bp.post("/track")
@addon_endpoint("action")
def track(event: Event):
    """Track this promise: record the opened sent email in the activity log (idempotent on Message-ID)."""
    sent = _open_message(event)
    if sent is None:
        return cards.notify("Only emails you sent can be tracked.")
    created = track_sent_message(current_rep_email(), sent)
    result = review_for_rep(draft_from_message(sent, sent.sent_at), current_rep_email())
    n = len(result.commitments)
    if created:
        note = "Tracking this promise." if n == 1 else f"Tracking {n} promises."
    else:
        note = "Already tracked."
    return cards.update_card(cards.message_card(result, endpoints(), subject=sent.subject, tracked=True), notification=note)


def _iso_day(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _clean(value: str, limit: int) -> str:
    """One line of printable text from an action parameter (they come from our cards, via the client)."""
    return " ".join("".join(ch for ch in value if ch.isprintable()).split())[:limit]
