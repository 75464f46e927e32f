"""Asks: the concrete things an email asks the recipient to do or decide, and a nudge when there are none.

Design. Each reviewed sentence is cut into clauses (at ``;``, spaced dashes, ", but/and/so/or", "...")
so a pleasantry glued to a request ("Great call today — could you send the PO?") stays out of the ask,
and a vague closer glued to one ("Please review it, and let me know if you have any questions") does not
hide it. Each clause is judged in order:

1. hard negatives the issue names as non-asks win outright: vague closers ("let me know if you have any
   questions", "feel free to reach out", a bare "Any thoughts?"), pleasantries ("how are you?", "have a
   great weekend"), rhetorical and marketing questions ("tired of chasing signatures?", "click here"),
   questions about the sender ("did I mention…?"), and offer questions that leave nothing to do but
   accept ("Want me to send the deck?", "Shall I send it over?" — unless they offer a choice or a time);
2. syntactic request cues decide on their own: "could/would/can you …", "please" + verb, an imperative
   verb first, "are you free/available/open", "does 10am work?", "let's" + verb, "do you want/need",
   wh-questions, yes/no questions about the recipient ("Is this on your list this year?"), "I'd
   appreciate it if you", "I need you to", "kindly", "let me know when/which/if …";
3. otherwise the sender's own promises ("I'll send the deck Friday" — the commitments analyser's),
   offers ("I'd be glad to set up a session") and long statements (over 30 tokens, no "?") are not asks,
   and what remains goes to a small logistic
   model over the same cues plus ~400 unigrams/bigrams, trained on the Enron intent train rows by
   ``training/train_asks.py`` (``data/asks.json``, loaded once at import).

The rules carry the generalisation to sales email; the model only mops up phrasings they miss ("maybe
we can have lunch Thursday"), so its n-grams are few and its threshold leans to precision.

Speed: a clause costs one lower-case + split, a few set look-ups and only the regexes whose trigger words
it contains (see ``_Cue``); the model is summed from two dict look-ups per token.
"""
from __future__ import annotations

import json
import math
import re
from datetime import date, timedelta
from pathlib import Path

from .model import Ask, Finding

# --------------------------------------------------------------------------------------------------
# Text normalisation and tokens

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "—": "-", "–": "-"})
# Leading address or filler that hides the clause's real first word: "Anna, …", "Hi Tom - …", "Also, …".
_VOCATIVE = re.compile(r"^(?:(?:hi|hey|hello|dear)\s+)?[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)?\s*[,:]\s+")
_LEAD_WORDS = frozenset(
    """also so and but ok okay oh great perfect then now anyway anyways finally lastly meanwhile
    alternatively otherwise additionally plus hi hey hello just quick quickly first second third next
    separately again ps p s one more thing btw fyi well ,""".split()
)

# Base-form verbs a business email plausibly opens an instruction with. "let", "feel", "have", "look",
# "see", "keep", "take", "enjoy" are handled by the pleasantry/vague patterns first.
_IMPERATIVE = frozenset(
    """send resend call give take check confirm review sign countersign book schedule reschedule forward share
    email e-mail reply respond return approve choose pick select decide introduce connect loop cc bcc add include
    update fill complete submit provide tell ask remind join come meet stop drop ping text ring phone grab hop
    jump set put get make keep find see look read print scan upload download install try test run pull prepare
    draft write edit revise contact follow circle talk speak discuss chat consider think hold block reserve save
    mark pencil accept decline rsvp register enroll log click visit go open attach bring plan arrange coordinate
    organize organise invite notify inform advise verify validate double-check clarify explain describe list
    outline specify identify estimate quote invoice pay wire transfer process issue release execute finalize
    finalise close move shift push cancel postpone change swap use start begin continue proceed wait remember
    remove delete unsubscribe route escalate assign delegate help assist show walk demo request collect gather
    compile post publish announce distribute circulate sort handle deal fix resolve be do don't please kindly
    sync touch reach nominate recommend suggest propose vote rank rate answer comment weigh sanity
    authorize authorise sanction greenlight green-light shoot buzz holler flag""".split()
)
_MODALS = frozenset("could can would will won't wouldn't couldn't can't might may".split())
_YOU = frozenset(("you", "u", "ya", "your", "you'd", "you're", "you've", "you'll"))
_WH = frozenset("what which when where who whom how why whose what's who's when's where's".split())
_AUX = frozenset("do does did have has are is was were will would can could should shall may might".split())
_NOT_VOCATIVE = _IMPERATIVE | _AUX | _WH
_NOT_IMP_START = frozenset(("please", "kindly", "be", "do", "don't"))  # handled by their own cues
_NON_VERB_AFTER_IMP = frozenset(
    ("you", "i", "we", "it's", "i'm", "i'll", "we'll", "forward", "soon", "them", "attached", "below", "above", "enclosed", "worry",
     "being", "is", "was", "went", "has", "had", "will", "notes", "summary", "are", "were", "of", "and")
)
# "Don't forget to sign" is a request; "Don't know what else to do" is a subject-less statement.
_NOT_AFTER_DONT = frozenset(
    """you u your i we they it that this know think care mind believe understand like need feel want get see have worry
    hesitate ? ,""".split()
)

# --------------------------------------------------------------------------------------------------
# Rule cues. Each cue is a regex over the normalised, lower-cased clause guarded by a set of trigger
# tokens: the regex only runs when one of its triggers is among the clause's tokens, which keeps a
# sentence to a handful of set look-ups in the common case (a plain statement).


class _Cue:
    """Alternative patterns woken by trigger tokens.

    A leading ``\\b`` stops ``re`` from skipping ahead by the pattern's first characters and makes a search
    ~10x slower, so it is stripped at compile time and the word boundary is checked on the match instead.
    ``before`` optionally constrains the text just before the match (a regex ending in ``$``).
    """

    __slots__ = ("triggers", "rx", "before")

    def __init__(self, triggers: str, *patterns: str, before: str | None = None) -> None:
        self.triggers = frozenset(triggers.split())
        self.rx = re.compile("|".join(f"(?:{p[2:] if p.startswith(chr(92) + 'b') else p})" for p in patterns))
        self.before = re.compile(before) if before else None

    def search(self, low: str) -> bool:
        for m in self.rx.finditer(low):
            s = m.start()
            if s and low[s].isalnum() and (low[s - 1].isalnum() or low[s - 1] == "'"):
                continue  # matched inside a word: "many chances" is not "any chance"
            if self.before is not None and self.before.search(low, 0, s) is None:
                continue
            return True
        return False

    def __call__(self, low: str, toks: set[str]) -> bool:
        return not self.triggers.isdisjoint(toks) and self.search(low)



