"""The add-on endpoints through the Flask test client, with Google's event shapes in and every answer
validated: cards against GoogleAppsCardV1Card (chat.v1.json), wrappers against the add-on response schema.

Request verification is switched off with ``GMAIL_VERIFY_REQUESTS=False`` (honoured only when TESTING is on;
see addin/gmail/verify.py), and the rep is named with the development header ``X-Sendwell-Rep``. The Gmail
API is google-api-python-client on an ``HttpMockSequence``.
"""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import inspect, select, text

from addin import create_app
from addin.db import store
from addin.gmail import cards, views
from addin.gmail.drafts import DRAFT_SCOPE, MESSAGE_SCOPE, GmailClient
from addin.review import RecipientFacts
from addin.store.models import Activity, Promise
from tests.gmail import card_schema
from tests.gmail.events import (
    BASE_SCOPES,
    DRAFT_ACCESS_SCOPES,
    INSUFFICIENT_SCOPE,
    MESSAGE_TOKEN,
    REP,
    THREAD_HEX,
    THREAD_ID,
    USER_TOKEN,
    action_event,
    compose_event,
    draft,
    draft_listing,
    error,
    gmail_message,
    homepage_event,
    message_event,
    ok,
    transport,
)

BASE_URL = "https://sendwell.example.com"
ANNA = "anna.smith@acme.example"
PASTED = (
    "Hi,\n\nThanks for the call today. I'll get back to you soon with the pricing. "
    "I will send the contract by Friday.\nCould you confirm the number of seats?\n\nBest,\nSam"
)


@pytest.fixture
def app():
    return create_app({"TESTING": True, "GMAIL_VERIFY_REQUESTS": False, "GMAIL_ADDON_BASE_URL": BASE_URL})


@pytest.fixture
def draft_app():
    return create_app(
        {"TESTING": True, "GMAIL_VERIFY_REQUESTS": False, "GMAIL_ADDON_BASE_URL": BASE_URL, "GMAIL_DRAFT_ACCESS": True}
    )


class FakeGmail:
    """Stands in for ``views.gmail_client``: a real GmailClient on a mock transport, with recorded sleeps."""

    def __init__(self):
        self.mock = transport()
        self.sleeps: list[float] = []
        self.tokens: list[str] = []

    def answer(self, *responses):
        self.mock = transport(*responses)

    def client(self, token: str) -> GmailClient:
        self.tokens.append(token)
        return GmailClient(token, transport=self.mock, sleep=self.sleeps.append)

    @property
    def calls(self) -> list[str]:
        return [uri.split("?")[0].split("/gmail/v1/users/me/")[1] for uri, *_ in self.mock.request_sequence]

    def header(self, index: int, name: str) -> str | None:
        headers = self.mock.request_sequence[index][3]
        return next((v for k, v in headers.items() if k.lower() == name.lower()), None)


@pytest.fixture
def gmail(monkeypatch):
    fake = FakeGmail()
    monkeypatch.setattr(views, "gmail_client", fake.client)
    return fake


def post(app, path: str, event) -> tuple[str, dict]:
    """POST an event; the answer must be a valid add-on response. Returns (kind, body)."""
    response = app.test_client().post(path, json=event, headers={"X-Sendwell-Rep": REP})
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    return card_schema.assert_response(body), body


def the_card(kind: str, body: dict) -> dict:
    if kind == "TriggerResponse":
        (card,) = card_schema.assert_trigger_response(body)
    else:
        (card,) = card_schema.assert_action_response(body)
    return card


def shown(card: dict) -> str:
    parts = [card["header"].get("title", ""), card["header"].get("subtitle", "")]
    for section in card["sections"]:
        parts.append(section.get("header", ""))
        for w in section["widgets"]:
            inner = [w] + [cw for c in w.get("columns", {}).get("columnItems", []) for cw in c["widgets"]]
            for x in inner:
                for kind in ("decoratedText", "textParagraph"):
                    if kind in x:
                        parts += [x[kind].get(k, "") for k in ("topLabel", "text", "bottomLabel")]
    return "\n".join(parts)


