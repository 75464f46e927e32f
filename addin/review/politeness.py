"""Politeness: a 0–100 score (50 = neutral) and findings for the phrasing that hurts a sales email.

The score follows Danescu-Niculescu-Mizil et al. (2013): count the politeness strategies of Brown &
Levinson (gratitude, apology, "please", hedges, deference, indirect "could/would you", direct questions,
first/second person starts, greetings, sentiment lexicons, …) plus what costs a rep the deal (pressure,
blame, shouting, sarcasm, judging the buyer's work), then combine the counts with a small linear model
whose weights ``training/train_politeness.py`` fits and ships in ``data/politeness.json``. Strategy counts
generalise across communities better than bags of words, so they carry the score; a capped set of word
weights (general words, learned from one-line requests) applies only to short text without an email
frame.

Every negative strategy also becomes a Finding anchored on the offending words, with a concrete rewrite.

Speed: one pass of one precompiled trie regex over the new words, one anchored match per sentence, and
two cheap scans for capitals and "!!"; the weights are read once, at import.
"""
from __future__ import annotations

import json
import math
import re
from datetime import timedelta
from pathlib import Path

from .document import Document, Sentence
from .model import Finding

# --------------------------------------------------------------------------------------------- lexicons
# Each entry: single words, then "|"-separated phrases ("phrase=feature+feature" when a phrase carries
# several strategies).
# Phrases are lower-case with straight apostrophes; a space matches any run of whitespace.