# Closers the spec names as not asking for anything ("let me know if you have any questions").
_VAGUE = (
    _Cue(
        "if",
        r"\bif (?:you|u)(?: have| need| got|'ve got| run into| come up with) (?:any(?!\s+(?:time|availability|minutes|bandwidth|"
        r"room|slots?|preference))|further|more (?:questions|info)|other questions|additional questions)",
        r"\bif (?:there's|there is) anything (?:else )?(?:i|we) can", r"\bif (?:you|u) (?:need|want) anything\b",
    ),
    _Cue(
        "questions concerns comments issues thoughts",
        r"\b(?:any|further|other|additional) (?:more )?(?:questions|concerns|comments|issues|thoughts),? (?:just |please )?"
        r"(?:let|feel|reach|give|shoot|drop|contact|call|ping)",
        r"\bquestions,? (?:just )?(?:let me|feel|reach|give me|shoot|drop|call|ping)", r"\bany questions\s*\?*$",
    ),
    _Cue("feel", r"\bfeel free\b"),
    _Cue("thoughts", r"^(?:any )?(?:other |further )?thoughts\s*\?*$"),  # a bare "Any thoughts?" names nothing to decide
    _Cue(
        "if",
        r"^if (?:anything|something|there's anything|any of (?:this|it|that))\b[^,]*,\s*(?:just |please )?(?:let me know|shout"
        r"|give (?:me|us) a (?:shout|call|ring|bell)|ping me|reach out|drop me a line)",
    ),
    _Cue("hesitate", r"\b(?:don't|do not|dont|never) hesitate\b"),
    _Cue("hope", r"\bhope (?:this|that|it|the above) (?:helps|is helpful|clarifies)"),
    _Cue("forward", r"\b(?:look|looking) forward\b"),
    _Cue("reach", r"\breach out (?:if|anytime|any time|with|whenever|at any)"),
    _Cue(
        "let",
        r"\blet (?:me|us) know if (?:i|we) can (?:help|assist|do|be of)",
        r"\blet (?:me|us) know if (?:you(?: need| want| would like|'d like) (?:anything|any help|more (?:info|information|details)|"
        r"further)|anything (?:else )?(?:comes up|needs|is needed|changes|looks)|there's anything|there is anything)",
    ),
    _Cue("happy", r"\bhappy to (?:help|answer|assist|chat if)"),
    _Cue("keep", r"\bkeep (?:me|us) (?:posted|in the loop|updated|informed)"),
    _Cue("here around available", r"\b(?:i'm|i am|we're|we are) (?:here|around|available) (?:if|for any|to (?:help|answer))"),
)
_PLEASANTRY = (
    _Cue("how", r"\bhow (?:are|r) (?:you|u|things|ya)\b", r"\bhow is (?:it going|everything|life)", r"\bhow (?:have you been|was your)"),
    _Cue("how's", r"\bhow's (?:it going|everything|life|your (?:week|day|weekend|quarter|summer|spring))"),
    _Cue("hope", r"^(?:i )?hope (?:you|you're|all|everything|your|this (?:email|note|message) finds)"),
    _Cue(
        "have enjoy",
        r"^(?:have|enjoy) (?:a|the|your) ",
        r"\bhave a (?:great|good|nice|wonderful|lovely|fantastic|happy|safe|relaxing|restful|productive) ",
    ),
    _Cue("talk", r"^talk (?:to|with) (?:you|u|ya)\b"),
    _Cue(
        "take talk speak chat see cheers best regards thanks",
        r"^(?:take care|talk soon|speak soon|chat soon|see you (?:soon|then|there)|cheers|best|regards|thanks again)\b",
    ),
    _Cue("thanks thank thx", r"^(?:many |big )?(?:thanks|thank you|thx)(?: so much| again| very much)?(?: for [^?]*)?[.!]*$"),
    _Cue("did", r"\bdid you (?:have|get) a (?:good|great|nice|relaxing|restful|fun)\b"),
    _Cue(
        "great nice good lovely pleasure wonderful fantastic glad",
        r"^(?:(?:it was|it's|it is|so|really|very|such a) )*(?:great|nice|good|lovely|a pleasure|pleasure|wonderful|fantastic|glad) "
        r"(?:to (?:meet|see|hear|speak|talk|chat|connect|catch up|finally meet)|meeting|chatting|speaking|talking|seeing|catching up|"
        r"connecting|hearing)\b",
    ),
    _Cue(
        "know understand realise realize recognise recognize",
        r"^(?:i|we) (?:totally |completely |fully )?(?:know|understand|realise|realize|recognise|recognize)"
        r" (?!(?:if|whether|when|what|who|how|which|why)\b)",
    ),
    _Cue("consider", r"^consider (?:it|this|that) (?:a|an|done|sorted|our|my)\b"),
    _Cue("call", r"^call it (?:\$|€|£|\d|a |an |even|done|square|quits)"),  # "Call it $12,000 flat": a price, not a phone call
    _Cue("hi hey hello dear morning afternoon g'day", r"^(?:hi|hey|hello|dear|morning|afternoon|g'day)\b(?: [\w.'-]+){0,2}\s*[,!.]?$"),
    _Cue("quick", r"^quick (?:[\w-]+ ){0,3}(?:update|note|heads-up|heads up|recap|summary|reminder|fyi)\b(?![^?]*\?)"),
    _Cue("congrats congratulations welcome happy", r"^(?:congrat|welcome (?:back|aboard)|happy (?:friday|monday|holidays|new year|birthday))"),
)
# Rhetorical and marketing questions, and mailing-list boilerplate: never a request of this recipient.
_RHETORICAL = (
    _Cue("who what", r"^(?:who|what) (?:doesn't|wouldn't|isn't|does not|would not)\b", r"^what if\b", r"\bwhat (?:would|could) you do with\b"),
    _Cue("isn't wasn't aren't", r"\b(?:isn't|wasn't|aren't) (?:it|that|this)\b[^?]*\?"),
    _Cue("why", r"\bwhy not\b"),
    _Cue("familiar guess knew", r"\bsound familiar\b", r"\bguess what\b", r"\bwho knew\b"),
    _Cue("right", r"\bright\s*\?$"),
    _Cue("wouldn't", r"\bwouldn't it be (?:great|nice|good|amazing)"),
    _Cue("wonder", r"^is it any wonder\b", r"^(?:no|small) wonder\b"),
    _Cue("ever", r"\bever (?:wonder|wondered|wish|wished|feel|felt)\b", r"^(?:do|does|did|is|are) (?:you|your) (?:team )?ever\b"),
    _Cue("tired imagine", r"^tired of\b", r"^imagine\b"),
    # the cold-email hook: "How many hours does your team spend chasing invoices?"
    _Cue(
        "many much",
        r"^how (?:many|much) (?:hours|time|money|days|revenue|deals) (?:does|do|is|are|did) (?:your|you)\b"
        r"(?=[^?]*\b(?:spend|spending|waste|wasting|lose|losing|lost|leak|leaking|burn|burning)\b)",
    ),
    _Cue("believe imagine", r"\bcan you (?:believe|imagine)\b"),
    _Cue("what's", r"\bwhat's not to\b"),
    _Cue("know", r"^did you know\b", r"^do you know (?:that|how much|how many)\b"),
    _Cue("know learn find discover", r"\bwant to (?:know|learn|find out|discover) (?:how|why|what|the secret)"),
    _Cue(
        "struggling tired wasting losing spending paying ready",
        r"\bare you (?:still )?(?:struggling|tired|wasting|losing|spending too|paying too|ready to (?:take|transform|boost))",
    ),
    _Cue("unsubscribe", r"\bunsubscribe\b"),
    _Cue("click", r"\bclick (?:here|below|the link|this link)\b"),
    _Cue("browser", r"\bview (?:it|this|this email)? ?in (?:your|a) browser"),
    _Cue("safe address opt", r"\bsafe senders?\b", r"\baddress book\b", r"\bopt[- ]out\b"),
    _Cue("contacts inbox ensure", r"\bto (?:your|the) (?:contacts|inbox)\b", r"\bto ensure (?:delivery|that you|our|future)"),
    _Cue(
        "stop unsubscribe longer cancel change update opt disable turn removed taken view manage receive discontinue",
        r"\bif (?:you|u)(?: wish| would like|'d like| want| prefer| no longer) (?:to )?(?:stop|unsubscribe|no longer|not receive|"
        r"cancel your|(?:change|update|manage) your (?:e-?mail|subscription|account|preferences|profile|settings)|opt|disable|"
        r"turn off|be removed|be taken off|view (?:this|it|the)|receive|discontinue)",
    ),
)
# "I've attached the rate card in case it's useful": information sent, nothing asked.
_ATTACHED = _Cue(
    "attached enclosed included",
    r"^(?:i've|i have|we've|we have|i|we) (?:also )?(?:attached|enclosed|included)\b(?![^.?]*\b(?:could|can|would|please)\b)",
)
# "I wanted to let you know that prices change on 1 March": news, not a request.
_HEADS_UP = _Cue(
    "wanted want like",
    r"^(?:i|we) (?:just |also )?(?:wanted|want|would like|'d like) to (?:let you know|inform you|give you a heads[- ]up|update you"
    r"|flag|share|confirm that|make you aware|reach out personally)\b",
)
# Statements about what others will do or what will happen, and acknowledgements: news, not requests.
_STATEMENT = _Cue(
    "will noted understood acknowledged answer",
    r"^(?:our|my|the|their|his|her) (?!(?:you|your)\b)[\w'() -]{1,60}? (?:will|is going to|are going to) (?!you\b)\w",
    r"\bwill be (?:released|published|announced|shipped|available|live|held|rolled out|launched)\b(?![^?]*\?)",
    r"^(?:noted|understood|acknowledged)(?: that\b|,)",
    r"^(?:to answer your question|in answer to your question|as for your question)\b",
)
_PLEASE_INFO = _Cue(
    "please",
    r"\bplease (?:do not|don't) (?:reply|respond)",
    r"\bplease (?:note|find|see (?:attached|below|above|enclosed)|be (?:advised|aware|informed|assured)|disregard|excuse|forgive|"
    r"accept (?:my|our) (?:apolog|sincere)|don't worry|do not worry)",
)
_AVAILABLE = (
    _Cue(
        "available free open around able interested office keen game",
        r"\b(?:are|r|would|will|is) (?:you|u|your team|either of you|you both|you two|you guys|you all) (?:still |also |both |"
        r"by any chance |guys )?(?:be )?(?:available|free|open to|open for|around|able to|interested|in the office|keen|game)",
    ),
    _Cue("up", r"\bup for\b", before=r"\b(?:are|r|would|will|is) (?:you|u|your team|either of you|you both|you guys|you all) (?:still |also |be )?$"),
    _Cue(
        "have",
        r"\bdo (?:you|u|either of you|you both) have (?:time|a (?:few|minute|moment|sec|second|spare|window|slot|chance)|"
        r"availability|\d+|any (?:time|availability|slots?|room)|some time|bandwidth|capacity|room|a preference|space)",
    ),
    _Cue(
        "work",
        r"\bwork (?:for|with) (?:you|u|your)|\bwork\b[^.!]*\?",
        before=r"\b(?:does|would|will|do|could|might)\b[^.!?]{1,40}$",
    ),
    _Cue("works", r"\bworks? for (?:you|u|your team|everyone|both of you)\s*\?"),
    _Cue("what", r"\bwhat (?:time|day|date|times|days|dates|slot|slots)\b[^.!]*\?"),
    _Cue("when", r"\bwhen (?:are|would|is|works|can|could|will|might|do|does|suits) [^.!]*\?"),
    _Cue("look sound suit fit work", r"\bhow (?:does|do|would|is) [\w: ']{1,30} (?:look|sound|suit|fit|work)\b"),
    _Cue("good ok okay better convenient", r"\b(?:is|would) [\w: ']{1,30} (?:good|ok|okay|better|convenient) for (?:you|u)"),
    _Cue("time day chance window slot slots", r"\b(?:any|some) (?:time|day|chance|window|slots?) (?:this|next|on|tomorrow|today|later)"),
)
_LETS = _Cue(
    "let's lets let",
    r"(?:let's|lets|let us)(?! know| help| handle| take care)\s+\w",
    before=r"(?:^|[,;] |\b(?:so|then|maybe|perhaps|why don't we|how about we) )$",
)
_WANT = (
    _Cue("want need wanna fancy prefer mind", r"\b(?:do|would|did) (?:you|u|either of you|you guys) (?:want|need|wanna|fancy|prefer|mind)\b"),
    _Cue("would", r"\bwould (?:you|u) (?:like|care|consider|be willing|be happy|be ok|be okay|be open)"),
    _Cue("want wanna care", r"^(?:want|wanna|care) to\b"),
    _Cue(
        "interested in keen willing happy ok okay comfortable",
        r"\b(?:are|r) (?:you|u) (?:interested|in\s*\?|keen|willing|happy to|ok with|okay with|comfortable with)",
    ),
    _Cue("interested", r"\binterested in (?:a |an |joining|seeing|learning|trying|hearing)"),
)
# Proposals and checks phrased as questions; they count only when the clause is a question.
_WE_Q = (
    _Cue("we i", r"\b(?:should|shall|can|could|might|may) (?:we|i)\b"),
    _Cue("open free available around interested up worth mind ready", r"^(?:open|free|available|around|interested|up|worth|mind|ready) "),
    _Cue("any", r"^any (?:interest|update|news|feedback|thoughts (?:on|about)|chance|objections?|luck|progress|word|preference|reason not)\b"),
    _Cue("feedback objections preference preferences decision", r"^(?:feedback|objections|preferences?|decision)\s*\?"),
    _Cue("sound sounds", r"^(?:does (?:that|this|it) )?sounds? (?:good|ok|okay|right|fair|reasonable|like a plan)"),
    _Cue(
        "still",
        r"\b(?:are|is) (?:we|it|that|this|(?:the|our|your) [\w' -]{1,40}?) still (?:on|good|happening|ok|okay|a go|scheduled"
        r"|planned|set|the plan|booked)\b",
    ),
    _Cue("know", r"\bdo (?:you|u) (?:happen to )?know (?:if|whether|when|what|who|where|how|which|why)\b"),
    _Cue("about", r"\bhow about\b", r"\bwhat about\b"),
    _Cue("don't", r"\bwhy don't (?:we|you)\b"),
    _Cue("chance", r"\bany chance\b"),
    _Cue("possible ok okay alright worth helpful useful", r"\bwould it be (?:possible|ok|okay|alright|worth|helpful|useful)", r"\bis it possible\b"),
    _Cue("sense", r"\b(?:would|does) it make sense\b"),
    _Cue("help helpful useful sense", r"\bwould (?:a|an|the) [\w -]{1,30} (?:help|be helpful|be useful|make sense)"),
)
_APPRECIATE = (
    _Cue("wondering", r"\b(?:i was|i am|i'm|we were|we are|we're|just) (?:\w+ )?wondering (?:if|whether|when|what|who|how)\b"),
    _Cue("wonder", r"\bi wonder (?:if|whether)\b"),
    _Cue(
        "appreciated helpful",
        r"(?<!if it )(?<!if that )(?<!if this )(?:would|will) be (?:greatly |much |very |really |most )?(?:appreciated|helpful)\b",
        r"\bis (?:greatly |much |very )?appreciated\b",
    ),
    _Cue("hope", r"\b(?:i|we) hope (?:you|u)(?: can| could| will|'ll| might)\b"),
    _Cue(
        "invite request ask schedule set arrange book get grab find put lock",
        r"\b(?:like|love|want|writing|wanted) to (?:invite|request|ask (?:you|if|whether|for)|schedule|set up|arrange|book|"
        r"get (?:you|your|some time)|(?:get|grab|find|put|lock in) (?:(?:\d+|a few|fifteen|twenty|thirty|some) (?:minutes|mins)"
        r"|(?:a|some) (?:time|call|meeting|slot|demo)))\b(?=.*\b(?:you|your|u)\b)",
    ),
    _Cue(
        "appreciate",
        r"\bappreciate (?:it )?if (?:you|u)\b",
        r"\b(?:i|we)(?:'d| would) (?:really |greatly )?appreciate (?:your|you|it|a|any)\b",
    ),
    _Cue("grateful", r"\bgrateful if\b"),
    _Cue("great helpful good wonderful ideal useful nice", r"\bit would be (?:great|helpful|good|wonderful|ideal|useful|nice) (?:if|to get|to hear|to have)"),
    # "If you could send the specs…" asks; "If you can order by the 30th, we'll take 5% off" is an offer.
    _Cue(
        "if",
        r"\bif (?:you|u) (?:could|would|might) (?:please |kindly |also )?\w+",
        r"\bif (?:you|u) can (?:please |kindly |also )?\w+(?![^,;]*,\s*(?:i|we)(?:'ll| will)\b)",
    ),
    _Cue("help", r"(?<!if )it would help (?:if|to)\b"),
    _Cue("love like", r"\b(?:i|we)(?:'d| would) (?:love|like) (?:for )?(?:you|your|to get your|to hear (?:back |from you )?(?:by|on|before))"),
)
_NEED_YOU = (
    _Cue(
        "need needs",
        r"\b(?:i|we)(?: just| still| really| will|'ll| will still| do)? need (?:you|u|your|a|the|to get|to have|to see|to receive|"
        r"to know)\b",
        r"\bneeds? (?:your|you to)\b",
    ),
    _Cue("like want", r"\b(?:i'd|i would|we'd|we would|i want|we want) (?:like )?(?:you|u) to\b"),
    _Cue(
        "you you'll",
        r"\byou(?:'ll)?(?: will| really| probably| just)? (?:need|have to|want|should|must|may want|might want)\b"
        r"(?! (?:assume|expect|receive|see|get|have|hear|know|be|find|notice|already)\b)",
        before=r"(?:^|, |\b(?:so|then|think|believe|guess|suggest|now) )$",
    ),
    _Cue("sure", r"^make sure (?:you|to)\b"),
    # a phone-terse request: "Dana - need PO by Fri", "Need the signed SOW before Monday"
    _Cue("need", r"^(?:[a-z]+\s*[-–—:,]\s*)?need (?:the|your|a|an|it|this|that|those|these|them|po|sow|msa|nda)\b(?! (?:hand|break|minute|moment|holiday|rest|coffee|drink)\b)"),
)
_LMK = (
    _Cue(
        "let",
        r"\blet (?:me|us) know (?:if|whether|when|what|which|how|who|where|your|by|asap|as soon|once|about|the)\b",
        r"\blet (?:me|us) know\s*[.!?]*$",
    ),
    _Cue("back", r"\bget back to (?:me|us)\b"),
)
# Offers ("I'd be glad to set up a session", "happy to send the deck") leave the decision with the recipient but
# ask nothing of them; like promises, they are never asks unless a request cue is present too.
_OFFER = _Cue(
    "glad happy delighted pleased can could",
    r"\b(?:i'd|i would|we'd|we would|i'm|i am|we're|we are|i'll|we'll|i will|we will)(?: also| always| more than)? (?:be )?"
    r"(?:glad|happy|delighted|pleased) to\b",
    # "If EU residency is a must, I can set up a call", "If you'd like to talk it through, happy to set up time"
    r"(?:^(?:[^:]{1,40}:\s+)?(?:(?:if|should|whenever|once) [^,]{1,90}, )?|\band )(?:(?:i|we) (?:can|could) (?:also |always |easily )?\w"
    r"|(?:more than )?(?:happy|glad|delighted) to\b)",
)
_NO_CHOICE = (r"(?![^?]*\b(?:or|monday|tuesday|wednesday|thursday|friday|today|tomorrow|tonight|\d{1,2}(?::\d\d)?\s*(?:am|pm)"
              r"|\d{1,2}:\d\d)\b)")
