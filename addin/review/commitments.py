"""Commitments: the sender's own promises to the recipient, each with its due date resolved.

A promise needs three things, checked in this order because each is cheaper than the next:

1. a trigger word in the sentence (``'ll``, ``will``, ``going to``, ``let me``, ``expect`` …) — most
   sentences stop here;
2. a head whose subject is the sender ("I", "we" — the sender's company — or a subject-less "Will send…"),
   "let me", "you'll have/receive/get…", "expect the…", or — only when a time is named — a present
   progressive ("I'm sending it Friday") or "I should have it to you by…";
3. an action toward the recipient right after the head (send, share, get back, follow up, call you,
   have it to you, make sure …); failing that, any other verb the sender takes on personally ("I'll
   re-verify every file myself"), whose object is the recipient's ("I'll flag your account"), or that is for
   the recipient with a time named. "I'll be in Boston", "I'll be honest", "we will see", "I'll need your
   PO" have no such action.

Not promises: questions ("Shall I send it Friday?"), offers conditional on the recipient's wish ("if you'd
like, I'll send…"), negations ("I will not"), reported speech ("you said you'll send"), third parties
("John will send it"), calls to someone else ("I'll call them"), promises behind a condition ("if you
sign by Friday, we'll ship Monday", "I'll send it if legal approves": nobody owes them until the condition
is met, and tracking them would report them overdue when they never came due), and concessions ("we'll include the
retest at no charge", "we'll hold your 2025 pricing": the discount module's business). Out-of-office notices never
reach this module (the engine skips them, see :mod:`autoreply`). Past tense never matches a head.

Due dates come from :mod:`dates`: first in the promise clause after the head, then in a short lead-in
before it ("Tomorrow, I'll…"), then in a when/once/after clause ("when I'm back on Monday"); a once/when
clause with no date makes the timing contingent on an event — such a promise has ``due=None`` and gets no
finding, because the writer cannot name a day (nor does "I'll keep you posted"). Vague or missing timing gets a ``commitment.vague_due``
warning whose suggestion names a concrete working day.

Two promises in one sentence are returned separately when each has its own subject ("I'll send the quote
today, and I'll call you when it's signed") or, sharing one ("I'll send the quote today and call you on
Friday"), when both carry a date and the dates differ; otherwise the sentence is one promise due at the
first date found. Spans cover the promise (the sentence minus greeting words such as "Thanks, Anna!").
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import NamedTuple

from .dates import EVENT_RELATIVE, find_due, find_vague, format_day, suggest_day
from .model import Commitment, Finding

# Cheap substring tests first: most sentences hold none of these and cost nothing more.
_TRIGGERS = ("'ll", "’ll", "will", "owe you", "ill ", "count on", "rely on", "sending", "shipping", "i should", "shall", "going to", "gonna", "let me", "let us", "expect",
             "i'm", "i’m", "i am", "we're", "we’re", "we are", "plan to", "intend to", "promise to", "aim to",
             "commit to", "undertake to")
_GREETING = re.compile(
    r"(?:(?:hi|hello|hey|dear|thanks|thank\s+you|many\s+thanks|great|perfect|sure|sure\s+thing|ok|okay"
    r"|absolutely|of\s+course|no\s+problem|sounds\s+good|noted|understood|got\s+it|yes|yep|yeah|certainly"
    r"|cheers|good\s+(?:morning|afternoon|evening)|will\s+do|done|excellent|wonderful|brilliant)"
    r"(?:\s+(?:so\s+much|again|a\s+lot|[A-Z][\w'-]*))?\s*[,!.:;—–-]+\s*)+", re.IGNORECASE)
_QUESTION_START = re.compile(
    r"(?:shall|should|can|could|may|might|would|will|do|does|did|is|are|want|need)\s+(?:i|we|you)\b")
_WISH = re.compile(
    r"\bif\s+(?:you|u)(?:\s+|(?='))(?:want|wish|like|'d\s+like|would\s+like|prefer|'d\s+prefer|would\s+prefer|need"
    r"|'d\s+rather|would\s+rather|are\s+interested|'re\s+interested|are\s+keen|'re\s+keen|are\s+open"
    r"|'re\s+open|think\s+it|find\s+it|feel\s+it)\b"
    r"|\bif\s+(?:it|that|this)(?:'s|\s+is|\s+would\s+be|'d\s+be)\s+(?:helpful|useful|of\s+interest|easier|better)\b"
    r"|\bif\s+(?:it|that|this)\s+(?:helps|would\s+help)\b|\bif\s+(?:helpful|useful|needed|required|desired"
    r"|preferred|interested|so)\b|\bshould\s+you\s+(?:wish|want|need|like|prefer|require)\b"
    r"|\bwould\s+you\s+like\b|\bdo\s+you\s+want\s+me\b|\bwant\s+me\s+to\b|\bjust\s+say\s+the\s+word\b")
# --- heads ------------------------------------------------------------------------------------------
_SELF = re.compile(
    r"\b(?:i|we)(?:'ll|\s+will|\s+shall|'m\s+(?:also\s+|just\s+|now\s+)?(?:going\s+to|gonna|planning\s+to|aiming\s+to)"
    r"|\s+am\s+(?:also\s+)?(?:going\s+to|gonna|planning\s+to)|'re\s+(?:also\s+)?(?:going\s+to|gonna|planning\s+to)"
    r"|\s+are\s+(?:also\s+)?(?:going\s+to|gonna|planning\s+to)|\s+(?:plan|intend|aim|promise|commit|undertake)\s+to)\b"
    # "Count on me to send it", and the phone typo "Ill send it" at the start of a clause
    r"|\b(?:you\s+can\s+)?(?:count|rely)\s+on\s+(?:me|us)\s+to\b|(?:^|(?<=[,;:.!?]\s)|(?<=\band\s))ill(?=\s)")
_SHOULD = re.compile(r"\bi\s+should(?:\s+be\s+able\s+to)?\b")
_SUBJECTLESS = re.compile(r"(?:will|shall)\b(?!\s+(?:do|you|be\s+(?:in|out|at|away|there|here)))")
_AND_WILL = re.compile(r"\band\s+(?:also\s+)?(will)\b(?!\s+(?:be\s+(?:in|out|at|away|there|here)|you)\b)")
_CLAUSE_OPEN = re.compile(r"(?:[,;:—–]\s*|\s-\s+|\b(?:so|and|then)\s+)$")  # "…, so expect a draft by the 15th"
_OWE = re.compile(r"\bi\s+(?:still\s+)?owe\s+you\b")
_LET = re.compile(r"\blet\s+(?:me|us)\b(?!\s+know)")
_PROG = re.compile(r"\b(?:i'm|i\s+am|we're|we\s+are)(?:\s+(?:also|just|now))?\b"
                   # a phone reply with no subject: "Will do — sending tonight"
                   r"|(?:^|[—–]|\s-|,|:)(?=\s*(?:sending|shipping|emailing|couriering|dispatching)\b)")
_RECV = re.compile(
    r"\byou(?:'ll|\s+will|\s+should|\s+shall)(?:\s+(?:also|then|definitely|certainly|now))?\s+(?:be\s+)?"
    r"(?:have|receive|receiving|get|getting|see|hear|hearing)\b")
_RECV_OBJECT = re.compile(
    r"\s+(?:it|them|this|that|these|those|the|my|our|an?|your|everything|all|something|both|answers?|pricing"
    r"|confirmation|feedback|details|word|back|from\s+(?:me|us)|me|us)\b")
_RECV_BAD_OBJECT = re.compile(
    r"\s+(?:to|a\s+(?:great|good|nice|lovely|wonderful|fantastic|fun|relaxing|safe|happy|blast|chance"
    r"|look|feel|sense|better|question|lot)|an?\s+(?:opportunity|idea|answer\s+to\s+that)|the\s+(?:chance"
    r"|opportunity)|time|fun|questions?|any|more|better|no|access|value|results|what|how|why|that\s+we)\b")
_EXPECT = re.compile(
    r"\b(?:(?:you\s+(?:can|should|will|'ll|may)|please)\s+)?expect\s+(?:to\s+(?:receive|hear|see|get)\b"
    r"|(?:the|my|our|an?|it|them|this|that|these|those|your)\b|(?:\w+\s+){0,3}from\s+(?:me|us)\b"
    # "Expect proofs by Wednesday", "Expect delivery within 5 business days": a deliverable, not a forecast
    r"|(?!(?:delays?|disruptions?|some|changes|increases?|prices?|traffic|rain|snow|issues|problems|downtime|outages?"
    r"|more|less|nothing|anything|everything|significant|higher|lower)\b)[a-z][\w-]*\s+(?=by|on|within|in|tomorrow|today|tonight"
    r"|next|this|early|first)\b)")

_SELF_KEYS = ("'ll", "will", "shall", "going to", "gonna", "plan", "intend", "aim to", "promise", "commit",
              "undertake", "count on", "rely on", "ill ")
_PROG_KEYS = ("i'm", "i am", "we're", "we are", "sending", "shipping", "emailing", "couriering", "dispatching")
_WISH_KEYS = ("if ", "should you", "would you like", "want me", "say the word")
_SUBORDINATE_KEYS = ("if", "once", "when", "after", "soon as", "unless", "because", "since", "provided",
                     "assuming", "in case", "long as")

_ADVERBS = re.compile(
    r"(?:\s+(?:also|then|definitely|certainly|personally|just|quickly|gladly|happily|absolutely|surely"
    r"|immediately|promptly|now|still|first|next|hopefully|further|again|directly|formally|officially"
    r"|separately|actually|in\s+turn|try\s+(?:to|and)|be\s+sure\s+to|make\s+sure\s+to|endeavou?r\s+to"
    r"|go\s+ahead\s+and|be\s+able\s+to|have\s+to|need\s+to|look\s+to|aim\s+to|work\s+to)\b)*")
_NEGATION = re.compile(r"\s+(?:not|never|no\s+longer)\b")
# Words just before a head that make it reported speech or a hedge: "you said you'll", "I hope we'll".
_REPORTED = frozenset(
    "said says saying mentioned noted wrote indicated claimed hope hopes hoping wish doubt whether unsure".split())
_RECV_HEDGE = frozenset("sure bet trust think imagine hope hoping wish believe".split())


def _reported(s: str, t0: int, pos: int, extra: frozenset = frozenset()) -> bool:
    words = s[max(t0, pos - 40) : pos].split()[-3:]
    if words and words[-1] == "that":
        words = words[:-1]
    if not words:
        return False
    last = words[-1].strip(",")
    if last in _REPORTED or last in extra:
        return True
    if len(words) > 1 and words[-2] in ("told", "tells", "promised", "sure", "wondering", "wonder"):
        return True  # "told John we'll", "not sure if we'll", "wondering if we'll"
    return False


# --- actions -----------------------------------------------------------------------------------------
# Calls and messages must go to the recipient: "I'll call them" is not a promise to them.
_COMM = ("call", "ring", "phone", "email", "e-mail", "text", "ping", "contact", "message", "reach out to",
         "follow up with", "touch base with", "speak to", "speak with", "talk to", "talk with")
_SEND = ("send", "send over", "forward", "share", "mail", "post", "courier", "ship", "deliver", "submit",
         "pass", "shoot", "fire", "drop", "pop", "dispatch", "despatch", "resend", "re-send", "resubmit")
_OTHER = (
    "revert", "confirm", "check", "double-check", "double check", "prepare", "draft", "write up", "write",
    "provide", "schedule", "book", "arrange", "organise", "organize", "update", "reply", "respond", "answer",
    "issue", "invoice", "return", "sign", "approve", "finalise", "finalize", "complete", "finish", "review",
    "investigate", "escalate", "introduce you", "connect you", "invite", "reserve", "demo", "recap",
    "summarise", "summarize", "revise", "amend", "fix", "resolve", "process", "transfer", "wire", "pay",
    "refund", "credit", "extend", "activate", "enable", "add you", "set up", "setup", "follow up", "follow-up",
    "followup", "circle back", "loop back", "loop you in", "loop in", "bring in", "introduce", "come back to you",
    "look into", "look at", "include", "attach", "enclose", "place the order", "place an order", "place your order",
    "put in the order", "put the order in", "put your order in", "expedite", "rush", "push through", "fast-track",
    "prioritise", "prioritize", "make it happen", "make that happen", "make this happen", "swing by", "swing past", "pop by", "pop in", "pop over", "drop by", "drop in",
    "stop by", "come by", "come out", "come over", "visit", "lock in", "pin down", "nail down", "firm up",
    "push them", "push for", "press them", "press for", "walk it over", "walk over", "hand-deliver", "hand deliver", "line up", "circulate", "distribute", "send round", "send around", "add",
    "keep you posted", "keep you updated", "keep you informed", "keep you in the loop", "keep you up to date",
    "look over", "look through", "touch base", "be in touch", "get in touch", "be back in touch",
    "be back to you", "put together", "pull together", "put it together", "put something together",
    "follow through", "go over", "go through", "run through", "run the numbers", "dig into", "dig in",
    "work on", "take care", "take a look", "sort", "find out", "let you know", "let you have", "inform",
    "notify", "advise", "tell you", "show you", "walk you through", "make sure", "ensure", "see to it",
    "handle", "calculate", "compile", "quote", "price up", "price out", "order", "raise", "upload",
    "turn around", "turn it around", "kick off", "start on", "get started", "configure", "provision",
    "reach out", "chase", "ask", "sign off", "hold", "block", "get back", "circle round", "double-check",
    "do the", "do a", "do an", "do your", "start the", "start your", "begin the", "begin your", "reissue", "re-issue",
    "reschedule", "rebook",
)
_LET_OK = ("check", "double-check", "double check", "look into", "find out", "confirm", "get back",
           "follow up", "circle back", "revert", "dig into", "dig in", "come back to you", "ask", "chase")
_CVC = {"get", "ship", "set", "put", "run", "dig", "drop", "pop", "plan", "chat", "stop", "sit", "shop"}
_PROG_VERBS = ("send", "send over", "ship", "deliver", "call", "email", "forward", "drop", "put together",
               "prepare", "draft", "get", "book", "schedule", "set up", "finalise", "finalize", "submit",
               "issue", "pop", "shoot", "fire", "courier")


def _ing(phrase: str) -> str:
    first, _, rest = phrase.partition(" ")
    if first in _CVC:
        first += first[-1] + "ing"
    elif first.endswith("e") and not first.endswith(("ee", "ye", "oe")) and len(first) > 2:
        first = first[:-1] + "ing"
    else:
        first += "ing"
    return f"{first} {rest}".strip()


def _alt(phrases) -> str:
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+").replace(" ", r"\s+") for p in ordered)


def _verb_regex(ing: bool, groups: dict[str, tuple[str, ...]]) -> re.Pattern:
    parts = []
    for name, phrases in groups.items():
        forms = [_ing(p) for p in phrases] if ing else list(phrases)
        parts.append(f"(?P<{name}>{_alt(forms)})")
    return re.compile(r"(?:" + "|".join(parts) + r")\b")


_GROUPS = {"comm": _COMM, "send": _SEND, "get": ("get",), "have": ("have",), "give": ("give",), "other": _OTHER}
_VERB = _verb_regex(False, _GROUPS)
_VERB_ING = _verb_regex(True, _GROUPS)
_LET_VERB = re.compile(r"(?:" + _alt(_LET_OK) + r")\b")
_PROG_VERB = re.compile(r"\s*(?:" + _alt(_ing(p) for p in _PROG_VERBS) + r")\b")
_BARE_PROG = re.compile(r"(?=(?:sending|shipping|emailing|couriering|dispatching)\b)")  # at the clause start
_BE_ING = re.compile(r"\s+be\s+")

_THIRD_PARTY = {"him", "her", "them", "my", "our", "his", "their", "legal", "finance", "procurement",
                "someone", "somebody", "everyone", "everybody"}
_NOT_NAMES = {"i", "you", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "eod", "cob", "asap",
              "today", "tomorrow", "tonight", "first", "back", "later", "soon", "shortly", "next", "this", "on",
              "at", "by", "in"}
_NEXT_WORD = re.compile(r"\s+([\w'-]+)")
_SEND_TO = re.compile(r"(?:\s+[\w'-]+){0,6}?\s+to\s+(?:him|her|them|my|our|his|their|legal|finance|procurement)\b")
_GET_OK = re.compile(
    r"\s+(?:back|in\s+touch|you|u|with\s+you|started|going|moving|cracking|on\s+(?:it|this|that|to)|onto"
    r"|round\s+to|around\s+to|(?:it|this|that|these|them|everything)\s+out)\b"
    r"|(?:\s+(?!and\b)[\w'$-]+){1,12}?\s+(?:to\s+you|over|across|back\s+to\s+you|out\s+to\s+you|for\s+you"
    r"|done|sorted|started|signed|fixed|ready|finished|scheduled|booked|confirmed|approved|shipped|sent"
    r"|delivered|corrected|updated|resolved|reviewed|installed|activated|processed|set\s+up|issued|raised|filed|loaded"
    r"|with\s+you|on\s+(?:a\s+)?(?:call|the\s+phone|zoom|teams)\s+with\s+you)\b"
    r"|(?:\s+(?!and\b)[\w'-]+){1,3}?\s+out\s+(?:to\s+\w+|there|on\s+site|to\s+site)\b"
    # "I'll get legal to review it", "I'll get Sam to call you": the sender makes it happen.
    r"|(?:\s+(?!and\b)[\w'-]+){1,3}?\s+to\s+(?:review|sign|approve|send|call|email|ring|look|check|confirm"
    r"|reach\s+out|contact|prepare|draft|follow\s+up|get\s+back|sign\s+off|put\s+together|share|walk"
    r"|turn|run|pull|expedite|prioriti[sz]e|escalate|fast-track|rush|quote|price|ship|deliver|process"
    r"|release|waive|update|fix|resolve|reply|respond|answer|schedule|book|set\s+up)\b")
# Where a thing can be delivered or the sender can turn up: "at the Pecos yard", "in theatre".
_PLACE = (r"(?:hospital|site|office|clinic|warehouse|plant|depot|store|dock|premises|facility|venue|door|yard|terminal|port|mill"
          r"|farm|jobsite|school|campus|branch|kitchen|restaurant|hotel|theatre|theater|or|room|building|lab|field)")
_HAVE_OK = re.compile(
    r"(?:\s+(?!(?:i|we|you)\b)[\w'$.,/—–-]+){1,16}?\s+(?:to\s+you|to\s+your|over|across|back\s+to\s+you|for\s+you|ready"
    r"|done|sorted|signed|finished|approved|in\s+your\s+(?:inbox|hands)|at\s+your|on\s+your\s+desk|with\s+you"
    r"|in\s+front\s+of\s+you|delivered|shipped|sent|installed|couriered|dispatched|set\s+up|configured|completed|fixed"
    r"|provisioned|activated|enabled|fabricated|built|loaded|filed|submitted|lodged|booked|printed|packed|out|set(?=\s+by\b)"
    r"|on\s+the\s+(?:stand|booth|truck|shelf|floor)"
    r"|on\s+(?:your|the)\s+site|on\s*-?\s*site"
    rf"|at\s+(?:the|your)\s+(?:[\w-]+\s+)?{_PLACE})\b"
    r"|(?:\s+[\w'-]+){1,3}?\s+(?:send|call|email|reach\s+out|contact|get\s+back|follow\s+up|prepare|draft|check|inspect|verify|test"
    r"|review|ship|deliver|confirm|drop\s+off|drop|bring|install|fit|pick\s+up|collect|visit|swing\s+by|come\s+out)\b")
_GIVE_OK = re.compile(
    r"\s+(?:you|u)\b|(?:\s+\w+){0,2}\s+(?:call|ring|buzz|update)\b|(?:\s+(?!and\b)\w+){1,4}?\s+(?:back\s+)?to\s+you\b")
_CHECK_IN = re.compile(r"check\s+(?:in\b(?!\s+with\s+(?:you|u)\b)|out\b)")
_AND_ACTION = re.compile(r"(?:,?\s+and|,)\s+(?:then\s+)?(?:also\s+)?(?=\w)")
_IN_EMAIL = re.compile(r"\b(?:below|as\s+follows|in\s+this\s+(?:e-?mail|note|message|mail))\b")

# --- clauses -----------------------------------------------------------------------------------------
_SUBORDINATE = re.compile(
    r"\b(?:if|once|when|whenever|after|(?:as\s+)?soon\s+as(?!\s+(?:possible|i\s+can|we\s+can|practical))|unless"
    r"|because|since|provided|assuming|in\s+case|as\s+long\s+as|so\s+long\s+as)\b")
_CONDITIONAL = re.compile(r"(?:if|unless|provided|assuming|in\s+case|as\s+long\s+as|so\s+long\s+as"
                          r"|upon\s+(?:your|receipt)|on\s+receipt\s+of|subject\s+to)\b")
# "As discussed, if the ward goes ahead, we'll include…": a few words before a leading condition
_LEAD_WORDS = re.compile(r"\s*(?:(?:as\s+(?:discussed|agreed|mentioned|promised)|also|and|so|but|now|ok|okay|great|good\s+news"
                         r"|to\s+confirm|just\s+so\s+you\s+know)\s*[,:—–-]?\s+)*")
_TRAILING_IF = re.compile(r"(?:if|unless|provided|assuming)\b")  # not "in case": "I'll bring a spare in case it fails"
# "I'll let you know by Friday if it's approved", "…to see if it works", "…so you can sign it if you're happy": the
# "if" means "whether", or belongs to the recipient's clause; the promise stands.
_IF_IS_WHETHER = re.compile(
    r"\b(?:let you know|see|check|confirm|find out|ask|tell you|update you|advise|know|hear)\b|\bso(?: that)? (?:you|your)\b")
_BREAK_BEFORE_IF = re.compile(r"[,;:—–]|\s-\s")
_POLITE_IF = re.compile(r"if\s+(?:that|this|it)(?:'s|\s+is|\s+works|\s+suits|\s+sounds|\s+helps)\b"
                        # "…with you and your CFO if she's around": the condition is on who joins, not on the promise
                        r"|if\s+(?:she|he|they)(?:'s|\s+is|'re|\s+are|\s+can|\s+could)?\s+(?:around|available|free|able\s+to\s+join|join)\b")
_IMPERATIVE_AND = re.compile(
    r"(?:[^:.;]{0,40}:\s*)?(?:just\s+|simply\s+)?(?:sign|commit|book|order|pay|prepay|renew|confirm|place|agree|send|upgrade|switch"
    r"|move|lock)\s+(?:the|a|an|your|by|up|it|this|today|now|before|for|on|in|to)\b[^.;,]*\band\s+$")
_LEAD_IN_BAD = re.compile(
    r"\s*(?:if|when|once|as|after|unless|because|since|although|though|while|in\s+case|should|given"
    r"|following|further|per|thanks|thank|whether)\b|.*\b(?:and|but|so|or|that|which|who)\b|.*[.!?]\s")
_CLAUSE_BREAK = re.compile(r"[;—–]|,\s*(?:and|but|so|or)?\s*$|,\s+(?:and|but|so)\b")
_TELL_YOU_WHAT = re.compile(r"(?:'ll|\s+will)\s+tell\s+you\s+what\s*(?:[,:;.!—–-]|$)")
_CONCESSION = re.compile(
    # "we will waive the certification fee", "we will pass on the full rebate": a concession whatever follows
    r"(?:'ll|\s+will|\s+shall|\s+can)\s+(?:also\s+)?(?:waive|pass\s+on\s+the\s+(?:full\s+)?(?:rebate|saving|savings|discount)"
    r"|(?:hold|keep|freeze|honou?r|lock)\s+(?:your|the)\s+(?:\d{4}\s+|current\s+|old\s+)?(?:pricing|price|rate)s?)\b|"
    r"(?:'ll|\s+will|\s+shall|\s+can)\s+(?:also\s+|happily\s+|gladly\s+|just\s+)?(?:include|throw\s+in|absorb|cover|comp"
    r"|add|provide|give\s+you|run|extend)\b[^.;]*?\b(?:free\b(?!\s+trial)|at\s+no\s+(?:extra\s+|additional\s+)?(?:cost|charge)"
    r"|no\s+charge|on\s+the\s+house|on\s+us\b|complimentary|without\s+(?:any\s+)?(?:extra\s+)?(?:cost|charge)|ourselves)")
_BREAK_BEFORE_HEAD = re.compile(r"[,;:—–]\s*(?:(?:and|then|so)\s+)?$")  # not a bare "and": "I'll look into it and I'll…"
_TAG_SEPARATOR = re.compile(r"[,;—–]|\s-\s")

_MESSAGE = ("Promises without a day get forgotten — by you and by them — and a missed or fuzzy promise "
            "quietly erodes the trust you are building. Name the day you will deliver.")


@dataclass
class _Part:
    start: int  # offsets in the sentence
    end: int
    head: int  # where the head (or the subject-less verb) starts
    kind: str  # "self" | "let" | "recv" | "expect" | "prog"; "…_timed" kinds count only with a time
    due: object = None
    phrase: str | None = None
    span: tuple[int, int] | None = None
    contingent: bool = False
    own_head: bool = True  # False for a subject-less continuation ("… and call you Friday")
    act: int | None = None  # where the action starts when it comes after "and" ("I'll call her tonight and email you…")


def analyse(doc) -> tuple[list[Commitment], list[Finding]]:
    """The sender's promises in the reviewed sentences, and a warning for each one with no day."""
    sent_at = doc.draft.sent_at
    names = _recipient_names(doc.draft)
    promises: list[Commitment] = []
    findings: list[Finding] = []
    for i in _triggered(doc):
        sentence = doc.sentences[i]
        for part in _promises(sentence.text, sent_at, names):
            start, end = sentence.start + part.start, sentence.start + part.end
            commitment = Commitment(doc.text[start:end], start, end, part.due, part.phrase)
            promises.append(commitment)
            if part.due is None and not part.contingent:
                findings.append(_vague_finding(commitment, part, sentence.start, sent_at))
    return promises, findings


