"""Discount: price concessions given without getting anything back, end to end through ``review``."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from addin.review.engine import review
from addin.review.model import Draft

UTC = timezone.utc
MON = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)  # Monday 16 November 2026
THU = datetime(2026, 11, 19, 9, 0, tzinfo=UTC)
SAT = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def concessions(body: str, sent_at: datetime = MON):
    result = review(Draft(body=body, sent_at=sent_at))
    found = [f for f in result.findings if f.category == "discount"]
    for f in found:
        assert result.text[f.start : f.end] == f.text
        assert (f.kind, f.severity) == ("discount.concession", "warning")
    return found


@pytest.mark.parametrize(
    "sentence, words",
    [
        ("I can offer you a 15% discount on the annual plan.", "a 15% discount"),
        ("We'll waive the setup fee.", "waive the setup fee"),
        ("We'll credit your account for the outage.", "credit your account"),
        ("Since it ships as a full truckload, I've waived the $640 freight charge.", "waived the $640 freight charge"),
        ("Normally setup is $7,500, but I've waived it.", "I've waived it"),
        ("We'll include two months free on the annual plan.", "two months free"),
        ("I got approval for a $15,000 service credit on your first invoice.", "a $15,000 service credit"),
        ("We can reduce our markup from 38% to 34% on all associates.", "reduce our markup from 38% to 34%"),
        ("That comes to $38,500 per system instead of the $44,900 list.", "$38,500 per system instead of the $44,900 list"),
        ("I've gotten approval to apply $20,000 in usage credits to your May invoice.", "$20,000 in usage credits"),
        ("Since you won't need the import service, I've arranged to credit the full setup fee back.",
         "credit the full setup fee back"),
        ("We can run your first 10 loads at 10% below our quoted rate.", "10% below our quoted rate"),
        ("We'll run a half-day onboarding session at no charge (normally £450).", "at no charge (normally £450)"),
        ("I've been approved to offer a special price of $142,000 per tower, including two years of service.",
         "special price"),
        ("We can't go lower on the licence, but we can waive the setup fee.", "waive the setup fee"),
        ("We'll lock your price at last year's rate.", "lock your price at last year's"),
        ("Let me take another 5% off to get this over the line.", "take another 5% off"),
        ("We'll cover the shipping on this order.", "cover the shipping on this order"),
        ("I'll comp the first month.", "comp the first month"),
        ("I can bring the per-unit cost down to $3.10.", "bring the per-unit cost down to $3.10"),
        ("We have applied a special discount of 12% on the annual licence fee.", "special discount"),
        ("Option B: preferential pricing of INR 1,450 per user per month.", "preferential pricing of INR 1,450"),
        ("We can extend the price lock for one more year.", "the price lock"),
        ("I've arranged a credit of R18,000 against your next invoice.", "a credit of R18,000"),
        ("I can knock EUR 2,000 off the implementation fee.", "knock EUR 2,000 off"),
        ("I've shaved the day rate to $1,450 for the three workshop days (down from $1,800).", "shaved the day rate to $1,450"),
        ("She agreed to a partner rate just for you: $145/hour instead of our standard $180.", "partner rate"),
        ("I can sharpen the pencil to S$84,000, against the S$96,000 in the original proposal.", "sharpen the pencil"),
        ("I've taken the S$1,200 AV setup charge out of the ballroom quote.", "taken the S$1,200 AV setup charge out"),
        ("Call it $12,000 flat for all six classes.", "Call it $12,000 flat"),
        ("You'll only be billed for 200 of the 230 seats in year one.", "only be billed for 200 of the 230"),
        ("I've got sign-off to offer you a 5% year-end rebate on total spend.", "a 5% year-end rebate"),
        ("The first 500 units are on us.", "The first 500 units are on us"),
        ("We'll honour the 2025 rate of £189 per night, even though our published rate has moved to £215.",
         "honour the 2025 rate"),
        ("Our implementation fee will be waived for you.", "Our implementation fee will be waived"),
        ("I can do $4,000 instead of $4,500.", "I can do $4,000 instead of $4,500"),
        ("I'll throw in onboarding at no extra cost.", "throw in onboarding"),
        ("Happy to give you the first 3 months free.", "the first 3 months free"),
        ("We can match their price.", "match their price"),
        ("I can knock $500 off the total.", "knock $500 off the total"),
        ("Let me see if I can get you special pricing.", "special pricing"),
        ("I'm able to offer an additional 10% off for your team.", "an additional 10% off"),
        ("We're happy to add a $1,000 credit to your account.", "a $1,000 credit to your account"),
        ("Since you've been with us for years, I can hold last year's pricing.", "hold last year's pricing"),
        ("I got approval to take 12% off the license fee.", "take 12% off"),
        ("How about two extra months free?", "two extra months free"),
        ("We can reduce the price to $18 per seat.", "reduce the price to $18"),
        ("You'll get 20 percent off the first year.", "20 percent off"),
        ("On the first 10 loads I can cover the fuel surcharge entirely.", "cover the fuel surcharge"),
        ("We'll include two additional units free of charge for your training room.", "two additional units free"),
        ("They've agreed to hold your premium at last year's rate of $48,200.", "hold your premium at last year's"),
        ("Happy to confirm freight is on us for all orders over $800 across your three cafés.", "on us"),
        ("The annual vulnerability scan (normally $2,400) is on us for the life of the policy.", "on us"),
        ("List would come to $11.40/lb, but let's call it an even $10 a pound.", "call it an even $10"),
        ("I've gone ahead and written off the $1,860 in overage charges from August.",
         "written off the $1,860 in overage charges"),
        ("Our founder has approved 3 months free on the compliance module.", "3 months free"),
        ("Our supplier is running a rebate of AED 4 per kilo, and the full amount will be passed on to you.",
         "passed on to you"),
        ("I'm pleased to confirm that the first two weeks of the engagement will be free of charge.",
         "the first two weeks of the engagement will be free"),
        ("Detention on that load is waived.", "Detention on that load is waived"),
        ("Our company agree to provide 2 boxes of reagent kits free.", "2 boxes of reagent kits free"),
        ("I can confirm that the monthly fee per SIM goes down from €1.20 to €0.95.",
         "the monthly fee per SIM goes down from €1.20 to €0.95"),
        ("There'll be 2 extra cases on that truck too, no charge, for the trouble.", "no charge"),
        ("We're good with that: months one and two are free while we do the migration.", "months one and two are free"),
        ("I got approval to bring the per-seat down to $18 from $24.", "bring the per-seat down to $18"),
        ("Your first month of storage is on us.", "Your first month of storage is on us"),
        ("I've also taken 15% off the original invoice for the hassle; the corrected invoice is attached.", "15% off"),
        ("I have negotiated a rent-free period of nine months.", "rent-free period"),
        ("When you order 200 cartons, we can make 4,20 EUR per box for you.", "we can make 4,20 EUR"),
        ("Complimentary use of the Summit Room for both days (normally $2,400/day).", "Complimentary"),
        ("Your eight executives upgraded to slope-side suites at no additional charge.", "at no additional charge"),
        ("We are prepared to hold that rate for the full 2027 contract term.", "hold that rate"),
        ("Since you're a returning client, I can knock the AV package (£1,800) off the bill.",
         "knock the AV package (£1,800) off the bill"),
        ("Our supplier's spring rebate of $40 a panel comes straight off your price.", "comes straight off your price"),
        ("We're passing the full 12% straight through to you on the 40 cases.", "passing the full 12% straight through to you"),
        ("I'll credit back the full value of the lot ($3,860) on your next statement.", "credit back the full value"),
        ("I've got approval to go to R95 per user per month instead of the R140 list price.",
         "R95 per user per month instead of the R140 list price"),
        ("I'll include Premium support free for the full term.", "include Premium support free"),
        ("We can include it in your licence without cost until the end of the season.", "without cost"),
        ("I'll match their number through March.", "match their number"),
        ("We shall waive our leasing commission on the first two renewals.", "waive our leasing commission"),
        ("As compensation we will not charge the freight costs for this delivery.", "will not charge the freight"),
        ("I've also put a credit of EUR 450 on your account for the disruption.", "a credit of EUR 450"),
        ("12% is the best I can do on the 40 units, that's already past what my manager signed off on.",
         "12% is the best I can do"),
        ("We'll give you the Okta connector add-on free for the first year.", "give you the Okta connector add-on free"),
        ("We agreed to keep the 2025 rates for your team until end of June.", "keep the 2025 rates"),
        ("We'll credit one full month of service ($3,150) on your May invoice.", "credit one full month"),
        ("We will extend the current service rates for an additional six months.", "extend the current service rates"),
        ("I want to confirm that we will honour the 15% John offered.", "honour the 15%"),
        ("For this trouble we offer you 5% on the total of this order.", "we offer you 5%"),
        ("I managed to get your current rate grandfathered through December 31.", "your current rate grandfathered"),
        ("No charge for the callout since this is the same unit we fixed in March.", "No charge"),
        ("I've got approval to hold your 2025 price of DKK 42 per user per month.", "hold your 2025 price"),
        ("10% works if you commit to the 3-year term.", None),
        ("We're holding your rate at last year's price, even though our costs went up.", "holding your rate at last year's"),
        ("We can add them at the same $18 per seat you locked in on your original contract.", "at the same $18 per seat"),
        ("We'll credit 40 agent hours to your December invoice.", "credit 40 agent hours"),
        ("As a new client, your first month of service would be provided at no charge.",
         "your first month of service would be provided at no charge"),
        ("I got it through: 5% off the three-year total.", "5% off"),
        ("Best I can do is 10, and that's with my neck out.", "Best I can do is 10"),
        ("Yes, the extra 500 student licences are included at no charge for year one.",
         "the extra 500 student licences are included at no charge"),
        ("For the first order we give you 2 free cases for every 20 cases you order.", "2 free cases"),
        ("The good news: I've kept Munro on the old per-seat rate for the renewal.", "kept Munro on the old per-seat rate"),
        ("We have reduced the AMC charges by 12% as a special consideration.", "reduced the AMC charges by 12%"),
        ("I'm also applying a service credit equal to one full month of your subscription.", "service credit equal to one"),
        ("I can get you a 2-year lock at your current rate if you renew for 24 months.", None),
        ("Since you'd be one of our first ten agency customers, we'd like to give you the first three months free.",
         "the first three months free"),
    ],
)
def test_concessions(sentence, words):
    if words is None:  # traded for a commitment in the same sentence: noted, not warned
        (finding,) = [f for f in review(Draft(body=sentence, sent_at=MON)).findings if f.category == "discount"]
        assert finding.kind == "discount.traded"
        return
    (finding,) = concessions(sentence)
    assert finding.text == words
    assert "never give without getting" in finding.message.lower()
    assert finding.suggestion.startswith("If you can sign by Friday, ")


def test_customer_ask_and_our_counter_offer_are_judged_separately():
    (finding,) = concessions("You asked for 20% off — I can do 15%.")
    assert finding.text == "I can do 15%"


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm afraid we can't offer a discount.",
        "Unfortunately we're not able to waive the setup fee.",
        "The price already includes the 10% partner discount.",
        "The 15% discount was applied to your last invoice.",
        "Prices will increase by 5% in January.",
        "Sorry, the total is $4,200, not $4,500.",
        "Sorry, typo: the quote should read $4,200 instead of $4,500.",
        "You asked for a 20% discount.",
        "Is there a discount for nonprofits?",
        "Start your free trial today.",
        "Feel free to reach out with questions.",
        "Are you free on Tuesday?",
        "The annual plan costs $12,000.",
        "Our pricing is per seat, billed annually.",
        "We offer a lower price than most competitors.",
        "I'll send the revised quote by Friday.",
        "Partners get 20% off list.",
        "There is no discount on the starter tier.",
        "The quote includes two free months, as in every annual plan.",
        "You'd pay $27,600 a year, instead of $31,200 across your two carriers today.",
        "We can't do $38,500 instead of the $44,900 list.",
        "Unfortunately, we can't take 10% off this year.",
        "Onboarding is free for every customer on the annual plan.",
        "The quote includes the 10% volume discount you get on every order.",
        "Our usage credits are billed monthly.",
        "I'll bring the price list to the meeting.",
        "Our standard price is EUR 22 per seat per month.",
        "Order number R2041 ships on Monday.",
        "That's on us, and I'm sorry it landed on your desk.",
        "We'll cover the costs in detail on Thursday's call.",
        "I'll cover the delivery schedule when we speak.",
        "Our partner pricing of $45 per seat applies to all resellers.",
        "The discounted price of $99 expired at the end of last quarter.",
        "Our plan is $40 per seat versus $55 for Competitor X.",
        "That's $12k a year compared to the $30k you'd spend on a new hire.",
        "We've applied your $1,200 payment against the $5,000 balance.",
        "I've dropped the cost breakdown into the shared folder.",
        "We can take the fees out of scope for phase one.",
        "We've noticed the 15% early-payment discount on your last invoice wasn't taken.",
        "We've moved the 5% discount line to page 2 of the quote.",
        "We'll send the replacement at no charge under your warranty.",
        "Your R1 discount tier is unchanged for next year.",
        "As per our public price list, orders of 100 seats or more are billed at EUR 18 instead of EUR 22.",
        "It now costs $52 per seat, up from $48 last year.",
        "The onus is on us to get this right.",
        "The next step is on us to schedule.",
        "The delay is on us and I apologise.",
        "Lunch is on us at the meetup, see you there.",
        "We offer free shipping for all orders over $50.",
        "The minutes will be passed on to you after the meeting.",
        "Your energy bill goes down from $1,200 to $950 when you switch.",
        "Unfortunately the setup fee can't be waived.",
        "You have approved 3 months free, thanks.",
        "I'll hold it for you until Friday.",
        "The new plan includes free updates.",
        "We usually charge $500 for setup.",
        "We can make it Tuesday at 3pm.",
        "Please check the list price of 4,80 EUR per box.",
        "Your R2 tier is unchanged.",
        "The invoice total comes off your budget for Q3.",
        "I know you asked last month if we could keep the old prices.",
        "We don't charge for returns.",
        "We provide the free version to every team.",
        "I know they throw in year-end W-2 processing for free.",
        "We reduced the processing cost by 30% with automation.",
        "Best regards, 10 people attended.",
        "You'd pay $27,600 a year, down from the $31,200 you're paying today.",
        "We'll lower your operating costs by 20%.",
        "We'll cover the onboarding agenda on Thursday's call.",
    ],
)
def test_not_concessions(sentence):
    assert concessions(sentence) == []


@pytest.mark.parametrize(
    "sentence, words",
    [
        ("If you can sign by Friday, I can offer an extra 10% off.", "an extra 10% off"),
        ("For a three-year term we can waive the implementation fee.", "waive the implementation fee"),
        ("In exchange for a case study, I can take 5% off.", "take 5% off"),
    ],
)
def test_a_concession_traded_for_a_commitment_is_noted_not_warned(sentence, words):
    result = review(Draft(body=sentence, sent_at=MON))
    (finding,) = [f for f in result.findings if f.category == "discount"]
    assert (finding.kind, finding.severity, finding.text) == ("discount.traded", "info", words)
    assert finding.suggestion is None


def test_suggestion_rewrites_the_concession_and_uses_the_send_date():
    (waive,) = concessions("Our implementation fee will be waived for you.")
    assert waive.suggestion == "If you can sign by Friday, I can waive the implementation fee."
    (pct,) = concessions("I can offer 15% off.", THU)  # Friday is tomorrow: too soon to ask for a signature
    assert pct.suggestion == "If you can sign by next Friday, I can offer 15% off."
    (weekend,) = concessions("We can match their price.", SAT)
    assert weekend.suggestion == "If you can sign by Friday, I can match their price."


def test_two_concessions_in_one_sentence_are_two_findings():
    found = concessions("I can take 10% off and throw in the training module.")
    assert [f.text for f in found] == ["take 10% off", "throw in the training module"]


def test_concession_in_email_context_with_spans():
    body = (
        "Hi Anna,\n\nThanks for the call. I know budget is tight this quarter, so we'll waive the onboarding fee "
        "for your team.\n\nBest,\nDan\n\n> On Monday Anna wrote:\n> Could you waive the setup fee?"
    )
    (finding,) = concessions(body)
    assert finding.text == "waive the onboarding fee"
    assert body.index("waive the onboarding fee") == finding.start


def test_no_concession_words_no_findings():
    assert concessions("Could we book 20 minutes on Tuesday to go through the rollout plan?") == []