# Offer questions leave the decision with the recipient but ask nothing of them ("Want me to send the deck?",
# "Shall I send it over?"), unless they offer a choice or a time ("…to you or to procurement?", "…Thursday at 2?").
_OFFER_Q = _Cue(
    "me i help hand",
    rf"^(?:do you |would you )?(?:want|like) me to\b{_NO_CHOICE}",
    rf"^would it help (?:if (?:i|we)\b|to have (?:our|my|me)\b){_NO_CHOICE}",
    r"^(?:need|want) (?:a hand|any help|some help)\b",
    rf"^(?:shall|should|can) i (?:also |just )?(?:send|resend|share|forward|pass (?:it |this |that )?(?:on|along)|put together|prepare"
    rf"|draft|loop in|introduce|set up|arrange|book|schedule|ask (?:him|her|them|our|my)|bring|include|add|hold|reserve|call"
    rf"|email|ping|get (?:you|our|my)|have (?:our|my))\b{_NO_CHOICE}",
)
# The customer's own question reported back ("You asked whether we could do 10% off"): context, not a request.
_REPORTED_Q = _Cue(
    "asked wondered wanted",
    r"^you (?:asked|wondered|wanted to know|were wondering) (?:whether|if|about|for|how|what|when|why)\b",
)
_SELF_PROMISE = _Cue(
    "i'll will we'll going shall plan intend let",
    r"\b(?:i'll|i will|we'll|we will|i'm going to|we're going to|i am going to|we are going to|i shall|we shall|"
    r"i plan to|we plan to|i intend to|let me(?! know))\b",
)
_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays mon tue tues
    wed thu thur thurs fri today tomorrow tonight tonite eod cob asap week month quarter morning afternoon evening am pm
    january february march april june july august september october november december jan feb mar apr jun jul aug sep
    sept oct nov dec""".split()
)
_AM_PM = frozenset(("am", "pm"))
_CLOCK = re.compile(r"\d(?::\d\d)?\s*(?:am|pm|a\.m|p\.m)\b")
_MARKETING = _Cue(
    "shop buy order download subscribe sign register install upgrade claim redeem save get shipping off limited store",
    r"\b(?:shop|buy|order|download|subscribe|sign up|register|install|upgrade|claim|redeem|save|get (?:started|yours|it now))\b"
    r"[^.?!]{0,40}\b(?:now|today|free|here|online|the app)\b",
    r"\bfree shipping\b", r"\b\d+% off\b", r"\blimited time\b", r"\bapp store\b",
)

_STRONG = frozenset(
    ("modal_you", "please_verb", "imp", "avail", "lets", "want", "wh_you", "wh_q", "appreciate", "need_you", "kindly", "lmk",
     "we_q", "time_q", "aux_q_you")
)
_I_START = frozenset("i i'm i've i'd we we're we've we'd my our".split())

# Trigger token -> the (feature, cue) pairs it wakes up; built once so a clause costs one dict look-up per token.
_CUE_GROUPS = {
    "vague": _VAGUE, "pleasant": _PLEASANTRY, "rhet": _RHETORICAL, "please_info": (_PLEASE_INFO,), "info": (_ATTACHED, _REPORTED_Q, _HEADS_UP, _STATEMENT), "offer_q": (_OFFER_Q,), "avail": _AVAILABLE,
    "lets": (_LETS,), "want": _WANT, "appreciate": _APPRECIATE, "need_you": _NEED_YOU, "lmk": _LMK,
    "self_promise": (_SELF_PROMISE,), "offer": (_OFFER,), "we_q": _WE_Q,
}
_Q_ONLY = frozenset(("we_q", "offer_q"))  # these cues count only in a question, so they are looked up only then
_CUE_INDEX: dict[str, list[tuple[str, _Cue]]] = {}
_Q_INDEX: dict[str, list[tuple[str, _Cue]]] = {}
for _name, _cues in _CUE_GROUPS.items():
    for _cue in _cues:
        for _t in _cue.triggers:
            (_Q_INDEX if _name in _Q_ONLY else _CUE_INDEX).setdefault(_t, []).append((_name, _cue))
_INDEXES = ((_CUE_INDEX, frozenset(_CUE_INDEX)),)
_INDEXES_Q = (*_INDEXES, (_Q_INDEX, frozenset(_Q_INDEX)))

# --------------------------------------------------------------------------------------------------
# Features shared with training/train_asks.py

# Lower-cased text -> tokens with one C-level translate + split: "?" and "," stay tokens, other punctuation goes.
_PUNCT = '.!;:()[]{}<>"/\\|*_~=+&#^`-'
_SPLIT = str.maketrans({**{c: " " for c in _PUNCT + "…"}, "?": " ? ", ",": " , "})
_SPLIT_ASCII = bytes.maketrans(_PUNCT.encode(), b" " * len(_PUNCT))  # bytes.translate is C-fast


def normalise(text: str) -> str:
    low = text.lower() if text.isascii() else text.translate(_QUOTES).lower()
    if "pls" in low or "plz" in low:
        low = re.sub(r"\b(?:pls|plz|plse)\b", "please", low)
    return low


_TIME_CLAUSE = re.compile(r"(?i:when|whenever|once|as soon as)\b[^,?]{1,60},\s+(?=\S)")


def _lead(clause: str) -> str:
    """Drop a leading vocative ("Anna, …") or time clause ("When you're ready, …") so the first word is the
    main clause's real first word."""
    t = _TIME_CLAUSE.match(clause)
    if t:
        clause = clause[t.end() :]
    m = _VOCATIVE.match(clause)
    word = m and clause[: m.end()].split()[0].rstrip(",:").lower()
    if word and word not in _NOT_VOCATIVE and word not in _TIME_WORDS:  # "Thursday, usual time?" keeps its day
        return clause[m.end() :]
    return clause