def _triggered(doc) -> list[int]:
    """Indexes of the sentences holding a trigger word, found with str.find over the whole text (C speed)."""
    if not doc.sentences:
        return []
    low = doc.lower
    lo, hi = doc.sentences[0].start, doc.sentences[-1].end
    starts = [s.start for s in doc.sentences]
    hit: set[int] = set()
    for key in _TRIGGERS:
        pos = low.find(key, lo, hi)
        while pos != -1:
            i = bisect_right(starts, pos) - 1
            if pos + len(key) <= doc.sentences[i].end:
                hit.add(i)
            pos = low.find(key, pos + 1, hi)
    return sorted(hit)


def _recipient_names(draft) -> frozenset[str]:
    names = set()
    for party in (*draft.to, *draft.cc):
        if party.name:
            names.update(w.lower() for w in party.name.replace(",", " ").split())
    for facts in draft.facts.values():
        for n in (facts.first_name, facts.last_name):
            if n:
                names.add(n.lower())
    return frozenset(names)


class _Context(NamedTuple):
    original: str  # the sentence as written (capitals tell a name from a word)
    names: frozenset[str]  # recipients' names, lower case


def _promises(raw: str, sent_at, names: frozenset[str]) -> list[_Part]:
    original = raw.replace("’", "'").replace("‘", "'")  # same length: offsets stay valid
    s = original.lower()
    if len(s) != len(original):
        s = "".join(c.lower()[:1] or c for c in original)
    ctx = _Context(original, names)
    greeting = _GREETING.match(s)
    t0 = greeting.end() if greeting else 0
    if t0 >= len(s) or _QUESTION_START.match(s, t0):
        return []
    limit = len(s)
    if s.rstrip().endswith("?"):
        # "I'll send it Friday — does that work?": the promise stands before a short tag question.
        seps = [m.start() for m in _TAG_SEPARATOR.finditer(s, t0)]
        if not seps or len(s[seps[-1] :].split()) > 6:
            return []
        limit = seps[-1]
    heads = _heads(s, t0, limit, ctx)
    if not heads:
        return []
    parts = _split(s, t0, limit, heads, ctx)
    resolved = [p for p in (_resolve_part(s, original, t0, p, sent_at) for p in parts) if p is not None]
    return _group(resolved, s)


