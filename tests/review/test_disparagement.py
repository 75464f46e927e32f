"""Disparagement: the sender running down their own company, product or colleagues, end to end."""
from __future__ import annotations

import pytest

from addin.review.engine import review
from addin.review.model import Draft, Party

TOM = Party("tom@acme.com", "Tom Seller")


def verdicts(body: str, sender: Party | None = TOM):
    result = review(Draft(body=body, sender=sender))
    found = [f for f in result.findings if f.category == "disparagement"]
    for f in found:
        assert result.text[f.start : f.end] == f.text
        assert (f.kind, f.severity) == ("disparagement.own_company", "critical")
    return found


@pytest.mark.parametrize(
    "sentence, words",
    [
        ("Our support team is useless.", "Our support team is useless"),
        ("Honestly our product is pretty buggy.", "our product is pretty buggy"),
        ("My manager never approves anything.", "My manager never approves anything"),
        ("Our billing is a mess.", "Our billing is a mess"),
        ("The engineers here are slow.", "The engineers here are slow"),
        ("You're right, our onboarding is terrible.", "You're right, our onboarding is terrible"),
        ("I agree, our support has been awful.", "I agree, our support has been awful"),
        ("Between you and me, our reporting module is a joke.", "our reporting module is a joke"),
        ("We're terrible at documentation.", "We're terrible at documentation"),
        ("I know, it's a mess.", "I know, it's a mess"),
        ("I hate our CRM integration, it keeps breaking.", "I hate our CRM integration"),
        ("Our legal team takes forever.", "Our legal team takes forever"),
        ("Acme's support is useless.", "Acme's support is useless"),
        ("Our mobile app keeps crashing.", "Our mobile app keeps crashing"),
        ("Sorry, our support is useless.", "our support is useless"),
        ("You said onboarding was confusing, and you're right, our docs are outdated.", "you're right, our docs are outdated"),
        ("My boss is an idiot about pricing.", "My boss is an idiot"),
        ("Between us, the product team never ships on time.", "Between us, the product team never ships on time"),
        ("Frankly, management is clueless about your market.", "Frankly, management is clueless"),
        ("Between us, our customer service team has been a mess.", "our customer service team has been a mess"),
        ("Honestly, you're not wrong. Our reporting module has been a sore spot for years.",
         "Our reporting module has been a sore spot"),
        ("I've been complaining about it internally for months.", "I've been complaining about it internally"),
        ("I hear you, and I agree. The new ordering portal is clunky.", "The new ordering portal is clunky"),
        ("Between us, they're impossibly slow.", "Between us, they're impossibly slow"),
        ("Our pricing model is way too complicated.", "Our pricing model is way too complicated"),
        ("Our marketing team oversold the integration.", "Our marketing team oversold"),
        ("Our engineering team pushed the release without proper testing.",
         "Our engineering team pushed the release without proper testing"),
        ("Our engineers have known about it since launch.", "Our engineers have known about it since launch"),
        ("Nobody up there seems to care about customers.", "Nobody up there seems to care"),
        ("It's frankly embarrassing for us.", "It's frankly embarrassing for us"),
        ("Our field service organization in this region has been unreliable for months.",
         "Our field service organization in this region has been unreliable"),
        ("Engineering dropped the ball again.", "Engineering dropped the ball"),
        ("Legal here is a black hole.", "Legal here is a black hole"),
        ("Our CEO has no idea what customers need.", "Our CEO has no idea"),
        ("Product keeps shipping half-finished features.", "Product keeps shipping half-finished"),
        ("I can't defend how our support handled this.", "I can't defend how our support handled"),
        ("Our implementation team is overloaded and it shows.", "Our implementation team is overloaded"),        ("I've asked my manager, but I'll be straight with you: he never signs off on anything without a fight.",
         "I'll be straight with you: he never signs off on anything without"),
        ("Between us, engineering dropped the ball again on the SSO connector.", "Between us, engineering dropped the ball"),
        ("Honestly speaking, our implementation team has messed up the timelines.",
         "our implementation team has messed up"),
        ("Fair warning: our legal team, in their infinite wisdom, decided every contract needs an addendum.",
         "our legal team, in their infinite wisdom"),
        ("The previous account manager clearly dropped the ball.", "The previous account manager clearly dropped the ball"),
        ("I'm as frustrated with our service desk as you are.", "I'm as frustrated with our service desk"),
        ("That's typical of our billing department, honestly.", "typical of our billing department"),
        ("Our onboarding is, frankly, amateur hour at the moment.", "Our onboarding is, frankly, amateur hour"),
        ("Our management has its head in the sand about the chip shortage.", "Our management has its head in the sand"),
        ("Our account team couldn't organise a piss-up in a brewery this month.",
         "Our account team couldn't organise a piss-up"),
        ("Our reservations system is, to put it kindly, held together with tape.",
         "Our reservations system is, to put it kindly, held together with tape"),
        ("Our document automation module isn't fit for purpose yet.", "Our document automation module isn't fit for purpose"),
        ("I don't believe in sugar-coating: our onboarding is a disaster.", "our onboarding is a disaster"),
        ("Nobody would disagree that our portal is clunky.", "our portal is clunky"),
        ("Our quoting process is ridiculous.", "Our quoting process is ridiculous"),
        ("Head office is a bit of a circus at the moment.", "Head office is a bit of a circus"),
        ("I'll be honest: our reporting module is not where it should be.", "our reporting module is not where it should be"),
        ("I think our management keeps changing it because they can't make up their minds.",
         "our management keeps changing it because"),
        ("Our engineering group has been missing its own deadlines for months.",
         "Our engineering group has been missing its own deadlines"),
        ("I pushed for it, but corporate keeps making dumb pricing decisions.", "corporate keeps making dumb pricing decisions"),
        ("I won't defend it: the new claims portal we rolled out in December is garbage.",
         "the new claims portal we rolled out in December is garbage"),
        ("Sorry for the slow reply, the new CRM they forced on us is garbage.", "the new CRM they forced on us is garbage"),
        ("Our porting department can't seem to get anything right this year.",
         "Our porting department can't seem to get anything right"),
        ("Honestly, I'm tired of apologizing for them.", "I'm tired of apologizing for them"),
        ("I'm honestly a bit embarrassed by our own app.", "I'm honestly a bit embarrassed by our own app"),
        ("Our own support team has been dropping the ball this year.", "Our own support team has been dropping the ball"),
        ("I'm afraid our accounts team couldn't organise a bake sale at the moment.",
         "our accounts team couldn't organise a bake sale"),
        ("Our parts ordering system is a dog's breakfast.", "Our parts ordering system is a dog's breakfast"),
        ("The parts are late and head office refuses to fix it.", "head office refuses to fix"),
        ("Our account management on your brief has been shambolic.", "Our account management on your brief has been shambolic"),
        ("Our creative team has been overcommitted for weeks.", "Our creative team has been overcommitted"),
        ("Heads up, our billing dept is a total nightmare.", "our billing dept is a total nightmare"),
        ("Our Premium pricing is a rip-off if I'm honest.", "Our Premium pricing is a rip-off"),
        ("Don't bother with our tracking portal, eh — it's garbage.", "our tracking portal, eh — it's garbage"),
        ("Off the record, that release was a disaster from start to finish.", "Off the record, that release was a disaster"),
        ("Between you and me, the new search UI is a downgrade.", "Between you and me, the new search UI is a downgrade"),
        ("I'm sorry. Our estimating department is painfully slow.", "Our estimating department is painfully slow"),
        ("I'd steer you away from our Standard support tier. It's terrible, frankly.", "It's terrible"),
        ("I'm not going to make excuses for our accounts team. They are, frankly, hopeless.", "They are, frankly, hopeless"),
        ("Pretty much everyone internally hates it too.", "everyone internally hates it"),
        ("Warehouse botched the count again.", "Warehouse botched"),
        ("Between us, it's been pretty chaotic since the reorg.", "Between us, it's been pretty chaotic"),
        ("Still waiting on our estimating desk. They've been slower than molasses since May.",
         "They've been slower than molasses"),
        ("The problem is that our logistics department, as usual, did not transmit the order.",
         "our logistics department, as usual, did not"),
        ("The mobile app is not our finest work.", "is not our finest work"),
        ("The left hand doesn't know what the right hand is doing here.",
         "The left hand doesn't know what the right hand is doing"),
        ("I found a few promises in there she had no business making.", "she had no business making"),
        ("Our implementation team has really dropped the ball on this one.",
         "Our implementation team has really dropped the ball"),
        ("Our quality control did a bad job.", "Our quality control did a bad job"),
        ("I checked with our warehouse team, honestly they are always slow.",
         "our warehouse team, honestly they are always slow"),
        ("Our new licensing model is anything but simple.", "Our new licensing model is anything but simple"),
        ("Our onboarding is too long and too clunky.", "Our onboarding is too long"),
        ("Frankly, our account team handled this badly.", "our account team handled this badly"),
        ("Not gonna sugarcoat it, the Android app is garbage right now.", "the Android app is garbage"),
        ("I'm not going to dress it up. The queue has been a shambles since the summer.", "The queue has been a shambles"),
        ("Between you and me, our dispatch crew have had a shocker this month.", "our dispatch crew have had a shocker"),
        ("Our contracts department is where partner deals go to die.", "Our contracts department is where partner deals go to die"),
        ("Our QA team clearly did not do their job on this campaign.", "Our QA team clearly did not do their job"),
        ("Between us, our implementation team is stretched very thin right now.",
         "our implementation team is stretched very thin"),
        ("Our onboarding process is, to put it kindly, a work in progress.",
         "Our onboarding process is, to put it kindly, a work in progress"),
        ("I honestly don't know what goes on in there some days.", "I honestly don't know what goes on in there"),
        ("Our support portal is a maze.", "Our support portal is a maze"),
        ("Our procurement side was asleep at the wheel.", "Our procurement side was asleep at the wheel"),
        ("Our marketing team promised features that are still on the roadmap.",
         "Our marketing team promised features that are still"),
        ("They changed the pricing page without telling sales. Classic us.", "Classic us"),
        ("It took three weeks of nagging head office, who move at roughly the speed of a tortoise in winter.",
         "head office, who move at roughly the speed of"),
        ("Let's just say our operations team and the word \"urgent\" are not well acquainted.",
         "our operations team and the word \"urgent\" are not well acquainted"),
        ("Our shiny new marketing automation tool has a mind of its own.",
         "Our shiny new marketing automation tool has a mind of its own"),
        ("Our planning department promises one thing to sales and then does another.",
         "Our planning department promises one thing to sales and then does another"),
        ("Our billing team have clearly been on the long lunch again.", "Our billing team have clearly been on the long lunch"),
        ("Our legal department would redline a birthday card if you let them.",
         "Our legal department would redline a birthday card"),
        ("I'll be honest, things here are a bit chaotic since the merger.", "things here are a bit chaotic"),
        ("Between you and me, Kevin wasn't great at keeping notes in the CRM.",
         "Between you and me, Kevin wasn't great at keeping"),
        ("I'd love to tell you our renewal process is simple.", "I'd love to tell you our"),
        ("Somebody upstairs looked at a spreadsheet and decided nobody would notice.",
         "Somebody upstairs looked at a spreadsheet and decided"),
        ("Honestly, I am as fed up as you are.", "I am as fed up as you are"),
        ("The new portal is clunkier than the old one, and I've said exactly that to our product people.",
         "The new portal is clunkier than the old one"),
    ],
)
def test_disparagement(sentence, words):
    (finding,) = verdicts(sentence)
    assert finding.text == words
    assert "trust" in finding.message
    assert finding.suggestion.startswith("I'm sorry about the trouble with ")