def _prepare(clause: str) -> tuple[str, list[str]]:
    low = normalise(_lead(clause)).strip()
    if low.isascii():
        spaced = low.encode().translate(_SPLIT_ASCII).decode()
        if "?" in spaced:
            spaced = spaced.replace("?", " ? ")
        if "," in spaced:
            spaced = spaced.replace(",", " , ")
        return low, spaced.split()
    return low, low.translate(_SPLIT).split()


def rule_features(clause: str, prepared: tuple[str, list[str]] | None = None) -> set[str]:
    """The names of the syntactic cues present in one clause (original casing in, so vocatives can be told
    apart). A set of names rather than a dict of booleans: most cues are absent, so this is cheaper."""
    low, toks = prepared or _prepare(clause)
    ts = set(toks)
    n = len(toks)
    q = "?" in ts
    i = 0
    while i < n and toks[i] in _LEAD_WORDS:
        i += 1
    first = toks[i] if i < n else ""
    second = toks[i + 1] if i + 1 < n else ""
    hits: set[str] = set()
    for index, triggers in _INDEXES_Q if q else _INDEXES:
        for t in ts & triggers:
            for name, cue in index[t]:
                if name not in hits and cue.search(low):
                    hits.add(name)
    if "lets" in hits and "pleasant" in hits:
        hits.discard("lets")
    you = not _YOU.isdisjoint(ts)
    if you:
        hits.add("you")
        if not _MODALS.isdisjoint(ts) and any(toks[j] in _MODALS and toks[j + 1] in _YOU_WORDS for j in range(n - 1)):
            hits.add("modal_you" if q or first in _MODALS or "please" in ts else "modal_you_stmt")
    if q:
        hits.add("q")
        if (first in _SENDER_AUX and second == "i") or "did i mention" in low:
            hits.add("sender_q")
        if first in _WH:
            hits.add("wh_q")
            if you:
                hits.add("wh_you")
        elif first in _AUX:
            if second in _YOU_WORDS_Q:
                hits.add("aux_you_q")
            elif second in _WE_US:
                hits.add("aux_we_q")
            elif you:
                hits.add("aux_q_you")  # "Is bundling something your team has on its list?": a question to them
    elif first in _IF_START:
        hits.add("if_start")
        if "," in ts:  # "If it's worth 20 minutes, pick any slot here": the order after the condition
            after = toks[toks.index(",") + 1 :]
            if after and after[0] in _IMPERATIVE and after[0] not in _NOT_IMP_START and after[0] not in _CHATTY:
                hits.add("imp")
    if "please" in ts and "please_info" not in hits and _please_verb(toks):
        hits.add("please_verb")
    if (
        first in _IMPERATIVE
        and first not in _NOT_IMP_START
        and second not in _NON_VERB_AFTER_IMP
        and not (first in _CHATTY and second in _SOON_YOU)
        and not (i and toks[i - 1] == "quick")  # "Quick update before the weekend": a noun, not an order
    ) or (first in _DO_DONT and second and second not in _NOT_AFTER_DONT):
        hits.add("imp")
        # Marketing calls to action matter only for subject-less imperatives ("Shop now"), so only then are they sought.
        if not you and _MARKETING(low, ts):
            hits.add("mkt")
    if "kindly" in ts:
        hits.add("kindly")
    time_words = ts & _TIME_WORDS
    if time_words and (time_words - _AM_PM or _CLOCK.search(low)):
        hits.add("time")
        if q and n <= 8 and first not in _I_START:
            hits.add("time_q")
    if first in _I_START:
        hits.add("i_start")
    if "@" in low or "$link" in low or "http" in low or "www." in low or ".com" in low:
        hits.add("link")
    if n < 5:
        hits.add("short")
    elif n > 30:
        hits.add("long")
    return hits