def _heads(s: str, t0: int, limit: int, ctx: _Context) -> list[tuple[int, int, str]]:
    """(head start, verb end, kind) for each promise head in ``s[t0:limit]``."""
    out: list[tuple[int, int, str]] = []
    for m in _SELF.finditer(s, t0, limit) if _has(s, _SELF_KEYS) else ():
        if _reported(s, t0, m.start()):
            continue
        action = _self_action(s, m.end(), limit, ctx, generic=True)
        if action:
            out.append((m.start(), *action))
    for m in _SHOULD.finditer(s, t0, limit) if "should" in s else ():
        end = _action_after(s, m.end(), limit, ctx)
        if end and not _reported(s, t0, m.start()):
            out.append((m.start(), end, "self_timed"))
    m = _SUBJECTLESS.match(s, t0, limit)
    if m:
        action = _self_action(s, m.end(), limit, ctx)
        if action:
            out.append((m.start(), *action))
    for m in _AND_WILL.finditer(s, t0, limit) if " will " in s else ():
        # "I'll get you a sample by Friday and will send the full quote by the 20th" — only after our own head
        if any(h[0] < m.start() and h[2].startswith("self") for h in out):
            action = _self_action(s, m.end(), limit, ctx)
            if action:
                out.append((m.start(1), *action))
    for m in _OWE.finditer(s, t0, limit) if "owe you" in s else ():
        out.append((m.start(), m.end(), "self_timed"))  # "I owe you the schedule by Wednesday"; "I owe you an update" is now
    for m in _LET.finditer(s, t0, limit) if "let " in s else ():
        v = _LET_VERB.match(s, _skip_space(s, m.end()), limit)
        if v:
            out.append((m.start(), v.end(), "let"))
        else:
            end = _action_after(s, m.end(), limit, ctx)
            if end:
                out.append((m.start(), end, "let_timed"))
    for m in _RECV.finditer(s, t0, limit) if "you" in s else ():
        if _reported(s, t0, m.start(), _RECV_HEDGE):
            continue
        if _RECV_OBJECT.match(s, m.end(), limit) and not _RECV_BAD_OBJECT.match(s, m.end(), limit):
            out.append((m.start(), m.end(), "recv"))
    for m in _EXPECT.finditer(s, t0, limit) if "expect" in s else ():
        if m.start() == t0 or s[m.start() : m.start() + 3] in ("you", "ple") or _CLAUSE_OPEN.search(s, t0, m.start()):
            out.append((m.start(), m.end(), "expect"))
    progs = list(_PROG.finditer(s, t0, limit)) if _has(s, _PROG_KEYS) else []
    bare = _BARE_PROG.match(s, t0, limit)  # "Will do — sending tonight" once the greeting is dropped
    for m in [bare, *progs] if bare else progs:
        v = _PROG_VERB.match(s, m.end(), limit)
        if v and (not v.group().strip().startswith("getting") or _GET_OK.match(s, v.end(), limit)):
            out.append((m.start(), v.end(), "prog"))
    out.sort()
    deduped: list[tuple[int, int, str]] = []
    for h in out:  # "I'm going to" is both a SELF and a PROG candidate; keep the first
        if not deduped or h[0] >= deduped[-1][1]:
            deduped.append(h)
    return deduped


