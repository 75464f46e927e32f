"""Personalization: does this email read as written for *this* recipient? A 0–100 score and findings.

Who the recipient is comes from, in order of trust: the CRM facts in ``draft.facts``, the To/Cc display
names ("Lee, Anna", "Anna Lee (Acme)"), the address itself (anna.lee@acme-robotics.com → Anna, Lee,
"Acme Robotics"). Generic mailboxes (info@, sales@, hello@ …) give no name and free-mail domains
(gmail.com, outlook.com …) no company.

Point system (deterministic; clipped to 0–100):

    base                                                        35
    a recipient's name used (greeting or body), verified        +20
      … a name in the greeting we cannot verify (no names known) +10
    their company named                                          +10
    specific references (capped at +25 together):
      first cue ("you mentioned", "as we discussed", "on our call", "your team's",
      "congrats on", "saw your post", …)                         +10, each further distinct cue +5
      a CRM note term (≥ 4 letters, not a stop word) reused      +10
      a number or date                                           +5
    you-focus, from you/your/yours vs we/our/us/I/my counts (needs ≥ 3 such words):
      share of "you" ≥ 0.5 → +15, ≥ 0.35 → +8, ≥ 0.2 → 0, below → −5
    template phrase: "Dear Sir/Madam"-style greeting −15, other phrases −8 (together at most −30)
    merge-field leftover ("{{first_name}}", "[Company]" …)     −25, each further −10 (at most −40)
    wrong name in the greeting                                   −40 (and no name credit)
    wrong company in the recipient's slot                        −25 (and no company credit)
    template reuse (≥ REUSE_MIN_EMAILS recent emails ≥ REUSE_THRESHOLD similar)  −20

So a plain email that greets the right person lands near 55, a "Dear Sir/Madam" blast near 10–20, and
one with name, company, a specific reference and a you-focus at 80+.

Conservative by design: a *wrong name* is only flagged for the greeting, only when every To recipient has
something to compare with, and nicknames, prefixes (Alex/Alexandra), one-letter typos and any To/Cc
person count as right. A *wrong company* is only flagged in a recipient-company slot ("your team at X",
"X's team" in a sentence about "you"), only when the CRM gives the To recipient's company, never when X
matches any recipient's or the sender's company, and never in a sentence about meeting at an event
(competitor and conference mentions are legitimate).

Speed: the text is turned once into lower-case ASCII bytes (one byte per character, punctuation → space);
pronouns, cues and phrase gates are ``bytes.count`` / ``in`` / literal-prefixed regexes over those bytes.
Phrase regexes run on the original text only in a window around each gate word. Recipients are parsed
once per (party, facts) (LRU cache). Template reuse costs one shingling of the draft plus one small set
intersection per recent email (``fingerprint.count_similar``).

Known limits: the greeting is only looked for in the first sentence; names outside Latin script are not
compared; a company is "named" only by its CRM name or its domain's words (not brand nicknames); dates
count as specific references only when they carry digits.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

from . import fingerprint
from .model import Finding, Party, RecipientFacts
from .words import FREE_MAIL

# ------------------------------------------------------------------------------------------------ points
BASE = 35
NAME_USED, NAME_UNVERIFIED = 20, 10
COMPANY_USED = 10
CUE_FIRST, CUE_MORE, NOTE_TERM, NUMBER, REFERENCES_CAP = 10, 5, 10, 5, 25
YOU_FOCUS = ((0.5, 15), (0.35, 8), (0.2, 0))
YOU_FOCUS_LOW, YOU_FOCUS_MIN_WORDS = -5, 3
GREETING_PHRASE, TEMPLATE_PHRASE, TEMPLATE_CAP = 15, 8, 30
MERGE_FIRST, MERGE_MORE, MERGE_CAP = 25, 10, 40
WRONG_NAME, WRONG_COMPANY, TEMPLATE_REUSE = 40, 25, 20
# we_focus fires when we/our/I words are at least WE_FOCUS_RATIO × the you words and WE_FOCUS_MARGIN more.
WE_FOCUS_RATIO, WE_FOCUS_MARGIN = 2, 4
# Template reuse: a recent email "is the same template" at Jaccard ≥ 0.5 over 5-word shingles (a template
# with a personalised first line and a new name still shares well over half); three such emails make a
# pattern. Drafts under REUSE_MIN_SHINGLES shingles (~12 words) are too short to judge ("Thanks, see you
# Tuesday" is legitimately repeated).
REUSE_THRESHOLD, REUSE_MIN_EMAILS, REUSE_MIN_SHINGLES = 0.5, 3, 8

CATEGORY = "personalization"

# ------------------------------------------------------------------------------------------ vocabularies
_GENERIC_LOCAL = frozenset(
    """info information sales hello hi hey contact contacts contactus support help helpdesk admin
    administrator office team hr jobs job careers career recruiting billing accounts account accounting
    finance invoice invoices ap ar orders order enquiries enquiry inquiries inquiry marketing press media
    pr news newsletter noreply donotreply no reply postmaster webmaster mail email mailbox service
    services customerservice customercare care partners partner partnerships procurement purchasing
    legal privacy security it ops operations reception hq general feedback bookings booking events rfp
    rfq vendors vendor suppliers supplier contracts projects design dev engineering tech ceo cfo cto coo
    founder founders owner manager director president assistant shop store team""".split()
)
_SECOND_LEVEL = frozenset("co com org net ac gov edu ltd plc or ne go gob nic".split())
_LEGAL_SUFFIXES = frozenset(
    """inc incorporated llc ltd limited corp corporation co company plc gmbh ag sa sas sarl srl spa bv nv
    oy ab pty llp lp kg se group holdings""".split()
)
_GENERIC_COMPANY_WORDS = frozenset(
    """the global international united american national general first new digital data smart advanced
    applied integrated premier pacific atlantic north south east west central city bank tech software
    systems solutions""".split()
)
_DISPLAY_GENERIC = frozenset(
    """team sales support info office admin accounts billing marketing hr service services customer help
    desk noreply department group inc llc ltd gmbh corp the and of contact hello careers jobs partnerships
    procurement purchasing finance company enquiries reception operations orders shop store news
    newsletter""".split()
)
_TITLES = frozenset("mr mrs ms miss mx dr prof professor sir".split())
_SUFFIXES = frozenset("jr sr ii iii iv phd mba md cpa esq".split())
# Capitalised words that can follow "Hi" without being anyone's name.
_NOT_NAMES = frozenset(
    """sir sirs madam madame customer customers client clients valued team teams all there everyone
    everybody folks guys friend friends colleague colleagues partner partners both again ladies gentlemen
    hiring manager sales support marketing thanks thank hope just quick great good following happy i we
    our your you this that the welcome congrats congratulations sorry please nice lovely it as re fw fwd
    mr mrs ms dr world question update intro introduction hello hi hey reminder note fyi ps subject agenda
    summary recap next steps pricing proposal quote ok okay yes no sure absolutely perfect cheers best
    regards hopefully honestly also""".split()
)
_NICKNAMES = (
    "robert rob bob bobby robbie bert", "william will bill billy liam willy",
    "elizabeth liz lizzie beth betty eliza libby bella", "katherine catherine kathryn kate katie kathy cathy kat kay",
    "margaret maggie meg peggy marge greta", "michael mike mikey mick mickey", "james jim jimmy jamie",
    "thomas tom tommy", "david dave davey", "steven stephen steve stevie", "anthony antony tony",
    "joseph joe joey", "andrew andy drew", "richard rick ricky rich dick", "john jack johnny jon",
    "jonathan jon jonny", "edward ed eddie ted ned", "theodore theo ted teddy", "charles charlie chuck chaz",
    "henry harry hank", "harold harry hal", "lawrence laurence larry", "susan suzanne sue suzy susie",
    "sandra alexandra sandy", "amanda mandy", "rebecca becky becca", "abigail abby abbie",
    "deborah debra deb debbie", "patricia pat patty trish tricia", "patrick pat paddy",
    "jennifer jen jenny", "jessica jess jessie", "victoria vicky tori", "christina christine tina chrissy",
    "christopher chris kit", "nicholas nick nicky nico", "alexander alex sasha xander",
    "eleanor elinor helen ellie nell", "samuel samantha sam sammy", "benjamin ben benny",
    "daniel dan danny", "matthew matt", "timothy tim", "gregory greg", "kenneth ken kenny",
    "donald don donnie", "ronald ron ronnie", "douglas doug", "philip phillip phil", "raymond ray",
    "zachary zach zack", "joshua josh", "nathan nathaniel nate nat", "albert al bert", "alfred al alf fred",
    "frederick fred freddie", "gerald gerry jerry", "jeffrey geoffrey jeff geoff", "jeremy jerome jerry",
    "leonard leo len lenny", "louis lewis lou", "mary molly polly mae", "anne ann anna hannah annie nan",
    "jacqueline jackie", "judith judy", "josephine jo josie", "vincent vince vinny", "walter walt wally",
    "valerie val", "cynthia cindy", "dorothy dot dottie", "barbara barb", "caroline carolyn carol carrie",
    "francis frances francesca fran frank frankie", "gabriel gabrielle gabriela gabe gabby",
    "isabel isabella izzy bella", "kimberly kim", "pamela pam", "melissa melanie mel missy",
    "stephanie steph", "teresa theresa terry tess", "olivia liv", "sebastian seb",
)
_NICK_GROUPS: dict[str, frozenset[int]] = {}
for _i, _group in enumerate(_NICKNAMES):
    for _name in _group.split():
        _NICK_GROUPS[_name] = _NICK_GROUPS.get(_name, frozenset()) | {_i}
del _i, _group, _name
_NOTE_STOP = frozenset(
    """about above after again also asked away back been before being below between both call calls
    could demo does doing done during each email emails from have having here interested into just
    know last like looking made make many meeting more most much need needs next only other over price
    pricing product quote really said says send sent should some such than that their them then there
    these they this those through time today very want wants week well were what when where which while
    will with would year your yours company customer solution team""".split()
)
_EVENT_WORDS = re.compile(
    r"\b(?:meet|met|meeting|booth|conference|summit|expo|webinar|event|panel|keynote|show|dinner|lunch|"
    r"party|workshop|session|talk|visit|visited)\b",
    re.I,
)
_YOU_WORD = re.compile(r"\byou(?:r|rs)?\b", re.I)
_SLOT_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december christmas easter thanksgiving noon midnight eod hq
    headquarters home""".split()
)