_SENDER_AUX = frozenset("did have had am was".split())
_YOU_WORDS = frozenset(("you", "u", "ya"))
_YOU_WORDS_Q = frozenset(("you", "u", "your", "ya"))
_WE_US = frozenset(("we", "us"))
_CHATTY = frozenset(("see", "talk", "speak", "chat"))
_SOON_YOU = frozenset(("you", "soon"))
_DO_DONT = frozenset(("do", "don't"))
_IF_START = frozenset(("if", "should", "whenever", "once"))
_PLEASE_NEXT = frozenset(("let", "do", "also", "just", "could", "can", "would", "?", ","))


def _please_verb(toks: list[str]) -> bool:
    """ "please" before a verb ("please sign"), or at the clause's edge ("Send it over, please")."""
    n = len(toks)
    for j, t in enumerate(toks):
        if t == "please":
            nxt = toks[j + 1] if j + 1 < n else ""
            if nxt in _IMPERATIVE or nxt in _PLEASE_NEXT or j + 1 >= n - 1:
                return True
    return False


def ngram_features(clause: str, prepared: tuple[str, list[str]] | None = None) -> list[str]:
    toks = (prepared or _prepare(clause))[1]
    grams = ["w:" + t for t in toks]
    prev = "<s>"
    for t in toks:
        grams.append("b:" + prev + " " + t)
        prev = t
    return grams