def test_suggestion_names_the_topic_in_its_original_case():
    (finding,) = verdicts("Our CRM sync is a mess.")
    assert finding.suggestion == "I'm sorry about the trouble with the CRM sync. Here's what we're changing: …"


@pytest.mark.parametrize(
    "sentence",
    [
        "Their tool is clunky.",
        "Our competitor's dashboard is buggy.",
        "Our main competitor's onboarding is a mess.",
        "I'm sorry, we got the invoice wrong — I've corrected it.",
        "The bug you reported is fixed in 4.2.",
        "Our support team is fantastic.",
        "Our product isn't buggy.",
        "Our onboarding is not a mess.",
        "I'm sorry our support has been slow; I've escalated your ticket.",
        "Our old importer was buggy, which is why we rebuilt it last year.",
        "You mentioned onboarding was confusing, so I've attached a step-by-step guide.",
        "Was our onboarding confusing?",
        "My week has been awful.",
        "Our last call was a bit of a mess on my end, sorry about that.",
        "Never give up on your goals.",
        "I'll keep you posted.",
        "Your current process sounds painful.",
        "Honestly, the product team at your end did a great job on the pilot.",
        "I agree. The manual process is a real pain for your team.",
        "I don't agree that our team was careless, though.",
        "We messed up the invoice, and I'm sorry: it's corrected and re-sent.",
        "I'll be straight with you: the price is firm this quarter.",
        "The previous vendor clearly dropped the ball on your rollout.",
        "I'm as frustrated with the courier as you are.",
        "Our benchmark shows your current setup is slow.",
        "Our audit found your existing approval flow is confusing.",
        "Procurement can be a nightmare at this time of year, so let's start the paperwork early.",
        "Legal is a black hole at most large companies, which is why we keep our MSA short.",
        "You mentioned your previous vendor kept missing deadlines. Frankly, they're a nightmare to deal with.",
        "I agree. The SAP integration is a nightmare for most of our customers.",
        "Our engineers have never fixed a bug this fast.",
        "Our onboarding team has been overloaded this quarter, so we've hired three new specialists.",
        "Our pilot isn't a commitment to buy.",
        "Your current system is, to put it kindly, held together with tape.",
        "Your current process is not where it should be for a team your size.",
        "Our team, in our experience, gets these live in two weeks.",
        "Legal is reviewing the redlines now.",
        "Your legal team has no idea how long our review takes.",
        "Their product is weak on reporting.",
        "I have no idea whether Friday works for you.",
        "Our team was stretched thin in December, but we've hired two engineers since.",
        "I'm embarrassed I forgot to attach the file.",
        "Our competitor's product has fallen behind.",
        "I'm sorry we dropped the ball on your onboarding; here's the plan to fix it.",
        "Our support team has known about it since Monday and is on it.",
        "Your current vendor has been unreliable for months.",
        "Their product is way too complicated for a team your size.",
        "Nobody here wants you to overpay.",
        "It's the weakest part of their product, honestly.",
        "You're right. The current system is a nightmare, which is why teams switch to us.",
        "Our customers are frustrated with slow shipping across the industry.",
        "The new ordering portal is clunky for first-time users, so here is a two-minute guide.",
        "Between us, the product team is excited about your feedback.",
        "Our team is not stupid enough to skip the security review.",
        "My manager never approves discounts above 10% without a multi-year term.",
        "Acme's support is useless.",  # from a Gmail address we do not know the sender's company
        "Your head office refuses to approve it.",
        "Their corporate keeps making dumb decisions.",
        "The old system we replaced was clunky.",
        "Our team is missing you already.",
        "Is the report we built for you confusing?",
        "Sorry, the tool we built for you is confusing in places; here is a guide.",
        "We rebuilt our portal last year. It's much faster now.",
        "Our competitor's portal is clunky. It's a total mess.",
        "Your team asked about our roadmap. They're clueless about it, I know.",
        "I'm sorry our support has been slow this week.",
        "Between you and me, their new UI is a downgrade.",
        "Your procurement team's left hand doesn't know what the right hand is doing.",
        "Our old portal was too slow, so we rebuilt it.",
        "Our pricing is simple. It's anything but complicated.",
        "The Android app is garbage, says the review site.",
        "Honestly, the old system you run today is garbage compared with ours.",
        "Classic them: their support never answers.",
        "I don't know what goes on in your procurement team.",
        "Your old vendor's portal is clunkier than the old one.",
        "Their legal team would redline a birthday card.",
        "I'd love to tell you more about the roadmap on Thursday.",
        "Things here are going well since the merger.",
    ],
)
def test_not_disparagement(sentence):
    sender = Party("tom@gmail.com") if sentence.startswith("Acme") else TOM
    assert verdicts(sentence, sender) == []