def _has(s: str, keys) -> bool:
    for key in keys:  # a plain loop beats any() over a generator here
        if key in s:
            return True
    return False


def _skip_space(s: str, pos: int) -> int:
    while pos < len(s) and s[pos].isspace():
        pos += 1
    return pos


def _action_after(s: str, pos: int, limit: int, ctx: _Context, strict: bool = True, fallback: bool = True) -> int | None:
    """End of the action verb after a head (adverbs and "try to" skipped), or None if there is none.

    ``strict=False`` also accepts an action aimed at someone else ("call the carrier", "send it to legal");
    ``fallback`` looks past "and" for the action ("I'll see what I can do and get back to you")."""
    pos = _ADVERBS.match(s, pos, limit).end()
    if _NEGATION.match(s, pos, limit):
        return None
    be = _BE_ING.match(s, pos, limit)
    end = _verb_ok(s, be.end(), limit, ctx, ing=True, strict=strict) if be else None  # "I'll be sending"
    if not end:  # also "I'll be in touch"
        end = _verb_ok(s, _skip_space(s, pos), limit, ctx, ing=False, strict=strict)
    if end or not fallback:
        return end
    clause_end = _clause_end(s, pos, min(limit, pos + 200))  # bounded: many heads in a run-on sentence stay linear
    for m in _AND_ACTION.finditer(s, pos, clause_end):
        end = _verb_ok(s, m.end(), limit, ctx, ing=False, strict=strict)
        if end:
            return end
    return None