def features(clause: str) -> tuple[set[str], list[str]]:
    """Rule cues and the feature names the linear model reads (``r:`` rules, ``w:``/``b:`` n-grams)."""
    prepared = _prepare(clause)
    rules = rule_features(clause, prepared)
    names = ["r:" + k for k in sorted(rules)] + ngram_features(clause, prepared)
    return rules, names


# --------------------------------------------------------------------------------------------------
# The learned model (weights from training/train_asks.py)

_MODEL_PATH = Path(__file__).with_name("data") / "asks.json"


def _load_model() -> tuple[float, float, dict[str, float]]:
    try:
        data = json.loads(_MODEL_PATH.read_text(encoding="utf-8"))
    except FileNotFoundError:  # rules alone still work; training imports this module before the file exists
        return 0.0, math.inf, {}
    return float(data["bias"]), float(data["threshold"]), {k: float(v) for k, v in data["weights"].items()}


_BIAS, _THRESHOLD, _WEIGHTS = _load_model()
# The same weights split by kind so scoring needs no string building: rule name, token, previous -> token.
_RULE_W = {k[2:]: v for k, v in _WEIGHTS.items() if k.startswith("r:")}
# token -> (its unigram weight, {next token: bigram weight}); one look-up per token.
_TOKEN_W: dict[str, tuple[float, dict[str, float]]] = {}
for _k, _v in sorted(_WEIGHTS.items()):
    if _k.startswith("w:"):
        _TOKEN_W[_k[2:]] = (_v, _TOKEN_W.get(_k[2:], (0.0, {}))[1])
    elif _k.startswith("b:"):
        _a, _, _b = _k[2:].partition(" ")
        _TOKEN_W.setdefault(_a, (0.0, {}))[1][_b] = _v