_LEXICON: dict[str, str] = {
    "gratitude": """thank thanks thankful thanking thx appreciate appreciated appreciates appreciating
        appreciation appreciative grateful gratefully gratitude""",
    "apology": """sorry apologize apologise apologized apologised apologizing apologising apologies apology
        apologetic oops whoops woops | excuse me | forgive me | pardon me | pardon the | my bad | my mistake
        | my fault | my error""",
    "please": "please pls plz kindly",
    "hedge": """think thinks thought believe believes suggest suggests suggested suggestion maybe perhaps
        possibly probably likely unlikely might seem seems seemed seemingly appear appears apparently guess
        assume presume presumably somewhat hopefully suppose wonder wondering tend tends roughly
        approximately fairly could would gently | a bit | a little | sort of | kind of | i feel | we feel
        | in my opinion | in my view | not sure | unsure | could be | may be | may have | may not""",
    "positive": """great good nice excellent wonderful fantastic awesome amazing terrific superb outstanding
        brilliant lovely perfect glad happy pleased delighted excited thrilled enjoy enjoyed enjoying love
        loved valuable invaluable helpful useful insightful thoughtful kind kindness generous impressive
        impressed congratulations congrats welcome success successful fruitful beneficial pleasure honored
        honoured warm warmly warmest sincere sincerely genuine genuinely hope hoping hopeful fortunate
        constructive confident optimistic eager keen interesting interested wow cool fun appreciable
        encouraging enthusiastic excellence exciting favorable favourable friendly gladly grace gracious
        smooth splendid supportive remarkable respect respected reliable rewarding valued
        esteemed commendable stellar meticulous gentle motivated inspiring inspired admire admirable
        admiration
        dedication diligent diligence talented exceptional exemplary extraordinary fabulous
        gratifying heartfelt considerate courteous cordial delightful pleasant enjoyable engaging innovative
        marvelous marvellous satisfied satisfying thorough thoughtfully trustworthy wise worthwhile promising
        productive seamless seamlessly smoothly wonderfully bright cheerful congratulate kudos bravo praise
        praised well-deserved
        | look forward | looking forward""",
    "negative": """problem problems problematic concern concerns concerned concerning unfortunately
        unfortunate wrong bad worse worst fail fails failed failing failure poor poorly mistake mistakes
        error errors confused confusing confusion annoyed annoying frustrated frustrating frustration angry
        upset worried worrying waste wasted wasting nonsense terrible horrible awful hate hated sucks
        hell rude vandal vandalism vandalize vandalized spam lack lacks lacking lacked overlooked
        deficient deficiency deficiencies discrepancy discrepancies lapse lapses shortcoming shortcomings
        unclear complain complaint complaints blame blamed questionable puzzling alarming troubling sadly
        regrettable unfair unhappy dissatisfied disagree incorrect inaccurate misleading ignore ignored
        refuse refused reject rejected severe serious seriously harsh bother bothered bothering
        insufficient unsatisfactory negligence negligent irresponsible unreliable doubt doubts oversight
        oversights intrusive unsolicited sanctimonious patronizing patronising condescending resentment
        pity misunderstanding misalignment despite hostile arrogant rant blaming overlook overlooking
        finger-pointing jeopardize jeopardizes jeopardized jeopardizing perplexing perplexed insurmountable
        grave gravely falter falters faltering recurring repeatedly baffling baffled bizarre chaotic clumsy
        complacent complacency damaging defective delinquent detrimental dismal dismissive disorganized
        disregard disregarded disrespect disrespectful dubious egregious erratic excessive faulty flawed flaw
        flaws haphazard hasty impatient improper inability incapable inconsistent inconsistency
        inconsistencies incomplete ineffective inefficient inefficiency inept inexperienced inferior
        insensitive irrelevant irritated irritating lax lousy messy mishandled mishandling misguided
        mismanaged mismanagement neglect neglected neglecting objectionable offended offensive outrageous
        overdue reckless reluctant resentful stubborn tardy tedious thoughtless unaware uncooperative
        unjustified unwarranted unnecessary unprepared unproductive unreasonable unresponsive untimely
        unwilling upsetting vague weak weakness weaknesses worrisome annoyance anger disgrace shameful
        sarcastic accusatory accusation accuse accused blatant ignorance slack apathy indifference
        indifferent misstep blunder fiasco setback shortfall shortfalls excuse excuses""",
    "condescension": """underwhelming unacceptable lackluster lacklustre disappointing disappointed
        disappointment subpar sloppy inadequate mediocre incompetent incompetence unprofessional careless
        ridiculous absurd pathetic inexcusable laughable amateurish embarrassing shoddy stupid dumb idiot
        idiotic clueless ignorant lazy useless pointless | waste of time | not good enough
        | below expectations | below par""",
    "counterfactual": "| could you | would you | could we | would we",
    "indicative": "| can you | will you",
    "subjunctive": """| i was wondering | i am wondering | i'm wondering | we were wondering | i wonder
        | would it be possible=subjunctive | would you mind=subjunctive+counterfactual
        | would you be able=subjunctive+counterfactual | would you be willing=subjunctive+counterfactual
        | if you could | if you would | if you can | were you to | would be great | would be helpful
        | would be wonderful | would be appreciated=subjunctive+gratitude
        | would be much appreciated=subjunctive+gratitude+intensifier
        | would be greatly appreciated=subjunctive+gratitude+intensifier
        | i would appreciate=subjunctive+gratitude | i'd appreciate=subjunctive+gratitude
        | we would appreciate=subjunctive+gratitude | we'd appreciate=subjunctive+gratitude
        | i would be grateful=subjunctive+gratitude | i'd be grateful=subjunctive+gratitude
        | would love | i'd love | we'd love | wanted to | was hoping | were hoping | would like to | i'd like to
        | we'd like to | do you mind=subjunctive | i was thinking | we were thinking""",
    "consideration": """| at your convenience | at your earliest convenience | when you have a moment
        | when you have a chance | when you get a chance | when you have time | if you have a moment
        | if you have time | if you get a chance | no rush | no pressure | whenever suits you
        | whenever works | whenever convenient | if possible | if that works | if that's ok
        | if that's okay | if it works for you | if you don't mind | if it's not too much trouble
        | don't hesitate | do not hesitate | feel free | happy to | glad to=consideration+positive
        | would you like=consideration+counterfactual | at a time that suits | convenient time | convenient for you
        | if convenient | most convenient | mutually convenient | convenience | flexible | willing
        | feel comfortable""",
    "collaboration": """together collaborate collaborating collaboration collaborative collaboratively jointly
        mutual mutually | work with you | working with you | we both | your thoughts | your input | your feedback
        | your insights | your perspective | your ideas | your suggestions | your advice | your guidance
        | your expertise | what do you think | any thoughts""",
    "acknowledgement": """understandable | i understand | we understand | i fully understand | i recognize
        | i recognise | we recognize | i acknowledge | i see your point | you're right | you are right
        | good point | fair point | that makes sense | i hear you | i see what you mean | i can see why""",
    "commitment": """committed dedicated | i'll | we'll | i will | we will | i am committed | i'm committed
        | i remain committed | we remain committed""",
    "contrast": "however although though nevertheless nonetheless instead whereas",
    "wellwish": """| {hope,trust} {this,this email,this message,this note} finds you {well,in good spirits}
        | {hope,trust} {you are,you're,you're doing,you are doing,you're keeping,all is} {well,great}
        | hope {you had,you have had,you are having,you're having} a {great,good,nice,lovely,wonderful}
          {day,week,weekend}
        | hope {your day,your week,everything,all,things} {is,are} going {well,great,wonderfully,smoothly}
        | hope everything is well
        | have a {great,good,nice,lovely,wonderful} {day,week,weekend,evening} | have a lovely
        | enjoy {your,the} {day,weekend,week}""",
    "warm_closing": """| best regards | kind regards | warm regards | warmest regards | warm wishes
        | best wishes | all the best | with gratitude=warm_closing+gratitude | many thanks=warm_closing+gratitude
        | thanks again=warm_closing+gratitude | thank you again=warm_closing+gratitude | cheers""",
    "intensifier": """really | truly | so much | very much | greatly | deeply | immensely | highly | ever so
        | extremely | tremendously | incredibly | really appreciate=intensifier+gratitude
        | really appreciated=intensifier+gratitude | much appreciated=intensifier+gratitude
        | greatly appreciated=intensifier+gratitude""",
    "factuality": """actually honestly | in fact | the point is | the reality is | the truth is
        | as a matter of fact""",
    "by_the_way": "btw incidentally | by the way",
    "permission": """| may i | can i | could i | shall i | should i | might i | may we | can we | shall we
        | might we""",
    "help": "help helping assist assistance",
    "reassurance": """ok okay | no problem | no problem at all | no worries | not to worry | don't worry
        | no big deal
        | of course | sure | certainly | absolutely | no need to""",
    "why": "why",
    "negation": """not no never nothing nobody none don't doesn't didn't won't wouldn't shouldn't can't cannot
        isn't aren't wasn't weren't haven't hasn't hadn't couldn't dont doesnt didnt wont cant isnt""",
    "insistence": """again already still exactly directly expect expected supposed
        required requirement requirements must obliged mandatory crucial vital essential necessary promptly
        immediate swift swiftly urgency timely
        | need to | needs to | has to | have to | you should | you ought to | you'd better | you had better
        | i suggest you | i recommend you""",
    "plain_closing": "regards",
    "emoticon": "| :) | :-) | ;) | ;-) | :d | :-d | :p | (:",
    "profanity": """fuck fucking fucked fucks shit shitty bullshit crap crappy damn damned wtf stfu goddamn
        bastard asshole moron moronic""",
    "first_person": "i me my mine myself",
    "first_person_plural": "we us our ours ourselves let's",
    "second_person": "you your yours yourself yourselves",
    "pressure": """asap immediately urgent urgently | as soon as possible | right away | right now
        | at once | immediate attention | immediate action | without delay | without further delay
        | as i said | as i've said | as i have said | as i mentioned | as i already mentioned
        | as i've mentioned | as i stated | as i already said | as previously mentioned
        | as previously stated | as previously discussed | as mentioned before | as mentioned previously
        | as stated before | as stated previously | per my last email | per my previous email
        | per my last message | per my previous message | per my last note | per my earlier email
        | per my email | i already told you | i've already told you | i have already told you
        | i told you | you need to | you must | you have to | need you to | make sure
        | it's your responsibility | it is your responsibility | i expect you | we expect you
        | i expect immediate | i expect a response | i expect an answer | i demand | i insist
        | non-negotiable | no excuses | last chance | final warning | final notice | i urge you
        | it's imperative | it is imperative | let me remind you | failure to""",
    "blame": """| you failed to | you fail to | you failed | your mistake | your fault | your error
        | your errors | your mistakes | you didn't | you did not | you never | you forgot | you should have
        | you were supposed to | you neglected | you missed | you ignored | your inability
        | you don't understand | you do not understand | you don't seem to""",
    "sarcasm": """obviously | clearly you | thanks for nothing=sarcasm | with all due respect | no offense
        | no offence | good luck with that | nice try | as you should know | as you well know
        | as you should be aware | surely you | newsflash | just saying | as anyone can see
        | not rocket science | i hate to break it | must be nice | it's not that hard""",
}

