"""Personalization: who the recipient is (display name, address, CRM facts), wrong names and companies,
merge-field leftovers, template phrases, template reuse against recent fingerprints, and the score."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from addin.review import Draft, Party, RecipientFacts, review
from addin.review import personalization
from addin.review.fingerprint import shingles

SENT_AT = datetime(2024, 5, 6, 9, 0, tzinfo=timezone.utc)
ANNA = Party("anna.lee@acme-robotics.com", "Anna Lee")
SENDER = Party("tom@sendwell.io", "Tom Baker")


def _review(body: str, to=(ANNA,), **kw):
    kw.setdefault("sender", SENDER)
    return review(Draft(body=body, to=tuple(to), sent_at=SENT_AT, **kw))


def _mine(r, kind: str | None = None):
    """This analyser's findings (optionally one kind), after checking every span is exact."""
    out = []
    for f in r.findings:
        if f.category != "personalization":
            continue
        assert r.text[f.start : f.end] == f.text
        assert r.reviewed[0] <= f.start < f.end <= r.reviewed[1]
        assert f.message and f.suggestion
        if kind is None or f.kind == f"personalization.{kind}":
            out.append(f)
    return out


def _wrong(body: str, **kw) -> list[str]:
    return [f.text for f in _mine(_review(body, **kw), "wrong_name")]


# ------------------------------------------------------------------------------------------------ names
def test_name_from_display_name():
    to = (Party("alee@acme.com", "Lee, Anna"),)
    assert _wrong("Hi Anna,\n\nThe pilot plan is attached.", to=to) == []
    r = _review("Hi John,\n\nThe pilot plan is attached.", to=to)
    [f] = _mine(r, "wrong_name")
    assert f.text == "John" and f.severity == "critical"
    assert "Anna Lee" in f.message and "alee@acme.com" in f.message
    assert f.suggestion == 'Use "Anna".'


def test_name_from_local_part():
    to = (Party("anna.lee@acme-robotics.com"),)
    assert _wrong("Hi Anna,\n\nThe pilot plan is attached.", to=to) == []
    assert _wrong("Hi John,\n\nThe pilot plan is attached.", to=to) == ["John"]
    # an initial plus surname: only the initial and the surname can be checked
    to = (Party("a.lee@acme.com"),)
    assert _wrong("Hi Anna,\n\nThe pilot plan is attached.", to=to) == []
    assert _wrong("Dear Ms. Lee,\n\nThe pilot plan is attached.", to=to) == []
    assert _wrong("Hi John,\n\nThe pilot plan is attached.", to=to) == ["John"]


def test_name_from_crm_facts():
    to = (Party("X7@Acme.com"),)  # nothing to learn from the address itself
    facts = {"x7@acme.com": RecipientFacts(first_name="Anna", last_name="Lee", company="Acme")}
    assert _wrong("Hi Anna,\n\nThe pilot plan is attached.", to=to, facts=facts) == []
    assert _wrong("Hi John,\n\nThe pilot plan is attached.", to=to, facts=facts) == ["John"]
    # without the facts there is nothing to contradict
    assert _wrong("Hi John,\n\nThe pilot plan is attached.", to=to) == []


def test_nicknames_prefixes_and_typos_are_not_wrong_names():
    robert = (Party("rsmith@acme.com", "Robert Smith"),)
    assert _wrong("Hi Bob,\n\nThe plan is attached.", to=robert) == []
    assert _wrong("Hi Rob,\n\nThe plan is attached.", to=robert) == []
    assert _wrong("Hi Mark,\n\nThe plan is attached.", to=robert) == ["Mark"]
    alexandra = (Party("alexandra.ruiz@acme.com"),)
    assert _wrong("Hey Alex!\n\nThe plan is attached.", to=alexandra) == []
    assert _wrong("Hi Annie,\n\nThe plan is attached.", to=(ANNA,)) == []
    assert _wrong("Hi Ana,\n\nThe plan is attached.", to=(ANNA,)) == []  # one-letter typo
    assert _wrong("Hi Jon,\n\nThe plan is attached.", to=(Party("john.doe@acme.com"),)) == []
    assert _wrong("Hi Tim,\n\nThe plan is attached.", to=(Party("tom.hardy@acme.com"),)) == ["Tim"]