_NO_WEIGHT: tuple[float, dict[str, float]] = (0.0, {})


def model_score(names: list[str]) -> float:
    w = _WEIGHTS
    return _BIAS + sum(w.get(n, 0.0) for n in names)


def _fast_score(rules: set[str], toks: list[str]) -> float:
    """``model_score(features(...))`` without building the feature list."""
    s = _BIAS
    rule_w = _RULE_W.get
    for k in rules:
        s += rule_w(k, 0.0)
    get = _TOKEN_W.get
    nexts = get("<s>", _NO_WEIGHT)[1]
    for t in toks:
        if nexts:
            s += nexts.get(t, 0.0)
        w, nexts = get(t, _NO_WEIGHT)
        s += w
    return s


def is_ask(clause: str) -> bool:
    """Does this clause (or whole sentence) ask the recipient for something concrete?"""
    return _judge(clause) is not None


def decide(rules: set[str], score, threshold: float | None = None) -> str | None:
    """The decision order described in the module docstring; ``score`` is called only if rules are silent."""
    if _hard_negative(rules):
        return None
    if _has_strong(rules):
        return "rule"
    if not rules.isdisjoint(_BLOCK_MODEL) or _long_statement(rules):
        return None
    return "model" if score() >= (_THRESHOLD if threshold is None else threshold) else None


_NEVER = frozenset(("vague", "rhet", "sender_q"))
_SHARP = frozenset(("modal_you", "avail", "please_verb", "lmk"))  # the cues that survive a pleasantry in the same clause
_BLOCK_MODEL = frozenset(("self_promise", "please_info", "info", "offer"))


def _long_statement(rules: set[str]) -> bool:
    """Over 30 tokens (words and commas), no question mark and no request cue: in sales email that is an explanation, and the
    n-gram model (trained on short Enron sentences) over-reads the "you"s and dates in it."""
    return "long" in rules and "q" not in rules


def _hard_negative(f: set[str]) -> bool:
    return (not f.isdisjoint(_NEVER) or ("pleasant" in f and f.isdisjoint(_SHARP))
            or "offer_q" in f)


def _judge(clause: str) -> str | None:
    """The reason a clause is an ask ("rule" or "model"), or None: ``decide`` inlined, as it runs per clause."""
    prepared = _prepare(clause)
    rules = rule_features(clause, prepared)
    if (not rules.isdisjoint(_NEVER) or ("pleasant" in rules and rules.isdisjoint(_SHARP))
            or "offer_q" in rules):  # _hard_negative, inlined
        return None
    if "mkt" not in rules and not rules.isdisjoint(_STRONG):
        return "rule"
    if not rules.isdisjoint(_BLOCK_MODEL) or ("long" in rules and "q" not in rules):  # _long_statement, inlined
        return None
    return "model" if _fast_score(rules, prepared[1]) >= _THRESHOLD else None


def _has_strong(rules: set[str]) -> bool:
    if "mkt" in rules:
        return False  # "Shop now and save": a marketing call to action, not something asked of this recipient
    return not rules.isdisjoint(_STRONG)


# --------------------------------------------------------------------------------------------------
# Clauses and the analyser

# Clause boundaries inside a sentence: semicolons, dashes, and ", but"/", and"/", so" before a new clause.
_CLAUSE_CUT = re.compile(r";\s+|[-–—]+(?=[\s\w])|,\s+(?=(?:but|and|so|or)\s)|\.\.\.+\s*|:\s+(?=[A-Z])")
_LEADING_CONJ = re.compile(r"^(?:but|and|so|or)\s+", re.I)


def _may_split(t: str) -> bool:
    """Substring checks (C-fast) before the clause regex: most sentences are one clause."""
    return (
        ";" in t or " -" in t or "—" in t or "–" in t or ": " in t or "..." in t
        or (", " in t and (", but " in t or ", and " in t or ", so " in t or ", or " in t))
    )