# ------------------------------------------------------------------------------------------ byte views
# Lower-case ASCII letters and digits stay, A-Z is lowered, every other byte is a space: word boundaries
# become spaces, so b" you " in the padded text is the word "you".
_PAD_TABLE = bytes(
    c if (97 <= c <= 122 or 48 <= c <= 57) else c + 32 if 65 <= c <= 90 else 32 for c in range(256)
)
_NON_DIGITS = bytes(c for c in range(256) if not 48 <= c <= 57)

# Specific-reference cues over the padded bytes. Each regex starts with a literal ("you", "our", "we ") so
# the regex engine skips to candidates at C speed; "saw/read/… your" is checked from each " your ".
_CUE_YOU = re.compile(
    rb"you(?: (?:mentioned|said|asked|shared|noted|told|wrote|flagged|raised|described|explained|were saying)"
    rb"|r (?:team s|recent|latest|post|article|talk|keynote|podcast|webinar|launch|announcement|funding"
    rb"|round|expansion|promotion|new role|rollout|roadmap|migration|project)) "
)
_CUE_OUR = re.compile(rb"our (?:call|conversation|chat|meeting|discussion) ")
_CUE_WE = re.compile(rb"we (?:spoke|talked|met|chatted) ")
_CUE_WORDS = (b" discussed ", b" congrats ", b" congratulations ")
_SEEN_YOUR = frozenset(b"saw read loved enjoyed liked caught heard".split())
# Pronoun counts: " you" also counts your/yours/yourself; "me" is left out because "let me know" is not
# self-centred.
_YOU_COUNTS = (b" you",)
_WE_COUNTS = (b" we ", b" our", b" us ", b" i ", b" my ")

