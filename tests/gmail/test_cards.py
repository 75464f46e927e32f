"""Card builders (addin.gmail.cards): every card is a valid GoogleAppsCardV1Card, every wrapper a valid
add-on response, and what the cards say follows from the review."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from addin.gmail import cards
from addin.review import Draft, Party, RecipientFacts, review
from tests.gmail import card_schema

ENDPOINTS = cards.Endpoints(
    review="https://sendwell.example.com/gmail/review",
    insert_next_step="https://sendwell.example.com/gmail/insert/next-step",
    insert_dated_promise="https://sendwell.example.com/gmail/insert/dated-promise",
    insert_greeting="https://sendwell.example.com/gmail/insert/greeting",
    track="https://sendwell.example.com/gmail/track",
)
WEDNESDAY = datetime(2025, 3, 12, 10, tzinfo=timezone.utc)
DRAFT = (
    "Hi,\n\nThanks for the call today. I'll get back to you soon with the pricing. "
    "I will send the contract by Friday.\nCould you confirm the number of seats?\n\nBest,\nSam"
)


def reviewed(body: str = DRAFT, to: str = "anna.smith@acme.example"):
    return review(Draft(body=body, to=(Party(to),), sent_at=WEDNESDAY))


def widgets(card: dict, kind: str | None = None) -> list[dict]:
    """Every widget of a card (columns opened up), optionally only those of one kind."""
    found = []
    for section in card["sections"]:
        for widget in section["widgets"]:
            found.append(widget)
            for column in widget.get("columns", {}).get("columnItems", []):
                found.extend(column["widgets"])
    return [w[kind] for w in found if kind in w] if kind else found


def buttons(card: dict) -> list[dict]:
    out = [b for bl in widgets(card, "buttonList") for b in bl["buttons"]]
    out += [d["button"] for d in widgets(card, "decoratedText") if "button" in d]
    return out


def params(button: dict) -> dict:
    return {p["key"]: p["value"] for p in button["onClick"]["action"].get("parameters", [])}


def texts(card: dict) -> str:
    parts = [card["header"].get("title", ""), card["header"].get("subtitle", "")]
    for w in widgets(card):
        for kind in ("decoratedText", "textParagraph"):
            if kind in w:
                parts += [w[kind].get(k, "") for k in ("topLabel", "text", "bottomLabel")]
    return "\n".join(parts)


# --- schema validity --------------------------------------------------------------------------------------


def all_cards():
    result = reviewed()
    anna = cards.recipient_profile(Party("anna.smith@acme.example"))
    yield "home", cards.homepage_card(["1 promise due today", "3 of 20 new contacts today"], ENDPOINTS)
    yield "home-empty", cards.homepage_card([], ENDPOINTS)
    yield "compose-paste", cards.compose_card([anna], ENDPOINTS, draft_access=False)
    yield "compose-nobody", cards.compose_card([], ENDPOINTS, draft_access=False)
    yield "compose-no-draft", cards.compose_card([anna], ENDPOINTS, draft_access=True, notice="No draft yet")
    yield "compose-review", cards.compose_card([anna], ENDPOINTS, draft_access=True, result=result, today=WEDNESDAY.date())
    yield "review-compose", cards.review_card(result, ENDPOINTS, context="compose", first_name="Anna", today=WEDNESDAY.date())
    yield "review-home", cards.review_card(result, ENDPOINTS, context="home")
    yield "review-empty", cards.review_card(reviewed("ok"), ENDPOINTS, context="home")
    yield "message", cards.message_card(result, ENDPOINTS, subject="Pricing")
    yield "message-tracked", cards.message_card(result, ENDPOINTS, subject="", tracked=True)
    yield "not-sent", cards.not_sent_card()
    yield "error", cards.error_card("Gmail <did> not answer & failed")


@pytest.mark.parametrize("name,card", list(all_cards()), ids=lambda v: v if isinstance(v, str) else "")
def test_every_card_is_a_valid_google_card(name, card):
    card_schema.assert_card(card)
    assert len(widgets(card)) <= 100  # Google drops sections past the 100th widget


def test_a_review_with_many_hints_stays_under_the_widget_limit():
    body = "Hi,\n\n" + " ".join(f"I'll get back to you soon about item {i}. YOU MUST DECIDE NOW!!!" for i in range(60))
    card = cards.review_card(reviewed(body), ENDPOINTS, context="compose", first_name="Anna", today=WEDNESDAY.date())
    card_schema.assert_card(card)
    assert len(widgets(card)) <= 100
    assert "more" in texts(card)


def test_email_text_is_escaped_in_card_markup():
    card = cards.review_card(reviewed("Hi Anna, I'll send the <b>quote</b> & terms by Friday."), ENDPOINTS, context="home")
    shown = texts(card)
    assert "&lt;b&gt;quote&lt;/b&gt; &amp; terms" in shown
    assert "<b>quote</b>" not in shown


# --- what the cards say -------------------------------------------------------------------------------------


def test_review_card_shows_both_scores_promises_with_days_asks_and_hints():
    result = reviewed()
    card = cards.review_card(result, ENDPOINTS, context="home")
    columns = widgets(card)[0]["columns"]["columnItems"]
    labels = [c["widgets"][0]["decoratedText"]["topLabel"] for c in columns]
    assert labels == ["Politeness", "Personalization"]
    assert f"<b>{result.politeness}</b> / 100" in texts(card)
    assert f"<b>{result.personalization}</b> / 100" in texts(card)
    shown = texts(card)
    assert "Due Friday, 14 March" in shown  # "by Friday", sent on Wednesday 12 March
    assert "No day: “soon”" in shown
    assert "Could you confirm the number of seats?" in shown
    assert "Try: I'll get back to you by Thursday, 13 March with the pricing." in shown


def test_insert_buttons_only_in_the_compose_window():
    result = reviewed()
    home = cards.review_card(result, ENDPOINTS, context="home")
    compose = cards.review_card(result, ENDPOINTS, context="compose", first_name="Anna", today=WEDNESDAY.date())
    assert [b["onClick"]["action"]["function"] for b in buttons(home)] == []
    functions = {b["onClick"]["action"]["function"]: b for b in buttons(compose)}
    assert set(functions) == {ENDPOINTS.insert_greeting, ENDPOINTS.insert_next_step, ENDPOINTS.insert_dated_promise}
    assert params(functions[ENDPOINTS.insert_greeting]) == {"first_name": "Anna", "old": "Hi,"}
    assert params(functions[ENDPOINTS.insert_next_step]) == {"day": "2025-03-14"}  # two working days after Wednesday
    assert params(functions[ENDPOINTS.insert_dated_promise]) == {
        "sentence": "I'll get back to you by Thursday, 13 March with the pricing.",
        "old": "I'll get back to you soon with the pricing.",
    }


def test_no_greeting_button_when_the_draft_already_names_them():
    result = reviewed("Hi Anna,\n\nI will send the contract by Friday.\n\nSam")
    card = cards.review_card(result, ENDPOINTS, context="compose", first_name="Anna", today=WEDNESDAY.date())
    assert ENDPOINTS.insert_greeting not in [b["onClick"]["action"]["function"] for b in buttons(card)]


def test_compose_card_prompts_name_and_company_and_offers_the_paste_box():
    anna = cards.recipient_profile(Party("anna.smith@acme.example"))
    card = cards.compose_card([anna], ENDPOINTS, draft_access=False)
    shown = texts(card)
    assert "Anna Smith" in shown and "greet them as <b>Anna</b>" in shown and "mention <b>Acme</b>" in shown
    box = widgets(card, "textInput")[0]
    assert box == {"name": cards.DRAFT_INPUT, "label": "Your draft", "hintText": "Paste the email you are writing", "type": "MULTIPLE_LINE"}
    (review_button,) = buttons(card)
    assert review_button["onClick"]["action"]["function"] == ENDPOINTS.review
    assert params(review_button) == {"ctx": "compose", "mode": "paste", "to": "anna.smith@acme.example"}


def test_compose_card_with_a_reviewed_draft_offers_review_again():
    anna = cards.recipient_profile(Party("anna.smith@acme.example"))
    card = cards.compose_card([anna], ENDPOINTS, draft_access=True, result=reviewed(), today=WEDNESDAY.date())
    again = [b for b in buttons(card) if b["text"] == "Review again"]
    assert params(again[0]) == {"ctx": "compose", "mode": "fetch", "to": "anna.smith@acme.example"}
    assert not widgets(card, "textInput")


def test_crm_facts_appear_and_their_company_wins():
    facts = RecipientFacts(first_name="Annabel", company="Acme Robotics GmbH", title="Head of Ops", notes=("Met at SaaStr",))
    profile = cards.recipient_profile(Party("anna.smith@acme.example"), facts)
    assert (profile.first_name, profile.company, profile.from_crm) == ("Annabel", "Acme Robotics GmbH", True)
    shown = texts(cards.compose_card([profile], ENDPOINTS, draft_access=False))
    assert "Head of Ops; Met at SaaStr" in shown and "From your CRM" in shown


def test_generic_addresses_get_no_made_up_name():
    profile = cards.recipient_profile(Party("info@gmail.com"))
    assert (profile.first_name, profile.company) == (None, None)
    assert "No name in the address" in texts(cards.compose_card([profile], ENDPOINTS, draft_access=False))


def test_message_card_tracks_promises_only_when_there_are_some():
    card = cards.message_card(reviewed(), ENDPOINTS, subject="Pricing")
    (track,) = buttons(card)
    assert track["text"] == "Track these 2 promises" and track["onClick"]["action"]["function"] == ENDPOINTS.track
    assert buttons(cards.message_card(reviewed("Thanks, see you soon."), ENDPOINTS, subject="x")) == []
    tracked = cards.message_card(reviewed(), ENDPOINTS, subject="Pricing", tracked=True)
    assert buttons(tracked) == [] and "Tracked" in texts(tracked)


# --- sentences ------------------------------------------------------------------------------------------------


def test_next_step_day_skips_the_weekend():
    assert cards.propose_next_step_day(date(2025, 3, 13)) == date(2025, 3, 17)  # Thursday → Monday
    assert cards.next_step_line(date(2025, 3, 17)) == "Would Monday, 17 March work for a 20-minute call to agree the next steps?"


def test_greeting_line():
    assert cards.greeting_line("Anna") == "Hi Anna,\n\n"


# --- wrappers ---------------------------------------------------------------------------------------------


def test_trigger_response_pushes_the_card():
    card = cards.not_sent_card()
    body = cards.trigger_response(card, notification="hello")
    assert card_schema.assert_trigger_response(body) == [card]
    assert body["action"]["notification"] == {"text": "hello"}


def test_action_responses():
    card = cards.error_card("x")
    assert card_schema.assert_action_response(cards.push_card(card)) == [card]
    assert cards.update_card(card)["renderActions"]["action"]["navigations"] == [{"updateCard": card}]
    assert card_schema.assert_action_response(cards.notify("Paste first")) == []


@pytest.mark.parametrize("where", ["IN_PLACE_INSERT", "INSERT_AT_START", "INSERT_AT_END", "REPLACE"])
def test_draft_inserts_always_name_their_type(where):
    body = cards.insert_into_draft("Hi Anna,\n\n", where, notification="Added")
    card_schema.assert_action_response(body)
    update = body["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]["updateBody"]
    assert update == {"insertContents": [{"content": "Hi Anna,\n\n", "contentType": "TEXT"}], "type": where}
    assert body["renderActions"]["action"] == {"notification": {"text": "Added"}}


def test_scope_request_shape():
    body = cards.request_scopes(["https://www.googleapis.com/auth/gmail.readonly"] * 2)
    assert body == {"requesting_google_scopes": {"scopes": ["https://www.googleapis.com/auth/gmail.readonly"]}}
    card_schema.assert_scope_request(body)


# --- the schemas themselves catch mistakes -------------------------------------------------------------------


def test_schema_rejects_unknown_fields_and_double_widgets():
    card = cards.error_card("x")
    card["sections"][0]["widgets"][0]["textParagrap"] = {"text": "typo"}
    assert card_schema.errors(card_schema.ROOT, card)
    card = cards.error_card("x")
    card["sections"][0]["widgets"][0]["divider"] = {}
    assert card_schema.errors(card_schema.ROOT, card)  # a widget is one kind of widget
    card = cards.error_card("x")
    card["header"]["imageType"] = "ROUND"
    assert card_schema.errors(card_schema.ROOT, card)  # enums come from Google's document


def test_schema_rejects_an_insert_without_type_and_an_unknown_wrapper():
    body = cards.insert_into_draft("x", "IN_PLACE_INSERT")
    del body["renderActions"]["hostAppAction"]["gmailAction"]["updateDraftActionMarkup"]["updateBody"]["type"]
    assert card_schema.errors("ActionResponse", body)
    assert card_schema.errors("TriggerResponse", {"renderActions": {"action": {"navigations": [{"pushCard": cards.error_card("x")}]}}})
    assert card_schema.errors("ScopeRequest", {"requesting_google_scopes": {"scopes": ["gmail.readonly"]}})