def _self_action(s: str, pos: int, limit: int, ctx: _Context, generic: bool = False) -> tuple[int, str] | None:
    """(verb end, kind) after a first-person head: an action for the recipient ("self"), else a dated action
    for someone else on their behalf ("I'm calling the carrier this afternoon": "self_timed"), else an
    action for the recipient after "and", else (``generic``) any other verb the sender takes on personally
    or, with a time named, for the recipient."""
    end = _action_after(s, pos, limit, ctx, fallback=False)
    if end:
        return end, "self"
    end = _action_after(s, pos, limit, ctx, strict=False, fallback=False)
    if end:
        return end, "self_timed"
    end = _action_after(s, pos, limit, ctx)
    if end:
        return end, "self"
    return _generic_action(s, pos, limit) if generic else None


# Verbs after "I'll" that are not something done for the recipient: "I'll need your PO", "we'll see".
_NOT_ACTIONS = frozenset(
    """have need want like love hope think try see know miss wait await assume guess bet admit say mean feel find lose
    forget leave stay wonder appreciate expect defer respect use treat make help save enjoy continue keep let start
    begin stop go come require request accept probably likely maybe perhaps soon always never only also just still
    then really be get do able level confess""".split())
# Verbs whose "your" object is the recipient's to give, not ours to deliver: "I'll take your point".
_NOT_FOR_YOUR = frozenset("take value welcome await receive hear consider note acknowledge understand read".split())
_YOUR_NEXT = re.compile(r"\s+your\b")
_TO_YOUR = re.compile(r"\b(?:to|for|on)\s+your\b")
_ANY_VERB = re.compile(r"\s*([a-z][a-z-]+)\b")
_PERSONALLY = re.compile(r"\b(?:myself|personally|ourselves)\b")
_FOR_YOU = re.compile(r"\b(?:you|your)\b")
_BE_THERE = re.compile(
    rf"\s*be\s+(?:on\s*-?\s*site|onsite|there|on\s+hand|on\s+call|with\s+you|at\s+(?:the|your)\s+\w+|in\s+(?:the\s+)?{_PLACE})\b")