def test_in_email_context_only_reviewed_words_count():
    body = (
        "Hi Anna,\n\nThanks for the candid feedback. You're right, our onboarding is terrible.\n\nBest,\nTom\n\n"
        "> On Monday Anna wrote:\n> Honestly your support team is useless."
    )
    (finding,) = verdicts(body)
    assert finding.text == "You're right, our onboarding is terrible"
    assert finding.start == body.index("You're right")


def test_agreeing_to_hate_our_thing_right_after_naming_it_is_a_second_verdict():
    found = verdicts("We moved you to our support portal in May. I hate it too, and I work here.")
    assert [f.text for f in found] == ["I hate it too"]


def test_the_thing_right_after_naming_our_platform_is_ours():
    found = verdicts("Since we upgraded our billing platform, three customers were double-billed. "
                     "Honestly the thing is held together with duct tape and prayers.")
    assert [f.text for f in found] == ["Honestly the thing is held together with duct tape"]


@pytest.mark.parametrize(
    "lead_in",
    ["Between you and me, ", "Off the record, ", "Confidentially, ", "I'll be frank with you: ", "Not gonna sugarcoat it, ",
     "I'll not pretend otherwise: ", "I'm not going to dress it up. ", "I won't defend it. ", "I tell you openly: ",
     "I'll level with you: ", "I've said exactly that to our product people. "],
)
def test_every_candid_lead_in_makes_the_queue_ours(lead_in):
    # guards _CANDOUR_CUES, the substring pre-filter that must cover every _CANDOUR alternative
    assert [f.text for f in verdicts(lead_in + "The queue has been a shambles since the summer.")] != []
