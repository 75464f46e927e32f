"""addin.review.politeness: strategy detection, findings with concrete rewrites, and the 0–100 score.

Every sentence and email here is written for these tests (none comes from the labelled corpora).
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from addin.review import Draft, politeness, text
from addin.review.document import Document, split_sentences

MONDAY = datetime(2024, 6, 3, 9, 0, tzinfo=timezone.utc)  # a Monday: two business days later is Wednesday


def make_doc(body: str, sent_at: datetime = MONDAY) -> Document:
    """The Document the engine builds (same extraction and sentence splitting)."""
    draft = Draft(body=body, sent_at=sent_at)
    extracted = text.extract(draft.body, draft.body_format)
    sentences = split_sentences(extracted.text, *extracted.reviewed)
    return Document(extracted.text, extracted.reviewed, sentences, draft, extracted.signoff)


def counts(body: str) -> dict[str, int]:
    return politeness.scan(make_doc(body))[0]


def findings(body: str, sent_at: datetime = MONDAY):
    doc = make_doc(body, sent_at)
    _, found = politeness.analyse(doc)
    for f in found:
        assert doc.text[f.start : f.end] == f.text, f  # anchored on the exact words
        assert f.category == "politeness" and f.kind.startswith("politeness.")
    return found


def kinds(body: str) -> list[str]:
    return [f.kind for f in findings(body)]


def score(body: str) -> int:
    return politeness.analyse(make_doc(body))[0]


# ---------------------------------------------------------------------------------------------------------
# Strategy detection (the Danescu-Niculescu-Mizil et al. features and the sales-email additions)


@pytest.mark.parametrize(
    ("sentence", "feature", "expected"),
    [
        ("Thanks for the quick turnaround on the pilot.", "gratitude", 1),
        ("I really appreciate the intro to your CFO.", "gratitude", 1),
        ("Sorry for the slow reply on the quote.", "apology", 1),
        ("Could you please check the delivery address?", "please", 1),
        ("Could you please check the delivery address?", "please_start", 0),
        ("Please check the delivery address.", "please_start", 1),
        ("Please check the delivery address.", "please", 0),
        ("I think the second option is probably cheaper.", "hedge", 2),
        ("Great question about the warranty.", "deference", 1),
        ("Could you share the floor plan?", "counterfactual", 1),
        ("Would you be open to a short call?", "counterfactual", 1),
        ("Can you share the floor plan?", "indicative", 1),
        ("What is your budget for this year?", "direct_question", 1),
        ("Why did the order stall?", "direct_question", 1),
        ("So the order is delayed again.", "direct_start", 1),
        ("I sent the contract this morning.", "first_person_start", 1),
        ("You will get the invoice on Friday.", "second_person_start", 1),
        ("Hi Dana, the demo is booked.", "greeting", 1),
        ("In fact the renewal is cheaper.", "factuality", 1),
        ("By the way, the webinar is recorded.", "by_the_way", 1),
        ("I was wondering if the team had a chance to look.", "subjunctive", 1),
        ("Send me the signed order form.", "imperative", 1),
        ("No rush, whenever suits you is fine.", "consideration", 2),
        ("I hope you had a great weekend.", "wellwish", 1),
    ],
)
def test_strategy_counts(sentence, feature, expected):
    assert counts(sentence).get(feature, 0) == expected


@pytest.mark.parametrize(
    "sentence",
    ["Let me know if you have questions.", "Feel free to forward this to Mark.", "Have a great weekend.",
     "See attached for the revised quote.", "Find attached the signed NDA.", "Looking forward to Thursday."],
)
def test_friendly_imperatives_are_not_commands(sentence):
    assert counts(sentence).get("imperative", 0) == 0
    assert "politeness.direct_imperative" not in kinds(sentence)


def test_why_counts_only_in_a_question():
    assert counts("Why did the pilot stall?").get("why", 0) == 1
    assert counts("Our team is small, which is why we automate onboarding.").get("why", 0) == 0


def test_negation_in_a_question_is_pushback():
    assert counts("Can't you just approve the discount?").get("negative_question", 0) == 1
    assert counts("We can't approve the discount this quarter.").get("negative_question", 0) == 0


@pytest.mark.parametrize(
    ("body", "framed"),
    [
        ("Hi Anna,\n\nThe quote is attached.\n\nBest,\nTom", True),
        ("Dear Ms. Ortiz, the quote is attached. Sincerely, Tom Reyes", True),
        ("Could you send the quote? I need it for the budget review.", False),
    ],
)
def test_email_frame(body, framed):
    assert bool(counts(body).get("email_frame")) is framed


def test_signoff_outside_the_reviewed_words_still_counts():
    body = "Hi Omar,\n\nThe pilot starts on the 12th.\n\nMany thanks,\nLena"
    doc = make_doc(body)
    if doc.signoff is None:
        pytest.skip("text.extract did not split a sign-off here")
    assert politeness.scan(doc)[0].get("gratitude", 0) == 1


# ---------------------------------------------------------------------------------------------------------
# Findings: one per negative strategy, anchored, with a concrete rewrite


def only(body: str, kind: str):
    found = [f for f in findings(body) if f.kind == kind]
    assert len(found) == 1, [f.kind for f in findings(body)]
    return found[0]


def test_pressure_per_my_last_email():
    f = only("Per my last email, the pricing sheet is attached.", "politeness.pressure")
    assert f.text == "Per my last email" and f.severity == "warning"
    assert f.suggestion == "Following up on my earlier note"  # the comma after the phrase is kept
    assert "defensive" in f.message


def test_pressure_asap_suggests_a_concrete_day_from_the_send_time():
    f = only("We need the signed SOW ASAP.", "politeness.pressure")
    assert f.text == "ASAP"
    assert f.suggestion == "by Wednesday if you can"
    friday = datetime(2024, 6, 7, 16, 0, tzinfo=timezone.utc)
    assert [x.suggestion for x in findings("We need the signed SOW ASAP.", friday)] == ["by Tuesday if you can"]


def test_pressure_you_need_to_becomes_a_request():
    f = only("You need to sign the renewal form by Friday.", "politeness.pressure")
    assert f.text == "You need to"
    assert f.suggestion == "Could you sign the renewal form by Friday?"


@pytest.mark.parametrize(
    ("body", "phrase"),
    [
        ("As I said, the discount ends this month.", "As I said"),
        ("As previously mentioned, the price is fixed.", "As previously mentioned"),
        ("I already told you the team is booked.", "I already told you"),
        ("Make sure the PO references the quote number.", "Make sure"),
        ("It's your responsibility to tell procurement.", "It's your responsibility"),
        ("Please reply immediately.", "immediately"),
    ],
)
def test_pressure_phrases(body, phrase):
    f = only(body, "politeness.pressure")
    assert f.text == phrase and f.suggestion


@pytest.mark.parametrize(
    "body",
    [
        "I'll send the revised quote right away.",  # the sender's own promise
        "Here is everything you need to know about the rollout.",
        "If you have to reschedule, just tell me.",
        "We'll make sure the install team has badges.",
    ],
)
def test_not_pressure(body):
    assert "politeness.pressure" not in kinds(body)


def test_blame():
    f = only("You failed to send the usage report.", "politeness.blame")
    assert f.text == "You failed to" and f.severity == "warning"
    assert f.suggestion == "It looks like we weren't able to"
    g = only("That was your mistake, not the carrier's.", "politeness.blame")
    assert g.text == "your mistake" and g.suggestion == "the mix-up"


@pytest.mark.parametrize(
    "body", ["In case you didn't get it, the deck is attached.", "If you didn't receive the invoice, tell me."]
)
def test_not_blame(body):
    assert "politeness.blame" not in kinds(body)


def test_all_caps_is_flagged_but_acronyms_are_not():
    f = only("PLEASE RESPOND before the quarter closes.", "politeness.all_caps")
    assert f.text == "PLEASE RESPOND" and f.suggestion == "Please respond" and f.severity == "warning"
    assert kinds("The PO, SOW and ROI model are attached. EBITDA and NASDAQ figures too.") == []
    assert "politeness.all_caps" in kinds("This is URGENT for our team.")


def test_repeated_exclamations():
    f = only("The pilot went live today!!", "politeness.exclamations")
    assert f.text == "!!" and f.suggestion == "!"
    assert "politeness.exclamations" not in kinds("The pilot went live today!")


@pytest.mark.parametrize(
    ("body", "phrase", "suggestion"),
    [
        ("Thanks for nothing on the renewal call.", "Thanks for nothing", None),
        ("Obviously the old system cannot scale.", "Obviously", "The old system cannot scale."),
        ("With all due respect, the numbers are off.", "With all due respect", "The numbers are off."),
        ("Clearly you missed the second page.", "Clearly you", None),
    ],
)
def test_sarcasm(body, phrase, suggestion):
    f = only(body, "politeness.sarcasm")
    assert f.text == phrase and f.suggestion
    if suggestion:
        assert f.suggestion == suggestion


@pytest.mark.parametrize(
    ("word", "replacement"),
    [("underwhelming", "below what we'd hoped"), ("unacceptable", "not what we agreed"),
     ("lackluster", "quieter than we hoped"), ("disappointing", "not quite what we hoped")],
)
def test_condescension(word, replacement):
    f = only(f"The response from your team was {word}.", "politeness.condescension")
    assert f.text == word and f.suggestion == replacement


def test_direct_imperative_is_info_with_a_request_rewrite():
    f = only("Send me the PO.", "politeness.direct_imperative")
    assert f.severity == "info" and f.text == "Send me the PO."
    assert f.suggestion == "Could you send me the PO?"


def test_softened_imperatives_are_not_flagged():
    assert "politeness.direct_imperative" not in kinds("Send me the PO when you get a chance.")
    assert "politeness.direct_imperative" not in kinds("Please send me the PO.")


def test_can_you_suggests_could_you():
    f = only("Can you send the updated floor plan?", "politeness.can_you")
    assert f.text == "Can you" and f.suggestion == "Could you" and f.severity == "info"
    assert "politeness.can_you" not in kinds("Could you send the updated floor plan?")


def test_spans_index_the_whole_text_with_a_greeting_before():
    body = "Hi Sam,\n\nThanks for the call. Per my last email, the quote stands!!\n\nBest,\nRia"
    doc = make_doc(body)
    for f in politeness.analyse(doc)[1]:
        assert body[f.start : f.end] == f.text
    assert {f.text for f in politeness.analyse(doc)[1]} == {"Per my last email", "!!"}


# ---------------------------------------------------------------------------------------------------------
# The score

WARM = """Hi Priya,