# --------------------------------------------------------------------------------------- text patterns
_NAME = r"[A-ZÀ-ÖØ-Þ][A-Za-zß-öø-ÿ'’-]*"
_PERSON = rf"{_NAME}(?:[ \t]+{_NAME}){{0,2}}"
_GREETING = re.compile(
    r"(?i:hi|hello|hey|hiya|heya|howdy|dear|greetings|good[ \t]+(?:morning|afternoon|evening|day)"
    r"|morning|afternoon|evening|hola|hallo|bonjour|ciao|hej|salut|guten[ \t]+tag)\b[ \t,]*"
    r"(?:(?P<title>(?i:mrs|mr|ms|miss|mx|dr|prof|professor))\.?[ \t]+)?"
    rf"(?P<names>{_PERSON}(?:(?:[ \t]*,[ \t]*{_PERSON})*[ \t]*,?[ \t]*(?:and\b|&|\+)[ \t]*{_PERSON})?)?"
)
_BARE_GREETING = re.compile(rf"(?P<names>{_NAME})[ \t]*,")  # "Anna," alone on the first line
_NAME_TOKEN = re.compile(_NAME)
_MAX_NAME = 30  # a longer "name" is something else
_PERSON_BREAK = re.compile(r",|\band\b|&|\+")

# Merge-field leftovers, one regex per opening character (each starts with that literal, so the engine
# skips to candidates at C speed, and a regex only runs when its character occurs at all).
_MERGE_WORDS = r"(?:[A-Z_ ]*(?:NAME|COMPANY|FIRST|LAST|TITLE|CITY|INDUSTRY|PRODUCT|ROLE|ORG|ACCOUNT|CONTACT)[A-Z_ ]*)"
_MERGE = (
    ("{", re.compile(r"\{(?:\{[^{}\n]{1,40}\}\}|[A-Za-z_][\w .]{1,30}\})")),  # {{first_name}}, {company}
    (
        "[",
        re.compile(
            r"\[(?:(?i:first[ _]?name|last[ _]?name|full[ _]?name|name|company(?:[ _]?name)?|organi[sz]ation"
            r"|(?:job[ _]?)?title|role|city|industry|product|date|link|url|your[ _]?name|recipient|prospect"
            r"|contact(?:[ _]?name)?|competitor|pain[ _]?point|insert[^\]\n]{0,40})"
            rf"|{_MERGE_WORDS})\]"
        ),
    ),
    ("<", re.compile(rf"<{_MERGE_WORDS}>")),  # <FIRST NAME>
    ("%", re.compile(rf"%{_MERGE_WORDS}%")),  # %FIRSTNAME%
    ("*|", re.compile(r"\*\|[A-Z_]{2,30}\|\*")),  # *|FNAME|* (Mailchimp)
)
# Template phrases are searched only around their gate word, this far before and after it.
_WINDOW_BEFORE, _WINDOW_AFTER = 40, 80


@dataclass(frozen=True)
class _Phrase:
    gate: bytes
    pattern: re.Pattern
    greeting: bool  # an impersonal greeting: weighs more, and it stands in for "no name"
    message: str
    advice: str  # "opener", "greeting", "value", "reason", "name_it"


_RE_FLAGS = re.I
_APOS = r"(?:'|’)"
_PHRASES = (
    _Phrase(
        b" dear ",
        re.compile(
            r"\bdear\s+(?:sirs?(?:\s*(?:/|or|and)\s*madam)?|madam(?:\s*(?:/|or)\s*sir)?"
            r"|(?:valued\s+)?(?:customer|client|partner)s?|friend|colleague)\b",
            _RE_FLAGS,
        ),
        True,
        '"{text}" tells the reader this went to a list: a greeting with their name gets more replies.',
        "greeting",
    ),
    _Phrase(
        b" whom ",
        re.compile(r"\bto\s+whom\s+it\s+may\s+concern\b", _RE_FLAGS),
        True,
        '"{text}" tells the reader nobody looked them up: it reads like a form letter.',
        "greeting",
    ),
    _Phrase(
        b" hope ",
        re.compile(
            rf"\b(?:i\s+)?hope\s+(?:(?:this|my|the)(?:\s+(?:e-?mail|message|note|letter))?\s+finds\s+you\s+well"
            rf"|(?:you{_APOS}re|you\s+are)\s+(?:doing\s+)?well|all\s+is\s+well)\b",
            _RE_FLAGS,
        ),
        False,
        '"{text}" opens thousands of templates: it spends their first second on nothing about them.',
        "opener",
    ),
    _Phrase(
        b" leading ",
        re.compile(
            rf"\b(?:(?:we\s+are|we{_APOS}re|as)\s+)?(?:a|an|the)\s+(?:(?:global|world|industry|market)[\s-]*)?"
            r"leading\s+(?:[\w-]+\s+){0,2}?(?:supplier|provider|vendor|company|manufacturer|platform|firm"
            r"|agency|developer|distributor)s?(?:\s+(?:of|in|for))?\b",
            _RE_FLAGS,
        ),
        False,
        '"{text}" is about you, not them, and every vendor says it.',
        "value",
    ),
    _Phrase(
        b" reach",
        re.compile(
            rf"\b(?:i\s+(?:just\s+)?wanted|just\s+wanted)\s+to\s+reach\s+out\b"
            rf"|\bi(?:{_APOS}m|\s+am)\s+(?:just\s+)?reaching\s+out(?:\s+because)?\b",
            _RE_FLAGS,
        ),
        False,
        '"{text}" announces the email instead of saying why it matters to them.',
        "opener",
    ),
    _Phrase(
        b" check",
        re.compile(r"\bjust\s+(?:checking|wanted\s+to\s+check)\s+in\b", _RE_FLAGS),
        False,
        '"{text}" asks for a reply without giving them a reason to send one.',
        "reason",
    ),
    _Phrase(
        b" touch",
        re.compile(r"\btouch(?:ing)?\s+base\b", _RE_FLAGS),
        False,
        '"{text}" asks for a reply without giving them a reason to send one.',
        "reason",
    ),
    _Phrase(
        b" circl",
        re.compile(r"\bcircl(?:e|ing)\s+back\b", _RE_FLAGS),
        False,
        '"{text}" asks for a reply without giving them a reason to send one.',
        "reason",
    ),
    _Phrase(
        b" our solution",
        # "our solutions engineer" is a person, not vendor-speak
        re.compile(
            r"\bour\s+solutions?\b(?!\s+(?:engineer|architect|consultant|team|specialist|manager|lead|partner|"
            r"expert|desk|group|director)s?\b)",
            _RE_FLAGS,
        ),
        False,
        '"{text}" is vendor-speak: it names your product category, not what changes for them.',
        "name_it",
    ),
)