# Negative strategies that become findings, with their default severity.
_FINDING_KINDS = {
    "all_caps": "warning",
    "pressure": "warning",
    "blame": "warning",
    "sarcasm": "warning",
    "condescension": "warning",
    "profanity": "warning",
}
_CUE_FINDINGS = frozenset({"pressure", "blame", "sarcasm", "condescension", "profanity", "indicative"})
_MILD = {"as soon as possible", "make sure", "obviously", "right now", "urgent"}

# Cues aimed at the reader weigh more: "Your report lacks depth" is criticism, "the report lacks depth" is
# a remark; "Your guidance is invaluable" is a compliment. Sentences are flagged per cue family.
# A negative word next to "I"/"we" and no "you" is owning a problem ("I overlooked the deadline"), which
# reads as humble rather than harsh.
_FLAG = {"second_person": 1, "blame": 1, "first_person": 8, "first_person_plural": 8, "apology": 8}
_FLAG.update(dict.fromkeys(("negative", "negation", "condescension", "pressure", "sarcasm"), 2))
_FLAG.update(dict.fromkeys(("positive", "gratitude", "intensifier"), 4))

# Sentence-start cues (Danescu et al.: the first word matters).
_GREETING = frozenset("hi hello hey dear greetings morning howdy hiya".split())
_GREETING_TWO = frozenset({"good morning", "good afternoon", "good evening", "good day"})
_DEFERENCE = frozenset(
    "great good nice interesting cool excellent awesome wonderful fantastic brilliant impressive lovely".split()
)
_DIRECT_QUESTION = frozenset("what why who how".split())
_DIRECT_START = frozenset("so then and but or".split())
_YES_NO = frozenset("do does did is are was were have has".split())
_FIRST_START = frozenset("i my mine myself".split())
_SECOND_START = frozenset("you your".split())
_PLEASE_START = frozenset({"please", "kindly", "pls", "plz"})
# Bare verbs that open a command aimed at the reader; friendly openers are deliberately absent ("Let me
# know", "Feel free", "Have a great weekend", "See attached", "Find attached", "Take care", "Join us", …).
_IMPERATIVE = frozenset(
    """send give tell provide call reply respond answer fix sign submit confirm update complete fill return
    pay forward email do stop explain approve make finish change remove delete read contact resend ship
    deliver prepare clarify ensure bring get put move hurry decide choose pick handle follow consider
    review check look remember schedule book arrange address rectify cease prioritize prioritise reconsider
    reassess revisit align improve correct take treat focus start begin elevate demonstrate expedite resolve
    act justify acknowledge adhere comply escalate""".split()
)
_NOT_IMPERATIVE_AFTER = {
    "look": {"forward"},
    "check": {"out"},
    "make": {"sure", "yourself"},
    "get": {"well", "in"},
    "take": {"care", "a"},  # "Take care", "Take a look whenever…" (a suggestion more than an order)
    "do": {"you", "we", "they", "i", "let", "not", "feel"},
}
_LEAD_ADVERBS = frozenset("just also now then so and".split())
_SOFTENERS = re.compile(r"\b(?:please|kindly|if you|when you|whenever|feel free|anytime|any time)\b")

_KNOWN_ACRONYMS = frozenset(
    """EBITDA NASDAQ HIPAA FINRA SCADA COBOL ASCII HTTPS OAUTH UNICEF NAFTA ERCOT CAISO NYMEX COVID LIBOR
    ASEAN MEDDIC MEDDPICC SPICED CHAMP FAANG USMCA GAAP IFRS NYSE OSHA FERC EPMI SWIFT SMART ISDA""".split()
)
# Short words that are shouting, not acronyms, when typed in capitals.
_SHOUT_SHORT = frozenset(
    """THE AND YOU YOUR NOW NOT DO DONT DON'T STOP MUST NEED READ THIS THAT ALL NO YES PLS WHY WHAT ME MY
    ARE WILL JUST HAVE GET SEND CALL ONLY EVER VERY HUGE ACT LAST HERE FREE BUY WANT SOON TODAY""".split()
)


# ------------------------------------------------------------------------------------- compiled cues