def _clauses(text: str, base: int):
    """(start, end) offsets of the clauses of one sentence, whitespace-trimmed."""
    pos = 0
    for m in _CLAUSE_CUT.finditer(text):
        s, e = m.start(), m.end()
        c = text[s]
        if c in "-–—":
            before = text[s - 1] if s else " "
            if c == "-" and not (before.isspace() and text[e : e + 1].isspace()):
                continue  # a hyphen: "30-minute", "e-mail"
            if before.isspace() != text[e : e + 1].isspace():
                continue
            while e < len(text) and text[e].isspace():
                e += 1
        end = s
        while end > pos and text[end - 1].isspace():
            end -= 1
        if end > pos:
            yield base + pos, base + end
        pos = e
    if pos < len(text):
        yield base + pos, base + len(text)


_SUBORDINATORS = frozenset(("when", "whenever", "where", "wherever", "while", "if", "once"))


def _opens_question(clause: str) -> bool:
    """Does the clause (or what follows its colon: "One question: is it still on?") open like a question?"""
    words = normalise(_lead(clause.rpartition(": ")[2])).split(None, 1)
    return bool(words) and (words[0] in _AUX or words[0] in _WH) and words[0] not in _SUBORDINATORS


def find_asks(doc, commitments=()) -> list[Ask]:
    """Asks in the reviewed sentences, one per sentence, spanning its first to last asking clause."""
    out: list[Ask] = []
    signoff = doc.signoff
    spans = [(c.start, c.end) for c in commitments]
    for sent in doc.sentences:
        if signoff and sent.start >= signoff[0]:
            continue
        first = last = None
        split = _may_split(sent.text)
        pieces = _clauses(sent.text, sent.start) if split else ((sent.start, sent.end),)
        question = split and sent.text.rstrip().endswith("?")
        for cs, ce in pieces:
            piece = doc.text[cs:ce]
            lead = cs != sent.start and _LEADING_CONJ.match(piece)
            if lead:
                cs += lead.end()
                piece = piece[lead.end() :]
            if question and "?" not in piece and _opens_question(piece):
                piece += "?"  # "Is the meeting still on the 14th, or has it moved?": each half is a question
            verdict = _judge(piece) if piece.strip() else None
            if verdict == "model" and any(s < ce and cs < e for s, e in spans):
                verdict = None  # a promise the commitments analyser owns, not a request
            if verdict:
                first = cs if first is None else first
                last = ce
        if first is not None:
            if question and doc.text[last : sent.end].lstrip(" ,").startswith("or "):
                last = sent.end  # "…still on the 14th, or has it moved?": the alternative belongs to the question
            end = last
            # Keep the sentence's closing "?" or "." when the ask runs to the end of the sentence.
            if sent.end - end <= 3 and doc.text[end:sent.end].strip(" )\"'") in ("", "?", ".", "!", "?.", "??"):
                end = sent.end
            while end > first and doc.text[end - 1] in " ,;:-–—":
                end -= 1
            out.append(Ask(doc.text[first:end], first, end))
    return out


# --------------------------------------------------------------------------------------------------
# next_step.missing

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ACK = re.compile(
    r"^(?:(?:hi|hey|hello|dear)\b.*|(?:many |big )?thanks?\b.*|thank you\b.*|got it\b.*|sounds (?:good|great|perfect)\b.*|"
    r"(?:great|perfect|awesome|excellent|wonderful|lovely|cool|ok|okay|noted|understood|will do|received|appreciated?|"
    r"much appreciated|no problem|no worries|of course|absolutely|sure|done|yes|yep|agreed)\b.*|"
    r"see you (?:then|there|soon|on \w+|\w+day)\b.*|talk (?:soon|then)\b.*|(?:best|regards|cheers|thanks|sincerely)\b.*|"
    r"(?:have a|enjoy (?:your|the)) .*|[A-Z][a-z]+[.!,]?)$",
    re.I,
)
_ACK_MAX_WORDS = 30
MISSING_MESSAGE = (
    "This email asks for nothing concrete. Good salespeople always ask for a commitment: "
    "a call, a date, a decision."
)


def _meeting_days(sent_at) -> tuple[str, str]:
    """Two business days starting two days after sending, e.g. sent Monday → Wednesday or Thursday."""
    day: date = sent_at.date() + timedelta(days=2)
    picks: list[str] = []
    while len(picks) < 2:
        if day.weekday() < 5:
            picks.append(_WEEKDAYS[day.weekday()])
        day += timedelta(days=1)
    return picks[0], picks[1]


def _is_acknowledgement(doc, body) -> bool:
    """A very short reply made only of thanks/acknowledgements ("Thanks, got it!") needs no ask."""
    words = sum(len(s.text.split()) for s in body)
    return words <= _ACK_MAX_WORDS and all(_ACK.match(s.text.strip()) for s in body)


def missing_next_step(doc, asks: list[Ask]) -> list[Finding]:
    """One warning when the reviewed text asks for nothing concrete.

    Skipped when there are no reviewed sentences, when an ask exists, and for a very short reply that is a
    pure thank-you or acknowledgement (≤ 30 words, every sentence a thanks/greeting/ok/sign-off): pushing
    for a meeting in "Thanks, got it!" would be bad advice.
    """
    if asks or not doc.sentences:
        return []
    signoff = doc.signoff
    body = [s for s in doc.sentences if not (signoff and s.start >= signoff[0])] or list(doc.sentences)
    if _is_acknowledgement(doc, body):
        return []
    anchor = None
    for s in reversed(body):
        if "vague" in rule_features(s.text):
            anchor = s
            break
    if anchor is None:
        real = [s for s in body if not _ACK.match(s.text.strip()) or len(s.text.split()) > 6]
        anchor = (real or body)[-1]
    d1, d2 = _meeting_days(doc.draft.sent_at)
    return [
        Finding(
            category="next_step",
            kind="next_step.missing",
            severity="warning",
            start=anchor.start,
            end=anchor.end,
            text=anchor.text,
            message=MISSING_MESSAGE,
            suggestion=f"Could we book 20 minutes on {d1} or {d2} to go through it?",
        )
    ]


def analyse(doc, commitments) -> tuple[list[Ask], list[Finding]]:
    asks = find_asks(doc, commitments)
    return asks, missing_next_step(doc, asks)