# --------------------------------------------------------------------------------------------- people
@dataclass(frozen=True)
class _Company:
    name: str  # for messages
    spaced: bytes  # b"acme robotics"
    compact: bytes  # b"acmerobotics"
    short: bytes | None  # b"acme": a distinctive first word, when there is one

    def compatible(self, other: "_Company") -> bool:
        a, b = self.compact, other.compact
        if not a or not b:
            return False
        if a == b or (min(len(a), len(b)) >= 3 and (a in b or b in a)):
            return True
        return bool(self.short and self.short in (other.short, other.spaced.split(b" ")[0]))


@dataclass(frozen=True)
class _Recipient:
    email: str
    label: str  # "Anna Lee <anna.lee@acme-robotics.com>"
    first: tuple[str, ...]  # confident first names
    last: tuple[str, ...]
    initial: str | None  # from "a.lee@"
    handle: str | None  # an unsplittable local part ("jsmith"), lower-case
    companies: tuple[_Company, ...]  # CRM first, then the domain's
    facts_company: _Company | None
    notes: tuple[str, ...]

    @property
    def greeting_name(self) -> str | None:
        return self.first[0] if self.first else None

    @property
    def company(self) -> _Company | None:
        return self.companies[0] if self.companies else None


def _fold(name: str) -> str:
    """Lower-case ASCII form of a name for comparisons ("José" → "jose")."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if c.isalpha() and c.isascii()).lower()


def _title_case(token: str) -> str:
    return token.capitalize() if (token.isupper() or token.islower()) else token


def _company(name: str) -> _Company | None:
    tokens = re.findall(r"[a-z0-9]+", _fold_text(name))
    kept = [t for t in tokens if t not in _LEGAL_SUFFIXES] or tokens
    if not kept:
        return None
    short = kept[0] if len(kept) > 1 and len(kept[0]) >= 4 and kept[0] not in _GENERIC_COMPANY_WORDS else None
    return _Company(
        name.strip(),
        " ".join(kept).encode(),
        "".join(kept).encode(),
        short.encode() if short else None,
    )


def _fold_text(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _domain_company(domain: str) -> _Company | None:
    labels = [label for label in domain.split(".") if label]
    if len(labels) < 2:
        return None
    labels.pop()  # the TLD
    while len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    label = labels[-1]
    if label in FREE_MAIL or label in _SECOND_LEVEL:
        return None
    return _company(" ".join(part.capitalize() for part in re.split(r"[-_]+", label) if part))


def _display_name(name: str | None, companies: tuple[_Company, ...]) -> tuple[str | None, str | None, str | None]:
    """(first, last, initial) from a display name, or Nones when it does not look like a person."""
    if not name or "@" in name:
        return None, None, None
    name = re.sub(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>", " ", name.strip().strip("\"'"))
    name = re.split(r"\s+(?:\||-|–|—|at|@|from)\s+", name, maxsplit=1)[0].strip()
    if name.count(",") == 1:
        left, right = (part.strip() for part in name.split(","))
        right_tokens = right.replace(".", "").lower().split()
        if right and len(right_tokens) <= 2 and not set(right_tokens) & _SUFFIXES:
            name = f"{right} {left}"  # "Lee, Anna"
        else:
            name = left
    elif "," in name:
        name = name.split(",")[0]
    tokens = [t for t in name.split() if t.replace(".", "").lower() not in _TITLES | _SUFFIXES]
    if not 1 <= len(tokens) <= 4:
        return None, None, None
    if any(not re.fullmatch(r"[^\W\d_](?:[^\W\d_]|['’-])*\.?", t) for t in tokens):
        return None, None, None
    if any(_fold(t) in _DISPLAY_GENERIC for t in tokens):
        return None, None, None
    whole = _company(" ".join(tokens))
    if whole and any(whole.compatible(c) or c.compatible(whole) for c in companies):
        return None, None, None  # the display name is the company ("Acme Robotics")
    first = tokens[0].rstrip(".")
    last = _title_case(tokens[-1].rstrip(".")) if len(tokens) > 1 else None
    if len(first) == 1:
        return None, last, first.lower()
    return _title_case(first), last, None


def _local_part(local: str) -> tuple[str | None, str | None, str | None, str | None]:
    """(first, last, initial, handle) from an address's local part; generic mailboxes give nothing."""
    local = local.split("+", 1)[0].lower()
    if local in _GENERIC_LOCAL:
        return None, None, None, None
    parts = [re.sub(r"[^a-z]", "", p) for p in re.split(r"[._-]+", local)]
    parts = [p for p in parts if p]
    if not parts or any(p in _GENERIC_LOCAL for p in parts):
        return None, None, None, None
    if len(parts) == 1:
        return None, None, None, parts[0] if len(parts[0]) >= 2 else None
    first, last = parts[0], parts[-1]
    last_name = last.capitalize() if len(last) >= 2 else None
    if len(first) == 1:
        return None, last_name, first, None
    return first.capitalize(), last_name, None, None


@functools.lru_cache(maxsize=1024)
def _recipient_cached(party: Party, facts: RecipientFacts | None) -> _Recipient:
    return _build_recipient(party, facts)