def _parse_lexicon() -> dict[str, tuple[str, ...]]:
    """phrase -> features. In each entry the text before the first "|" is single words; each later
    "|"-separated chunk is one phrase, optionally "phrase=feature+feature"."""
    table: dict[str, tuple[str, ...]] = {}
    for feature, spec in _LEXICON.items():
        words, *phrases = spec.split("|")
        for word in words.split():
            table.setdefault(word, (feature,))
        for chunk in phrases:
            pattern, _, feats = " ".join(chunk.split()).partition("=")
            for phrase in _expand(pattern):
                table.setdefault(phrase, tuple(feats.split("+")) if feats else (feature,))
    return table


def _expand(pattern: str) -> list[str]:
    """Brace alternatives: "{hope,trust} you are well" -> ["hope you are well", "trust you are well"]."""
    m = re.search(r"\{([^{}]*)\}", pattern)
    if not m:
        return [pattern]
    return [x for alt in m.group(1).split(",") for x in _expand(pattern[: m.start()] + alt + pattern[m.end() :])]


def _trie_pattern(phrases) -> str:
    """One alternation shaped as a trie, so the regex engine tries at most one branch per character."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [
            (r"\s+" if ch == " " else re.escape(ch)) + build(child) for ch, child in sorted(node.items()) if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


_PHRASES = _parse_lexicon()
_CUES = re.compile(r"(?<![a-z0-9'])" + _trie_pattern(_PHRASES) + r"(?![a-z0-9])")
_FIRST_WORDS = re.compile(r"[\"'“‘(\[]*([a-z]+(?:'[a-z]+)?)(?:[ \t]*,?[ \t]+([a-z]+))?")
# Both start with a character class so the regex engine can skip ahead (a lookbehind first would make
# it try every position); the left boundary of a capitals run is checked in code.
_CAPS_RUN = re.compile(r"[A-Z][A-Z'’]*[A-Z](?:[ \t]+[A-Z][A-Z'’]*[A-Z])*(?![\w'’])")
_BANGS = re.compile(r"[!?](?:[ \t]?[!?])+")
_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?")
_CLAUSE_END = re.compile(r"[.,;:!?\n]")

# ------------------------------------------------------------------------------------------- the model

FEATURES: tuple[str, ...] = (
    # Danescu-Niculescu-Mizil et al. (2013)
    "gratitude", "apology", "please", "please_start", "hedge", "positive", "negative", "counterfactual",
    "indicative", "subjunctive", "factuality", "by_the_way", "first_person", "first_person_start",
    "first_person_plural", "second_person", "second_person_start", "greeting", "deference",
    "direct_question", "direct_start",
    # further Brown & Levinson strategies and email conventions
    "consideration", "wellwish", "warm_closing", "plain_closing", "intensifier", "permission", "help",
    "reassurance", "collaboration", "acknowledgement", "commitment", "emoticon", "why", "negation",
    "negative_question", "insistence", "contrast", "yes_no_question", "question", "exclamation", "imperative",
    # what hurts a sales email (each also a finding)
    "pressure", "blame", "sarcasm", "condescension", "profanity", "all_caps", "exclamations",
    # who a sentence's sentiment is aimed at
    "you_negative", "you_positive", "self_negative",
    # the email baseline (a salutation or closing line), see _has_frame
    "email_frame",
)
# Features that say something about the email once, not per occurrence.
PRESENCE_FEATURES = frozenset({"greeting", "wellwish", "warm_closing", "email_frame"})

_WEIGHTS_PATH = Path(__file__).resolve().parent / "data" / "politeness.json"


def _load_model(path: Path = _WEIGHTS_PATH) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            model = json.load(fh)
    except FileNotFoundError:  # before the first training run: neutral everywhere
        model = {"intercept": 0.0, "weights": {}, "words_per_unit": 20.0, "length_power": 1.0, "long_words": 200.0}
    model["_w"] = [(f, float(model["weights"].get(f, 0.0))) for f in FEATURES]
    email = model.get("email_weights") or model["weights"]
    model["_we"] = [(f, float(email.get(f, 0.0))) for f in FEATURES]
    model.setdefault("word_weights", {})
    return model


MODEL = _load_model()


def _scale(words: int, model: dict) -> float:
    """Counts are divided by units ** length_power (a unit is ``words_per_unit`` words, at least one) up to
    ``long_words``, and by the plain rate beyond, so an email longer than that is judged by the density of
    its strategies, never pushed to an extreme by length."""
    units = max(1.0, words / model["words_per_unit"])
    power = model["length_power"]
    return units**power * max(1.0, words / model.get("long_words", 200.0)) ** (1.0 - power)


def vector(counts: dict[str, int], words: int, model: dict | None = None) -> dict[str, float]:
    """Length-normalised feature values (see ``_scale``); presence features are 0 or 1."""
    scale = _scale(words, model or MODEL)
    out = {}
    for f in FEATURES:
        c = counts.get(f, 0)
        out[f] = float(min(c, 1)) if f in PRESENCE_FEATURES else c / scale
    return out


def word_set(doc: Document) -> set[str]:
    """The distinct lower-case words of the reviewed text (for the capped word weights)."""
    a, b = doc.reviewed
    return set(_TOKEN.findall(_fold(doc.text[a:b])))


def margin(counts: dict[str, int], words: int, tokens=(), model: dict | None = None) -> float:
    """The linear score. A framed email and a one-line request use their own weight sets (fitted jointly,
    the email set pulled toward the request set): thanks and greetings are conventions in an email but
    strong signals in a two-sentence request. ``tokens`` (the text's distinct words) add the capped word
    weights, which were learned from short requests and so only apply to short text without an email
    frame."""
    model = model or MODEL
    x = vector(counts, words, model)
    framed = counts.get("email_frame")
    total = model["intercept"] + sum(w * x[f] for f, w in (model["_we"] if framed else model["_w"]))
    if tokens and not framed and words <= model.get("long_words", 200.0):
        vocab = model["word_weights"]
        total += sum(vocab[t] for t in tokens if t in vocab) / _scale(words, model)
    return total


def to_score(m: float, model: dict | None = None) -> int:
    """0–100 with 50 at a zero margin: a logistic with its own slope on each side of neutral (fitted so
    the rudest training emails land near 20 and the warmest near 85; monotone, so ranks are unchanged).
    Rounding never crosses 50, so ``score >= 50`` means exactly ``margin >= 0``."""
    slopes = (model or MODEL).get("slopes") or {}
    t = slopes.get("positive", 1.0) if m >= 0 else slopes.get("negative", 1.0)
    score = int(round(100.0 / (1.0 + math.exp(-max(-30.0, min(30.0, m * t))))))
    return max(50, score) if m >= 0 else min(49, score)


# ---------------------------------------------------------------------------------------------- scanning


class _Hit:
    __slots__ = ("feature", "start", "end", "phrase", "sentence")

    def __init__(self, feature: str, start: int, end: int, phrase: str, sentence: Sentence | None):
        self.feature, self.start, self.end, self.phrase, self.sentence = feature, start, end, phrase, sentence


def _fold(text: str) -> str:
    """Lower-case with straight apostrophes, keeping every offset (``str.lower`` can grow a few letters)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if "’" in low or "‘" in low:
        low = low.replace("’", "'").replace("‘", "'")
    return low


def scan(doc: Document) -> tuple[dict[str, int], int, list[_Hit]]:
    """Count every strategy in the reviewed words; return (counts, words, hits needing a finding)."""
    a, b = doc.reviewed
    low = _fold(doc.text[a:b])
    counts: dict[str, int] = {}
    hits: list[_Hit] = []
    words = len(low.split())
    if not words:
        return counts, 0, hits
    sentences = doc.sentences
    starts = {s.start - a: s for s in sentences}
    sentence_starts = [s.start - a for s in sentences]

    def sentence_at(pos: int) -> Sentence | None:
        lo, hi = 0, len(sentence_starts)
        while lo < hi:
            mid = (lo + hi) // 2
            if sentence_starts[mid] <= pos:
                lo = mid + 1
            else:
                hi = mid
        return sentences[lo - 1] if lo else None

    n_sent = len(sentence_starts)
    si = -1  # index of the sentence holding the current match (matches come in order)
    flags = [0] * n_sent  # per sentence: 1 = the reader, 2 = negative cue, 4 = positive cue, 8 = I/we
    for m in _CUES.finditer(low):
        s, e = m.span()
        phrase = m.group()
        if " " not in phrase and "\n" not in phrase and "\t" not in phrase:
            feats = _PHRASES[phrase]
        else:
            phrase = " ".join(phrase.split())
            feats = _PHRASES[phrase]
        while si + 1 < n_sent and sentence_starts[si + 1] <= s:
            si += 1
        feature = feats[0]
        if si >= 0:
            flags[si] |= _FLAG.get(feature, 0)
            if feature == "why" and low[sentences[si].end - a - 1] != "?":
                continue  # "which is why we…" explains; only "Why…?" challenges
            if feature == "negation" and low[sentences[si].end - a - 1] == "?":
                feats = ("negative_question",)  # "Can't you…?", "Don't you think…?" push back
        if s in starts and feature in ("please", "first_person", "second_person"):
            continue  # counted as the sentence-start variant below
        if feature in _CUE_FINDINGS:
            sent = sentences[si] if si >= 0 else None
            if not _applies(feature, phrase, low, s, e, sent, a):
                continue
            hits.append(_Hit(feature, a + s, a + e, phrase, sent))
        for f in feats:
            counts[f] = counts.get(f, 0) + 1
    for bits in flags:
        if bits & 3 == 3:
            counts["you_negative"] = counts.get("you_negative", 0) + 1
        if bits & 5 == 5:
            counts["you_positive"] = counts.get("you_positive", 0) + 1
        if bits & 11 == 10:
            counts["self_negative"] = counts.get("self_negative", 0) + 1

    for sent in sentences:
        rel = sent.start - a
        end = sent.end - a
        last = low[end - 1]
        if last == "?":
            counts["question"] = counts.get("question", 0) + 1
        elif last == "!":
            counts["exclamation"] = counts.get("exclamation", 0) + 1
        m = _FIRST_WORDS.match(low, rel, end)
        if not m:
            continue
        first, second = m.group(1), m.group(2)
        f = None
        if first in _GREETING or (second and f"{first} {second}" in _GREETING_TWO):
            f = "greeting"
        elif first in _PLEASE_START:
            f = "please_start"
        elif first in _FIRST_START:
            f = "first_person_start"
        elif first in _SECOND_START:
            f = "second_person_start"
        elif first in _DIRECT_QUESTION:
            f = "direct_question" if last == "?" else None
        elif first in _DIRECT_START:
            f = "direct_start"
        elif first in _DEFERENCE:
            f = "deference"
        elif first in _YES_NO:
            f = "yes_no_question" if last == "?" else None
        if f is None and _is_command(low, rel, end, first, second, m):
            f = "imperative"
            hits.append(_Hit("imperative", sent.start, sent.end, first, sent))
        if f:
            counts[f] = counts.get(f, 0) + 1

    text = doc.text
    for m in _CAPS_RUN.finditer(text, a, b):
        if m.start() > 0 and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "'’_"):
            continue
        run = m.group()
        tokens = run.split()
        if any(_shouting(t) for t in tokens):
            hits.append(_Hit("all_caps", m.start(), m.end(), run, sentence_at(m.start() - a)))
            counts["all_caps"] = counts.get("all_caps", 0) + 1
    if "!" in low:
        for m in _BANGS.finditer(low):
            marks = m.group()
            if marks.count("!") >= 2 or ("!" in marks and "?" in marks):
                hits.append(_Hit("exclamations", a + m.start(), a + m.end(), m.group(), sentence_at(m.start())))
                counts["exclamations"] = counts.get("exclamations", 0) + 1
    if _has_frame(doc.text, a, b, doc.signoff):
        counts["email_frame"] = 1
    if doc.signoff and not (a <= doc.signoff[0] < b):
        # The closing line ("Best regards,", "Thanks!") sits outside the reviewed words but is part of the
        # tone: count its cues (no findings: it is the rep's fixed sign-off).
        for m in _CUES.finditer(_fold(text[doc.signoff[0] : doc.signoff[1]])):
            for f in _PHRASES[" ".join(m.group().split())]:
                counts[f] = counts.get(f, 0) + 1
    return counts, words, hits