def test_names_in_other_scripts_are_never_contradicted():
    to = (Party("7734@acme.ru", "Владимир Петров"),)
    assert _wrong("Hi Vladimir,\n\nThe plan is attached.", to=to) == []
    assert _wrong("Hi John,\n\nThe plan is attached.", to=to) == []


def test_generic_mailboxes_give_no_name_to_contradict():
    for address in ("info@acme-robotics.com", "sales@acme-robotics.com", "hello@acme-robotics.com"):
        r = _review("Hi John,\n\nThe pilot plan is attached.", to=(Party(address),))
        assert _mine(r, "wrong_name") == []


def test_several_recipients_and_cc():
    bob = Party("bob.marsh@acme-robotics.com")
    assert _wrong("Hi Anna and Bob,\n\nThe plan is attached.", to=(ANNA, bob)) == []
    assert _wrong("Hi Anna, Bob and John,\n\nThe plan is attached.", to=(ANNA, bob)) == ["John"]
    # greeting someone on Cc is not a copy-paste slip
    carla = Party("carla.diaz@acme-robotics.com")
    assert _wrong("Hi Carla,\n\nThe plan is attached.", to=(ANNA,), cc=(carla,)) == []
    # one To recipient we cannot name: the greeting might be for them
    assert _wrong("Hi John,\n\nThe plan is attached.", to=(ANNA, Party("info@acme-robotics.com"))) == []


def test_titled_greetings_compare_surnames():
    assert _wrong("Dear Ms. Lee,\n\nThe plan is attached.") == []
    r = _review("Dear Mr. Smith,\n\nThe plan is attached.")
    [f] = _mine(r, "wrong_name")
    assert f.text == "Smith"


def test_bare_and_non_english_greetings():
    to = (Party("jgarcia@acme.es", "José García"),)
    assert _wrong("Anna,\n\nThe plan is attached.") == []
    assert _wrong("John,\n\nThe plan is attached.") == ["John"]
    assert _wrong("Hola José,\n\nThe plan is attached.", to=to) == []
    assert _wrong("Hola Jose,\n\nThe plan is attached.", to=to) == []
    assert _wrong("Hola Juan,\n\nThe plan is attached.", to=to) == ["Juan"]
    # capitalised first words that are not names
    for body in ("Update,\n\nThe plan is attached.", "Quick Question,\n\nThe plan is attached.", "Hi Thanks,\n\nok."):
        assert _wrong(body) == [], body


def test_the_sender_is_a_wrong_name_too():
    assert _wrong("Hi Tom,\n\nThe plan is attached.") == ["Tom"]


def test_team_and_company_greetings_are_not_names():
    for body in ("Hi Acme team,\n\nThe plan is attached.", "Hi all,\n\nThe plan is attached.",
                 "Hello Acme Robotics,\n\nThe plan is attached.", "Hi Anna, Thanks for the note.",
                 "Dear Sir/Madam,\n\nThe plan is attached."):
        assert _mine(_review(body), "wrong_name") == [], body


def test_no_name_anywhere_is_an_info_on_the_greeting():
    r = _review("Hi there,\n\nThe pilot plan is attached for your review.")
    [f] = _mine(r, "no_name")
    assert f.text == "Hi there," and f.severity == "info"
    assert '"Hi Anna,"' in f.suggestion
    r = _review("The pilot plan is attached for your review. Anna, does Thursday still work?")
    assert _mine(r, "no_name") == []
    r = _review("The pilot plan is attached for your review.")
    [f] = _mine(r, "no_name")
    assert f.text == "The pilot plan is attached for your review."