@dataclass(frozen=True)
class RecipientReading:
    """How the engine reads a recipient, for surfaces that prompt the rep (so a card never suggests a
    name the review would then call wrong)."""

    first_name: str | None
    last_name: str | None
    company: str | None


def read_recipient(party: Party, facts: RecipientFacts | None = None) -> RecipientReading:
    """Name and company from the display name, the address, its domain and CRM facts."""
    try:
        rec = _recipient_cached(party, facts)
    except TypeError:  # facts holding an unhashable value
        rec = _build_recipient(party, facts)
    return RecipientReading(
        first_name=rec.first[0] if rec.first else None,
        last_name=rec.last[0] if rec.last else None,
        company=rec.companies[0].name if rec.companies else None,
    )


def _build_recipient(party: Party, facts: RecipientFacts | None) -> _Recipient:
    email = (party.email or "").strip().lower()
    local, at, domain = email.rpartition("@")
    if not at:
        local, domain = email, ""
    facts_company = _company(facts.company) if facts and facts.company else None
    companies = tuple(c for c in (facts_company, _domain_company(domain)) if c)
    first: list[str] = []
    last: list[str] = []
    if facts and facts.first_name and facts.first_name.strip():
        first.append(_title_case(facts.first_name.strip().split()[0]))
    if facts and facts.last_name and facts.last_name.strip():
        last.append(_title_case(facts.last_name.strip().split()[-1]))
    d_first, d_last, d_initial = _display_name(party.name, companies)
    l_first, l_last, l_initial, handle = _local_part(local) if local else (None, None, None, None)
    for name, bucket in ((d_first, first), (l_first, first), (d_last, last), (l_last, last)):
        if name and name not in bucket:
            bucket.append(name)
    # names that fold to nothing (non-Latin scripts) cannot be compared: leave them out
    first = [n for n in first if _fold(n)]
    last = [n for n in last if _fold(n)]
    shown = " ".join(filter(None, (first[0] if first else None, last[0] if last else None)))
    label = f"{shown} <{email}>" if shown else email
    return _Recipient(
        email=email,
        label=label,
        first=tuple(first),
        last=tuple(last),
        initial=d_initial or l_initial,
        handle=handle,
        companies=companies,
        facts_company=facts_company,
        notes=_notes(facts),
    )


def _notes(facts: RecipientFacts | None) -> tuple[str, ...]:
    notes = facts.notes if facts else ()
    if isinstance(notes, str):  # one note passed as a bare string
        notes = (notes,)
    return tuple(n for n in notes if isinstance(n, str) and n.strip())


def _recipient(party: Party, draft) -> _Recipient:
    facts = draft.facts_for(party.email) if party.email else None
    try:
        return _recipient_cached(party, facts)
    except TypeError:  # unhashable facts (a list of notes): parse without the cache
        return _build_recipient(party, facts)


def _names_compatible(a: str, b: str) -> bool:
    """Could greeting name ``a`` be the person called ``b``? Nicknames, prefixes and one-letter typos count."""
    a, b = _fold(a), _fold(b)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short) >= 3 and long_.startswith(short):
        return True
    stem = re.sub(r"(?:ie|y)$", "", short)  # diminutives: "annie" → "ann", "danny" → "dann" → "dan"
    if stem != short:
        doubled = len(stem) >= 3 and stem[-1] == stem[-2]
        if (len(stem) >= 4 or doubled) and long_.startswith(stem):
            return True
        if doubled and len(stem) >= 4 and long_.startswith(stem[:-1]):
            return True
    if _NICK_GROUPS.get(a, frozenset()) & _NICK_GROUPS.get(b, frozenset()):
        return True
    return _one_edit(a, b)


def _one_edit(a: str, b: str) -> bool:
    """One insertion/deletion (Jon/John, Sara/Sarah), or one substitution when both have ≥ 4 letters."""
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 3:
        return False
    if len(a) == len(b):
        return len(a) >= 4 and sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _person_matches(tokens: list[str], titled: bool, rec: _Recipient) -> bool:
    if titled:  # "Dear Mr. Lee": a surname
        if any(_names_compatible(t, n) for t in tokens for n in rec.last):
            return True
        return bool(rec.handle and _fold(tokens[-1]) in rec.handle)
    first = tokens[0]
    if any(_names_compatible(first, n) for n in rec.first):
        return True
    if len(tokens) == 1 and any(_names_compatible(first, n) for n in rec.last):
        return True
    if not rec.first and rec.initial and _fold(first)[:1] == rec.initial:
        return True
    if not rec.first and rec.handle:
        folded = _fold(first)
        return folded in rec.handle or rec.handle[0] == folded[:1] or rec.handle[-1] == folded[:1]
    return False


def _comparable(rec: _Recipient, titled: bool) -> bool:
    """Do we know enough about this recipient to call a greeting name wrong?"""
    if titled:
        return bool(rec.last or rec.handle)
    return bool(rec.first or rec.handle or rec.initial)


# ------------------------------------------------------------------------------------------- analysis
@dataclass
class _Context:
    doc: object
    text: str  # the reviewed new words
    base: int  # offset of ``text`` in ``doc.text``
    padded: bytes  # b" hi anna  thanks for   ": padded[i + 1] is text[i], lowered, punctuation → space
    to: tuple[_Recipient, ...]
    everyone: tuple[_Recipient, ...]  # To and Cc
    sender_company: _Company | None

    def finding(self, kind: str, severity: str, start: int, end: int, message: str, suggestion: str | None):
        return Finding(CATEGORY, f"{CATEGORY}.{kind}", severity, start, end, self.doc.text[start:end], message, suggestion)

    @property
    def first_name(self) -> str | None:
        """The one first name to greet with, when the email has exactly one To recipient we can name."""
        names = {r.greeting_name for r in self.to if r.greeting_name}
        return names.pop() if len(names) == 1 and len(self.to) == 1 else None

    @property
    def company(self) -> _Company | None:
        companies = [r.company for r in self.to if r.company]
        return companies[0] if companies else None

    @property
    def note(self) -> str | None:
        for rec in self.to:
            for note in rec.notes:
                return note.strip().rstrip(".!;:")[:60]
        return None