_CLOSING_TAIL = re.compile(
    r"(?i:\b(?:(?:best|kind|warm|warmest|many)[ \t]+)?(?:regards|wishes|thanks)|\bbest|\bcheers|\bsincerely"
    r"|\byours(?:[ \t]+(?:truly|sincerely))?|\bthank[ \t]+you|\brespectfully|\bwarmly|\ball[ \t]+the[ \t]+best"
    r"|\btalk[ \t]+soon|\btake[ \t]+care)[ \t]*[,.!]?"
    r"(?:\s+[A-Z][\w.'’-]*(?:[ \t]+[A-Z][\w.'’-]*){0,3}[.,]?(?:[ \t]*\n[^\n]{0,80}){0,5})?\s*$"
)


def _has_frame(text: str, a: int, b: int, signoff: tuple[int, int] | None) -> bool:
    """Whether the new words are framed as an email: a salutation line ("Hi Anna," / "Monica,") above the
    body, or a closing ("Best regards,", "Sincerely, John") at its end. A framed email and a one-line
    request have different baselines (an email's frame carries greetings and thanks a request does not
    need), so this is the model's "this is a letter" offset, not a politeness cue."""
    if signoff is not None:
        return True
    body = text[a:b].strip()
    nl = body.find("\n")
    if nl != -1:
        first = body[:nl].rstrip()
        if len(first.split()) <= 5 and first[-1:] in ",:!" and first[:1].isupper():
            return True
    return _CLOSING_TAIL.search(body, max(0, len(body) - 400)) is not None


