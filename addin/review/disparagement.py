"""Disparagement: the sender running down their own company, product or colleagues, or agreeing with the
customer's complaints about them ("you're right, our onboarding is terrible").

Rules, because the signal is structural: an own-side subject ("our support team", "my manager", "the
engineers here", the sender's company by name) followed by a negative verdict ("is useless", "has been a
mess", "never approves anything"). The exceptions are structural too and each is checked explicitly:

* other people's things are not ours: "their tool is clunky", "our competitor's product is buggy";
* a negated verdict is not one ("our product isn't buggy" — the patterns simply do not match it);
* owning a mistake ("sorry, we got the invoice wrong") has no verdict word; an apology with a *mild*
  verdict ("I'm sorry our support has been slow") is owning it too, while a harsh one ("sorry, our support
  is useless") is still bad-mouthing;
* a past problem described next to its fix ("our old importer was buggy, which is why we rebuilt it") and
  the customer's words reported ("you said onboarding was confusing") are context, not a verdict — unless
  the sender agrees ("…and you're right");
* questions ("was our onboarding confusing?") ask for feedback.

A keyword pre-filter (a set look-up over each sentence's words) skips almost every sentence before any pattern
runs; patterns are lower-case and case-sensitive over a lower-cased copy, because ``re.IGNORECASE`` disables
the first-character skip that keeps a regex search cheap.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .model import Finding
from .words import FREE_MAIL, word_set

# Verdicts. Harsh ones are bad-mouthing even inside an apology; mild ones are not.
_HARSH = (
    r"useless|terrible|awful|horrible|horrendous|dreadful|abysmal|atrocious|pathetic|incompetent|hopeless|clueless|lazy|"
    r"garbage|trash|crap|crappy|rubbish|junk|shoddy|sloppy|careless|misleading|lousy|a black hole|a fantasy|fiction|"
    # "a total nightmare", "a bureaucratic mess", "a complete rip-off"
    r"an? (?:(?:total|complete|real|absolute|utter|right|proper|bloody|massive|huge|bureaucratic|genuine|operational"
    r"|logistical|pr|fricking|freaking) ){1,2}(?:mess|nightmare|disaster|joke|shambles|circus|farce|train ?wreck"
    r"|dumpster fire|rip-?off|black hole|embarrassment|clown show)|a rip-?off|"
    r"anything but (?:simple|easy|straightforward|fast|quick|reliable|smooth|clear|intuitive|user-friendly|stable)"
    r"|slower than (?:molasses|treacle|a snail|a wet week|continental drift|a week of sundays)|"
    r"where [\w-]+(?: [\w-]+)? go to die|a maze|a labyrinth|a (?:muddle|guddle|dog's dinner)|"
    r"a fairy ?tale|vaporware|shambolic|a dog's (?:breakfast|dinner)|a pig's ear|a car crash|a basket case|a sinking ship|a money pit|held together with (?:duct |sticky |gaffer )?(?:tape|string|chewing gum)|a house of cards|ridiculous|absurd|insane|a farce|archaic|byzantine|kafkaesque|amateur hour|"
    r"broken|buggy|unreliable|unstable|flaky|a mess|a mess right now|"
    r"a disaster|a nightmare|a joke|a shambles|a train ?wreck|a dumpster fire|a circus|chaos|chaotic|disorgani[sz]ed|the worst|"
    r"embarrassing|an embarrassment|amateurish|half-baked|second-rate|subpar|sub-par|painful to (?:use|work with|deal with)|"
    r"impossible to (?:use|work with|deal with|reach)|an idiot|idiots|a moron|morons|stupid|dumb|a clown show|clowns|"
    r"a pain(?: to (?:use|work with|deal with))?|bad|really bad|so bad|not (?:very |that |really |exactly )?(?:good|great|reliable|"
    r"competent|helpful|usable)|not fit for purpose"
)
_MILD = (
    r"not where (?:it|they|we) should be|not up to (?:scratch|par|standard)|weak|pretty weak|overloaded|overcommitted|over-committed|understaffed|short-staffed|stretched (?:too )?thin|behind the curve|behind the times|"
    r"(?:too|overly) (?:complicated|complex|convoluted|long|slow|clunky|manual|fiddly|rigid|expensive|bureaucratic)|overcomplicated|over-complicated|convoluted|the weakest (?:part|link|feature)|"
    r"a sore (?:spot|point)|a weak (?:spot|point)|a headache|a pain point|a letdown|worse than (?:the old one|before|it used to be)|"
    r"(?:clunkier|slower|buggier|harder to use|more confusing) than (?:the old (?:one|version|portal|system|app)|before|it used to be|it was)|"
    r"a downgrade|a step backwards?|a step back|a work in progress|stretched (?:very |really |so |pretty )thin|temperamental|slow|so slow|sluggish|clunky|confusing|frustrating|outdated|dated|behind the times|overpriced|mediocre|"
    r"not (?:very |that |really |exactly )?(?:fast|responsive|intuitive|user-friendly|polished|stable)|hard to use|difficult to use"
)
_ADV = (
    r"(?:(?:honestly|frankly|really|pretty|so|super|totally|completely|just|kind of|kinda|sort of|a bit|a little(?: bit)?|"
    r"quite|very|extremely|incredibly|impossibly|painfully|notoriously|absolutely|still|always|often|sometimes|truly|genuinely|"
    r"way|far|much|clearly|simply|plain|downright|"
    r"basically|utterly|rather|fairly|known to be|between you and me|to be honest|tbh|if i'm honest|ngl|a|such a|an|"
    r"of|something|to put it (?:kindly|mildly|politely|nicely)|to be kind),?\s+)*"
)
_BE = (
    r"(?:is|are|was|were|'s|'re|has been|have been|had been|can be|could be|gets|get|got|seems|seem|seemed|looks|look|feels|feel|"
    r"remains|remain|keeps being|has gotten|have gotten|has become|have become|has always been|have always been|is always|are always)"
)
_VERDICT = rf"(?P<verdict>(?P<harsh>{_HARSH})|(?P<mild>{_MILD}))\b"
# Things an "our" can own that are not the sender's company (or are shared with the recipient).
_NOT_OURS = (
    r"competitors?'?s?|competition|rivals?'?s?|vendors?|(?:customers?|clients?)(?! (?:service|success|support|care|experience))|"
    r"prospects?|meeting|call|calls|chat|conversation|"
    r"discussion|relationship|partnership|deal|timeline|deadline|weekend|week|day|trip|lunch|dinner|kids?|family|dog|weather|"
    r"flight|commute|lives|life|connection|wifi|internet|budget|budgets|contract|negotiation|last"
)
_NOT_OURS_RX = re.compile(rf"\b(?:{_NOT_OURS})\b")
_NP_STOP = (r"(?:shows?|showed|found|finds|suggests?|suggested|says?|said|means?|indicates?|proves?|confirms?|your|their"
            r"|his|her|most|many|every|all)")
# "our account management on your brief": the customer's name for what we do for them is still ours
_NP = rf"(?P<np>(?:(?!{_NP_STOP}\b)[\w'&/-]+\s+){{0,5}}?(?!{_NP_STOP}\b)[\w'&/-]+(?:\s+(?:on|for|with) your [\w'-]+)?)"
_MY_WHO = (
    r"manager|boss|vp|director|cfo|ceo|cto|coo|head of \w+|team|company|employer|colleagues?|co-?workers?|engineers|developers|"
    r"devs|support team|support|management|leadership|department|org|organi[sz]ation|legal team|finance team|product team|"
    r"sales team|ops team|it team|product|platform|software|tool|app"
)
_VERB_COMPLAINT = (
    r"never (?:approves?|ships?|releases?|signs? off on|responds? to|replies to|answers|gets? back to|reads|delivers|listens to|follows? through on)"
    r"(?: (?:anything|a thing|anyone|anybody|on time|in time|emails?|me|us|requests?|tickets?))?(?=\s*(?:$|[.,;!?]|and\b|but\b))"
    r"|never (?:approves?|delivers|ships|works|listens|responds|replies|answers|follows through)(?=\s*(?:$|[.,;!?]|and\b|but\b))"
    r"|(?:oversold|overpromised|over-promised|overhyped|(?:dropped|dropping|drops|drop) the ball|botched|cut corners)\b"
    # "has been missing its own deadlines for months", "overcommitted and missing basic deadlines"
    r"|(?:(?:has|have) been (?:[\w-]+ and )?|(?:is|are|keeps?|kept) )?(?:constantly |repeatedly |always )?missing (?:(?:its|their|his|her)"
    r" own |basic |its |their |every |all (?:the |its |their )?)?deadlines\b"
    r"|refuses? to (?:fix|listen|invest|budge|approve|change|update|deal with|do anything)\b"
    r"|keeps? making (?:(?:dumb|bad|stupid|terrible|awful|poor|ridiculous|idiotic|short-sighted|boneheaded|baffling) )"
    r"(?:[\w-]+ )?(?:decisions|calls|choices|mistakes)\b"
    r"|never (?:approves?|signs? off on|agrees to) (?:anything|a thing) without\b"
    r"|(?:has|have) (?:its|their|his|her) heads? (?:in the sand|in the clouds)"
    r"|(?:is|are|was|were|has been|have been) (?:in denial|asleep at the wheel)"
    r"|(?:couldn't|could not|can't|cannot) (?:organi[sz]e (?:a|an) (?:piss-up|piss up|booze-up|knees-up|bake sale|raffle|fish fry"
    r"|bun fight|kegger|two-car funeral|party in a brewery|chook raffle|sausage sizzle)|find (?:its|their|his|her) way out of a paper bag|run a bath)"
    r"|(?:isn't|is not|aren't|are not|wasn't|weren't) (?:fit for purpose|good enough|up to (?:scratch|par|the job))\b"
    r"|(?:keeps?|kept) changing (?:it|its mind|their minds?|the \w+) because\b|can't make up (?:their|its|his|her) minds?\b"
    r"|(?:has|have) (?:really |badly )?fallen behind\b|(?:is|are) falling behind\b"
    r"|(?:has |have )?(?:really |completely |totally )?(?:messed|screwed|mucked|fouled) (?:up|it up|things up)\b"
    r"|(?:has|have) no (?:idea|clue)\b|(?:doesn't|does not|don't|do not) have a clue\b"
    r"|keeps? (?:shipping|releasing|pushing|putting out) (?:[\w-]+ )?(?:half-finished|half-baked|buggy|broken|untested|unfinished)\b"
    r"|(?:still )?(?:haven't|have not|hasn't|has not|never) (?:fixed|addressed|solved|resolved|bothered)\b"
    r"(?! (?:a|an|one) [\w-]+ (?:this|so|that) )"
    r"|(?:have|has) known about (?:it|this|that|the \w+) (?:since (?:launch|day one|the (?:start|beginning|launch))"
    r"|for (?:months|years|ages|a long time))\b"
    r"|(?:pushed|shipped|released|rolled) (?:[\w'-]+ ){0,3}?(?:out )?without (?:proper |any |enough |real )?(?:testing|qa)\b"
    r"|takes? forever|drags? (?:its|their|his|her) feet|keeps? (?:crashing|breaking|failing|going down|messing up|screwing up)"
    r"|(?:always|constantly) (?:crashes|breaks|fails|screws (?:up|things up)|messes (?:up|things up)|drops the ball|gets? it wrong)"
    r"|(?:crashes|breaks|fails|goes down) (?:all the time|constantly|every (?:day|week|other day))"
    r"|(?:doesn't|does not|don't|do not) (?:really |actually )?(?:work|know what (?:they're|they are|he's|she's) doing|care)"
    r"(?=\s*(?:$|[.,;!?]|and\b|but\b|half the time|most of the time|properly|at all))"
    r"|hates? (?:it|this|that|them)\b"
    # "did a bad job", "handled this badly", "as usual, did not transmit the order", "had no business making"
    r"|did (?:a |an )?(?:bad|poor|terrible|lousy|sloppy|shoddy|rubbish|awful|crap) job\b"
    r"|(?:clearly |just )?(?:did not|didn't) do (?:their|its|his|her) job\b"
    r"|(?:has|have) had (?:a (?:shocker|nightmare|bad (?:month|week|year|run|day))|an? (?:awful|terrible|shocking) (?:month|week|year|run))\b"
    r"|promised (?:features|things|functionality|capabilities) (?:that|which) (?:are still|were still|don't|do not|aren't|we don't)\b"
    r"|has a mind of its own|promises? one thing (?:to [\w-]+ )?and (?:then )?does? (?:another|the opposite|something else)"
    r"|(?:have|has) (?:clearly |obviously |evidently )?been (?:on (?:a|the) long lunch|out to lunch)"
    r"|would (?:redline|lawyer|nitpick|argue with|red-pen) a (?:birthday card|shopping list|grocery list|post-it note|christmas card)"
    r"|,?\s*(?:who|which)\s+(?:move|moves|work|works|operate|operates)\s+at\s+(?:roughly |about |approximately )?the speed of\b"
    r"|and the (?:word|concept|idea) (?:of )?[\"“'‘]?[\w-]+[\"”'’]? (?:are|is|aren't|isn't) (?:not )?(?:well |exactly |even |really )?"
    r"(?:acquainted|friends|on speaking terms)"
    r"|(?:wasn't|isn't|was not|is not|was never|is never) (?:great|good|big|one) (?:at|on|for) (?:keeping|updating|following|documenting"
    r"|returning|writing)\b"
    r"|handled (?:it|this|that|things|the [\w-]+|your [\w-]+)(?: [\w-]+)? (?:badly|poorly|terribly|appallingly|horribly)\b"
    r"|,\s*as usual,?\s+(?:did not|didn't|forgot|failed|missed|lost|dropped|messed up|got it wrong|mixed up)\b"
    r"|(?:was|is|were|are|has never been|have never been) never (?:big on|good at|great at|one for)\b"
    r"|pushed (?:it|this|that) through over (?:[\w']+ ){0,3}?objections\b"
    r"|(?:can't|cannot|couldn't) (?:seem to |ever )?(?:get|do) anything right|sucks?|suck at \w+|(?:is|are) terrible at|(?:is|are) useless at|(?:is|are) hopeless at"
)
_OWN_SUBJECT = re.compile(
    rf"\b(?:our|my)\s+(?!(?:{_NOT_OURS})\b){_NP}"
    # "our tracking portal, eh — it's garbage", "our billing system, which is a mess"
    rf"(?:,?\s+(?:eh|though|honestly|frankly|tbh))?"
    rf"(?:\s*(?:[—–:]|\s-|,)\s*(?:(?:honestly|frankly|and|but)\s*,?\s+)?(?:it|they|which)(?=['\s]))?"
    # "…has really dropped the ball": an auxiliary and an adverb may come before the complaint
    rf"\s*(?:{_BE},?\s+{_ADV}{_VERDICT}|(?:(?:has|have|had|'ve|'s)\s+)?(?:(?:really|totally|completely|clearly|badly|seriously"
    rf"|genuinely|honestly|frankly|just|again|always)\s+)?(?P<complaint>{_VERB_COMPLAINT}))",
)
_MY_ONLY = re.compile(rf"^my\s+(?:\w+\s+){{0,2}}?(?:{_MY_WHO})\b")
_HERE_SUBJECT = re.compile(
    rf"\b(?P<np>(?:the\s+)?(?:people|folks|guys|engineers|developers|devs|team|management|leadership|support(?: team)?|"
    rf"sales(?: team)?|legal(?: team)?|finance(?: team)?|product(?: team)?|it|ops|everyone|everybody|they|things))\s+"
    rf"(?:here|on our (?:side|end)|at our (?:end|company|place|office)|in our (?:office|company|team)|internally|in-house)\s+"
    rf"(?:{_BE}\s+{_ADV}{_VERDICT}|(?P<complaint>{_VERB_COMPLAINT}))",
)
# "…but corporate keeps making dumb pricing decisions": the sender's head office, anywhere in the sentence.
_UPSTAIRS = re.compile(
    rf"(?<!your )(?<!their )\b(?P<np>head office|corporate|hq|upper management|senior management|the powers that be|the higher-ups"
    rf"|the people upstairs|the bean counters),?\s*(?:{_BE}\s+{_ADV}{_VERDICT}|(?P<complaint>{_VERB_COMPLAINT}))"
)
# "the new claims portal we rolled out in December is garbage", "the new CRM they forced on us is garbage"
_WE_BUILT = re.compile(
    rf"\bthe (?P<np>(?:[\w'-]+\s+){{0,3}}?[\w'-]+)\s+(?:that\s+|which\s+)?(?:we(?:'ve| have)?\s+(?:rolled out|built|launched|released"
    rf"|shipped|introduced|implemented|moved to|switched to|migrated to|bought|adopted)|(?:they|management|leadership|corporate"
    rf"|head office|it)\s+(?:forced on us|made us (?:use|adopt|switch to|move to)))(?:\s+[\w'-]+){{0,3}}?\s+{_BE}\s+{_ADV}{_VERDICT}"
)
# "The mobile app is not our finest work", "the left hand doesn't know what the right hand is doing here".
_NOT_OUR_FINEST = re.compile(
    r"\b(?:is|was|isn't|wasn't)(?: exactly)? (?:not )?(?P<complaint>our (?:finest|best|proudest) (?:work|hour|moment|effort|product))\b"
    r"|\b(?P<complaint2>(?:the )?left hand (?:\w+ )?(?:doesn't|does not|don't) know what the right hand is doing)"
    r"|\b(?P<np2>(?:she|he|they)) had (?P<complaint3>no business (?:making|promising|offering|saying|quoting|agreeing))\b"
)
_THEIRS = re.compile(r"\b(?:your|their)\b")
# "…not gonna sugarcoat it: the Android app is garbage right now": with a candid marker in the sentence or the one
# before, "the <thing we make or run>" is ours.
_CONFIDE_STRONG = r"between (?:us|you and me|ourselves)|off the record|confidentially|i'll be (?:straight|honest|frank|upfront) with you"
_CANDOUR = re.compile(
    rf"\b(?:{_CONFIDE_STRONG}|not (?:gonna|going to) sugar-?coat|won't sugar-?coat|(?:i'll|i will) not pretend|(?:not going to|won't) pretend"
    r"|(?:not going to|won't|will not) dress (?:it|this) up|(?:will not|won't|can't|cannot) defend (?:us|it|this|that)"
    r"|i tell you openly|be (?:straight|honest|blunt|candid|frank|upfront) with you|i'll be (?:blunt|candid|frank|straight)"
    r"|level with you"
    r"|(?:said|told|raised|flagged|complained)\b[^.;]{0,30}\b(?:to|with) (?:our|my) (?:product|engineering|dev|management|leadership|boss"
    r"|manager|director|team|people|folks))\b"
)
# A word each _CANDOUR alternative contains: a substring test on the email finds them far faster than the pattern
# (which has no literal prefix to skip on), so sentences are searched only in emails holding one.
_CANDOUR_CUES = ("between", "record", "confidentially", "with you", "sugar", "pretend", "dress", "defend", "openly", "blunt",
                 "candid", "frank", "straight", "to our", "to my", "with our", "with my")
_CANDID_THE = re.compile(
    rf"\b(?P<np>the (?:[\w'-]+\s+){{0,3}}?(?:app|portal|platform|product|tool|system|integration|connector|release|update|ui"
    rf"|screen|module|crm|queue|process|software|dashboard|service desk|support|service|website|site|pricing|structure|model"
    rf"|policy|setup))\s+"
    rf"(?:{_BE},?\s+{_ADV}{_VERDICT}|(?P<complaint>{_VERB_COMPLAINT}))"
)
# Our own side by definition: "Classic us.", "I honestly don't know what goes on in there some days".
_SELF_EVIDENT = re.compile(
    r"\b(?P<complaint>(?:classic|typical) us\b|typical of us\b"
    r"|i (?:honestly |really |genuinely |just )?(?:don't|do not) know what goes on (?:in there|over there|up there|in that (?:department|team))"
    # "I'd love to tell you our renewal process is simple.", "I'd love to tell you it's coming, but our product team…"
    r"|i(?:'d| would) love to (?:tell|say to|promise) you (?:that )?our\b|i(?:'d| would) love to (?:tell|say to|promise) you\b[^.;]{0,60}\bbut our\b"
    r"|some(?:body|one) (?:upstairs|at (?:head office|hq|corporate)|in (?:finance|head office))\b[^.;]{0,60}\bdecided\b"
    r"|\bour\s+(?:[\w'-]+\s+){0,3}?(?:system|tool|crm|portal|platform|app|software|website|erp)\s+(?:has\s+)?(?:once again\s+|yet again\s+"
    r"|again\s+|apparently\s+)?(?:decided|has a mind of its own)\b"
    r"|\bdesigned (?:it|this|them) [^.;]{0,30}without (?:once |ever )?(?:speaking|talking) to (?:a|any) (?:customer|client|user)s?\b)"
)
# "I'm tired of apologizing for them": the sender takes the customer's side against their own.
_TIRED = re.compile(
    r"\bi(?:'m| am)\s+(?:so\s+|really\s+|sick and\s+|getting\s+)?tired of\s+(?P<complaint>apologi[sz]ing|making excuses|covering)"
    r"\s+for\s+(?P<np>them|our [\w'-]+(?: [\w'-]+)?|my [\w'-]+(?: [\w'-]+)?)"
)
# "Between us, the product team never ships on time": a confiding lead-in makes "the … team" our own.
_CONFIDED_SUBJECT = re.compile(
    # a department after any candid lead-in; a bare pronoun only after a confidence ("Between us, they're…"):
    # after "Frankly," a "they" is as likely the customer's old vendor
    rf"\b(?:(?:{_CONFIDE_STRONG}|(?:just )?(?:honestly|frankly)(?: speaking)?|to be honest|tbh|i won't (?:lie|sugarcoat it))"
    rf"[,:]?\s+(?P<np>the\s+(?:product|engineering|dev|development|support|sales|legal|finance|ops|operations|it|implementation"
    rf"|onboarding|billing|account management|management|leadership)(?:\s+team|\s+folks|\s+people)?|management|leadership)"
    rf"|(?:{_CONFIDE_STRONG})[,:]?\s+(?P<pronoun>they|they're(?=\s)|he|she|he's(?=\s)|she's(?=\s)"
    rf"|it's been(?=\s)|it has been(?=\s)|things have been(?=\s)|it's(?=\s)"
    # "Between you and me, Kevin wasn't great at keeping notes": a colleague by name
    rf"|[a-z]+(?=\s+(?:wasn't|isn't|was never|is never)\s+(?:great|good|big|one)\s+(?:at|on|for)\b)"
    # "Off the record, that release was a disaster", "Between you and me, the new search UI is a downgrade"
    rf"|(?:the|that|this)\s+(?:[\w'-]+\s+){{0,2}}?(?:release|update|rollout|launch|version|upgrade|migration|ui|interface"
    rf"|portal|platform|product|app|tool|system|feature|module|dashboard|process|roadmap|pricing)))\s*"
    rf"(?:(?:{_BE}\s+)?{_ADV}{_VERDICT}|(?P<complaint>{_VERB_COMPLAINT}))",
)
_WE_ARE = re.compile(
    rf"\bwe(?:'re| are| were)\s+{_ADV}(?P<verdict>(?P<harsh>(?:terrible|awful|bad|hopeless|useless|the worst) at(?: [\w-]+){{1,3}}?(?=[\s.,;:!?]|$)|"
    rf"incompetent|clueless|a mess|a joke|a disaster|a shambles|a nightmare|disorgani[sz]ed|chaotic|pathetic|hopeless|useless))\b"
    rf"|\bwe (?P<complaint>suck(?: at \w+)?|can't (?:get|do) anything right)\b",
)
_HATE = re.compile(
    r"\b(?:i|we)\s+(?:really\s+|honestly\s+|kind of\s+|kinda\s+)?(?P<complaint>hate|can't stand|despise|loathe)\s+(?:our|my|this)\s+"
    r"(?P<np>[\w'&/-]+(?:\s+[\w'&/-]+){0,2})",
)
_AGREE = (
    r"you(?:'re| are) (?:so |totally |absolutely |completely |100% )?right|you(?:'re| are) not wrong|i (?:totally |completely |fully )?"
    r"agree|agreed|i know|fair point|can't argue|no argument|i hear you|tell me about it|true|totally|absolutely|yeah|yep"
)
_AGREE_PRONOUN = re.compile(
    rf"\b(?:{_AGREE})\b[\s,;:—–-]+(?:(?:that|and) )?(?P<np>it|that|this|they|the (?:whole )?(?:thing|process|product|tool|platform|"
    rf"system|app|ui|team|support|onboarding|billing|software))\s*(?:'s|'re|\s{_BE})\s+{_ADV}(?P<verdict>(?P<harsh>{_HARSH}))\b",
)
# A sentence that only agrees ("I hear you, and I agree.") makes the next sentence's verdict on "the …" ours.
_AGREEMENT_ONLY = re.compile(
    rf"^(?:(?:honestly|frankly|look|yeah|yes|and|so|i hear you|i get it|i understand)[\s,;:—–-]+)*(?:{_AGREE})"
    rf"(?:[\s,;:—–-]+(?:and|honestly|frankly|i (?:hear|get) (?:you|it)|i (?:totally |completely |fully )?agree|you(?:'re| are) "
    rf"(?:right|not wrong)))*[\s.!]*$"
)
# Only a thing the sender's company ships or runs: after "I agree.", "the manual process is a pain" is the
# customer's own process, "the new ordering portal is clunky" is ours.
_AGREED_SUBJECT = re.compile(
    rf"^(?:(?:honestly|frankly|yeah|and)[\s,]+)?(?P<np>the (?!(?:[\w'-]+\s+){{0,3}}?(?:manual|old|existing|current|legacy|your"
    rf"|previous)\b)(?:[\w'-]+\s+){{0,3}}?(?:portal|platform|product|app|tool|system|software|dashboard|module|ui|interface"
    rf"|support(?:\s+team)?|onboarding|billing|integration|release|update|upgrade|rollout|implementation|service))"
    rf"\s*(?:'s|\s{_BE})\s+{_ADV}{_VERDICT}"
)
# "…our Standard support tier. It's terrible, frankly": a verdict on "it" right after a sentence naming our thing.
_OUR_THING = re.compile(rf"\bour\s+(?!(?:{_NOT_OURS}|own|side|end|call|team's)\b)[\w'&/-]+")
_FOLLOW_UP = re.compile(
    rf"^(?:(?:honestly|frankly|and|but|so|sadly)[,]?\s+)?(?P<np>it|they|the (?:whole )?thing|this thing)\s*(?:'s|'re|'ve been|'s been|\s{_BE})"
    rf"\s*,?\s+{_ADV}{_VERDICT}"
    # "I hate it too, and I work here.", "This is unfortunately not the first time they do this."
    rf"|^(?:(?:honestly|frankly|and|yeah)[,]?\s+)?(?:i|we) (?:really |honestly )?(?P<complaint>hate|can't stand|loathe) (?P<np2>it|them)"
    rf"(?: too| as well| myself)?\b"
    rf"|^(?:this|it) is (?:unfortunately |sadly |also )?(?P<complaint2>not the first time) (?P<np3>they|it)\b"
)
# "I've been complaining about it internally for months": the sender joins in against their own side.
_COMPLAIN_INTERNALLY = re.compile(
    r"\b(?:i|we)(?:'ve| have)? (?:been )?(?P<complaint>complain(?:ing|ed)|push(?:ing|ed) back|fighting|arguing)"
    r"(?: (?:about|on|over) (?P<np>it|this|that|the [\w-]+(?: [\w-]+)?))?"
    r"(?: internally\b| (?:to|with) (?:leadership|management|my (?:boss|manager|vp))\b| for (?:months|weeks|years|ages)\b)"
    r"|\bi(?:'ve| have)? (?P<complaint2>told|warned) (?:leadership|management|my (?:boss|manager|vp)|them)"
    r" (?:it's|it is|this is|that) (?:costing|hurting|losing|killing)\b"
)
# "Nobody up there seems to care": the sender's own company, seen from outside it.
_NOBODY_HERE = re.compile(
    r"\b(?P<np>nobody|no one|no-one) (?:here|there|up there|over there|in (?:legal|finance|engineering|product|management|leadership)"
    r"|at (?:head office|hq|corporate))\s+(?:seems to|seem to|ever|really|actually|even)?\s*"
    r"(?P<complaint>cares?|thinks? about|listens?|owns? (?:the|this|it)|knows? what)\b"
)
# "Engineering dropped the ball again", "Legal here is a black hole": a department named bare at the start of
# a sentence is the sender's own (the customer's would be "your legal team").
_DEPARTMENT_SUBJECT = re.compile(
    rf"^(?:(?:honestly|frankly|and|so|sadly|unfortunately|between (?:us|you and me|ourselves)|off the record|confidentially"
    rf"|to be honest|tbh),?\s+)?(?P<np>engineering|product|legal|finance|support|marketing|sales ops"
    rf"|management|leadership|qa|ops|r&d|procurement|billing|accounts|head office|hq|corporate|upper management"
    rf"|(?:the )?warehouse|logistics|dispatch|estimating|production|purchasing|customer service|the service desk|hr"
    rf"|the powers that be)(?:\s+(?:here|on our (?:side|end)|internally))?\s+"
    rf"(?:{_BE}\s+{_ADV}{_VERDICT}|(?P<complaint>{_VERB_COMPLAINT}))"
)
# "I can't defend how our support handled this", "I'm embarrassed by how long our team took".
_CANT_DEFEND = re.compile(
    r"\bi(?:'m| am)? (?:(?:honestly|frankly|a bit|a little|quite|really|pretty|so|genuinely|slightly|kind of|somewhat|deeply)\s+){0,3}"
    r"(?P<complaint>(?:can't|cannot|won't) (?:defend|excuse|justify)|embarrassed (?:by|about|at))"
    r" (?:how |what |the way )?(?:[\w']+ ){0,3}?(?:our|my) (?:own )?(?P<np>[\w-]+(?: [\w-]+)?)"
)
# Sarcasm about our own side: "our legal team, in their infinite wisdom, decided…"
_SARCASM = re.compile(
    r"\b(?:our|my) (?P<np>[\w'&/-]+(?: [\w'&/-]+){0,3}),? (?P<complaint>in (?:their|its|his|her) (?:infinite )?wisdom)\b"
    r"|\b(?P<np2>head office|hq|corporate|management|leadership|legal|finance|engineering|product),? (?P<complaint2>in (?:their|its)"
    r" (?:infinite )?wisdom)\b"
)
# Blaming whoever had the account before: "The previous account manager clearly dropped the ball".
_PREDECESSOR = re.compile(
    rf"\b(?P<np>(?:the|my|our) (?:previous|former|last|old) (?:account manager|account executive|rep|salesperson|am|ae|csm"
    rf"|customer success manager|contact|team))\s+(?:{_BE}\s+{_ADV}{_VERDICT}|{_ADV}(?P<complaint>{_VERB_COMPLAINT}))"
)
# "I'm as frustrated with our service desk as you are", "typical of our billing department".
_FED_UP = re.compile(
    r"\bi(?:'m| am) (?:just |every bit |equally )?(?P<complaint>as (?:frustrated|annoyed|fed up|angry|disappointed|unhappy)"
    r" (?:with|about|by)) (?:our|my) (?P<np>[\w'&/-]+(?: (?!as\b)[\w'&/-]+){0,2})"
    r"|\b(?P<complaint2>typical of) (?:our|my) (?P<np2>[\w'&/-]+(?: [\w'&/-]+){0,2})"
    r"|\bi(?:'m| am) (?:just |every bit |equally |honestly )?(?P<complaint3>as (?:frustrated|annoyed|fed up|angry|disappointed|unhappy)"
    r" as you(?: are)?)\b"
)
# "It's frankly embarrassing for us", "the weakest part of our product".
_SHAME = re.compile(
    rf"\b(?:it's|it is|this is|that's|that is)\s+{_ADV}(?P<verdict>(?P<harsh>embarrassing|a disgrace|shameful|inexcusable))"
    rf"\s+(?:for us|on our part|for (?:the|our) company)\b"
    rf"|\b(?:the )?(?P<complaint>weakest|worst) (?:part|feature|thing) (?:of|about|in) (?:the|our) (?P<np>product|platform|app|offering"
    rf"|system|solution|software|service)\b"
)
_AGREE_BEFORE = re.compile(rf"\b(?:{_AGREE})\b[\s,;:—–-]*(?:that\s+)?$")
_AGREES = re.compile(rf"\b(?:{_AGREE})\b")
_REPORTED = re.compile(
    r"\byou (?:said|mentioned|felt|found|told|wrote|noted|described|called|complained|thought|think|feel|flagged|raised|reported)\b"
    r"|\byour (?:feedback|note|email|comment|review|complaint|team said)\b|\byou've heard\b|\b(?:people|some|reviews|others|they) "
    r"(?:say|said|claim|think)\b|\bi(?:'ve| have)? heard\b|\bi hear\b|\bif (?:you|anyone)\b",
)
_FIXED = re.compile(
    r"\b(?:fixed|resolved|patched|addressed|rebuilt|rewrote|rewritten|replaced|overhauled|redesigned|revamped|reworked|"
    r"improved|retired|sunset|we've since|has since|have since|no longer|used to be|back then|in the past|last year|"
    r"which is why|that's why|so we (?:built|rebuilt|changed|moved|hired)|(?:we've|we have|we) (?:hired|added|brought on|staffed up)"
    r"|since then)\b",
)
# "I don't agree that our team was careless": the sender rejects the verdict.
_DISAGREE = re.compile(
    r"\b(?:(?:i )?(?:don't|do not|can't|cannot) (?:agree|accept|say|think|believe)|(?<!would )disagree"
    r"|(?:isn't|is not|it's not|that's not) (?:fair|true|accurate) to say|wouldn't say|would not say)(?: that)?\s*$"
)
# A remark about departments in general, or about the customer's other vendors' products, is not about ours.
_GENERAL = re.compile(
    r"\b(?:at most|at many|at a lot of|everywhere|in general|for most|for everyone|at this time of year|at (?:quarter|year)[- ]end"
    r"|at (?:large|big|most) (?:companies|firms|organi[sz]ations)|most of our customers|can be)\b"
)
_PAST_BE = re.compile(r"\b(?:was|were|had been|has been|have been|used to)\b")
_INTENSE = re.compile(r"\b(?:painfully|ridiculously|embarrassingly|hopelessly|absurdly|insanely|unbelievably|impossibly"
                     r"|notoriously|woefully|pathetically)\s")
_SORRY = re.compile(r"\b(?:sorry|apologi[sz]e|apologies|my fault|our fault)\b")
# Words every verdict contains; a sentence without one is skipped before any pattern runs.
_KEYWORDS = frozenset(
    """useless terrible awful horrible horrendous dreadful abysmal atrocious pathetic incompetent hopeless clueless lazy
    garbage trash crap crappy rubbish junk shoddy sloppy lousy broken buggy unreliable unstable flaky mess disaster nightmare
    joke shambles wreck trainwreck dumpster circus chaos chaotic disorganized disorganised worst embarrassing embarrassment
    amateurish half-baked second-rate subpar sub-par pain painful impossible bad slow sluggish clunky confusing frustrating
    outdated dated overpriced mediocre hard difficult fit never forever feet crash crashes crashing keeps keep constantly
    suck sucks hate stand despise loathe doesn't don't anything idiot idiots moron morons stupid dumb clown clowns
    sore weak headache letdown worse internally complicated complex convoluted overcomplicated weakest careless misleading
    oversold overpromised over-promised overhyped dropped botched corners haven't hasn't known without nobody told warned
    embarrassing disgrace shameful inexcusable months weeks years ages weak overloaded understaffed short-staffed stretched
    behind black fantasy fiction fairy fairytale vaporware fallen falling idea clue half-finished untested unfinished defend
    excuse justify embarrassed messed screwed mucked fouled wisdom previous former ridiculous absurd insane farce archaic
    byzantine kafkaesque amateur minds changing circus where scratch par held tape sand denial asleep piss-up organise
    organize paper bath isn't aren't wasn't frustrated typical missing refuses refuse dropping drops ball shambolic breakfast
    ear crash basket sinking pit overcommitted over-committed tired rip-off ripoff downgrade hate hates objections
    badly poorly chaotic fiddly molasses treacle snail maze labyrinth temperamental shocker muddle guddle clunkier buggier""".split()
)
# Verdicts built from everyday words, found as phrases so that the everyday words alone wake nothing.
_CUE_PHRASES = (
    " job", "first time", "too long", "too manual", "too rigid", "too expensive", "our best", "our finest", "our proudest", "goes on in", "anything but", "step back",
    "right hand", "no business", "work in progress", "as usual", "typical", "classic us", "never big on", "go to die",
    "promised", "stretched", "mind of its own", "one thing", "long lunch", "out to lunch", "birthday card", "speed of",
    "well acquainted", "not great at", "love to tell", "decided", "than the old", "as you are", "thing is", "things here",
)
_NOT_GOOD = frozenset("good great reliable competent helpful usable fast responsive intuitive user-friendly polished stable".split())
def _may_judge(toks: set[str], low: str, phrases: tuple[str, ...] = _CUE_PHRASES) -> bool:
    return (not toks.isdisjoint(_KEYWORDS) or ("not" in toks and not toks.isdisjoint(_NOT_GOOD))
            or any(phrase in low for phrase in phrases))




MESSAGE = (
    "Bad-mouthing your own company, product or colleagues costs the customer's trust — and often the deal. "
    "Own the problem and say what you're doing about it."
)


def analyse(doc) -> list[Finding]:
    lo, hi = doc.reviewed
    text = doc.lower[:hi]
    words = word_set(text[lo:hi])
    if not _may_judge(words, text[lo:hi]):
        return []
    # Only sentences holding one of these words can judge: a C-fast substring test finds them.
    phrases = tuple(p for p in _CUE_PHRASES if p in text[lo:hi])
    cues = tuple((words & _KEYWORDS) | ({"not"} if "not" in words else set())) + phrases
    candour_cues = tuple(c for c in _CANDOUR_CUES if c in text[lo:hi])
    company = _company_pattern(_sender_company(doc.draft))
    signoff = doc.signoff
    out: list[Finding] = []
    agreed = False  # the previous sentence only agreed with the customer
    named = False  # the previous sentence named something of ours
    candid = False  # the previous sentence was a candid lead-in ("I'm not going to dress it up.")
    for sent in doc.sentences:
        if signoff and sent.start >= signoff[0]:
            continue
        low = text[sent.start : sent.end]
        after_agreement, agreed = agreed, bool(_AGREEMENT_ONLY.match(low))
        # (not when the customer's side is named too: "Your team asked about our roadmap. They're…")
        after_naming, named = named, "our " in low and "your" not in low and bool(_OUR_THING.search(low))
        candour = any(c in low for c in candour_cues) and bool(_CANDOUR.search(low))
        after_candour, candid = candid or candour, candour
        if not any(cue in low for cue in cues) or not _may_judge(word_set(low), low, phrases):
            continue
        for start, end, np in _verdicts(low, company, after_agreement, after_naming, after_candour):
            if np:
                np = (np[0] + sent.start, np[1] + sent.start)
            out.append(_finding(doc, sent.start + start, sent.start + end, _topic(doc.text[np[0] : np[1]] if np else "")))
    return out


def _verdicts(text: str, company: re.Pattern | None, after_agreement: bool = False, after_naming: bool = False,
              candid: bool = False):
    """(start, end, topic span) of each own-side verdict in one (lower-cased) sentence that survives the exceptions."""
    found: list[tuple[int, int, tuple[int, int] | None]] = []
    patterns = [_HATE, _OWN_SUBJECT, _HERE_SUBJECT, _CONFIDED_SUBJECT, _WE_ARE, _AGREE_PRONOUN, _COMPLAIN_INTERNALLY,
                _NOBODY_HERE, _SHAME, _DEPARTMENT_SUBJECT, _CANT_DEFEND, _SARCASM, _PREDECESSOR, _FED_UP, _UPSTAIRS, _WE_BUILT,
                _TIRED, _NOT_OUR_FINEST, _SELF_EVIDENT]
    if company is not None:
        patterns.append(company)
    if after_agreement:
        patterns.append(_AGREED_SUBJECT)
    if after_naming:
        patterns.append(_FOLLOW_UP)
    if candid:
        patterns.append(_CANDID_THE)
    for pattern in patterns:
        for m in pattern.finditer(text):
            if pattern is _OWN_SUBJECT and m.group(0)[:2].lower() == "my" and not _MY_ONLY.match(m.group(0)):
                continue  # "my week has been awful" is not about the company
            if pattern is _NOT_OUR_FINEST and _THEIRS.search(text, 0, m.end()):
                continue  # "your procurement team's left hand…" is theirs
            np = m.groupdict().get("np")
            if np and _NOT_OURS_RX.search(np):
                continue  # "our main competitor's tool", "our last call"
            if any(s < m.end() and m.start() < e for s, e, _ in found) or not _counts(text, m, pattern):
                continue
            start = m.start()
            agree = _AGREE_BEFORE.search(text, 0, start)
            if agree:
                start = agree.start()  # anchor "You're right, our onboarding is terrible" as a whole
            found.append((start, m.end(), m.span("np") if m.groupdict().get("np") else None))
    return found


def _counts(text: str, m: re.Match, pattern: re.Pattern) -> bool:
    groups = m.groupdict()
    before, after = text[: m.start()], text[m.end() :]
    agreed = pattern is _AGREE_PRONOUN or pattern is _AGREED_SUBJECT or bool(_AGREES.search(before))
    if after.lstrip().startswith("?") or (text.rstrip().endswith("?") and not agreed):
        return False  # a question asks for feedback
    if _REPORTED.search(before) and not agreed:
        return False
    if _DISAGREE.search(before):
        return False
    if pattern in (_DEPARTMENT_SUBJECT, _AGREED_SUBJECT) and _GENERAL.search(text):
        return False
    if _FIXED.search(text) and _PAST_BE.search(m.group(0)):
        return False
    if groups.get("mild") and _SORRY.search(text) and not _INTENSE.search(m.group(0)):
        return False  # "sorry our support has been slow" owns it; "painfully slow" runs it down
    return True


def _topic(np: str) -> str:
    np = np.strip()
    if not np or np.lower() in ("it", "that", "this", "they"):
        return "this"
    return "the " + np[4:] if np.lower().startswith("the ") else f"the {np}"


@lru_cache(maxsize=256)
def _company_pattern(name: str | None) -> re.Pattern | None:
    """The sender's company by name ("Acme's support is useless"), from their email domain."""
    if not name:
        return None
    return re.compile(
        rf"\b{re.escape(name)}(?:'s)?\s+(?:{_NP}\s+)?(?:{_BE}\s+{_ADV}{_VERDICT}|(?P<complaint>{_VERB_COMPLAINT}))"
    )


def _sender_company(draft) -> str | None:
    sender = getattr(draft, "sender", None)
    if not sender or "@" not in sender.email:
        return None
    domain = sender.email.rsplit("@", 1)[1].lower().split(".")
    name = domain[-2] if len(domain) >= 2 else domain[0]
    return None if name in FREE_MAIL or len(name) < 3 else name


def _finding(doc, start: int, end: int, topic: str) -> Finding:
    return Finding(
        category="disparagement",
        kind="disparagement.own_company",
        severity="critical",
        start=start,
        end=end,
        text=doc.text[start:end],
        message=MESSAGE,
        suggestion=f"I'm sorry about the trouble with {topic}. Here's what we're changing: …",
    )