def buttons(card: dict) -> dict[str, dict]:
    """Buttons by label."""
    out = {}
    for section in card["sections"]:
        for w in section["widgets"]:
            for b in w.get("buttonList", {}).get("buttons", []):
                out[b["text"]] = b
            if "button" in w.get("decoratedText", {}):
                out[w["decoratedText"]["button"]["text"]] = w["decoratedText"]["button"]
    return out


def parameters(button: dict) -> dict:
    return {p["key"]: p["value"] for p in button["onClick"]["action"].get("parameters", [])}


def notification(body: dict) -> str | None:
    action = body.get("renderActions", {}).get("action") or body.get("action") or {}
    return (action.get("notification") or {}).get("text")


def draft_update(body: dict) -> dict:
    return body["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]["updateBody"]


# --- homepage ---------------------------------------------------------------------------------------------


def test_homepage_says_what_sendwell_does_shows_headlines_and_a_paste_box(app):
    kind, body = post(app, "/gmail/homepage", homepage_event())
    assert kind == "TriggerResponse"
    card = the_card(kind, body)
    text = shown(card)
    assert "What Sendwell does" in text
    assert "0 of 20 new contacts today" in text and "0 of 25 follow-ups this week" in text
    review = buttons(card)["Review draft"]
    assert review["onClick"]["action"]["function"] == f"{BASE_URL}/gmail/review"
    assert parameters(review)["ctx"] == "home"


def test_non_json_bodies_are_refused(app):
    response = app.test_client().post("/gmail/homepage", data="hello", headers={"X-Sendwell-Rep": REP})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"


# --- compose without draft access: the paste flow ------------------------------------------------------


def test_compose_names_the_recipient_and_offers_the_paste_box(app, gmail):
    kind, body = post(app, "/gmail/compose", compose_event(to=[ANNA], cc=["boss@seller.example"]))
    card = the_card(kind, body)
    text = shown(card)
    assert "Anna Smith" in text and "greet them as <b>Anna</b>" in text and "mention <b>Acme</b>" in text
    assert card["sections"][-1]["widgets"][-2]["textInput"]["type"] == "MULTIPLE_LINE"
    assert parameters(buttons(card)["Review draft"]) == {"ctx": "compose", "mode": "paste", "to": ANNA}
    assert gmail.calls == []  # no draft access: the Gmail API is never called


def test_compose_shows_crm_facts_from_the_one_seam(app, monkeypatch):
    asked = []

    def facts(emails):
        asked.append(emails)
        return {ANNA: RecipientFacts(title="VP Sales", notes=("Renewal due in April",))}

    monkeypatch.setattr(views, "recipient_facts", facts)
    kind, body = post(app, "/gmail/compose", compose_event(to=["Anna.Smith@acme.example"]))
    assert asked == [[ANNA]]
    assert "VP Sales; Renewal due in April" in shown(the_card(kind, body))


def test_recipient_facts_knows_nothing_yet():
    assert views.recipient_facts([ANNA]) == {}


def test_review_button_reviews_the_pasted_draft_with_insert_actions(app):
    event = action_event({"ctx": "compose", "mode": "paste", "to": ANNA}, {cards.DRAFT_INPUT: PASTED}, gmail={"toRecipients": [ANNA]})
    kind, body = post(app, "/gmail/review", event)
    assert kind == "ActionResponse"
    assert "pushCard" in body["renderActions"]["action"]["navigations"][0]
    card = the_card(kind, body)
    text = shown(card)
    assert "Politeness" in text and "Personalization" in text
    assert "I will send the contract by Friday." in text and "No day: “soon”" in text
    assert "Could you confirm the number of seats?" in text
    labels = buttons(card)
    assert {"Greet Anna", "Date it"} <= set(labels)
    assert any(label.startswith("Add a next step") for label in labels)


def test_review_from_the_homepage_has_no_insert_actions(app):
    event = action_event({"ctx": "home", "mode": "paste", "to": ""}, {cards.DRAFT_INPUT: PASTED})
    kind, body = post(app, "/gmail/review", event)
    assert buttons(the_card(kind, body)) == {}


def test_review_without_text_asks_for_it(app):
    kind, body = post(app, "/gmail/review", action_event({"ctx": "compose", "mode": "paste"}, {cards.DRAFT_INPUT: "  "}))
    assert card_schema.assert_action_response(body) == []
    assert notification(body) == "Paste your draft into the box first."


def test_a_dismissed_hint_kind_is_left_out(app):
    with app.app_context():
        from addin.store.models import Dismissal
        from addin.store.reps import get_or_create_rep

        with store().session() as session:
            rep = get_or_create_rep(session, REP)
            session.add(Dismissal(rep_id=rep.id, kind="commitment.vague_due"))
    event = action_event({"ctx": "compose", "mode": "paste", "to": ANNA}, {cards.DRAFT_INPUT: PASTED})
    kind, body = post(app, "/gmail/review", event)
    assert "Date it" not in buttons(the_card(kind, body))


# --- compose with draft access (the opt-in deployment) ----------------------------------------------------


def saved_draft(body: str = PASTED) -> dict:
    return draft("r-2", gmail_message("m2", THREAD_HEX, sender=f"Sam <{REP}>", to=f"Anna Smith <{ANNA}>", body=body, labels=("DRAFT",)))


def test_compose_with_draft_access_reviews_the_draft_in_this_thread(draft_app, gmail):
    gmail.answer(ok(draft_listing(("r-1", "m1", "aaaa"), ("r-2", "m2", THREAD_HEX))), ok(saved_draft()))
    kind, body = post(draft_app, "/gmail/compose", compose_event(to=[ANNA], thread_id=THREAD_ID, scopes=DRAFT_ACCESS_SCOPES))
    card = the_card(kind, body)
    text = shown(card)
    assert "Anna Smith" in text and "Promises" in text and "No day: “soon”" in text
    assert parameters(buttons(card)["Review again"]) == {"ctx": "compose", "mode": "fetch", "to": ANNA}
    assert gmail.tokens == [USER_TOKEN]
    assert gmail.calls == ["drafts", "drafts/r-2"]


def test_compose_asks_for_the_draft_scope_when_the_user_has_not_granted_it(draft_app, gmail):
    kind, body = post(draft_app, "/gmail/compose", compose_event(to=[ANNA], scopes=BASE_SCOPES))
    assert kind == "ScopeRequest"
    assert body == {"requesting_google_scopes": {"scopes": [DRAFT_SCOPE]}}
    assert gmail.calls == []


def test_a_403_for_insufficient_scope_becomes_the_consent_request(draft_app, gmail):
    gmail.answer(INSUFFICIENT_SCOPE)
    kind, body = post(draft_app, "/gmail/compose", compose_event(to=[ANNA], scopes=None))  # no authorizedScopes
    assert kind == "ScopeRequest" and card_schema.assert_scope_request(body) == [DRAFT_SCOPE]


def test_no_saved_draft_yet_shows_the_paste_box_and_says_so(draft_app, gmail):
    gmail.answer(ok({"resultSizeEstimate": 0}))
    kind, body = post(draft_app, "/gmail/compose", compose_event(to=[ANNA], scopes=DRAFT_ACCESS_SCOPES))
    card = the_card(kind, body)
    assert notification(body) == "No saved draft yet"
    assert "Gmail has not saved this draft yet" in shown(card)
    assert "Review draft" in buttons(card) and any("textInput" in w for s in card["sections"] for w in s["widgets"])


def test_rate_limited_draft_lookup_is_retried(draft_app, gmail):
    gmail.answer(error(429, "rateLimitExceeded", retry_after="1"), ok(draft_listing(("r-2", "m2", THREAD_HEX))), ok(saved_draft()))
    kind, body = post(draft_app, "/gmail/compose", compose_event(to=[ANNA], thread_id=THREAD_ID, scopes=DRAFT_ACCESS_SCOPES))
    assert "Review again" in buttons(the_card(kind, body))
    assert gmail.sleeps == [1.0]


def test_a_rejected_token_is_a_one_line_card_not_a_broken_one(draft_app, gmail):
    gmail.answer(error(401, "authError"))
    kind, body = post(draft_app, "/gmail/compose", compose_event(to=[ANNA], scopes=DRAFT_ACCESS_SCOPES))
    assert kind == "TriggerResponse"
    assert "reopen Sendwell" in shown(the_card(kind, body)) and "reopen Sendwell" in notification(body)


def test_rate_limit_that_persists_is_a_notification_on_button_actions(draft_app, gmail):
    gmail.answer(*[error(429, "rateLimitExceeded")] * 4)
    event = action_event({"ctx": "compose", "mode": "fetch", "to": ANNA}, scopes=DRAFT_ACCESS_SCOPES)
    kind, body = post(draft_app, "/gmail/review", event)
    assert card_schema.assert_action_response(body) == []
    assert notification(body) == "Gmail is busy right now. Try again in a minute."
    assert len(gmail.sleeps) == 3


def test_review_again_fetches_the_draft_and_updates_the_card(draft_app, gmail):
    gmail.answer(ok(draft_listing(("r-2", "m2", "ffff"))), ok(saved_draft("Hi Anna,\n\nI'll send the deck by Monday.\n\nSam")))
    event = action_event({"ctx": "compose", "mode": "fetch", "to": ANNA}, gmail={"toRecipients": [ANNA]}, scopes=DRAFT_ACCESS_SCOPES)
    kind, body = post(draft_app, "/gmail/review", event)
    navigation = body["renderActions"]["action"]["navigations"][0]
    assert list(navigation) == ["updateCard"]
    assert "I'll send the deck by Monday." in shown(the_card(kind, body))


def test_fetch_mode_is_ignored_without_draft_access(app, gmail):
    event = action_event({"ctx": "compose", "mode": "fetch"}, {cards.DRAFT_INPUT: PASTED})
    kind, body = post(app, "/gmail/review", event)
    assert "pushCard" in body["renderActions"]["action"]["navigations"][0]
    assert gmail.calls == []


# --- insert actions -------------------------------------------------------------------------------------------


def test_next_step_is_inserted_at_the_cursor_with_the_proposed_day(app):
    day = date.today() + timedelta(days=3)
    kind, body = post(app, "/gmail/insert/next-step", action_event({"day": day.isoformat()}))
    update = draft_update(body)
    assert update["type"] == "IN_PLACE_INSERT"
    assert update["insertContents"] == [{"content": cards.next_step_line(day), "contentType": "TEXT"}]
    assert notification(body) == f"Added a next step for {cards.format_day(day)}."


def test_a_past_or_missing_day_is_replaced_by_a_proposed_one(app):
    for parameters_ in ({"day": "2001-01-01"}, {"day": "soon"}, {}):
        kind, body = post(app, "/gmail/insert/next-step", action_event(parameters_))
        content = draft_update(body)["insertContents"][0]["content"]
        assert content.startswith("Would ") and "2001" not in content


def test_dated_promise_is_inserted_in_place_and_the_old_words_are_named(app):
    event = action_event({"sentence": "I'll get back to you by Thursday, 13 March with the pricing.", "old": "I'll get back to you soon with the pricing."})
    kind, body = post(app, "/gmail/insert/dated-promise", event)
    update = draft_update(body)
    assert update == {
        "insertContents": [{"content": "I'll get back to you by Thursday, 13 March with the pricing.", "contentType": "TEXT"}],
        "type": "IN_PLACE_INSERT",
    }
    assert "delete the old words: “I'll get back to you soon with the pricing.”" in notification(body)


def test_greeting_goes_at_the_start(app):
    kind, body = post(app, "/gmail/insert/greeting", action_event({"first_name": "Anna", "old": "Hi,"}))
    assert draft_update(body) == {"insertContents": [{"content": "Hi Anna,\n\n", "contentType": "TEXT"}], "type": "INSERT_AT_START"}
    assert "Delete the old greeting “Hi,”" in notification(body)


def test_a_greeting_needs_a_real_first_name(app):
    kind, body = post(app, "/gmail/insert/greeting", action_event({"first_name": "<b>x</b>"}))
    assert "hostAppAction" not in body["renderActions"]
    assert "does not know their first name" in notification(body)


def test_the_buttons_on_a_review_card_drive_the_inserts(app):
    """Round trip: the parameters a review card puts on its buttons make valid inserts."""
    event = action_event({"ctx": "compose", "mode": "paste", "to": ANNA}, {cards.DRAFT_INPUT: PASTED})
    kind, body = post(app, "/gmail/review", event)
    card = the_card(kind, body)
    for button in buttons(card).values():
        path = button["onClick"]["action"]["function"].removeprefix(BASE_URL)
        _, answer = post(app, path, action_event(parameters(button)))
        assert draft_update(answer)["type"] in ("IN_PLACE_INSERT", "INSERT_AT_START")


# --- the opened message and "Track this promise" -------------------------------------------------------------

SENT_BODY = (
    "Hi Anna,\n\nGreat talking today. I will send the signed contract by Friday. "
    "Our cafeteria serves excellent lasagne on Tuesdays.\n\nBest,\nSam"
)


def sent_message(**kwargs) -> dict:
    return gmail_message("18bc0ffee0000001", "18bc0ffee0000000", body=SENT_BODY, **kwargs)


def test_an_opened_sent_email_shows_its_promises_and_the_track_button(app, gmail):
    gmail.answer(ok(sent_message()))
    kind, body = post(app, "/gmail/message", message_event())
    card = the_card(kind, body)
    assert "I will send the signed contract by Friday." in shown(card)
    track = buttons(card)["Track this promise"]
    assert track["onClick"]["action"]["function"] == f"{BASE_URL}/gmail/track"
    assert gmail.header(0, "X-Goog-Gmail-Access-Token") == MESSAGE_TOKEN
    assert gmail.header(0, "Authorization") == f"Bearer {USER_TOKEN}"


def test_a_received_email_is_not_reviewed(app, gmail):
    gmail.answer(ok(gmail_message(sender="Anna <anna.smith@acme.example>", labels=("INBOX",))))
    kind, body = post(app, "/gmail/message", message_event())
    assert "reviews the emails <b>you</b> send" in shown(the_card(kind, body))


def test_message_asks_for_the_message_scope_when_refused(app, gmail):
    scopes = [s for s in BASE_SCOPES if s != MESSAGE_SCOPE]
    kind, body = post(app, "/gmail/message", message_event(scopes=scopes))
    assert body == {"requesting_google_scopes": {"scopes": [MESSAGE_SCOPE]}}
    assert gmail.calls == []


def test_a_deleted_message_is_a_sentence(app, gmail):
    gmail.answer(error(404, "notFound"))
    kind, body = post(app, "/gmail/message", message_event())
    assert "no longer in your mailbox" in shown(the_card(kind, body))


def all_stored_text(app) -> str:
    """Every text value in every table: what Sendwell keeps."""
    with app.app_context():
        engine = store().engine
        out = []
        with engine.connect() as connection:
            for table in inspect(engine).get_table_names():
                for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                    out += [str(v) for v in row if isinstance(v, str)]
        return "\n".join(out)


def test_track_records_the_activity_and_its_promise_without_the_email_text(app, gmail):
    gmail.answer(ok(sent_message()), ok(sent_message()))
    event = action_event({}, gmail={"messageId": "msg-f:1", "threadId": THREAD_ID, "accessToken": MESSAGE_TOKEN})
    kind, body = post(app, "/gmail/track", event)
    assert notification(body) == "Tracking this promise."
    assert "Tracked" in shown(the_card(kind, body)) and "Track this promise" not in buttons(the_card(kind, body))
    with app.app_context(), store().session() as session:
        (activity,) = session.scalars(select(Activity)).all()
        assert activity.source == "gmail"
        assert activity.message_id == "<abc123@mail.seller.example>"
        assert activity.recipients == [ANNA] and activity.thread_id == "18bc0ffee0000000"
        (promise,) = session.scalars(select(Promise)).all()
        assert promise.text == "I will send the signed contract by Friday."
        assert promise.status == "open" and promise.due is not None
    stored = all_stored_text(app)
    assert "lasagne" not in stored and "Great talking today" not in stored  # no email text beyond the promise
    assert "Pricing" not in stored  # nor the subject


def test_tracking_twice_is_one_activity(app, gmail):
    gmail.answer(ok(sent_message()), ok(sent_message()))
    event = action_event({}, gmail={"messageId": "msg-f:1", "accessToken": MESSAGE_TOKEN})
    post(app, "/gmail/track", event)
    _, body = post(app, "/gmail/track", event)
    assert notification(body) == "Already tracked."
    with app.app_context(), store().session() as session:
        assert len(session.scalars(select(Activity)).all()) == 1


def test_track_refuses_received_email(app, gmail):
    gmail.answer(ok(gmail_message(sender="Anna <anna.smith@acme.example>", labels=("INBOX",))))
    _, body = post(app, "/gmail/track", action_event({}, gmail={"messageId": "msg-f:1", "accessToken": MESSAGE_TOKEN}))
    assert notification(body) == "Only emails you sent can be tracked."


def test_track_without_a_message_in_the_event_is_a_notification(app, gmail):
    _, body = post(app, "/gmail/track", action_event({}))
    assert "reopen Sendwell" in notification(body)


def test_track_goes_through_the_one_seam(app, gmail, monkeypatch):
    seen = []
    monkeypatch.setattr(views, "track_sent_message", lambda rep, message: seen.append((rep, message.message_id)) or True)
    gmail.answer(ok(sent_message()))
    post(app, "/gmail/track", action_event({}, gmail={"messageId": "msg-f:1", "accessToken": MESSAGE_TOKEN}))
    assert seen == [(REP, "<abc123@mail.seller.example>")]


# --- unexpected errors ---------------------------------------------------------------------------------------


def test_a_review_error_is_a_notification_or_a_one_line_card(app, gmail, monkeypatch):
    def boom(draft):
        raise RuntimeError("engine bug")

    monkeypatch.setattr(views, "review_for_rep", boom)
    kind, body = post(app, "/gmail/review", action_event({"ctx": "home"}, {cards.DRAFT_INPUT: PASTED}))
    assert kind == "ActionResponse" and "could not finish" in notification(body)
    gmail.answer(ok(sent_message()))
    kind, body = post(app, "/gmail/message", message_event())
    assert kind == "TriggerResponse" and "could not finish" in shown(the_card(kind, body))


def test_every_endpoint_answers_a_bare_event_with_a_valid_response(app, gmail):
    """Google may omit parts of the event (no parameters, no gmail object): still a valid answer."""
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/gmail/") and "POST" in rule.methods:
            kind, body = post(app, rule.rule, {"commonEventObject": {"hostApp": "GMAIL", "platform": "WEB"}})
            assert kind in ("TriggerResponse", "ActionResponse", "ScopeRequest"), rule.rule