def _shouting(token: str) -> bool:
    word = token.replace("’", "'")
    if word in _SHOUT_SHORT:
        return True
    letters = word.replace("'", "")
    return len(letters) >= 5 and letters not in _KNOWN_ACRONYMS


_BLAME_EXCUSE = frozenset("if case unless hope sorry worry whether wonder wondering sure why".split())
_NEED_EXCUSE = frozenset(
    "what all everything anything whatever if when whenever something before once unless case that which".split()
)
# The sender committing to their own timing ("I'll send it right away", "we're on it right now").
_SELF = re.compile(
    r"\b(?:i'll|we'll|i'm|we're|i am|we are|let me|let's|i've|we've)\b|\b(?:i|we)\b.*\b(?:will|can|shall)\b"
)
_YOU_MUST = re.compile(r"\byou(?:'ll)?\s+(?:need|must|have to|should|will need)\b")


def _applies(feature: str, phrase: str, low: str, s: int, e: int, sent: Sentence | None, a: int) -> bool:
    """Context checks that keep the negative cues honest (``low`` is relative to the reviewed start)."""
    sent_start = sent.start - a if sent else 0
    before = low[max(sent_start, s - 24) : s].split()
    prev = before[-1] if before else ""
    if feature == "indicative":
        return True
    if feature == "blame":
        if any(w in _BLAME_EXCUSE for w in before[-3:]):
            return False
        after = low[e : e + 12]
        return not (phrase.startswith("you did") and re.match(r"\s+(?:have|need) to\b", after))
    if feature == "pressure":
        if phrase in ("you need to", "you have to", "need you to") and prev in _NEED_EXCUSE:
            return False
        if phrase == "you must" and re.match(r"\s+(?:be|have been)\b", low[e : e + 12]):
            return False
        if phrase == "make sure":  # an order to the reader, not "we'll make sure" or "to make sure"
            return s == sent_start or (
                prev in ("please", "you", "you'll", "also", "and", "so", "just", "then", "now")
                and not any(w in ("i", "we", "i'll", "we'll", "i'm", "we're") for w in before[-3:])
            )
        if phrase in ("asap", "immediately", "right away", "right now", "at once", "as soon as possible", "urgent",
                      "urgently", "without delay"):
            clause = low[sent_start:s]
            if prev == "if" or (_SELF.search(clause) and not _YOU_MUST.search(clause)):
                return False  # "I'll send it right away" is the sender's promise, not pressure
        return True
    return True


def _is_command(low: str, rel: int, end: int, first: str, second: str | None, m: re.Match) -> bool:
    """A bare command to the reader: a sentence-initial verb, not a question, without a softener."""
    if first in _LEAD_ADVERBS and second:
        first, second = second, None
        nxt = re.match(r"[ \t]*([a-z]+)", low[m.end() : end])
        second = nxt.group(1) if nxt else None
    if first not in _IMPERATIVE or low[end - 1] == "?":
        return False
    if second in _NOT_IMPERATIVE_AFTER.get(first, ()):
        return False
    if second is None and m.end(1) >= end - 1 and first not in ("call", "reply", "respond", "hurry", "stop"):
        return False  # a one-word line ("Review", "Update") is a heading, not a command
    return not _SOFTENERS.search(low, rel, end)