def analyse(doc) -> tuple[int, list[Finding]]:
    """Score and findings for the reviewed new words of ``doc`` (see the module docstring for the points)."""
    if not doc.sentences:
        return 0, []
    start, end = doc.reviewed
    text = doc.new_text
    draft = doc.draft
    to = tuple(_recipient(p, draft) for p in draft.to if p.email)
    cc = tuple(_recipient(p, draft) for p in draft.cc if p.email)
    sender_company = None
    if draft.sender and draft.sender.email and "@" in draft.sender.email:
        sender_company = _domain_company(draft.sender.email.rpartition("@")[2].lower())
    # One byte per character (non-ASCII → "?" → space), so padded[i + 1] is text[i].
    padded = b" " + text.encode("ascii", "replace").translate(_PAD_TABLE) + b" "
    ctx = _Context(doc, text, start, padded, to, to + cc, sender_company)

    findings: list[Finding] = []
    score = BASE
    merge_findings = _merge_fields(ctx)
    findings += merge_findings
    score -= min(MERGE_CAP, MERGE_FIRST + MERGE_MORE * (len(merge_findings) - 1)) if merge_findings else 0

    phrase_findings, greeting_phrase, phrase_penalty = _template_phrases(ctx)
    findings += phrase_findings
    score -= phrase_penalty

    greeting = _greeting_persons(ctx)
    wrong = _wrong_names(ctx, greeting)
    findings += wrong
    if wrong:
        score -= WRONG_NAME
    elif _name_verified(ctx, greeting):
        score += NAME_USED
    elif greeting:
        score += NAME_UNVERIFIED
    else:
        first = doc.sentences[0]
        greeting_flagged = any(f.start < first.end and f.end > first.start for f in merge_findings) or greeting_phrase
        if not greeting_flagged:
            findings.append(_no_name(ctx, first))

    wrong_companies = _wrong_companies(ctx)
    findings += wrong_companies
    if wrong_companies:
        score -= WRONG_COMPANY
    elif _company_named(ctx):
        score += COMPANY_USED

    score += _references(ctx)

    you = sum(map(padded.count, _YOU_COUNTS))
    we = sum(map(padded.count, _WE_COUNTS))
    score += _you_focus(you, we)
    if we >= WE_FOCUS_RATIO * you and we - you >= WE_FOCUS_MARGIN:
        first = doc.sentences[0]
        findings.append(
            ctx.finding(
                "we_focus",
                "info",
                first.start,
                first.end,
                f'"We/our/us/I/my" appear {we} times and "you/your" {you} times: the email is about you, not them.',
                'Turn a sentence around to their side, e.g. "We offer 24/7 support" → "Your team gets an answer at any hour".',
            )
        )

    reuse = _template_reuse(ctx)
    if reuse:
        findings.append(reuse)
        score -= TEMPLATE_REUSE
    return max(0, min(100, score)), findings


# ------------------------------------------------------------------------------------- merge / phrases
def _merge_fields(ctx: _Context) -> list[Finding]:
    text = ctx.text
    matches = [m for opener, pattern in _MERGE if opener in text for m in pattern.finditer(text)]
    out = []
    for m in sorted(matches, key=lambda m: m.start()):
        field = m.group().lower()
        if "company" in field or "org" in field or "account" in field:
            value = ctx.company.name if ctx.company else None
        elif "name" in field or "first" in field:
            value = ctx.first_name
        else:
            value = None
        suggestion = f'Replace it with "{value}".' if value else "Fill it in or delete it before sending."
        out.append(
            ctx.finding(
                "merge_field",
                "critical",
                ctx.base + m.start(),
                ctx.base + m.end(),
                f'"{m.group()}" is an unfilled merge field: the recipient would see the template.',
                suggestion,
            )
        )
    return out


def _template_phrases(ctx: _Context) -> tuple[list[Finding], bool, int]:
    """Findings, whether an impersonal greeting was among them, and the (capped) penalty.

    Each phrase regex runs only in a window around each occurrence of its gate word in the padded bytes
    (whose offsets equal the text's), so a clean email costs one ``in`` per phrase.
    """
    out: list[Finding] = []
    greeting = False
    penalty = 0
    text, padded = ctx.text, ctx.padded
    for phrase in _PHRASES:
        gate = phrase.gate
        i = padded.find(gate)
        seen: set[tuple[int, int]] = set()
        while i != -1:
            lo, hi = max(0, i - _WINDOW_BEFORE), min(len(text), i + _WINDOW_AFTER)
            for m in phrase.pattern.finditer(text, lo, hi):
                if not m.start() <= i < m.end() or m.span() in seen:
                    continue  # a match belongs to the window of the gate word it contains
                seen.add(m.span())
                greeting |= phrase.greeting
                penalty += GREETING_PHRASE if phrase.greeting else TEMPLATE_PHRASE
                out.append(
                    ctx.finding(
                        "template_phrase",
                        "warning",
                        ctx.base + m.start(),
                        ctx.base + m.end(),
                        phrase.message.format(text=m.group()),
                        _advice(ctx, phrase.advice),
                    )
                )
            i = padded.find(gate, i + 1)
    return out, greeting, min(TEMPLATE_CAP, penalty)


