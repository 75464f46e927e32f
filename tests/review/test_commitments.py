"""Commitments: which sentences are the sender's promises, their due dates, spans and vague-due findings."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from addin.review import commitments
from addin.review.document import Document, split_sentences
from addin.review.engine import review
from addin.review.model import Draft, Party

UTC = timezone.utc
PST = timezone(timedelta(hours=-8))
WED = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)  # Wednesday 18 November 2026
FRI_PST = datetime(2026, 11, 20, 16, 0, tzinfo=PST)  # Friday locally, Saturday in UTC
ANNA = Party("anna@northwind.example", "Anna Lee")


def analyse(text: str, sent_at: datetime = WED, reviewed_end: int | None = None):
    end = len(text) if reviewed_end is None else reviewed_end
    draft = Draft(body=text, sent_at=sent_at, to=(ANNA,))
    doc = Document(text, (0, end), split_sentences(text, 0, end), draft)
    return doc, *commitments.analyse(doc)


def only(text: str, sent_at: datetime = WED):
    doc, promises, _ = analyse(text, sent_at)
    assert len(promises) == 1, promises
    c = promises[0]
    assert doc.text[c.start : c.end] == c.text
    return c


# --- the promises the issue lists ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, due, phrase",
    [
        ("I'll send the quote by Friday.", date(2026, 11, 20), "by Friday"),
        ("We will revert tomorrow.", date(2026, 11, 19), "tomorrow"),
        ("You'll have the contract tomorrow morning.", date(2026, 11, 19), "tomorrow morning"),
        ("Let me check and get back to you by Monday.", date(2026, 11, 23), "by Monday"),
        ("I will follow up with pricing on Thursday.", date(2026, 11, 19), "on Thursday"),
        ("Expect the proposal by end of week.", date(2026, 11, 20), "by end of week"),
        ("I'm going to send over the deck tonight.", date(2026, 11, 18), "tonight"),
        ("I'll make sure legal reviews it by the 15th.", date(2026, 12, 15), "by the 15th"),
        ("We'll get the revised SOW to you within 3 business days.", date(2026, 11, 23), "within 3 business days"),
        ("I’ll send the deck on Tuesday.", date(2026, 11, 24), "on Tuesday"),
        ("We're sending the signed order form tomorrow.", date(2026, 11, 19), "tomorrow"),
        ("Will send it over by EOD.", date(2026, 11, 18), "by EOD"),
        ("I'll be sending the revised terms on Monday the 7th.", date(2026, 12, 7), "on Monday the 7th"),
        ("I'll try to call you Friday afternoon.", date(2026, 11, 20), "Friday afternoon"),
        ("I'll have Mike call you on Monday.", date(2026, 11, 23), "on Monday"),
        ("I'll have the numbers to you by 12/5.", date(2026, 12, 5), "by 12/5"),
        ("You will receive the invoice by the end of the month.", date(2026, 11, 30), "by the end of the month"),
        ("Tomorrow, I'll send you the pricing.", date(2026, 11, 19), "Tomorrow"),
        ("I'll call you when I'm back on Monday.", date(2026, 11, 23), "on Monday"),
        ("I'll see what I can do and get back to you by Friday.", date(2026, 11, 20), "by Friday"),
        ("We'll be in touch by the end of the week.", date(2026, 11, 20), "by the end of the week"),
        ("I should have the numbers for you by Friday.", date(2026, 11, 20), "by Friday"),
        ("You'll hear from me by Friday.", date(2026, 11, 20), "by Friday"),
        ("I'll send a summary after our call tomorrow.", date(2026, 11, 19), "tomorrow"),
        ("I will send you the recording of today's demo this afternoon.", date(2026, 11, 18), "this afternoon"),
        ("Once legal signs off, I'll send the final version on Monday.", date(2026, 11, 23), "on Monday"),
        ("I'll get legal to review it by Thursday.", date(2026, 11, 19), "by Thursday"),
        ("We'll get the pilot kit shipped out by the 20th.", date(2026, 11, 20), "by the 20th"),
        ("I'll get Sam to call you tomorrow.", date(2026, 11, 19), "tomorrow"),
        ("I'm also going to introduce you to our underwriter on Friday.", date(2026, 11, 20), "on Friday"),
        ("I'll have it delivered to your warehouse by 10am tomorrow.", date(2026, 11, 19), "by 10am tomorrow"),
        ("I'll have three screened candidates in front of you within 3 business days.", date(2026, 11, 23),
         "within 3 business days"),
        ("We will have the racking installed by end of quarter.", date(2026, 12, 31), "by end of quarter"),
        ("I'll get our consultant to walk your team through it by Friday.", date(2026, 11, 20), "by Friday"),
        ("We'll get this out today.", date(2026, 11, 18), "today"),
        ("I will also circulate the list of carriers by Friday.", date(2026, 11, 20), "by Friday"),
        ("Count on me to send the revised SOW by Friday.", date(2026, 11, 20), "by Friday"),
        ("Ill send the quote tomorrow.", date(2026, 11, 19), "tomorrow"),
        ("I'll get the updated quote over to you this arvo.", date(2026, 11, 18), "this arvo"),
        ("Will do — sending tonight.", date(2026, 11, 18), "tonight"),
        ("I owe you the revised SLA schedule by Wednesday.", date(2026, 11, 25), "by Wednesday"),
        ("I'll get the credit note issued by EOD.", date(2026, 11, 18), "by EOD"),
        ("I'll make it happen by Thursday, even if I have to build it myself.", date(2026, 11, 19), "by Thursday"),
        ("I'll get our head of product on a call with you by end of week.", date(2026, 11, 20), "by end of week"),
        ("The proof looks good, so expect a draft from me by the 20th.", date(2026, 11, 20), "by the 20th"),
        # an "if" that means "whether", or belongs to the recipient's clause, leaves the promise standing
        ("I'll call you tomorrow to see if the quote works for your team.", date(2026, 11, 19), "tomorrow"),
        ("I'll let you know by Friday if the extension is approved.", date(2026, 11, 20), "by Friday"),
        ("I'll send the contract today so you can sign it if you're happy with it.", date(2026, 11, 18), "today"),
        # a leading noun is not an order: "Order confirmations go out … and I'll…"
        ("Order confirmations go out automatically and I'll send the invoice tomorrow.", date(2026, 11, 19), "tomorrow"),
        ("Sign-off came through this morning and I'll send the countersigned copy today.", date(2026, 11, 18), "today"),
        ("Update: the order is confirmed and we'll ship it on Friday.", date(2026, 11, 20), "on Friday"),
        ("I'll swing past the warehouse this afternoon.", date(2026, 11, 18), "this afternoon"),
        ("I'll have the driver drop off samples Tuesday morning.", date(2026, 11, 24), "Tuesday morning"),
        ("I'll get a shortlist of three to five candidates across to you by the 20th.", date(2026, 11, 20), "by the 20th"),
        ("I'll get our tech out to recalibrate both grinders by the end of the month.", date(2026, 11, 30),
         "by the end of the month"),
        ("I'll have the full comparison — rents, allowances and maps — to you by Friday.", date(2026, 11, 20), "by Friday"),
        ("I'll have the final SOW to you by end of month, including the fee schedule if you decide to hire.",
         date(2026, 11, 30), "by end of month"),
    ],
)
def test_dated_promises(text, due, phrase):
    c = only(text)
    assert (c.due, c.due_phrase) == (due, phrase)


def test_due_is_resolved_in_the_senders_offset():
    assert only("I'll send it by Saturday.", FRI_PST).due == date(2026, 11, 21)
    assert only("I'll call you today.", FRI_PST).due == date(2026, 11, 20)


@pytest.mark.parametrize(
    "text",
    [
        "If you sign by Friday, we'll ship on Monday.",
        "If there's anything blocking on your side, call me today and I'll sort it out.",
        "Unless legal objects, I'll send the final version on Monday.",
        "Sign the 12-month agreement by June 15 and we'll give you the first three months free.",
        "I'll keep you posted if anything changes on the indemnity clause.",
        "I'll send the signed copy on Friday if legal approves it.",
        "Here's my offer: renew by Friday and I'll lock in this year's rate.",
    ],
)
def test_a_promise_behind_a_leading_condition_is_not_yet_a_promise(text):
    # Nobody owes it until the condition is met; tracking it would report it overdue when it never came due.
    assert analyse(text)[1:] == ([], [])


# --- not promises -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "I'll be honest, the price is higher than last year.",
        "I'll admit I was surprised by the numbers.",
        "I'd like to send you the deck tomorrow.",
        "I would love to set up a call on Friday.",
        "We will see how the pilot goes.",
        "I will be out on Friday.",
        "I'll be in Boston on Tuesday.",
        "I will be in the office tomorrow.",
        "Will you send the contract by Friday?",
        "Shall I send it Friday?",
        "Can I send the deck tomorrow?",
        "I can send the deck tomorrow.",
        "Would you like me to send the deck tomorrow?",
        "Happy to send the deck tomorrow.",
        "If you want, I'll send the deck tomorrow.",
        "I'll send the case study tomorrow if you'd like.",
        "John will send it tomorrow.",
        "Our legal team will review it by Friday.",
        "I won't be able to send it by Friday.",
        "I will not send the contract until legal approves.",
        "I sent the deck yesterday.",
        "I have sent the deck.",
        "You said you'll send the PO by Friday.",
        "I told John we'll send it Friday.",
        "I'll call them.",
        "I'll call Mark about it.",
        "I'll send it to our legal team.",
        "Let me know if Friday works.",
        "I hope you'll have a great weekend.",
        "You'll get great value from the platform next quarter.",
        "I'm following up on our call today.",
        "I'll outline the options below.",
        "I'll keep this short.",
        "I'll need your PO by Friday.",
        "We will be launching a new feature next month.",
        "I'll see you Thursday.",
        "I should send it.",
        "We'll talk on Friday.",
        "I was ill last week, sorry for the slow reply.",
        "Thanks for sending the deck yesterday.",
        "I owe you an update.",
        "Our legal team reviewed the MSA and will send the signed copy on Monday.",
        "He is ill, so call me on Friday instead.",
    ],
)
def test_not_a_promise(text):
    _, promises, findings = analyse(text)
    assert promises == []
    assert findings == []


@pytest.mark.parametrize(
    "text",
    ["I'll look into it and I'll get back to you by Friday.", "Let me dig into the logs and I'll come back to you on Friday."],
)
def test_an_undated_first_step_joins_the_dated_promise(text):
    _, promises, findings = analyse(text)
    assert [(c.text, c.due) for c in promises] == [(text, date(2026, 11, 20))]
    assert findings == []


def test_and_will_starts_a_second_promise_of_ours():
    _, promises, _ = analyse("I'll get you a sample chapter by Friday and will send the full quote by Friday too.")
    assert [c.text for c in promises] == ["I'll get you a sample chapter by Friday", "will send the full quote by Friday too."]


def test_two_subjects_make_two_promises_even_when_one_is_undated():
    text = "I'll make sure the duplicate is voided by Thursday, and I will send you written confirmation once it is done."
    _, promises, findings = analyse(text)
    assert [(c.text, c.due) for c in promises] == [
        ("I'll make sure the duplicate is voided by Thursday", date(2026, 11, 19)),
        ("I will send you written confirmation once it is done.", None),
    ]
    assert findings == []  # the second waits on an event: no day to ask for


def test_a_lower_case_ill_after_a_full_stop_is_still_a_promise():
    c = only("was out at a customer site. ill send the MSA redlines tonight")
    assert (c.text, c.due) == ("ill send the MSA redlines tonight", date(2026, 11, 18))


def test_keeping_the_recipient_posted_is_tracked_without_a_nag():
    _, promises, findings = analyse("We'll keep you posted as the situation develops.")
    assert [(c.text, c.due) for c in promises] == [("We'll keep you posted as the situation develops.", None)]
    assert findings == []


@pytest.mark.parametrize(
    "text, due",
    [
        ("I'll call the carrier this afternoon to get both employees reinstated.", date(2026, 11, 18)),
        ("I'll send it to our legal team tomorrow.", date(2026, 11, 19)),
        ("I'm going to call her tonight and email you her availability tomorrow morning.", None),
    ],
)
def test_a_dated_action_on_the_recipients_behalf_is_a_promise(text, due):
    _, promises, _ = analyse(text)
    if due is not None:
        assert [c.due for c in promises] == [due]
    else:  # two actions, two days: two promises
        assert [(c.text, c.due) for c in promises] == [
            ("I'm going to call her tonight", date(2026, 11, 18)),
            ("email you her availability tomorrow morning.", date(2026, 11, 19)),
        ]


def test_a_call_to_a_named_recipient_is_a_promise():
    assert only("I'll call Anna tomorrow.").due == date(2026, 11, 19)


def test_out_of_office_notice_yields_no_promise_no_ask_and_no_nudge():
    text = ("Thank you for your email. I am out of the office until Monday and will respond when I return. "
            "I'll reply to your message on Monday. For anything urgent, please contact my colleague Rob.")
    result = review(Draft(body=text, sent_at=WED))
    assert (result.commitments, result.asks) == ((), ())
    assert [f for f in result.findings if f.category in ("commitment", "next_step")] == []


@pytest.mark.parametrize(
    "subject, body",
    [
        ("Re: OOO coverage over Christmas", "Could you confirm who covers the Leeds site on the 24th?"),
        ("Auto-reply rules for the shared inbox", "Could you confirm who covers the Leeds site on the 24th?"),
        ("Pricing", "Thank you for your email. I am out of the office on Friday for a client visit, back on Monday, so "
                    "could you send the signed PO to Sam? I will call you Monday morning."),
    ],
)
def test_an_email_that_mentions_being_away_is_not_an_auto_reply(subject, body):
    result = review(Draft(body=body, subject=subject, sent_at=WED))
    assert len(result.asks) == 1


def test_out_of_office_subject_yields_nothing():
    result = review(Draft(body="I'll reply to your message on Monday.", subject="Automatic reply: pricing", sent_at=WED))
    assert (result.commitments, result.asks) == ((), ())


def test_a_holiday_mentioned_in_a_sales_email_keeps_the_promise():
    text = "Thanks for the call. I'm on leave next week, back on the 30th, so I'll send the quote by Friday."
    _, promises, _ = analyse(text)
    assert [(c.due, c.due_phrase) for c in promises] == [(date(2026, 11, 20), "by Friday")]


def test_quoted_history_and_signature_are_not_reviewed():
    text = "Thanks Anna.\n\nBest,\nTom\n\nOn Tue, Anna wrote:\n> I'll send the PO by Friday."
    _, promises, findings = analyse(text, reviewed_end=text.index("On Tue"))
    assert promises == [] and findings == []


# --- spans --------------------------------------------------------------------------------------------
def test_span_drops_the_greeting_and_indexes_the_whole_text():
    text = "Hi Anna,\n\nGreat talking today. Sounds good, I'll send the SOW over by Dec 5.\n\nBest,\nTom"
    c = only(text)
    assert c.text == "I'll send the SOW over by Dec 5."
    assert text[c.start : c.end] == c.text
    assert c.due == date(2026, 12, 5)


@pytest.mark.parametrize(
    "text, words",
    [
        ("Sam will send you the agreement tomorrow, and I'll call you Monday.", "I'll call you Monday."),
        ("As discussed on Tuesday's call, I'll send the revised quote by Friday.", "I'll send the revised quote by Friday."),
        ("Once we have the signed NDA back, I'll send the full pricing by Friday.", "I'll send the full pricing by Friday."),
        ("Tomorrow morning I'll send the pricing.", "Tomorrow morning I'll send the pricing."),
    ],
)
def test_span_starts_at_the_promise_unless_the_lead_in_holds_its_date(text, words):
    assert only(text).text == words


def test_a_tag_question_does_not_cancel_the_promise():
    c = only("I'll send it Friday — does that work?")
    assert (c.text, c.due) == ("I'll send it Friday", date(2026, 11, 20))


def test_an_offer_in_a_later_clause_ends_the_promise_there():
    c = only("I'll send the quote by Friday, and if you'd like I can also include case studies.")
    assert (c.text, c.due) == ("I'll send the quote by Friday", date(2026, 11, 20))


def test_two_promises_with_different_dates_are_split():
    text = "I'll send the quote today and call you on Friday."
    _, promises, findings = analyse(text)
    assert [(c.text, c.due, c.due_phrase) for c in promises] == [
        ("I'll send the quote today", date(2026, 11, 18), "today"),
        ("call you on Friday.", date(2026, 11, 20), "on Friday"),
    ]
    for c in promises:
        assert text[c.start : c.end] == c.text
    assert findings == []


def test_two_actions_with_one_date_stay_one_promise():
    c = only("I'll review and send the contract by Friday.")
    assert (c.text, c.due) == ("I'll review and send the contract by Friday.", date(2026, 11, 20))


def test_promises_in_separate_sentences_keep_their_own_offsets():
    text = "Thanks for your time. I'll send the deck tonight. We will call you on Thursday."
    _, promises, _ = analyse(text)
    assert [(c.text, c.due) for c in promises] == [
        ("I'll send the deck tonight.", date(2026, 11, 18)),
        ("We will call you on Thursday.", date(2026, 11, 19)),
    ]
    assert all(text[c.start : c.end] == c.text for c in promises)


# --- vague or missing timing --------------------------------------------------------------------------
def test_vague_timing_gets_a_warning_with_a_concrete_rewrite():
    text = "Hi Anna, I'll send the revised deck next week."
    doc, promises, findings = analyse(text, FRI_PST)
    [c] = promises
    assert (c.due, c.due_phrase) == (None, "next week")
    [f] = findings
    assert (f.category, f.kind, f.severity) == ("commitment", "commitment.vague_due", "warning")
    assert (f.start, f.end, f.text) == (c.start, c.end, c.text)
    assert "trust" in f.message and "forgotten" in f.message
    assert f.suggestion == "I'll send the revised deck by Tuesday, 24 November."


@pytest.mark.parametrize("phrase", ["soon", "shortly", "ASAP", "in the coming days", "later",
                                    "early next week"])
def test_other_vague_phrases(phrase):
    doc, promises, findings = analyse(f"I'll get back to you {phrase}.", WED)
    assert [(c.due, c.due_phrase) for c in promises] == [(None, phrase)]
    assert len(findings) == 1 and phrase not in findings[0].suggestion
    assert "by " in findings[0].suggestion


def test_no_timing_at_all_gets_a_warning_and_an_appended_day():
    doc, promises, findings = analyse("I'll send you the case study.", FRI_PST)
    assert [(c.due, c.due_phrase) for c in promises] == [(None, None)]
    assert findings[0].suggestion == "I'll send you the case study by Monday, 23 November."


def test_timing_that_waits_on_an_event_gets_no_warning():
    _, promises, findings = analyse("I'll send the contract once you confirm the seat count.")
    assert [(c.due, c.due_phrase) for c in promises] == [(None, None)]
    assert findings == []


def test_dated_promises_get_no_finding():
    assert analyse("I'll send the quote by Friday.")[2] == []


# --- end to end and speed -----------------------------------------------------------------------------
def test_end_to_end_through_the_engine():
    result = review(Draft(body="Hi Anna,\n\nI'll send the quote by Friday.\n\nBest,\nTom", sent_at=WED))
    [c] = result.commitments
    assert (c.text, c.due, c.due_phrase) == ("I'll send the quote by Friday.", date(2026, 11, 20), "by Friday")
    assert result.text[c.start : c.end] == c.text


def test_two_promises_joined_by_and_i_will_keep_their_own_days():
    from datetime import date, datetime, timedelta, timezone

    from addin.review import Draft, review

    sent = datetime(2026, 11, 17, 9, tzinfo=timezone(timedelta(hours=-5)))  # a Tuesday
    body = ("I'll send over the revised pricing by Thursday, and I'll loop in our solutions engineer "
            "tomorrow so she can answer your API questions.")
    found = [(c.due, c.due_phrase) for c in review(Draft(body=body, sent_at=sent)).commitments]
    assert found == [(date(2026, 11, 19), "by Thursday"), (date(2026, 11, 18), "tomorrow")]


@pytest.mark.parametrize(
    "text, due",
    [
        ("I'm going to re-verify every file for your unit myself by Friday.", date(2026, 11, 20)),
        ("I will run your account day-to-day myself.", None),
        ("I'll be onsite myself tomorrow.", date(2026, 11, 19)),
        ("I'll also be in theatre on Thursday to support the first two cases.", date(2026, 11, 19)),
        ("I'm going to flag your account so it gets a manual check every month.", None),
        ("We'll run the reference checks on whoever you want to advance by the end of the month.", date(2026, 11, 30)),
    ],
)
def test_an_action_outside_the_verb_lists_counts_when_it_is_personal_or_for_the_recipient(text, due):
    c = only(text)
    assert c.due == due


@pytest.mark.parametrize(
    "text",
    [
        "I'll need your signed PO before we ship.",
        "I'll take your point about the timeline.",
        "I'll level with you: the price is firm this year.",
        "I'll be in Boston on Monday.",
        "We'll see how your team likes it.",
    ],
)
def test_verbs_that_ask_wait_or_hedge_are_not_promises(text):
    _, promises, _ = analyse(text)
    assert promises == []


def test_the_deadline_wins_over_the_day_the_thing_is_for():
    c = only("I'll lock in a replacement facilitator for December 3 by tomorrow.")
    assert (c.due, c.due_phrase) == (date(2026, 11, 19), "by tomorrow")


def test_a_condition_after_a_short_lead_in_still_holds_the_promise_back():
    assert analyse("As discussed, if the ward goes ahead, we'll include two training units.")[1:] == ([], [])


def test_a_new_subject_after_a_comma_starts_a_second_promise():
    _, promises, _ = analyse("I am going to chase them personally, and I will send you a firm ship date by Friday.")
    assert [(c.text, c.due) for c in promises] == [
        ("I am going to chase them personally", None),
        ("I will send you a firm ship date by Friday.", date(2026, 11, 20)),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "I'll have the lab results to you within 10 business days of sampling.",
        "You'll have the POD within 24 hours of delivery.",
        "Expect delivery within 5 business days of the PO.",
    ],
)
def test_a_time_counted_from_an_event_is_a_promise_with_no_day_and_no_nag(text):
    _, promises, findings = analyse(text)
    assert [c.due for c in promises] == [None]
    assert findings == []


@pytest.mark.parametrize(
    "text, due",
    [
        ("We will dispatch the validation samples on 15th July.", date(2027, 7, 15)),
        ("I'll resend the security questionnaire today.", date(2026, 11, 18)),
        ("We'll have a hotfix out by Thursday.", date(2026, 11, 19)),
        ("We're going to have the application filed by Friday.", date(2026, 11, 20)),
        ("I'll get our legal team to turn the paperwork around by Friday.", date(2026, 11, 20)),
        ("Expect proofs by Friday.", date(2026, 11, 20)),
        ("We'll start the weekly collection on Monday.", date(2026, 11, 23)),
    ],
)
def test_more_ways_to_promise(text, due):
    assert only(text).due == due


@pytest.mark.parametrize(
    "text",
    [
        "Expect delays next week while the warehouse moves.",
        "Upon your confirmation, we will arrange the pickup on Sunday.",
        "We'll include the retest of any critical findings at no charge.",
        "I'll throw in the premium tier free for the first year.",
    ],
)
def test_forecasts_conditions_and_concessions_are_not_tracked_as_promises(text):
    assert analyse(text)[1] == []


def test_a_generic_verb_for_the_recipients_account_is_a_promise():
    assert only("We will also assign a dedicated project manager to your account.").due is None


@pytest.mark.parametrize(
    "text",
    ["We will waive the partner certification fee for your first two engineers.",
     "We will pass on the full rebate, so the licence cost will be reduced accordingly."],
)
def test_waivers_and_rebates_passed_on_are_concessions_not_tasks(text):
    assert analyse(text)[1] == []


def test_having_someone_check_for_the_recipient_is_a_promise():
    assert only("I'll have the warehouse check every box for chargers this time.").due is None


def test_being_the_recipients_contact_is_a_promise_and_explaining_myself_is_not():
    assert only("I'll be your point of contact while he's out.").due is None
    assert analyse("I'll be explaining myself to the accountant for a month.")[1] == []


def test_a_condition_on_who_joins_does_not_hold_the_promise_back():
    c = only("I'll call you Tuesday morning to walk through the numbers with you and your CFO if she's around.")
    assert c.due == date(2026, 11, 24)


def test_holding_the_price_is_a_concession_not_a_task():
    assert analyse("We'll hold your 2025 pricing for another full year on a 12-month renewal.")[1] == []


def test_having_the_unit_on_the_stand_is_a_promise():
    assert only("I'll have the new portable unit on the stand from 9 tomorrow.").due == date(2026, 11, 19)