# --------------------------------------------------------------------------------------- merge fields
@pytest.mark.parametrize(
    "placeholder, suggestion",
    [
        ("{{first_name}}", 'Replace it with "Anna".'),
        ("{FirstName}", 'Replace it with "Anna".'),
        ("[First Name]", 'Replace it with "Anna".'),
        ("<FIRST NAME>", 'Replace it with "Anna".'),
        ("%FIRSTNAME%", 'Replace it with "Anna".'),
        ("*|FNAME|*", 'Replace it with "Anna".'),
        ("[Company]", 'Replace it with "Acme Robotics".'),
        ("{{ company_name }}", 'Replace it with "Acme Robotics".'),
        ("[insert pain point here]", "Fill it in or delete it before sending."),
    ],
)
def test_merge_field_leftovers_are_critical(placeholder, suggestion):
    r = _review(f"Hi Anna,\n\nI saw that {placeholder} is hiring again. Would a short call help?")
    [f] = _mine(r, "merge_field")
    assert f.text == placeholder
    assert f.severity == "critical"
    assert f.suggestion == suggestion


def test_brackets_percent_and_links_are_not_merge_fields():
    r = _review(
        "Hi Anna,\n\nThe deck [1] shows a 20% cut (see <https://sendwell.io/pricing>). "
        "Our API returns {status: ok} in 3 ms. Is 50% of 40% enough?"
    )
    assert _mine(r, "merge_field") == []


def test_merge_fields_cost_points():
    clean = _review("Hi Anna,\n\nI saw that Acme Robotics is hiring again. Would a short call help?")
    leftover = _review("Hi Anna,\n\nI saw that [Company] is hiring again. Would a short call help?")
    assert leftover.personalization <= clean.personalization - personalization.MERGE_FIRST


# ---------------------------------------------------------------------------------- template phrases
@pytest.mark.parametrize(
    "phrase",
    [
        "Dear Sir/Madam",
        "To whom it may concern",
        "Dear valued customer",
        "I hope this email finds you well",
        "I hope this finds you well",
        "We are a leading provider of",
        "I wanted to reach out",
        "I’m reaching out because",
        "just checking in",
        "touching base",
        "our solution",
    ],
)
def test_template_phrases_are_warnings_with_reasons(phrase):
    r = _review(f"{phrase} about the pilot. The plan is attached, Anna.")
    found = _mine(r, "template_phrase")
    assert [f.text for f in found] == [phrase]
    assert found[0].severity == "warning"
    assert phrase in found[0].message


def test_template_phrase_suggestions_use_what_we_know():
    body = "Hi Anna,\n\nI hope this email finds you well. The plan is attached."
    notes = {"anna.lee@acme-robotics.com": RecipientFacts(notes=("the SSO requirement for the Q3 rollout",))}
    [f] = _mine(_review(body, facts=notes), "template_phrase")
    assert f.suggestion == 'Open with something about them instead, e.g. "Following up on the SSO requirement for the Q3 rollout — …".'
    [f] = _mine(_review(body), "template_phrase")
    assert "Acme Robotics" in f.suggestion and "Congrats on" in f.suggestion
    [f] = _mine(_review("Dear Sir or Madam,\n\nThe plan is attached."), "template_phrase")
    assert f.suggestion == 'Greet them by name: "Hi Anna,".'


def test_free_mail_domains_are_not_companies():
    gmail = (Party("anna.lee@gmail.com"),)
    # the name still comes from the address …
    assert _wrong("Hi John,\n\nThe plan is attached.", to=gmail) == ["John"]
    # … but "Gmail" is not her company
    [f] = _mine(_review("Hi Anna,\n\nI hope this email finds you well.", to=gmail), "template_phrase")
    assert "gmail" not in f.suggestion.lower()
    with_gmail = _review("Hi Anna,\n\nIt works inside Gmail and keeps the thread intact.", to=gmail)
    with_slack = _review("Hi Anna,\n\nIt works inside Slack and keeps the thread intact.", to=gmail)
    assert with_gmail.personalization == with_slack.personalization


def test_company_from_the_domain_counts_when_named():
    for address in ("anna.lee@acme-robotics.com", "anna@acmerobotics.com", "anna@mail.acme-robotics.co.uk"):
        named = _review("Hi Anna,\n\nHow is the rollout going at Acme Robotics?", to=(Party(address),))
        unnamed = _review("Hi Anna,\n\nHow is the rollout going at the plant?", to=(Party(address),))
        assert named.personalization == unnamed.personalization + personalization.COMPANY_USED, address