# ----------------------------------------------------------------------------------------------- findings

_WHY = {
    "pressure": "Pressure phrases put a buyer on the defensive; a specific, optional deadline gets a faster yes.",
    "blame": "Blaming the reader makes them defend themselves instead of moving the deal forward.",
    "sarcasm": "Sarcasm and talking down read as hostile in writing and rarely survive a forward to the boss.",
    "condescension": "Judging the buyer's work in harsh words costs goodwill; describe the gap neutrally.",
    "profanity": "Swearing in a business email reads as anger and gets forwarded for the wrong reasons.",
    "all_caps": "Capitals read as shouting in email.",
    "exclamations": "Repeated exclamation marks read as shouting or impatience.",
    "imperative": "A bare command reads as an order; buyers respond better to a request they can say yes to.",
    "indicative": "\"Can you…?\" asks about ability; \"Could you…?\" is the softer, more polite request.",
}


def _rewrites(doc: Document) -> dict[str, str]:
    day = _deadline_day(doc)
    soft_deadline = f"by {day} if you can"
    return {
        "asap": soft_deadline,
        "immediately": soft_deadline,
        "urgently": soft_deadline,
        "as soon as possible": soft_deadline,
        "right away": soft_deadline,
        "right now": soft_deadline,
        "at once": soft_deadline,
        "without delay": soft_deadline,
        "without further delay": soft_deadline,
        "urgent": f"time-sensitive (ideally by {day})",
        "immediate attention": f"a look by {day}, if you can",
        "immediate action": f"a decision by {day}, if possible",
        "per my last email": "Following up on my earlier note,",
        "per my previous email": "Following up on my earlier note,",
        "per my last message": "Following up on my earlier note,",
        "per my previous message": "Following up on my earlier note,",
        "per my last note": "Following up on my earlier note,",
        "per my earlier email": "Following up on my earlier note,",
        "per my email": "Following up on my earlier note,",
        "i already told you": "as I shared earlier",
        "i've already told you": "as I shared earlier",
        "i have already told you": "as I shared earlier",
        "i told you": "I shared",
        "it's your responsibility": "it would be great if you could own this",
        "it is your responsibility": "it would be great if you could own this",
        "i expect you": "I'd appreciate it if you could",
        "we expect you": "we'd appreciate it if you could",
        "i expect immediate": "I'd appreciate a prompt",
        "i expect a response": "I'd appreciate a reply",
        "i expect an answer": "I'd appreciate a reply",
        "i demand": "I'd ask for",
        "i insist": "I'd suggest",
        "non-negotiable": "important to us",
        "no excuses": "let's find a way to make it work",
        "last chance": f"final reminder (the offer holds until {day})",
        "final warning": "quick reminder",
        "final notice": "quick reminder",
        "i urge you": "I'd encourage you",
        "it's imperative": "it's important",
        "it is imperative": "it is important",
        "let me remind you": "just a quick reminder",
        "failure to": "if we can't manage to",
        "you failed to": "it looks like we weren't able to",
        "you fail to": "it looks like we aren't able to",
        "you failed": "it didn't work out",
        "your mistake": "the mix-up",
        "your mistakes": "the mix-ups",
        "your fault": "a mix-up on our side or yours",
        "your error": "the mix-up",
        "your errors": "the mix-ups",
        "you didn't": "it looks like you didn't get a chance to",
        "you did not": "it looks like you didn't get a chance to",
        "you never": "I haven't yet seen you",
        "you forgot to": "it may have slipped through to",
        "you forgot": "it may have slipped through",
        "you should have": "next time it would help to have",
        "you were supposed to": "we had planned for you to",
        "you neglected": "we may have missed",
        "you missed": "we may have missed",
        "you ignored": "I may not have made clear",
        "your inability": "the difficulty",
        "you don't understand": "I may not have explained",
        "you do not understand": "I may not have explained",
        "you don't seem to": "I may not have helped you",
        "thanks for nothing": "I was hoping for a different outcome; could we look at it again?",
        "good luck with that": "let me know if I can help",
        "nice try": "I see where you're coming from",
        "newsflash": "for context,",
        "just saying": "",
        "must be nice": "",
        "it's not that hard": "it should be quick",
        "not rocket science": "fairly straightforward",
        "i hate to break it": "I want to be upfront",
        "as anyone can see": "as the numbers show",
        "as you should know": "as you may know",
        "as you well know": "as you may know",
        "as you should be aware": "as you may know",
        "surely you": "I'm sure you",
        "clearly you": "you",
        # Negative judgments of the reader's work: a neutral description of the gap.
        "underwhelming": "below what we'd hoped",
        "unacceptable": "not what we agreed",
        "lackluster": "quieter than we hoped",
        "lacklustre": "quieter than we hoped",
        "disappointing": "not quite what we hoped",
        "disappointed": "hoping for more",
        "disappointment": "a surprise",
        "subpar": "below target",
        "sloppy": "in need of another pass",
        "inadequate": "not yet sufficient",
        "mediocre": "not yet where we need it",
        "incompetent": "still getting up to speed",
        "incompetence": "a learning curve",
        "unprofessional": "not how we usually work",
        "careless": "rushed",
        "ridiculous": "surprising",
        "absurd": "surprising",
        "pathetic": "below expectations",
        "inexcusable": "something we need to fix",
        "laughable": "surprising",
        "amateurish": "unpolished",
        "embarrassing": "awkward",
        "shoddy": "below standard",
        "stupid": "unclear",
        "dumb": "unclear",
        "idiot": "person",
        "idiotic": "unclear",
        "clueless": "not yet up to speed",
        "ignorant": "not yet aware",
        "lazy": "stretched",
        "useless": "not helpful yet",
        "pointless": "not worth the effort yet",
        "waste of time": "not the best use of time",
        "not good enough": "not quite there yet",
        "below expectations": "short of what we planned",
        "below par": "below target",
    }