def _advice(ctx: _Context, kind: str) -> str:
    company = ctx.company.name if ctx.company else None
    if kind == "greeting":
        if ctx.first_name:
            return f'Greet them by name: "Hi {ctx.first_name},".'
        return 'Find their name (LinkedIn, the company site) and greet them with it, e.g. "Hi Anna,".'
    if kind == "value":
        theirs = f"yours at {company}" if company else "yours"
        return f'Say what changes for them instead, e.g. "Teams like {theirs} cut <their problem> by <a number> with us".'
    if kind == "name_it":
        return 'Say what it does for them, e.g. "it cuts your month-end close to two days" instead of "our solution".'
    if kind == "reason":
        if ctx.note:
            return f'Give them something new to reply to, e.g. "Following up on {ctx.note} — here is …".'
        return 'Give them something new to reply to: a result, a resource or one concrete question ("Would Thursday at 10 work for a 15-minute look?").'
    # "opener": replace filler by a line about them
    if ctx.note:
        return f'Open with something about them instead, e.g. "Following up on {ctx.note} — …".'
    if company:
        return f'Open with something about them instead, e.g. "Congrats on the Q3 launch at {company} — …" (use something real and recent).'
    return 'Open with something about them instead, e.g. "Congrats on the Q3 launch — …" (use something real and recent).'


# --------------------------------------------------------------------------------------------- names
@dataclass(frozen=True)
class _GreetingPerson:
    tokens: tuple[str, ...]
    start: int  # offset in doc.text of the first token
    end: int  # … of the last token
    titled: bool


def _greeting_persons(ctx: _Context) -> list[_GreetingPerson]:
    """The people the first sentence greets by name ("Hi Anna," / "Dear Mr. Lee" / "Anna and Bob,")."""
    first = ctx.doc.sentences[0]
    m = _GREETING.match(first.text)
    if m is None:
        m = _BARE_GREETING.fullmatch(first.text)
        titled = False
    else:
        titled = bool(m.group("title"))
    if m is None or not m.group("names"):
        return []
    names_text = m.group("names")
    offset = first.start + m.start("names")
    after = first.text[m.end("names") :].split(None, 1)
    if after and after[0].strip(",.!:").lower() in ("team", "teams", "folks", "crew", "people", "everyone", "all"):
        return []  # "Hi Acme team,"
    persons: list[_GreetingPerson] = []
    current: list[tuple[str, int, int]] = []
    prev_end = 0
    for tok in _NAME_TOKEN.finditer(names_text):
        if current and _PERSON_BREAK.search(names_text, prev_end, tok.start()):
            persons.append(_make_person(current, offset, titled))
            current = []
        if tok.group().lower() not in _NOT_NAMES:
            current.append((tok.group(), tok.start(), tok.end()))
        prev_end = tok.end()
    if current:
        persons.append(_make_person(current, offset, titled))
    return [p for p in persons if max(map(len, p.tokens)) <= _MAX_NAME and not _is_company(ctx, p)]


def _make_person(tokens: list[tuple[str, int, int]], offset: int, titled: bool) -> _GreetingPerson:
    return _GreetingPerson(tuple(t for t, _, _ in tokens), offset + tokens[0][1], offset + tokens[-1][2], titled)


def _is_company(ctx: _Context, person: _GreetingPerson) -> bool:
    name = _company(" ".join(person.tokens))
    companies = [c for r in ctx.everyone for c in r.companies]
    return bool(name and any(name.compatible(c) for c in companies))


def _wrong_names(ctx: _Context, persons: list[_GreetingPerson]) -> list[Finding]:
    out = []
    for person in persons:
        if any(_person_matches(list(person.tokens), person.titled, r) for r in ctx.everyone):
            continue
        if not ctx.to or not all(_comparable(r, person.titled) for r in ctx.to):
            continue
        who = ", ".join(r.label for r in ctx.to)
        right = ctx.first_name
        shown = " ".join(person.tokens)
        out.append(
            ctx.finding(
                "wrong_name",
                "critical",
                person.start,
                person.end,
                f'The greeting says "{shown}", but this email goes to {who}: copied from another email?',
                f'Use "{right}".' if right else "Greet the person this email goes to.",
            )
        )
    return out


def _name_verified(ctx: _Context, persons: list[_GreetingPerson]) -> bool:
    if any(_person_matches(list(p.tokens), p.titled, r) for p in persons for r in ctx.everyone):
        return True
    for rec in ctx.everyone:
        names = rec.first + rec.last
        if not rec.first and rec.handle and len(rec.handle) >= 3:
            names += (rec.handle.capitalize(),)
        if any(_has_word(ctx.text, n) for n in names):
            return True
    return False


def _has_word(text: str, word: str) -> bool:
    """Case-sensitive whole-word search, without compiling a regex per name."""
    i = text.find(word)
    n = len(word)
    while i != -1:
        before = text[i - 1] if i else " "
        after = text[i + n] if i + n < len(text) else " "
        if not before.isalnum() and not after.isalnum():
            return True
        i = text.find(word, i + 1)
    return False


def _no_name(ctx: _Context, first) -> Finding:
    if ctx.first_name:
        suggestion = f'Greet them by name: "Hi {ctx.first_name},".'
    else:
        suggestion = 'Add their name, e.g. "Hi Anna," (their LinkedIn or company site will have it).'
    return ctx.finding(
        "no_name",
        "info",
        first.start,
        first.end,
        "The recipient's name appears nowhere: a named greeting is the cheapest sign this email is for them.",
        suggestion,
    )


# ------------------------------------------------------------------------------------------- company
def _company_named(ctx: _Context) -> bool:
    padded = ctx.padded
    compact = None
    for rec in ctx.to:
        for company in rec.companies:
            if b" " + company.spaced + b" " in padded:
                return True
            if company.short and b" " + company.short + b" " in padded:
                return True
            if len(company.compact) >= 6:
                if compact is None:
                    compact = padded.translate(None, b" ")
                if company.compact in compact:
                    return True
    return False


_SLOT_BEFORE = re.compile(
    r"(?:\b(?P<det>your|the|our|my)\s+)?\b(?P<noun>team|teams|folks|people|colleagues|crew|engineers|role|work"
    r"|job|everyone|everybody|things)(?:\s+(?:over|here|there))?$",
    re.I,
)
_PROPER_AFTER = re.compile(r"(?:[Tt]he\s+)?(?P<x>[A-Z][\w&'’-]*(?:[ \t]+(?:[A-Z][\w&'’-]*|&|of)){0,4})")
_PROPER_BEFORE = re.compile(r"(?P<x>[A-Z][\w&-]*(?:[ \t]+[A-Z][\w&-]*){0,3})$")