# ------------------------------------------------------------------------------------- wrong company
CRM = {"anna.lee@acme-robotics.com": RecipientFacts(first_name="Anna", company="Acme Robotics Inc.")}


@pytest.mark.parametrize(
    "body, company",
    [
        ("Hi Anna,\n\nHow are things at Globex these days?", "Globex"),
        ("Hi Anna,\n\nI loved how the team at Initech Labs handles onboarding — does your team do it that way?", "Initech Labs"),
        ("Hi Anna,\n\nGlobex's team is growing fast — are you hiring too?", "Globex"),
        ("Hi Anna,\n\nHow is your role at Umbrella Corp going?", "Umbrella Corp"),
    ],
)
def test_wrong_company_in_the_recipient_slot(body, company):
    r = _review(body, facts=CRM)
    [f] = _mine(r, "wrong_company")
    assert f.text == company and f.severity == "critical"
    assert "Acme Robotics" in f.message
    assert f.suggestion == 'Use "Acme Robotics Inc.".'


@pytest.mark.parametrize(
    "body",
    [
        "Hi Anna,\n\nUnlike Globex, we ship a new release every week.",  # a competitor mention
        "Hi Anna,\n\nGreat meeting your team at Dreamforce last week.",  # an event
        "Hi Anna,\n\nOur team at Sendwell would love to help.",  # the sender's company
        "Hi Anna,\n\nHubSpot's team certified our integration last year.",  # not about them
        "Hi Anna,\n\nHow are things at Acme?",  # their company, shortened
        "Hi Anna,\n\nHow is your role at Acme Robotics going?",
        "Hi Anna,\n\nWould your team at 3 PM on Monday work?",
    ],
)
def test_no_wrong_company_outside_the_slot_or_for_their_company(body):
    assert _mine(_review(body, facts=CRM), "wrong_company") == []


def test_wrong_company_needs_the_crm_company():
    assert _mine(_review("Hi Anna,\n\nHow are things at Globex these days?"), "wrong_company") == []


# ------------------------------------------------------------------------------------------- you-focus
def test_we_focus_is_an_info_on_the_first_sentence():
    body = (
        "Hi Anna,\n\nWe built our platform for teams like ours. Our engineers and I think we have the best "
        "support, and we are proud of our numbers. We would love to show you."
    )
    r = _review(body)
    [f] = _mine(r, "we_focus")
    first = r.text[r.reviewed[0] :].split("\n")[0]
    assert f.text == first and f.severity == "info"
    balanced = "Hi Anna,\n\nYou said your planners lose Mondays to rework. We can give you that day back, and your team keeps its tools."
    assert _mine(_review(balanced), "we_focus") == []


# -------------------------------------------------------------------------------------------- scores
PERSONAL = (
    "Hi Anna,\n\nCongrats on the Q3 launch at Acme Robotics! On our call you mentioned your team's pick "
    "rate dropped 12% after the migration. You could get that back within a month: your planners keep "
    "their workflow and you only add scanners. Would Thursday work for you to see it on your own data?"
)
PLAIN = "Hi Anna,\n\nWe have a new version of our reporting tool. Would you like a quick demo next week?"
TEMPLATE_BLAST = (
    "Dear Sir/Madam,\n\nI hope this email finds you well. We are a leading provider of logistics software. "
    "Our solution helps companies like yours save time. I wanted to reach out to see if you'd be "
    "interested in a demo."
)


def test_score_ordering_and_bands():
    personal = _review(PERSONAL).personalization
    plain = _review(PLAIN).personalization
    blast = _review(TEMPLATE_BLAST, to=(Party("info@acme-robotics.com"),)).personalization
    assert personal >= 80
    assert 40 <= plain <= 65
    assert 5 <= blast <= 25
    assert personal > plain > blast