_REFLEXIVE = re.compile(r"\s*(?:be\s+)?(?:explain|introduc|remind|repeat|enjoy|brac|kick|excus|blam|pac)(?:e|es|ing)?\s+$")
_BE_YOUR = re.compile(r"\s*be\s+your\s+(?:main\s+|day-to-day\s+|single\s+|new\s+)?(?:point\s+of\s+contact|contact|account\s+manager|go-to)\b")
_THERE_FOR = re.compile(r"\bto\s+(?:support|help|assist|meet|train|cover|walk|oversee|supervise|handle|answer)\b")


def _generic_action(s: str, pos: int, limit: int) -> tuple[int, str] | None:
    """"I'll re-verify every file for your unit myself by Friday", "I'll be onsite myself tomorrow": a verb
    outside the action lists counts when the sender takes it on personally or its object is the recipient's
    ("self"), or when it is for the recipient and a time is named ("self_timed")."""
    pos = _ADVERBS.match(s, pos, limit).end()
    if _NEGATION.match(s, pos, limit):
        return None
    window_end = _clause_end(s, pos, min(limit, pos + 90))  # bounded: a run-on sentence stays linear
    for ch in "—–":
        k = s.find(ch, pos, window_end)
        if k != -1:
            window_end = k
    personal = _PERSONALLY.search(s, pos, window_end)
    if personal and _REFLEXIVE.match(s, pos, personal.start()):
        personal = None  # "explaining myself": a reflexive object, not "personally"
    there = _BE_THERE.match(s, pos, limit)
    contact = _BE_YOUR.match(s, pos, limit)
    if contact:
        return contact.end(), "self"  # "I'll be your point of contact while he's out"
    if there:  # "I'll be onsite myself", "I'll be in theatre on Thursday to support the first two cases"
        if personal:
            return there.end(), "self"
        helps = _THERE_FOR.search(s, there.end(), window_end) or _FOR_YOU.search(s, there.end(), window_end)
        return (there.end(), "self_timed") if helps else None
    m = _ANY_VERB.match(s, pos, limit)
    if m and m.group(1) == "be":  # "I will also be joining the project calls personally"
        ing = _ANY_VERB.match(s, m.end(), limit)
        m = ing if ing and ing.group(1).endswith("ing") and len(ing.group(1)) > 5 else m
    if not m or m.group(1) in _NOT_ACTIONS or m.group(1).endswith("ed"):
        return None
    if personal or (m.group(1) not in _NOT_FOR_YOUR and (_YOUR_NEXT.match(s, m.end(), limit)
                                                        or _TO_YOUR.search(s, m.end(), window_end))):
        return m.end(), "self"  # "I'll flag your account so…", "We will assign a project manager to your account"
    return (m.end(), "self_timed") if _FOR_YOU.search(s, m.end(), window_end) else None