def _wrong_companies(ctx: _Context) -> list[Finding]:
    """Another company's name in the recipient's company slot, when the CRM says where they work."""
    theirs = [r for r in ctx.to if r.facts_company]
    if not theirs:
        return []
    text = ctx.text
    candidates: list[tuple[int, int, bool]] = []  # (start, end, slot is "your …")
    i = text.find(" at ")
    while i != -1:
        before = _SLOT_BEFORE.search(text, max(0, i - 40), i)
        if before and (before.group("det") or "").lower() not in ("our", "my"):
            after = _PROPER_AFTER.match(text, i + 4)
            if after:
                strong = (before.group("det") or "").lower() == "your" or before.group("noun").lower() in (
                    "things", "everyone", "everybody", "folks")
                candidates.append((after.start("x"), after.end("x"), strong))
        i = text.find(" at ", i + 4)
    for marker in ("'s team", "’s team"):
        i = text.find(marker)
        while i != -1:
            before = _PROPER_BEFORE.search(text, max(0, i - 60), i)
            if before:
                candidates.append((before.start("x"), before.end("x"), False))
            i = text.find(marker, i + len(marker))
    out = []
    for s, e, strong in candidates:
        finding = _check_slot(ctx, s, e, strong, theirs)
        if finding:
            out.append(finding)
    return out


def _check_slot(ctx: _Context, s: int, e: int, strong: bool, theirs: list[_Recipient]) -> Finding | None:
    raw = ctx.text[s:e]
    name = re.sub(r"(?:\s+(?:&|of))+$", "", raw.rstrip(".,;:!?'’")).removesuffix("'s").removesuffix("’s")
    e = s + len(name)
    if not name or name.split()[0].lower() in _SLOT_TIME_WORDS | _NOT_NAMES:
        return None
    company = _company(name)
    known = [c for r in ctx.everyone for c in r.companies] + ([ctx.sender_company] if ctx.sender_company else [])
    if company is None or any(company.compatible(c) or c.compatible(company) for c in known):
        return None
    if any(_person_matches(name.split(), False, r) for r in ctx.everyone):
        return None  # "Anna's team"
    sentence = _sentence_at(ctx.doc, ctx.base + s)
    if sentence is None or _EVENT_WORDS.search(sentence.text):
        return None
    if not strong and not _YOU_WORD.search(sentence.text):
        return None
    right = theirs[0].facts_company.name
    return ctx.finding(
        "wrong_company",
        "critical",
        ctx.base + s,
        ctx.base + e,
        f'"{name}" sits where their company goes, but the CRM has {theirs[0].label} at {right}: copied from another email?',
        f'Use "{right}".',
    )


def _sentence_at(doc, offset: int):
    starts = [s.start for s in doc.sentences]
    i = bisect_right(starts, offset) - 1
    if i >= 0 and doc.sentences[i].start <= offset < doc.sentences[i].end:
        return doc.sentences[i]
    return None


# ---------------------------------------------------------------------------------------- references
def _references(ctx: _Context) -> int:
    padded = ctx.padded
    cues = set(_CUE_YOU.findall(padded))
    cues.update(_CUE_OUR.findall(padded), _CUE_WE.findall(padded))
    cues.update(word for word in _CUE_WORDS if word in padded)
    i = padded.find(b" your ")
    while i != -1:
        verb = padded[padded.rfind(b" ", 0, i) + 1 : i]
        if verb in _SEEN_YOUR:
            cues.add(verb + b" your")
        i = padded.find(b" your ", i + 5)
    points = (CUE_FIRST + CUE_MORE * (len(cues) - 1)) if cues else 0
    if _note_terms_used(ctx):
        points += NOTE_TERM
    if padded.translate(None, _NON_DIGITS):
        points += NUMBER
    return min(REFERENCES_CAP, points)


def _note_terms_used(ctx: _Context) -> bool:
    terms = {
        t
        for rec in ctx.to
        for note in rec.notes
        for t in _note_terms(note)
    }
    if not terms:
        return False
    if len(terms) <= 12:  # a few substring checks beat splitting a long email into a set
        return any(b" " + t + b" " in ctx.padded for t in terms)
    words = set(ctx.padded.split())
    return not words.isdisjoint(terms)


@functools.lru_cache(maxsize=1024)
def _note_terms(note: str) -> tuple[bytes, ...]:
    """Distinctive words of a CRM note: ≥ 4 letters (or a ≥ 2-digit number), not a stop word."""
    return tuple(
        t.encode()
        for t in re.findall(r"[a-z0-9]+", _fold_text(note))
        if (len(t) >= 4 or (t.isdigit() and len(t) >= 2)) and t not in _NOTE_STOP
    )


def _you_focus(you: int, we: int) -> int:
    total = you + we
    if total < YOU_FOCUS_MIN_WORDS:
        return 0
    share = you / total
    for threshold, points in YOU_FOCUS:
        if share >= threshold:
            return points
    return YOU_FOCUS_LOW


# ---------------------------------------------------------------------------------------------- reuse
def _template_reuse(ctx: _Context) -> Finding | None:
    recent = ctx.doc.draft.recent_fingerprints
    if not recent:
        return None
    current = fingerprint.shingles(ctx.text)
    if len(current) < REUSE_MIN_SHINGLES:
        return None
    similar = fingerprint.count_similar(current, recent, REUSE_THRESHOLD)
    if similar < REUSE_MIN_EMAILS:
        return None
    first = ctx.doc.sentences[0]
    who = ctx.first_name or "they"
    if ctx.note:
        example = f'e.g. "Following up on {ctx.note} — …"'
    else:
        example = 'e.g. what they said on your last call, or a number from their world'
    return ctx.finding(
        "template_reuse",
        "warning",
        first.start,
        first.end,
        f"This reads like {similar} emails you sent recently (at least {REUSE_THRESHOLD:.0%} of their 5-word "
        "phrases are the same): recipients recognise a template.",
        f"Add a line only {who} would get, {example}.",
    )