Thank you so much for taking the time to walk us through the Denver rollout, I really enjoyed it. I'd be
happy to put together a short proposal for the second site if that would be helpful. Would Tuesday or
Wednesday work for a quick call? No rush at all.

Warm regards,
Jonas"""

NEUTRAL = """Hi Priya,

The proposal covers the Denver site and the second warehouse. Pricing is per scanner per month and the
installation takes two weeks.

Best,
Jonas"""

RUDE = """Priya,

Per my last email, you need to sign the contract ASAP. I already told you the price will not change. Your
team's response has been unacceptable.

Jonas"""


def test_score_orders_warm_neutral_rude():
    warm, neutral, rude = score(WARM), score(NEUTRAL), score(RUDE)
    assert warm > neutral > rude
    assert warm >= 70
    assert 35 <= neutral <= 65
    assert rude <= 30


def test_one_rude_cue_costs_points():
    polite = "Hi Priya,\n\nCould you send the signed order form by Thursday?\n\nThanks,\nJonas"
    pushy = "Hi Priya,\n\nCould you send the signed order form ASAP?\n\nThanks,\nJonas"
    assert score(pushy) < score(polite)


@pytest.mark.parametrize(
    "body",
    [
        "",
        "   \n\n  ",
        "ok",
        "THANKS THANKS THANKS!!!!!! " * 50,
        "You failed to. ASAP!! " * 200,
        "Thank you so much! " * 300,
    ],
)
def test_score_is_bounded(body):
    assert 0 <= score(body) <= 100


def test_empty_text_is_neutral():
    assert politeness.analyse(make_doc("")) == (50, [])
    assert politeness.analyse(make_doc("\n  \n")) == (50, [])


def test_long_emails_are_not_pushed_to_extremes_by_length():
    one = WARM.split("\n\n")[1]
    long_warm = "Hi Priya,\n\n" + "\n\n".join([one] * 12) + "\n\nWarm regards,\nJonas"
    assert abs(score(long_warm) - score(WARM)) <= 12
    assert score(long_warm) < 100


def test_deterministic():
    doc = make_doc(RUDE + "\n\nSend me the PO!!")
    assert politeness.analyse(doc) == politeness.analyse(doc)
    assert politeness.analyse(make_doc(RUDE)) == politeness.analyse(make_doc(RUDE))


def test_engine_reports_the_score_and_findings():
    from addin.review import review

    result = review(Draft(body=RUDE, sent_at=MONDAY))
    assert result.politeness == score(RUDE)
    assert any(f.kind == "politeness.pressure" for f in result.findings)


def test_weights_ship_with_the_package():
    assert politeness.MODEL["weights"], "addin/review/data/politeness.json is missing or empty"
    assert set(politeness.MODEL["weights"]) == set(politeness.FEATURES)
    assert set(politeness.MODEL["email_weights"]) == set(politeness.FEATURES)
    assert 0 < len(politeness.MODEL["word_weights"]) <= 200


def test_word_weights_never_touch_a_framed_email():
    doc = make_doc(NEUTRAL)
    found, words, _ = politeness.scan(doc)
    assert found.get("email_frame")
    tokens = politeness.word_set(doc)
    assert tokens & set(politeness.MODEL["word_weights"])
    assert politeness.margin(found, words, tokens) == politeness.margin(found, words)


def test_fifty_is_exactly_the_neutral_margin():
    assert politeness.to_score(0.0) == 50
    assert politeness.to_score(1e-6) == 50
    assert politeness.to_score(-1e-6) == 49
    assert politeness.to_score(50.0) == 100 and politeness.to_score(-50.0) == 0