def _clause_end(s: str, pos: int, limit: int) -> int:
    for ch in ";:":
        k = s.find(ch, pos, limit)
        if k != -1:
            limit = k
    return limit


def _verb_ok(s: str, pos: int, limit: int, ctx: _Context, ing: bool, strict: bool = True) -> int | None:
    m = (_VERB_ING if ing else _VERB).match(s, pos, limit)
    if not m:
        return None
    end = m.end()
    if not strict and not (m.group("get") or m.group("have") or m.group("give")):
        return end
    if m.group("comm"):
        word = _NEXT_WORD.match(s, end, limit)
        if word:
            token = ctx.original[word.start(1) : word.end(1)]
            low = token.lower()
            if low in _THIRD_PARTY:
                return None
            if token[0].isupper() and low not in _NOT_NAMES and low not in ctx.names:
                return None  # "I'll call Mark": someone else, unless Mark is a recipient
    elif m.group("send"):
        if _SEND_TO.match(s, end, limit) and " you" not in s[end : end + 12]:
            return None  # "I'll send it to our legal team": an internal hand-off
    elif m.group("other") and _CHECK_IN.match(s, m.start(), limit):
        return None  # "check in the hotel", "check out the venue": not an action for the recipient
    elif m.group("get"):
        return end if _GET_OK.match(s, end, limit) else None
    elif m.group("have"):
        return end if _HAVE_OK.match(s, end, limit) else None
    elif m.group("give"):
        return end if _GIVE_OK.match(s, end, limit) else None
    return end


def _split(s: str, t0: int, limit: int, heads, ctx: _Context) -> list[_Part]:
    """One part per head, plus one per subject-less "… and call you Friday" after a head's verb."""
    starts: list[tuple[int, int, str]] = []  # (part start, head start, kind)
    acts: dict[int, int] = {}  # head start -> start of its action, when that action follows "and"
    for i, (h_start, v_end, kind) in enumerate(heads):
        starts.append((t0 if i == 0 else h_start, h_start, kind))
        joined = [m.end() for m in _AND_ACTION.finditer(s, h_start, v_end)]
        if joined:
            acts[h_start] = joined[-1]
        nxt = heads[i + 1][0] if i + 1 < len(heads) else limit
        for m in _AND_ACTION.finditer(s, v_end, _clause_end(s, v_end, nxt)):
            if _verb_ok(s, m.end(), nxt, ctx, ing=False):
                starts.append((m.end(), m.end(), kind))
    parts = []
    heads_at = {h[0] for h in heads}
    for i, (p_start, h_start, kind) in enumerate(starts):
        p_end = starts[i + 1][0] if i + 1 < len(starts) else limit
        if i + 1 < len(starts):
            p_end = _trim_end(s, p_start, p_end)
        else:
            p_end = len(s.rstrip()) if limit == len(s) else len(s[:limit].rstrip(" ,;—–-"))
        parts.append(_Part(p_start, p_end, h_start, kind, own_head=h_start in heads_at, act=acts.get(h_start)))
    return parts


def _trim_end(s: str, start: int, end: int) -> int:
    """``end`` moved left past trailing spaces, punctuation and a dangling "and"/"then"/"but"."""
    while end > start:
        stripped = s[start:end].rstrip(" \t\n,;:—–-")
        end = start + len(stripped)
        for word in (" and", " then", " but"):
            if stripped.endswith(word):
                end -= len(word)
                break
        else:
            return end
    return end