def test_specific_references_raise_the_score():
    base = "Hi Anna,\n\nThe pilot could start soon. Would Thursday work for a short call?"
    cue = "Hi Anna,\n\nAs we discussed, the pilot could start soon. Would Thursday work for a short call?"
    assert _review(cue).personalization == _review(base).personalization + personalization.CUE_FIRST
    facts = {"anna.lee@acme-robotics.com": RecipientFacts(notes=("Worried about scanner downtime",))}
    note = "Hi Anna,\n\nThe pilot avoids scanner downtime entirely. Would Thursday work for a short call?"
    generic = "Hi Anna,\n\nThe pilot avoids any disruption entirely. Would Thursday work for a short call?"
    assert _review(note, facts=facts).personalization == _review(generic, facts=facts).personalization + personalization.NOTE_TERM


def test_wrong_name_sinks_the_score():
    right = _review("Hi Anna,\n\nThe plan is attached. Would Thursday work for you?")
    wrong = _review("Hi John,\n\nThe plan is attached. Would Thursday work for you?")
    assert wrong.personalization <= right.personalization - personalization.WRONG_NAME


def test_deterministic_and_empty():
    assert _review(PERSONAL) == _review(PERSONAL)
    empty = _review("")
    assert empty.personalization == 0 and _mine(empty) == []


# ------------------------------------------------------------------------------------ template reuse
TEMPLATE = (
    "Hi {name},\n\nI noticed {company} is growing its sales team. Most sales leaders we talk to lose hours "
    "every week chasing reps for updates in the CRM. Sendwell reviews each email before it goes out and logs "
    "it for you, so your pipeline stays current without anyone typing. Would you be open to a short call on "
    "Tuesday to see it on your own data?"
)
OTHERS = [("John", "Globex"), ("Priya", "Initech Labs"), ("Marco", "Umbrella"), ("Lena", "Stark Freight")]
UNRELATED = [
    "Thanks for sending the signed order form over. Finance will issue the invoice this week and the "
    "onboarding kickoff is booked for the 14th with the whole operations group.",
    "Quick heads-up that the warehouse move slipped by a month, so the pilot in the northern region will "
    "start later than planned. Everything else in the rollout plan stays the same for now.",
    "Loved the article about packaging waste on the company blog. The point about returnable crates matched "
    "what our logistics customers in Europe keep telling us about their suppliers.",
    "Could you forward the security questionnaire to your IT lead? Our answers on data retention and SSO "
    "are in the shared folder, and I can join a call if they want to walk through them.",
]


def test_template_reuse_against_recent_fingerprints():
    draft = TEMPLATE.format(name="Anna", company="Acme Robotics")
    recent = tuple(shingles(TEMPLATE.format(name=n, company=c)) for n, c in OTHERS)
    r = _review(draft, recent_fingerprints=recent)
    [f] = _mine(r, "template_reuse")
    assert f.severity == "warning"
    assert f.message.startswith("This reads like 4 emails you sent recently")
    assert "Anna" in f.suggestion
    first = r.text[r.reviewed[0] :].split("\n")[0]
    assert f.text == first
    assert r.personalization == _review(draft).personalization - personalization.TEMPLATE_REUSE


def test_no_template_reuse_for_dissimilar_or_too_few_emails():
    draft = TEMPLATE.format(name="Anna", company="Acme Robotics")
    unrelated = tuple(shingles(t) for t in UNRELATED)
    assert _mine(_review(draft, recent_fingerprints=unrelated), "template_reuse") == []
    two = tuple(shingles(TEMPLATE.format(name=n, company=c)) for n, c in OTHERS[:2]) + unrelated
    assert _mine(_review(draft, recent_fingerprints=two), "template_reuse") == []
    # a short note that is legitimately sent again and again is not a template problem
    short = "Thanks Anna, see you Tuesday."
    same = tuple(shingles(short) for _ in range(5))
    assert _mine(_review(short, recent_fingerprints=same), "template_reuse") == []


# --------------------------------------------------------------------------------------------- speed
def test_our_solutions_engineer_is_a_person_not_vendor_speak():
    kinds = [f.text for f in review(Draft(body="Hi Anna, I'll loop in our solutions engineer tomorrow.")).findings
             if f.kind == "personalization.template_phrase"]
    assert kinds == []
    flagged = [f.text for f in review(Draft(body="Hi Anna, our solution fits teams like yours.")).findings
               if f.kind == "personalization.template_phrase"]
    assert flagged == ["our solution"]
