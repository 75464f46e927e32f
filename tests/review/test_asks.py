"""Asks and the next_step.missing finding, end to end through ``review(Draft(...))``."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from addin.review import asks
from addin.review.engine import review
from addin.review.model import Draft

UTC = timezone.utc
MON = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)  # Monday 16 November 2026
THU = datetime(2026, 11, 19, 9, 0, tzinfo=UTC)
FRI = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def run(body: str, sent_at: datetime = MON):
    return review(Draft(body=body, sent_at=sent_at))


def ask_texts(body: str) -> list[str]:
    result = run(body)
    for a in result.asks:
        assert result.text[a.start : a.end] == a.text
    return [a.text for a in result.asks]


def next_step(body: str, sent_at: datetime = MON):
    return [f for f in run(body, sent_at).findings if f.category == "next_step"]


# --- asks: the sentence is the whole ask -------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        # the issue's own examples
        "Are you free Tuesday at 2pm?",
        "Could you send the PO?",
        "Please sign the order form.",
        "Let's set up a call Thursday — does 10am work?",
        "Would you be open to a 20-minute demo next week?",
        "Can you confirm the headcount by Friday?",
        "Which option do you prefer?",
        # other phrasings a rep actually writes
        "Open to a quick chat next week?",
        "Worth a 15-minute call to see if it fits?",
        "Any update on the PO?",
        "Does Thursday at 3pm work for you?",
        "Would Thursday at 2pm work for a 20-minute call with your operations lead?",
        "Mind sending over the W-9 when you get a chance?",
        "Who else should be involved in the decision?",
        "What's your timeline for a decision?",
        "When would be a good time to connect?",
        "Is Tuesday or Wednesday better for you?",
        "Are we still on for Thursday?",
        "I'd appreciate it if you could loop in your CFO.",
        "I need you to countersign the MSA before Friday.",
        "Kindly return the signed SOW.",
        "Send me the redlines when legal is done.",
        "Just sign where highlighted and send it back.",
        "Could you introduce me to your head of IT?",
        "Would you mind forwarding this to Sarah?",
        "Should I send the contract to you or to procurement?",
        "Let me know which package you'd like to go with.",
        "Let me know by Friday if you want to lock in this pricing.",
        "Can we move our call to Thursday?",
        "Could I get the signed copy back by end of week?",
        "I'd love to get 20 minutes on your calendar next week.",
        "I'd like to grab a call with you and your ops lead.",
        "Any thoughts on the revised pricing?",
        "Need the signed SOW before Monday.",
        "If you could send the signed copy today, we can countersign it tomorrow.",
        "If you can confirm the seat count by Friday, we can lock in the price.",
        "Can I tell my manager we have a deal?",
        "May I schedule a call with your CFO?",
        "Should I expect the signed copy this week?",
        "Should I go ahead and place the order?",
        "Can I put you down for the webinar?",
        "How much time does your legal team need to review the contract?",
        "The courier will need a signature so please let reception know.",
        "I know you're swamped so let me know which slot works.",
        "When you're back, could you send the PO?",
        "Shall I call you Thursday at 2pm?",
        "Is bundling something your litigation team has on its list this year?",
        "May I know your budget range for this project?",
        "If it's worth 20 minutes to see whether the same is true in your lab, pick any slot that suits here.",
        "Would you like me to send it to you or to procurement?",
        "If you could send the specs by Friday, that would be great.",
        "One question: is the board meeting still on April 14, or has it moved?",
        "Please review the proposal and reply with any changes by Wednesday.",
        "Do you have 20 minutes on Wednesday to walk through the pilot results?",
        "How does next Tuesday look for a kickoff?",
        "Did you get a chance to look at the proposal?",
        "I was wondering if you'd had a chance to review the proposal.",
        "Please approve the quote in DocuSign.",
        "Pls send the updated headcount.",
        "Don't forget to sign page 4.",
        "Thursday, usual time?",
    ],
)
def test_asks_whole_sentence(sentence):
    assert ask_texts(sentence) == [sentence]


# --- asks: only the asking clause is the ask ---------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, ask",
    [
        ("Thanks for the call today — could you send the PO?", "could you send the PO?"),
        ("Great meeting you yesterday; when can we get your IT team on a call?", "when can we get your IT team on a call?"),
        ("Happy to jump on a call — what time works for you?", "what time works for you?"),
        ("Hope you had a good weekend - are you free Tuesday at 2pm?", "are you free Tuesday at 2pm?"),
        ("Please review the contract, and let me know if you have any questions.", "Please review the contract"),
        ("I'll send the revised quote tomorrow; could you confirm the seat count by Friday?", "could you confirm the seat count by Friday?"),
        ("Sorry to chase, but could you sign the order form today?", "could you sign the order form today?"),
    ],
)
def test_ask_is_the_asking_clause(sentence, ask):
    assert ask_texts(sentence) == [ask]


# --- not asks ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        # the non-asks
        "Let me know if you have any questions.",
        "Feel free to reach out.",
        "Don't hesitate to contact me.",
        "Hope this helps!",
        "Looking forward to hearing from you.",
        "Have a great weekend.",
        "How are you?",
        "Did I mention we now integrate with Salesforce?",
        "I'll send the revised quote by Friday.",
        # rhetorical and marketing questions
        "Who doesn't want more pipeline?",
        "Isn't it time to stop losing deals to spreadsheets?",
        "Ever wonder why your reps miss quota?",
        "Tired of chasing signatures?",
        "Did you know that 60% of deals stall after the demo?",
        # pleasantries, statements, offers, promises
        "Great to meet you.",
        "Thanks for your time today.",
        "Hope you had a great weekend.",
        "Our platform cuts onboarding time in half.",
        "Please find attached the proposal we discussed.",
        "Please note that pricing is valid until March 31.",
        "I wanted to follow up on our conversation last week.",
        "Let me check with my manager and get back to you.",
        "If you have any questions, feel free to give me a call.",
        "Let me know if there's anything else I can do.",
        "Keep me posted.",
        "I'd be glad to set up a session with your IT team next week.",
        "I can walk your team through the setup next week.",
        "We'll have the proposal over to you tomorrow.",
        "Based on what we saw at Northwind, the scanner upgrade usually pays for itself within two quarters.",
        "Talk soon.",
        "Any questions, just let me know.",
        "Any thoughts?",
        "Quick update before the weekend.",
        "Quick end-of-day update on your Savannah containers.",
        "I know January is a busy month for you.",
        "If it would be helpful, I can also put together a short training for your assistants.",
        "If you'd like, I can add a Saturday departure during the peak season.",
        "If it would help, I can put together a wage comparison for your area.",
        "I've attached our rate card in case it's useful when you review carriers.",
        "If you can place the order by January 30, we'll take 5% off the panel price.",
        "You should assume at least a two-day delay to your delivery slots.",
        "If anything in the numbers looks off, just let me know.",
        "Anyway, let me know if you've got any questions.",
        "Would it help to have our head of reliability join the renewal call?",
        "Our deal desk will send both versions of the quote by Tuesday so your board can compare them.",
        "How many hours does your accounts team spend every week sending payment reminders?",
        "Noted that the purchase committee will now meet on 24th March instead of this week.",
        "For 2027 the floor plan for Hall 5 will be released in November.",
        "Consider it a thank-you from all of us.",
        "Call it $12,000 flat for all six classes, filing fees included.",
        "Let me know if anything else needs adjusting.",
        "Shall I ask her to join the next call?",
        "When you're ready, shall I send it over?",
        "When you get a moment, want me to send the deck?",
        "Whenever you're free, any thoughts?",
        "Is it any wonder your team is frustrated with manual invoicing?",
        "Thanks, need a break after this quarter!",
        "Need a hand with the migration?",
        "Hi Mark",
        "I'm also going to set up a call with our integration architect.",
        "Want me to send over the 12-month uptime report?",
        "Shall I send over the full release notes?",
        "Would you like me to send the case study?",
        "I wanted to let you know that list prices for the Professional tier will increase by 6% from 1 March.",
        "You asked whether we could do 10% off the renewal given the seat increase.",
        "On data residency: if EU residency is a hard requirement, I can set up a call with our architect.",
        "If you'd like to talk through the seat count before the renewal date, happy to set up time.",
        ("To answer your question about pricing for the larger rollout, orders of 100 seats or more are billed at "
         "EUR 18 per seat per month instead of EUR 22 under our public price list for this year."),
    ],
)
def test_not_asks(sentence):
    assert ask_texts(sentence) == []


def test_several_asks_in_one_email_each_with_exact_span():
    body = (
        "Hi Anna,\n\n"
        "Thanks for the great call on Tuesday. I've attached the revised proposal.\n"
        "Could you confirm the seat count by Friday? Also, who else needs to sign off on the budget?\n\n"
        "Let me know if you have any questions.\n\n"
        "Best,\nDan"
    )
    assert ask_texts(body) == ["Could you confirm the seat count by Friday?", "Also, who else needs to sign off on the budget?"]


def test_sign_off_and_quoted_history_are_not_reviewed_for_asks():
    body = "Hi Anna,\n\nCould you send the PO?\n\nThanks,\nDan\n\n> On Monday Anna wrote:\n> Could you send me the quote?"
    assert ask_texts(body) == ["Could you send the PO?"]


# --- next_step.missing -------------------------------------------------------------------------------
def test_missing_next_step_anchors_on_the_vague_closer():
    body = (
        "Hi Anna,\n\nThanks for the call yesterday. I've attached the deck we discussed.\n\n"
        "Let me know if you have any questions.\n\nBest,\nDan"
    )
    (finding,) = next_step(body)
    assert (finding.kind, finding.severity) == ("next_step.missing", "warning")
    assert finding.text == "Let me know if you have any questions."
    assert body[finding.start : finding.end] == finding.text
    assert "asks for nothing concrete" in finding.message
    assert finding.suggestion == "Could we book 20 minutes on Wednesday or Thursday to go through it?"


def test_missing_next_step_anchors_on_last_sentence_without_a_closer():
    body = "Hi Anna,\n\nThanks for the call yesterday. I've attached the deck we discussed, with the pricing tiers.\n\nBest,\nDan"
    (finding,) = next_step(body)
    assert finding.text == "I've attached the deck we discussed, with the pricing tiers."
    assert body[finding.start : finding.end] == finding.text


@pytest.mark.parametrize(
    "sent_at, days",
    [(MON, "Wednesday or Thursday"), (THU, "Monday or Tuesday"), (FRI, "Monday or Tuesday")],
)
def test_missing_next_step_suggestion_days_follow_the_send_date(sent_at, days):
    (finding,) = next_step("Our platform cuts onboarding time in half. Looking forward to hearing from you.", sent_at)
    assert finding.text == "Looking forward to hearing from you."
    assert finding.suggestion == f"Could we book 20 minutes on {days} to go through it?"


def test_send_date_is_read_in_the_senders_own_offset():
    late_sunday_in_tokyo = datetime(2026, 11, 16, 1, 0, tzinfo=timezone(timedelta(hours=9)))  # Sunday 15th in UTC
    (finding,) = next_step("Our platform cuts onboarding time in half.", late_sunday_in_tokyo)
    assert finding.suggestion == "Could we book 20 minutes on Wednesday or Thursday to go through it?"


@pytest.mark.parametrize(
    "body",
    [
        "Hi Anna,\n\nCould you send the PO by Friday?\n\nThanks,\nDan",
        "Thanks for the update. Are you free Tuesday at 2pm?",
        "",  # nothing reviewed
        "   \n\n  ",
        "Thanks, got it!",  # a short pure acknowledgement
        "Thanks Anna, sounds good.\n\nBest,\nDan",
        "Perfect, see you Thursday.",
    ],
)
def test_no_missing_next_step(body):
    assert next_step(body) == []


def test_a_long_thank_you_still_needs_a_next_step():
    body = (
        "Thanks so much for the time today. It was great to learn how your team handles renewals, and I think "
        "there is a real fit with what we do for companies your size. I've attached the case study."
    )
    assert len(next_step(body)) == 1


def test_only_one_missing_finding_even_with_several_vague_closers():
    body = "Hope this helps. Let me know if you have any questions. Feel free to reach out."
    (finding,) = next_step(body)
    assert finding.text == "Feel free to reach out."


# --- the learned part --------------------------------------------------------------------------------
def test_model_file_is_small_and_consistent():
    data = json.loads(asks._MODEL_PATH.read_text(encoding="utf-8"))
    assert set(data) >= {"bias", "threshold", "weights"}
    assert 50 < len(data["weights"]) <= 1000
    assert all(k[:2] in ("r:", "w:", "b:") for k in data["weights"])
    # every rule feature the model weighs is one the engine computes
    rule_names = {k[2:] for k in data["weights"] if k.startswith("r:")}
    computed = set()
    for text in ("Could you send the PO by Friday?", "I'll send it.", "Let me know if you have any questions.", "Hi"):
        computed |= asks.rule_features(text)
    assert rule_names & computed


def test_model_catches_a_request_without_a_rule_cue():
    # no imperative, modal-you, "please" or question: only the learned weights can call this an ask
    assert asks._judge("Maybe we can have lunch on Thursday and go over the numbers.") == "model"


def test_a_promise_that_the_recipient_will_have_something_is_not_an_ask():
    from addin.review import Draft, review

    assert review(Draft(body="You'll have the contract tomorrow morning.")).asks == ()
    assert len(review(Draft(body="You'll have to sign the order form by Friday.")).asks) == 1


def test_a_phone_terse_need_with_an_article_is_an_ask_but_needing_a_hand_is_not():
    assert [a.text for a in review(Draft(body="Need a signed PO by July 17 to get them on the August truck.")).asks] == [
        "Need a signed PO by July 17 to get them on the August truck."]
    assert review(Draft(body="Need a hand with anything?")).asks == ()