def _resolve_part(s: str, original: str, t0: int, part: _Part, sent_at) -> _Part | None:
    wish = _WISH.search(s, part.start, part.end) if _has(s[part.start : part.end], _WISH_KEYS) else None
    if wish:
        # "if you'd like, I'll send…" is an offer (the recipient decides); a wish in a later clause
        # ("…by Friday, and if you'd like I can add…") only ends the promise there.
        if wish.start() < part.head or not _CLAUSE_BREAK.search(s, part.head, wish.start()):
            return None
        part.end = _trim_end(s, part.start, wish.start())
    sub = _SUBORDINATE.search(s, part.head + 1, part.end) \
        if _has(s[part.head : part.end], _SUBORDINATE_KEYS) else None
    if (sub and _TRAILING_IF.match(s, sub.start()) and not _POLITE_IF.match(s, sub.start())
            and not _BREAK_BEFORE_IF.search(s, part.head, sub.start())
            and not _IF_IS_WHETHER.search(s, part.head, sub.start())):
        # "I'll keep you posted if anything changes": conditional, not promised. After a comma the "if"
        # belongs to something else ("…by Friday, so your team can review it if they'd like").
        return None
    main_end = sub.start() if sub else part.end
    if part.start == t0 and part.head > t0 and (
        _CONDITIONAL.match(s, _LEAD_WORDS.match(s, t0).end()) or _IMPERATIVE_AND.match(s, _skip_space(s, t0), part.head)
    ):
        # "If anything is blocking, call me and I'll sort it out", "Sign by the 15th and we'll add two
        # months": conditional on the recipient (an "if" lead-in, or an order to them followed by "and we'll…")
        return None
    lead_ok = part.start == t0 and part.head > t0 and len(s[t0 : part.head].split()) <= 6 and \
        not _LEAD_IN_BAD.match(s, t0, part.head)
    # The promised action's own time first: in "I'll walk it over this morning and get it to you by Friday",
    # Friday is when the recipient gets it.
    found = find_due(original, sent_at, part.act, main_end) if part.act else None
    if found is None or found.due is None:
        found = find_due(original, sent_at, part.head, main_end)
    if found.due is None and lead_ok:
        found = find_due(original, sent_at, t0, part.head)
    if found.due is None and sub and not _CONDITIONAL.match(s, sub.start()):
        found = find_due(original, sent_at, sub.start(), part.end)  # "when I'm back on Monday"
    if found.due is None:
        found = find_vague(original, part.head, main_end)
        if found.phrase is None and lead_ok:
            found = find_vague(original, t0, part.head)
        if found.phrase is None and sub and not _CONDITIONAL.match(s, sub.start()):
            found = find_vague(original, sub.start(), part.end)
    event_relative = found.phrase is None and bool(EVENT_RELATIVE.search(s, part.head, main_end))
    if part.kind in ("recv", "expect", "let_timed", "self_timed") and found.phrase is None and not event_relative:
        return None  # "you'll get great value", "let me send you…": only a promise when timed
    if part.kind == "prog" and found.due is None:
        return None
    if _TELL_YOU_WHAT.search(s, part.head, main_end):
        return None  # "I'll tell you what:" introduces an offer
    if part.kind.startswith("self") and _CONCESSION.search(s, part.head, main_end):
        return None  # "we'll include the retest at no charge": a concession (see discount), not a task to track
    if found.phrase is None and _has(s[part.head : part.end], ("below", "follows", "in this")) and \
            _IN_EMAIL.search(s, part.head, part.end):
        return None  # "I'll outline the options below": done in this email, not promised
    part.due, part.phrase, part.span = found
    # "We'll keep you posted" has no day to name: an ongoing promise, tracked but never nagged about.
    part.contingent = found.phrase is None and (sub is not None or "keep you" in s[part.head : part.end] or event_relative)
    if part.start == t0 and part.head > t0 and not lead_ok:
        # "Sam will send the agreement tomorrow, and I'll call you Monday": the words before the head are
        # a clause of their own (someone else's action, a reason, a condition met), not part of the promise.
        part.start = part.head
    return part


def _group(parts: list[_Part], s: str) -> list[_Part]:
    """Merge parts into promises: a new promise starts only at a part with a different date, or at a new
    subject after a break ("I'm going to chase them personally, and I will send you a date by the 28th")."""
    groups: list[_Part] = []
    for p in parts:
        g = groups[-1] if groups else None
        # an undated first step joins a head inside its own object ("circulate the list of carriers we intend…")
        joins = not p.own_head or (g is not None and g.phrase is None and not g.contingent
                                   and not _BREAK_BEFORE_HEAD.search(s, g.start, p.head))
        if g is not None and joins and not (g.due and p.due and g.due != p.due):
            g.end = p.end
            if g.due is None and (p.due or (g.phrase is None and p.phrase)):
                g.due, g.phrase, g.span = p.due, p.phrase, p.span
            g.contingent = g.contingent and p.contingent and g.phrase is None
        else:
            groups.append(p)
    for g in groups:
        if g.due is not None or g.phrase is not None:
            g.contingent = False
    return groups


def _vague_finding(c: Commitment, part: _Part, base: int, sent_at) -> Finding:
    day = "by " + format_day(suggest_day(c.due_phrase, sent_at))
    if part.span and c.start <= base + part.span[0] and base + part.span[1] <= c.end:
        a, b = base + part.span[0] - c.start, base + part.span[1] - c.start
        suggestion = c.text[:a] + day + c.text[b:]
        message = f'"{c.due_phrase}" is not a day. {_MESSAGE}'
    else:
        body = c.text.rstrip(".!…")
        suggestion = f"{body} {day}{c.text[len(body):]}"
        message = f"This promise has no date. {_MESSAGE}"
    return Finding("commitment", "commitment.vague_due", "warning", c.start, c.end, c.text, message, suggestion)