def _deadline_day(doc: Document) -> str:
    """Two business days after the send time: a concrete, polite day to propose instead of "ASAP"."""
    day = doc.draft.sent_at.date()
    added = 0
    while added < 2:
        day += timedelta(days=1)
        if day.weekday() < 5:
            added += 1
    return day.strftime("%A")


def _match_case(replacement: str, at_start: bool) -> str:
    """Capitalise a replacement that opens a sentence; otherwise start it lower-case (but keep "I")."""
    if at_start:
        return replacement[:1].upper() + replacement[1:]
    if replacement[:1].isupper() and not re.match(r"I\b", replacement):
        return replacement[:1].lower() + replacement[1:]
    return replacement


def _sentence_without(doc: Document, sent: Sentence | None, start: int, end: int) -> str | None:
    """The sentence with ``start:end`` (and a comma or space after it) removed, re-capitalised."""
    if sent is None:
        return None
    head = doc.text[sent.start : start]
    tail = doc.text[end : sent.end].lstrip(",").lstrip()
    out = (head + tail).strip()
    out = re.sub(r"\s+([,.;:!?])", r"\1", out)
    out = re.sub(r"\s{2,}", " ", out)
    return out[:1].upper() + out[1:] if out else None


def _request_form(sentence: str) -> str:
    """"Send me the PO." -> "Could you send me the PO?" """
    body = sentence.strip().rstrip(".!;:").strip()
    first, _, rest = body.partition(" ")
    if first.lower() in _LEAD_ADVERBS and rest:
        body = rest
    if len(body) > 1 and not body[1].isupper():
        body = body[0].lower() + body[1:]
    return f"Could you {body}?"


def _finding(doc: Document, hit: _Hit, rewrites: dict[str, str]) -> Finding | None:
    text = doc.text[hit.start : hit.end]
    feature = hit.feature
    severity = "info" if hit.phrase in _MILD else _FINDING_KINDS.get(feature, "info")
    at_start = hit.sentence is not None and hit.start == hit.sentence.start
    if feature == "imperative":
        kind, suggestion = "politeness.direct_imperative", _request_form(text)
        message = f'{_WHY[feature]} Try: "{suggestion}"'
        severity = "info"
    elif feature == "indicative":
        if hit.sentence is None or not doc.text[hit.sentence.end - 1] == "?":
            return None
        kind = "politeness.can_you"
        suggestion = _match_case("would you" if hit.phrase.startswith("will") else "could you", at_start)
        message = _WHY[feature]
        severity = "info"
    elif feature == "all_caps":
        kind = "politeness.all_caps"
        lowered = text.lower()
        suggestion = _match_case(lowered, at_start)
        message = f"{_WHY[feature]} Write it in normal case and let the words carry the emphasis."
    elif feature == "exclamations":
        kind = "politeness.exclamations"
        suggestion = "!" if "?" not in text else "?"
        message = f"{_WHY[feature]} One is plenty."
        severity = "warning" if text.count("!") >= 3 else "info"
    else:
        kind = f"politeness.{feature}"
        replacement = rewrites.get(hit.phrase)
        if replacement is None and hit.phrase in _REQUEST_REWRITES:
            suggestion = _could_you(doc, hit)
        elif replacement:
            suggestion = _match_case(replacement, at_start)
            if suggestion.endswith(",") and doc.text[hit.end : hit.end + 1] == ",":
                suggestion = suggestion[:-1]
        else:  # words with no polite equivalent ("obviously", "with all due respect"): drop them
            suggestion = _sentence_without(doc, hit.sentence, hit.start, hit.end)
        message = _WHY[feature]
        if suggestion:
            message += f' Try: "{suggestion}"'
    return Finding("politeness", kind, severity, hit.start, hit.end, text, message, suggestion or None)


_REQUEST_REWRITES = frozenset({"you need to", "you have to", "you must", "need you to", "make sure"})
_PRESSURE_WORDS = re.compile(r"\s*\b(?:asap|immediately|urgently|right away|right now|at once)\b", re.I)


def _could_you(doc: Document, hit: _Hit) -> str:
    """"You need to sign the form" -> "Could you sign the form?" (the rest of the clause, as a request)."""
    limit = hit.sentence.end if hit.sentence else len(doc.text)
    rest = doc.text[hit.end : limit]
    cut = _CLAUSE_END.search(rest)
    rest = (rest[: cut.start()] if cut else rest).strip()
    if hit.phrase == "make sure":
        rest = re.sub(r"^(?:to|you)\s+", "", rest)
        if rest.lower().startswith("that "):
            rest = "check " + rest
    rest = _PRESSURE_WORDS.sub("", rest)[:80].rstrip()
    return f"Could you {rest}?" if rest else "Could you…?"


# --------------------------------------------------------------------------------------------- analyse


def analyse(doc: Document) -> tuple[int, list[Finding]]:
    """The politeness score of the new words (50 when there are none) and one finding per negative cue."""
    counts, words, hits = scan(doc)
    if not words:
        return 50, []
    short_request = not counts.get("email_frame") and words <= MODEL.get("long_words", 200.0)
    tokens = word_set(doc) if MODEL["word_weights"] and short_request else ()
    score = to_score(margin(counts, words, tokens))
    findings: list[Finding] = []
    if hits:
        rewrites = _rewrites(doc)
        for hit in hits:
            finding = _finding(doc, hit, rewrites)
            if finding is not None:
                findings.append(finding)
    return score, findings
