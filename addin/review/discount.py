"""Discount: the sender gives away price (percent off, special price, waived fees, free months, credits…)
without getting anything back.

Rules, not a model: concession language is a small closed vocabulary, and the hard part is the exceptions
(a refusal, a discount already in the price, the customer's own request quoted, a typo correction), which
are also lexical. Each reviewed sentence is cut into clauses so "You asked for 20% off — I can do 15%"
judges the two halves separately.

Judgement calls, documented:

* a concession already tied to a commitment in the same sentence ("if you sign by Friday, I can take 10%
  off", "for a three-year term", "in exchange for a case study") is what good practice looks like: it is
  still a discount (the activity log counts it) but the finding is ``discount.traded`` at ``info``, which
  the on-send check does not warn about;
* generic "free trial" marketing is not a concession (it is the same for every prospect); "free" only
  counts with a month/seat/fee/service it makes free, or "for free"/"at no cost" with the sender granting it;
* generic phrases ("a discount", "special pricing", "at no extra cost", "a credit") need the sender granting
  them ("I can", "we'll", "happy to", "let me", "how about", "for you"); numbers off ("15% off", "$500 off")
  need a grant or a "you/your" beneficiary, so "partners get 20% off" (a standing program) is not flagged.
"""
from __future__ import annotations

import re
from itertools import islice

from .model import Finding
from .words import word_set

# Symbols, and ISO codes / "Rs" / the rand's "R" written before the number (the text is lower-cased).
_RAND_AHEAD = r"(?=\d{1,3}(?:,\d{3})+\b|\d{4,}\b|\d+(?:\.\d+)? (?:per|a|an|each|list|instead)\b)"  # "R95 per user", not "R2 tier"
# One list of currencies for the money pattern, the "$" token and the substring pre-filter, so they cannot drift apart.
_SYMBOLS = "$€£₹¥"
_CODES = ("usd", "eur", "gbp", "inr", "aud", "cad", "nzd", "sgd", "chf", "aed", "sar", "zar", "hkd", "jpy", "cny", "rmb",
          "sek", "nok", "dkk", "pln")
_CODE = "|".join(_CODES)
_SUFFIX_CURRENCY = rf"\s?(?:{_CODE}|euros?|zł|€)(?!\w)"  # "4,20 EUR per box"
_MONEY = (rf"(?:(?:(?:s|a|c|nz|hk|us)?\$|[€£₹¥]|(?:{_CODE}|rs\.?)\s?|r{_RAND_AHEAD})\s?\d[\d,]*(?:\.\d+)?(?:k\b)?"
          rf"|\d[\d.,]*{_SUFFIX_CURRENCY})")
_CURRENCY = re.compile(rf"[{re.escape(_SYMBOLS)}]|\b(?:{_CODE}|rs\.?)\s?\d|\br{_RAND_AHEAD}\d|\d{_SUFFIX_CURRENCY}")
_PCT = r"\d{1,2}(?:\.\d+)?\s?(?:%|percent\b|per cent\b)"
_AMOUNT = rf"(?:{_PCT}|{_MONEY})"
_NUM = r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
_QTY = r"(?:\d+|one|two|three|four|five|six|a|an|first|extra|additional|bonus|another)"
_PERIOD = r"(?:months?|weeks?|quarters?|years?|seats?|licen[sc]es?|users?|hours?)"
# "on the house" as the idiom, not "check on the house status"
_NO_COST = (r"(?:for free|free of charge|(?:at )?no (?:extra |additional )?(?:cost|charge)|complimentary|gratis|on us"
            r"|without (?:any )?(?:extra |additional )?(?:cost|charge)"
            r"|on the house\b(?! (?!(?:for|if|until|through|as|when|and|this|too|from|on|in|with|so|while|to|again)\b)[a-z]))")
_PRICE_WORD = r"(?:(?:per-unit|unit|per-seat|seat|day|hourly|daily|nightly|room|monthly|annual|licen[sc]e|subscription|list|quoted|setup|set-up|renewal|overage) )"
_UNITS = (r"(?:units?|cases?|samples?|boxe?s?|pallets?|items?|pieces?|kits?|devices?|bottles?|cartons?|bags?|crates?|packs?|rolls?"
          r"|drums?|trays?|licen[cs]es?|seats?|users?)\b")
_SERVICE = (
    r"(?:onboarding|implementation|set-?up|installation|training|support|migration|upgrade|add-?on|seats?|licen[sc]es?|"
    r"months?|module|integration|services?|consulting|configuration|shipping|delivery)"
)

# Concession phrases, one pattern per kind, each woken only by its trigger words (a sentence's tokens). "verb"
# kinds read as "I can <words>", the rest as "I can offer <words>".
_VERB_KINDS = ("waive", "throw", "match", "knock", "reduce", "can_do", "hold", "cover", "removed", "writeoff")
_KINDS: tuple[tuple[str, frozenset[str], re.Pattern[str]], ...] = tuple(
    (kind, frozenset(triggers.split()), re.compile(pattern))
    for kind, triggers, pattern in (
        (
            "pct",
            "% $ percent cent best doable works",
            rf"(?:an? )?(?:extra |additional |further )?{_AMOUNT}(?: [\w-]+)?\s(?:off|discount|price reduction|reduction|savings?"
            rf"|rebate)\b"
            rf"|discount(?:ed)? (?:of|by) {_AMOUNT}"
            rf"|{_AMOUNT} is (?:the best|as (?:low|far) as) (?:i|we) can (?:do|go)\b"
            rf"|{_PCT} (?:works|would work|is doable|is fine)\b|best (?:i|we) can do is (?:{_AMOUNT}|\d{{1,2}}\b)"
            rf"|{_AMOUNT} (?:below|under|less than|off) (?:our|the|your) (?:quoted |list |standard |usual |normal |published )?"
            rf"(?:rate|price|pricing|quote|list)\b",
        ),
        (
            "waive",
            "waive waived waiving",
            r"waiv(?:e|ed|ing)\b(?: (?:the|your|all|any|our))?(?: [\w$€£.,/-]+){0,6}? (?:fees?|charges?|costs?|minimums?|commissions?"
            r"|deposits?|rent|penalt(?:y|ies)|surcharges?|interest|excess|mark-?up|retainer)\b"
            r"|(?:i|we)(?:'ve| have| had) waived (?:it|that|this|them|those)\b"
            r"|(?:(?:the|your|our|any|all) )?(?:[\w-]+ ){0,2}(?:fees?|charges?) (?:will be |is |are |can be |would be |have been |"
            r"has been )?waived\b"
            # "Detention on that load is waived", "the fourth participant's tuition is waived"
            r"|(?:[\w'-]+ )?[\w'-]+(?: on (?:that|this|the|your) [\w-]+)?(?:'s| is| are| will be| would be| has been| have been"
            r"| gets?)(?: now| also| fully| entirely)? waived\b",
        ),
        (
            "free",
            "free complimentary gratis house nocost rent-free fee-free interest-free charge-free cost-free",
            # "two months free", "the first two weeks of the engagement will be free of charge", "your first quarter's on
            # the house", "months one and two are free"
            rf"(?:the |your )?{_QTY}(?: (?:{_NUM}|full|extra|additional|more|bonus))? {_PERIOD}(?: of (?:[\w'-]+ ){{0,4}}?[\w'-]+)?"
            rf"(?:'s|(?: also)? (?:is|are|will be|would be))?(?: (?:provided|delivered|supplied|included|billed|charged|invoiced))?"
            rf" (?:free|{_NO_COST})\b"
            rf"|{_PERIOD} {_NUM}(?:(?:,| and| to| through|-) ?{_NUM}){{0,3}} (?:is|are|will be|would be) (?:free|{_NO_COST})\b"
            # "a rent-free period of nine months", "six months rent-free"
            rf"|(?:rent|fee|interest|charge|cost)-free (?:period|months?|weeks?|years?)\b|{_PERIOD} (?:rent|fee|interest)-free\b"
            # "I'll include Premium support free for the full term", "we'll include free for the second year"
            rf"|(?:include|includes|included|including|throw in|add|adding|give you|provide)"
            rf"(?: (?!(?:{_NUM}|a|an|another|extra|additional|the first)\b)[\w'-]+){{0,5}}? (?:free|{_NO_COST})\b"
            rf"(?! (?:trial|version|plan|tier|edition|account|demo|consultation|download|guide|webinar|resources?)\b)"
            rf"|(?:give|giving|provide|offer)(?: you)? free\b(?! (?:trial|version|plan|tier|demo|consultation)\b)"
            rf"|free {_SERVICE}\b|(?:the |your )?{_SERVICE} (?:is |are |will be |would be )?{_NO_COST}"
            rf"|{_NO_COST} \((?:normally|usually|regularly|typically|a|list|worth|valued at) {_MONEY}\)?"
            rf"|(?:the )?{_SERVICE}(?: on (?:this|your|the) (?:one|order|shipment|project))?(?: also| too)? (?:is|are|will be|would be)"
            rf"(?: also)? free\b"
            rf"|(?:the )?(?:first |extra |additional |bonus )?(?:\d[\d,]*|{_NUM}) (?:(?:extra|additional|more|bonus|spare) )?(?:[\w-]+ )?"
            rf"{_UNITS}(?: [\w-]+){{0,3}}? (?:are |is |will be )?(?:included )?(?:free|{_NO_COST})"
            rf"|(?:\d[\d,]*|{_NUM}) (?:extra )?free {_UNITS}",  # "2 free cases for every 20 you order"
        ),
        (
            "credit",
            "credit credits",
            rf"(?:an? )?(?:{_MONEY} )?(?:service |account |one-time |goodwill )?credit (?:of {_MONEY}|to your account|"
            rf"on your (?:account|next invoice))|credit (?:your|the) (?:account|next invoice|invoice)\b"
            rf"|credit (?:the |your )?(?:[\w-]+ ){{0,3}}(?:fees?|charges?|costs?|amount) back\b|credit (?:it|that|this) back\b"
            rf"|credit(?: you)? (?:{_NUM}|a|an|one|the first|the)(?: full| whole)?(?: [\w-]+)? (?:month|week|day|year|quarter|hour)s?\b"
            rf"|(?:service |account |goodwill )?credit (?:equal to|worth|equivalent to|covering) (?:one|a|two|three|the|your|{_MONEY})\b"
            rf"|credit(?:ed|ing|s)? back (?:the|your|[\w-]+'s)\b(?: [\w$.,()'-]+){{0,6}}?(?: (?:value|fees?|charges?|costs?|amount|subscription))\b"
            rf"|{_MONEY} (?:in |of |worth of )?(?:[\w-]+ )?credits\b|(?:an? )?{_MONEY} (?:service |account |one-time |goodwill )?credit\b|credit you\b",
        ),
        (
            # "the full rebate will be passed on to you": a supplier's or partner's concession handed to the customer
            "passon",
            "pass passed passes passing comes come coming deducted",
            r"pass(?:ed|es|ing)? (?:(?:it|that|this|them|those|the (?:full |whole |entire )?(?:savings?|rebates?|discounts?|reductions?"
            r"|amount|difference)) )?(?:on|along|back) to you\b"
            r"|pass(?:ed|es|ing)? (?:on|along) (?:the|that|this|those) (?:full |whole |entire )?(?:savings?|rebates?|discounts?"
            r"|reductions?|difference)\b"
            # "we're passing the full 12% straight through to you", "that comes straight off your price"
            r"|pass(?:ed|es|ing)? (?:it|that|this|them|the (?:full |whole |entire )?[\w%$.,]+) (?:straight |right |directly )?through to you\b"
            r"|(?:comes?|coming|taken|deducted) (?:straight |right |directly )?off (?:your|the) (?:price|bill|invoice|total|quote)\b"
            r"|deducted (?:directly |straight )?(?:on|from) (?:the|your) (?:invoice|bill|total)\b",
        ),
        (
            # "I've written off the $1,860 in overage charges": money the customer owes, forgiven
            "writeoff",
            "write writes writing written wrote",
            rf"(?:write|writes|writing|written|wrote) off (?:the |your |that |those |this |any )?(?:{_MONEY} )?(?:[\w$.,-]+ ){{0,3}}?"
            rf"(?:fees?|charges?|overages?|balance|invoices?|amount|costs?|bill|penalty|penalties|interest)\b(?: (?:fees?|charges?)\b)?"
            rf"|(?:write|wrote|written) (?:it|that|this|them|those) off\b",
        ),
        (
            # "As compensation we will not charge the freight costs": a charge given up, said as a negation
            "nocharge",
            "charge charging",
            r"(?:will not|won't|shan't|are not going to|aren't going to|am not going to|'m not going to) charge(?: you)?(?: for)?"
            r" (?:the |your |this |that |any )?(?:[\w-]+ ){0,2}?(?:costs?|fees?|freight|shipping|delivery|installation|setup"
            r"|set-up|call-?out|labou?r|visit|overage|extra|difference|rush|postage)s?\b",
        ),
        ("throw", "throw throwing thrown", r"throw(?:ing|n)? in\b(?: (?!(?:at|for|if|and|so|as|when|to|on|with)\b)[\w$%-]+){0,3}"),
        (
            "match",
            "match matching price-match",
            r"match (?:their|the|that|your|a|any|competitor'?s?|the competitor'?s?)(?: [\w'-]+){0,2} "
            r"(?:price|pricing|quote|offer|rate|bid|number|figure|terms)s?\b|price[- ]match(?:ing)?\b",
        ),
        (
            "knock",
            "knock knocked knocking take taking shave shaved lop",
            rf"(?:knock|take|shave|lop)(?:ed|ing|s)? (?:(?:another|an extra|a further|an additional) )?(?:{_AMOUNT} |a (?:bit|little|few (?:\w+ )?(?:dollars|points|percent)) |"
            rf"(?:it|that|something) )?off\b(?: the (?:price|total|quote|invoice|list price))?"
            rf"|(?:knock|take|shave|lop)(?:ed|ing|s)? (?:the|your|that) (?:[\w$£€().,-]+ ){{1,5}}?off (?:the|your) (?:bill|price|total|quote"
            rf"|invoice|order)\b",
        ),
        (
            "reduce",
            "reduce reduced reducing lower lowered lowering drop dropped cut cutting bring discount discounted shave shaved trim "
            "trimmed",
            rf"(?:(?P<bring>bring)|reduce|lower|drop|cut|bring down|discount|shave|trim|sharpen)(?:d|ed|ing|s|med)? (?:the |your |our )?"
            rf"(?:{_PRICE_WORD}|[a-z]{{2,4}} )?"
            rf"(?:price|pricing|cost|fee|rate|quote|total|licen[sc]e fee|subscription|annual fee|markup|mark-up|margin|commission"
            rf"|bill rate|retainer|deposit|minimum|charge)s?(?(bring) down)(?: (?:down )?(?:from {_AMOUNT} )?(?:to|by) {_AMOUNT})?"
            rf"|bring (?:it|that|this|the|your|our)(?: [\w-]+){{0,2}}? down to {_AMOUNT}",
        ),
        (
            "can_do",
            "$ %",
            rf"(?:i|we)(?:'ll| will| can| could|'d| would)? (?:offer|give) you {_AMOUNT}(?= (?:on|off|of|discount|for)\b)"
            rf"|(?:i|we) can (?:do|make(?: it)?|go (?:as low as |down )?to|offer|give you|get you|bring (?:it|the price|that) down to|"
            rf"drop (?:it|the price) to|meet you at|let (?:it|you have it) go for) {_AMOUNT}(?: (?:off|discount))?"
            rf"(?: instead of {_MONEY})?",
        ),
        (
            "special",
            "special discounted reduced preferential lower better loyalty founder founders friends cut reduction concession "
            "break discount sweeten deal partner sharpen sharpened sharpening",
            r"sharpen(?:ed|ing)? (?:the|my|our) pencil|"
            r"(?:special|discounted|reduced|preferential|lower|better|friends and family|founder'?s?|loyalty|partner) "
            r"(?:price|pricing|rate|deal|offer)\b(?! than)|price (?:cut|reduction|concession|break)\b|(?:a|an|extra|additional|further|"
            r"special|bigger|one-time|loyalty|volume|multi-year|end-of-(?:quarter|year|month)|early-bird|introductory) discount\b"
            r"|discount (?:for you|on (?:the|your))\b|sweeten (?:the|this) deal\b|give you a (?:break|deal)\b",
        ),
        (
            # "preferential pricing of INR 1,450 per user": a named price for this customer needs no "I can"
            "priced",
            "special discounted reduced preferential partner loyalty",
            rf"(?:special|discounted|reduced|preferential|partner|loyalty) (?:price|pricing|rate) (?:of|at) {_MONEY}",
        ),
        (
            # "$1,450 (down from $1,800)", "$145/hour instead of our standard $180", "S$84,000 against the S$96,000
            # in the original proposal": a lower price set against the sender's own (checked in _void)
            "compare",
            "down reduced was instead rather versus vs against compared",
            rf"(?P<new>{_MONEY})[^.;]{{0,40}}?\(?\s*(?:(?:down from|reduced from|was|instead of|rather than)\s+(?:the |our |my )?"
            rf"(?:(?:standard|original|usual|normal|list|quoted|full|regular|published)\s+(?:price\s+|rate\s+|fee\s+|quote\s+)?"
            rf"(?:of\s+)?)?(?P<old>{_MONEY})(?: (?:list|standard|sticker|usual|regular|full)(?: price)?)?"
            rf"|against (?:the |our |my )?(?P<old2>{_MONEY})(?= (?:in|on|from) (?:the|our|my) (?:original|first|initial|earlier)"
            rf" (?:proposal|quote|offer)| list\b))"
            rf"|(?:the|our|your) (?:[\w-]+ ){{0,3}}?(?:price|fee|rate|cost|pricing|premium)(?: per [\w-]+)? (?:goes|will go|would go|comes"
            rf"|will come|would come|drops|will drop|is going|is coming) down from (?P<old3>{_MONEY}) to (?P<new2>{_MONEY})",
        ),
        (
            # "I've taken the $1,200 AV setup charge out of the quote", "we've removed the onboarding fee"
            "removed",
            "taken take took pull pulled removed remove strip stripped struck strike dropped",
            rf"(?:take|took|taken|pull|pulled|remove|removed|strip|stripped|strike|struck|drop|dropped) (?:the |your |that |our )?"
            rf"(?:{_MONEY} )?(?:[\w$.,-]+ ){{0,3}}?(?:(?:fees?|charges?|line items?)\b(?! (?:out of scope|breakdown|section))"
            rf"(?: (?:out|off)\b)?|costs? (?:out|off)\b(?! of scope))",
        ),
        (
            # "Call it $12,000 flat", "you'll only be billed for 200 of the 230 seats"
            "round",
            "call billed charged invoiced pay",
            rf"call it (?:an? )?(?:even |flat |round )?{_MONEY}(?: flat| even| all[- ]in| total)?"
            rf"|only (?:be )?(?:billed|charged|invoiced|pay) for \d[\d,]* of (?:the |your )?\d[\d,]*",
        ),
        (
            # "I've added two cases at no charge", "the lanyard branding is on the house": with a grant, this
            # customer's concession (the other kinds claim the phrase first when they name what is free)
            "nocost",
            "nocost complimentary gratis house free without",
            rf"{_NO_COST}(?! (?:for|to) (?:all|every|any)\b(?![^.;]{{0,50}}\byour\b))",
        ),
        (
            # "We'll cover the shipping", "I'll comp the first month": the sender pays what the customer would
            "cover",
            "cover covering covered comp comped comping absorb absorbing eat eating",
            r"comp(?:ed|ing|s|ped|ping)? (?:the|your|this|that|those)(?: first| next| \w+)? (?:shipping|freight|delivery|installation"
            r"|install|setup|set-up|onboarding|travel|training|month|months|fees?|charges?|costs?)\b"
            r"|(?:cover|absorb|eat)(?:ed|ing|s)? (?:the|your|this|that|those)(?: [\w'-]+){0,2}? (?:costs?|fees?|charges?|surcharges?"
            r"|bill)\b(?! (?:in detail|section|breakdown|schedule|on the call"
            r"|when we|and charges section))(?![^.;]{0,40}\b(?:call|meeting|walkthrough|demo|section)\b)"
            r"|(?:absorb|eat)(?:ed|ing|s)? (?:the|your) (?:shipping|freight|delivery|travel)\b"
            r"|cover (?:the|your) (?:shipping|freight)(?: on (?:this|your|the) (?:order|one|shipment))?(?=[.!,;]|$)",
        ),
        (
            "hold",
            "hold keep lock freeze honor honour grandfather grandfathered extend honored honoured locked frozen held holding keeping same kept",
            r"(?:hold|keep|lock in|freeze|honou?r|grandfather)(?: you (?:in )?at| you into)? (?:last year's|the old|your current|"
            r"the current|the previous|the original|the \d{4}|your \d{4}|this year's|your existing) (?:price|pricing|rate)s?\b"
            # "we will extend the current service rates", "we will honour the 15% John offered"
            r"|extend (?:the |your |our )?(?:current|existing|old|today's|\d{4}) (?:[\w-]+ )?(?:rates?|prices?|pricing)\b"
            r"|honou?r(?:ed|ing)? (?:the|that|this|your|his|her|their|our) (?:\d{1,2}(?:\.\d+)?\s?%|(?:original |previous |old |quoted"
            r" |agreed )?(?:price|pricing|rate|quote|discount|offer|deal))"
            # "your current rate grandfathered through December 31"
            r"|(?:your|the) (?:current |existing |old |\d{4} )?(?:price|pricing|rate)s? (?:grandfathered|locked(?: in)?|frozen|held)\b"
            # "we can add them at the same $18 per seat you locked in"
            r"|(?:kept|keep|keeping|held|hold|holding) (?:you|[\w-]+) (?:on|at) (?:the old|your current|last year's|the \d{4}|the existing"
            r"|the original|the previous) (?:[\w-]+ )?(?:price|pricing|rate)s?\b"
            r"|(?:an? )?(?:\d+-year |multi-year |two-year |three-year )?(?:price |rate )?lock at (?:your current|last year's|today's|the current)"
            r" (?:rate|price|pricing)s?\b"
            rf"|at the same (?:{_MONEY}|price|rate)(?: (?:per|a|an) [\w-]+)? (?=you (?:locked|signed|agreed|got)|as (?:before|last year|your original))"
            r"|(?:lock|freeze|hold|keep)(?:ing|s)?(?: in)? (?:your|the) (?:[\w-]+ )?(?:price|pricing|rate|premium|fee|subscription)s? (?:at|to)"
            r" (?:last year's|the old|the current|your current|this year's|the \d{4}|today's|the same)\b"
            r"|(?:the|a|your) price (?:lock|freeze|hold|guarantee)\b"
            # "we are prepared to hold that rate for the full 2027 contract term"
            r"|(?:hold|keep|freeze|honou?r) (?:that|this|the same|your current|our current) (?:price|pricing|rate)s?"
            r"(?= (?:for|through|until|into|across)\b)",
        ),
    )
)
_TRIGGERS = frozenset().union(*(triggers for _, triggers, _ in _KINDS))
# The text a trigger token can come from, for a substring test before a sentence is split into words.
_TRIGGER_SOURCES = {
    "$": (*_SYMBOLS, *_CODES, "euro", "zł", "rs", *(f"r{d}" for d in range(1, 10))),
    "nocost": ("cost", "charge", "on us"),
}


def _tokens(low: str) -> set[str]:
    """Words plus three marks: "%", "$" (any currency) and "nocost" ("at no extra cost", "on us")."""
    toks = word_set(low)
    if "%" in low:
        toks.add("%")
    if _CURRENCY.search(low):
        toks.add("$")
    if ("no" in toks and ("cost" in toks or "charge" in toks)) or "on us" in low:
        toks.add("nocost")  # "at no extra cost", "on us"
    return toks


def _word_matches(pattern: re.Pattern[str], text: str):
    """``finditer`` for patterns written without a leading \\b (which would slow the scan): matches starting
    inside a word are dropped."""
    for m in pattern.finditer(text):
        i = m.start()
        if i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "'") or not text[i].isalnum():
            yield m


_CLAUSE_MAX = 1000  # characters of one clause judged; real clauses are far shorter
_MATCHES_MAX = 8  # candidate phrases of one kind per clause
_SUPPORTING = frozenset(("nocost", "compare"))  # kinds that often only restate another kind's concession
_NEEDS_GRANT = frozenset(("special", "free", "credit", "hold", "pct", "reduce", "cover", "nocost"))
_GRANT = re.compile(
    r"\b(?:i|we)(?:'ll|'d|'m|'re|'ve| will| would| can| could| am| are| have)(?: also| definitely| certainly| happily| gladly"
    r"| just| now| already)?"
    r"(?: be)?(?: (?:happy|glad|able|willing|prepared|pleased|authori[sz]ed|approved|cleared|ok|okay|like|love))?(?: to)? "
    r"(?:do|offer|give|extend|provide|include|add|apply|throw|waive|drop|reduce|lower|cut|take|knock|shave|match|honou?r|hold|"
    r"get|go|bring|make|comp|cover|eat|absorb|keep|lock|freeze|grandfather|credit|discount|pass|run|host|deliver|send|ship"
    r"|set up|applied|given|offered|extended|included|added|waived|dropped|reduced|taken|knocked|matched|honou?red|credited"
    r"|discounted|arranged|secured|agreed(?: with [\w ]{1,30}?)? to)\b|\bas approved by\b"
    r"|\b(?:i|we)(?:'ve| have) (?:just |now |already |also )?(?!(?:checked|asked|looked|discussed|talked|reviewed|considered"
    r"|received|noted|passed|tried|wondered|explored|noticed|mentioned|moved|attached|shared|sent|forwarded|flagged"
    r"|highlighted|copied|pasted|uploaded|dropped)\b)\w+ed\b"  # "I've shaved the day rate…": done for them
    # a reason that makes it this customer's concession: "since you've backed us three years running", "for the trouble"
    r"|\b(?:since|because|as) you(?:'ve| have|'re| are|'d| would)\b(?! (?:aware|probably|likely|seen|heard|no doubt|well aware)\b)|\b(?:since|because) (?:this|it)(?:'s| is) your\b|\bas a (?:thank[- ]you|goodwill gesture|gesture of goodwill)\b|\bas compensation\b"
    r"|\bfor (?:the|this|that|all the|any) (?:trouble|inconvenience|delay|disruption|hassle|mix-up|mistake|error|outage|downtime|wait)\b"
    r"|\b(?:since|because) (?:this|it|that)(?:'s| is| was)\b|\b(?:i|we)(?:'ve| have)? managed to\b"
    r"|\b(?:i|we)(?:'ve| have) (?:also |just |now )?(?:put|issued|raised|given|made|applied|added|set up|kept|held)\b|\bin recognition of\b|\bas agreed\b|\bto make up for\b"
    r"|\bby way of (?:apology|thanks)\b"
    r"|\blet me (?:offer|give|extend|throw|include|add|see what|do|take|knock|drop|waive|comp|cover)\b|\bhow about\b|\bwhat if (?:i|we)\b|\bwould (?:it|that) help if\b"
    r"|\b(?:i|we)(?:'ve| have) (?:been )?(?:approved|authori[sz]ed|got(?:ten)? approval|secured|managed|arranged)\b"
    r"|\b(?:i|we) (?:got|received|secured|obtained|won) (?:approval|sign-off|the ok|the green light)\b"
    r"|\b(?:i|we) (?:was|were) able to\b|\b(?:i|we) have approval\b"
    r"|\b(?:i|we) got (?:it|that|this|one) (?:through|approved|signed off)\b|\b(?:i|we) (?:give|offer|include|throw in) you\b"
    r"|\bas an? (?:new|returning|loyal|long-standing|longstanding|valued|existing) (?:client|customer|partner)\b"
    r"|\b(?:my|our) (?:manager|vp|boss|director|cfo|finance team) (?:approved|signed off|agreed|okayed|ok'd)\b"
    # someone on our side said yes: "our founder has approved", "they've agreed to hold", "our company agree to provide"
    r"|(?<!you)(?<!they)(?:'ve| have| has| had) (?:approved|signed off|okayed|agreed)\b|\bthey(?:'ve| have) agreed to\b"
    r"|\bagree(?:s|d)? to (?:provide|give|offer|include|waive|extend|supply|cover|absorb|hold|match|throw|comp|keep|honou?r|freeze"
    r"|lock|reduce|drop)\b"
    r"|\b(?:happy|pleased|glad|delighted) to (?:confirm|say|report|let you know|inform you|tell you)\b"
    r"|\bwe(?:'re| are) (?:good|ok|okay|fine) with\b|\b(?:i|we)(?:'ve| have) gone ahead\b"
    # a price named for what is given away: "Complimentary use of the Summit Room (normally $2,400/day)"
    r"|\b(?:normally|usually|regularly|ordinarily)\b[^.;]{0,25}?(?:\d|costs?\b|priced\b)"
    r"|\b(?:is|are|am|'m|'re) prepared to (?:offer|give|hold|keep|waive|include|extend|reduce|drop|match|honou?r|provide)\b"
    r"|\bupgrad(?:e|ed|es|ing)\b(?=[^.;]{0,60}\b(?:at no|free|complimentary|without)\b)"
    r"|\b(?:we're|we are|i'm|i am) (?:also |now |just )?(?:applying|offering|extending|including|giving|holding|keeping|locking|freezing|honou?ring|waiving|matching|covering|absorbing|throwing|knocking|taking|dropping|reducing|crediting|passing)\b|\bfor you\b|\bjust for you\b|\byou(?:'ll| will) (?:get|receive|save|pay)\b"
    r"|\byou(?:'re| are) getting\b|\bi can\b(?!')|\bwe can\b(?!')|\b(?:happy|glad|willing|able|pleased) to (?:offer|give|extend|include|do|waive|throw|sweeten|cover|comp|match)\b",
)
_YOU = re.compile(r"\byou(?:r|'ll|'re| will| are| get| can| could)?\b")
# Whatever appears before the concession in its clause and voids it.
_REFUSAL = re.compile(
    r"\b(?:can't|cannot|can not|won't|unable|not able|aren't able|isn't possible|not possible|no longer|don't|do not|doesn't|"
    r"does not|not in a position|afraid|unfortunately|not authori[sz]ed|not allowed|wouldn't be able|couldn't|isn't|aren't|"
    r"no way|not going to|never)\b|\bno (?:further |additional |more |extra )?discounts?\b",
)
_THEIR_SPEND = re.compile(
    r"\b(?:you(?:'re| are)(?: currently)? paying|you pay|you(?:'ve| have) been paying|your (?:current|existing)|today|currently"
    r"|at the moment|across your)\b")
_STANDARD = re.compile(
    r"\bas per our\b|\bprice list\b|\b(?:volume|standard|published|pricing) tiers?\b"
    r"|\b(?:for|to) (?:all|every) (?:customers?|clients?|orders?|accounts?|plans?|resellers?|partners?|members?|users?)\b"
    r"(?![^.;]{0,50}\byour\b)"  # "on us for all orders over $800 across your three cafés" is this customer's
    r"|\bunder (?:the|your) warranty\b|\bas (?:with|in|for) every\b|\bas standard\b|\bas always\b"
    r"|\b(?:expired|has ended|ended last)\b")
_BLAME = re.compile(r"\b(?:that|it|this|which|the (?:mistake|error|delay|problem))(?:'s| is| was)\s*$")
_SELF_PAID = re.compile(r"\bon (?:us|the house)\b")  # "the first 500 units are on us": the sender pays, by definition
# "freight is on us", "the scan (normally $2,400) is on us": a gift when something is on us, unless what is on us is the
# blame or the next move ("the delay is on us", "the onus is on us to…"; "that's on us" is _BLAME), or hospitality
# ("lunch is on us").
_GIFT_ON_US = re.compile(
    r"(?:\b(?!(?:onus|responsibility|pressure|ball|focus|burden|blame|fault|delay|mistake|error|miss|slip|problem|issue|one"
    r"|miscommunication|confusion|oversight|screw-up|mix-up|decision|choice|call|move|step|turn|next|lunch|dinner|breakfast"
    r"|coffee|coffees|drinks?|beers?|round|tab|meal|food|pizza|spotlight|attention|eyes|heat|clock|hook|weight|initiative"
    r"|lead|ownership|risk|stakes|action|task)\b)[a-z][\w-]*|\))"
    r"(?:'s|'re| is| are| will be| would be)(?: all| also| entirely| fully| completely)? $")
# Money words a hand-on ("passed on to you") must come with to be a price concession.
_MONEY_WORD = re.compile(r"rebate|saving|discount|reduction|price|cost|amount|%|[$€£₹¥]")
_SAVING = re.compile(r"\byou(?:'d| would| will|'ll)(?: only)? (?:pay|be paying|save|spend)\b|\bsav(?:e|es|ing) you\b")


def _amount(money: str) -> float:
    """ "$1,450" -> 1450.0, "S$84,000" -> 84000.0, "$12k" -> 12000.0."""
    digits = re.sub(r"[^\d.k]", "", money.replace(",", ""))
    scale = 1000.0 if digits.endswith("k") else 1.0
    try:
        return float(digits.rstrip("k").strip(".")) * scale
    except ValueError:
        return 0.0


_REGRET = re.compile(r"\b(?:unfortunately|afraid)\b")
_ALREADY = re.compile(
    # "includes" voids only a discount it names ("the quote includes a 10% discount"), not "including the processors"
    r"\balready\b(?=\s+(?:includes?|included|applied|reflected|built|baked|factored|discounted|taken|in|on|at|been|has|have|the|a"
    r"|got|gets|get|showing|shows|there|part|bundled|covered|priced)\b)|\b(?:includes|including|included)\b(?=[^.;]{0,40}\b(?:discount|savings?|reduction|rebate|%|percent)\b)"
    r"|\b(?:reflects?|reflected|built in|baked in|factored in)\b|\b(?:wasn't|was not|weren't|didn't|did not) (?:taken|applied|used|claimed)\b|"
    r"\b(?:applied|showing|shows|appears?|shown|listed) (?:to|on|in)\b|\blist price\b",
)
_QUOTED_ASK = re.compile(
    r"\byou (?:asked|requested|mentioned|wanted|were hoping|'re hoping|are hoping|suggested|proposed|said|brought up|raised|"
    r"inquired|enquired|wondered|were asking|are asking|'re asking)\b|\byour (?:request|ask|question|note|email|message)\b|"
    r"\basked (?:for|about|whether|if)\b|\brequested\b|\b(?:is|are) (?:there|you) (?:any|a)\b|\bdo you (?:offer|have|give)\b",
)
_SELF_GRANTED = re.compile(r"\b(?:is doable|works|would work|is fine|is the best|best (?:i|we) can do)\b")
_EXTRA_UNITS = re.compile(r"(?:the )?(?:extra|additional|bonus) \d")  # "the extra 500 licences are included at no charge"
_THEIR_HABIT = re.compile(r"\b(?:they|he|she)(?:'ll| will| would| also| always| usually| often| even| already)*\s*$")
_REPORTED_QUESTION = re.compile(r"\byou (?:asked|wondered|were wondering|enquired|inquired)\b[^.;]*?\b(?:if|whether)\b")
_INCREASE = re.compile(r"\b(?:increase[sd]?|increasing|go(?:es|ing)? up|went up|rise|rising|hike|uplift|surcharge)\b")
_CORRECTION = re.compile(
    r"\b(?:typo|correction|corrected|mistake|my bad|should (?:have )?(?:read|said|been)|meant to (?:say|write)|"
    r"sorry,? the (?:total|price|amount|quote) (?:is|was|should))\b",
)
_TRIAL = re.compile(r"\bfree trial\b|\btrial\b")
# A concession already traded for a commitment in the same sentence: good practice, noted as discount.traded (info).
_TRADED = re.compile(
    r"\bif (?:you|your team|we)(?: can| could| are able to)? (?:sign|commit|agree|prepay|pay (?:up ?front|annually|in advance)|renew|"
    r"extend|go with|move forward|confirm|book|get (?:the|a|me)|send (?:the|a|me) (?:signed|po)|close|lock in|order"
    r"|place (?:the |your |an )?order)\b"
    r"|\bin (?:exchange|return) for\b|\bin return\b|\bwhen you sign\b|\bonce (?:you|the (?:contract|order|agreement)) (?:sign|is signed)"
    r"|\bfor an? (?:\d+|two|three|four|five|multi)[- ]year\b|\bprovided (?:that )?you\b|\bas long as you\b|\bon (?:the )?condition\b"
    r"|\bin exchange\b|\bsigned (?:by|before)\b|\bcase study\b",
)
_CLAUSE_CUT = re.compile(r";\s+|\s[-–—]+\s|(?<=\w)[—–]+(?=\w)|,\s+(?=(?:but|and|so|or|though|however)\s)|:\s+")

MESSAGE = (
    "You're giving a price concession without getting anything back. Never give without getting: trade it for "
    "a commitment — a signed order by a date, a longer term, or a case study."
)
TRADED_MESSAGE = (
    "A concession traded for a commitment: the right way to give one. Make the commitment specific (a date, "
    "a signature) and put both in writing."
)
_BASE_VERB = {
    "waived": "waive", "waiving": "waive", "throwing": "throw", "thrown": "throw", "knocked": "knock", "knocking": "knock",
    "took": "take", "taking": "take", "shaved": "shave", "shaving": "shave", "reduced": "reduce", "reducing": "reduce",
    "lowered": "lower", "lowering": "lower", "dropped": "drop", "dropping": "drop", "matched": "match", "matching": "match",
    "discounted": "discount", "held": "hold", "holding": "hold", "kept": "keep", "keeping": "keep", "froze": "freeze",
    "freezing": "freeze", "honored": "honor", "honoured": "honour", "taken": "take", "pulled": "pull", "removed": "remove",
    "stripped": "strip", "struck": "strike", "trimmed": "trim", "comped": "comp", "covered": "cover",
    "written": "write", "wrote": "write", "writing": "write", "writes": "write",
    "includes": "include", "included": "include", "including": "include", "adding": "add", "credited": "credit",
    "crediting": "credit", "credits": "credit",
}
# Concessions that open with the giving verb: "credit back the full value", "include Premium support free".
_GIVING_VERBS = frozenset("credit credited crediting credits include includes included including add adding give provide".split())


def analyse(doc) -> list[Finding]:
    lo, hi = doc.reviewed
    text = doc.lower[:hi]
    present = _tokens(text[lo:hi]) & _TRIGGERS
    if not present:
        return []
    sources = tuple({source for t in present for source in _TRIGGER_SOURCES.get(t, (t,))})
    signoff = doc.signoff
    out: list[Finding] = []
    for sent in doc.sentences:
        if signoff and sent.start >= signoff[0]:
            continue
        low = text[sent.start : sent.end]
        if not any(source in low for source in sources):  # C-fast substring test before splitting into words
            continue
        toks = _tokens(low)
        kinds = [k for k in _KINDS if not k[1].isdisjoint(toks)]
        if not kinds:
            continue
        spans: list[tuple[int, int, str]] = []
        for cs, ce in _clauses(low):
            clause = low[cs : min(ce, cs + _CLAUSE_MAX)]
            if _CORRECTION.search(clause):
                continue  # "Sorry, typo: the quote should read $4,200" ("…; the corrected invoice is attached" is another clause)
            granted = None
            for kind, _, pattern in kinds:
                # Each candidate is judged against its whole clause; capping both keeps a pasted table or a
                # repeated phrase linear instead of quadratic.
                for m in islice(_word_matches(pattern, clause), _MATCHES_MAX):
                    if granted is None:  # "we're good with your ask: months one and two are free": earlier grants count
                        granted = bool(_GRANT.search(clause) or cs and _GRANT.search(low, max(0, cs - _CLAUSE_MAX), cs))
                    if not _void(clause, m, kind, granted):
                        spans.append((sent.start + cs + m.start(), sent.start + cs + m.end(), kind))
        if not spans:
            continue
        if any(kind not in _SUPPORTING for _, _, kind in spans):
            # "throw in onboarding at no extra cost", "a partner rate: $145 instead of $180": one concession
            spans = [span for span in spans if span[2] not in _SUPPORTING]
        traded = bool(_TRADED.search(low))
        for start, end, kind in sorted(spans):
            while end > start and doc.text[end - 1] in " ,.;:":
                end -= 1
            if out and out[-1].end > start and out[-1].start >= sent.start:
                continue  # another phrasing of the same concession ("throw in onboarding at no extra cost")
            out.append(_traded_finding(doc, start, end) if traded else _finding(doc, start, end, kind))
    return out


def _clauses(text: str):
    pos = 0
    for m in _CLAUSE_CUT.finditer(text):
        yield pos, m.start()
        pos = m.end()
    yield pos, len(text)


def _void(clause: str, m: re.Match, kind: str, granted: bool) -> bool:
    """Is this concession phrase refused, already in the price, quoted from the customer, or not granted?"""
    before = clause[: m.start()]
    # A refusal governs the words after it up to a comma ("…won't need the import, I've arranged to credit…"),
    # except the sentence-wide "unfortunately" / "I'm afraid".
    refused = bool(_REFUSAL.search(before, before.rfind(", ") + 1) or _REGRET.search(clause))
    if _STANDARD.search(clause):
        return True  # a published tier or price list applies to everyone: not this customer's concession
    if kind == "nocost" and _BLAME.search(before):
        return True  # "That's on us": owning a mistake, not a gift
    if _THEIR_HABIT.search(before):
        return True  # "I know they throw in W-2 processing for free": the other vendor's offer
    if kind == "passon" and not _MONEY_WORD.search(clause):
        return True  # "the minutes will be passed on to you": only money handed on counts
    if kind == "compare":
        # Only a price below the sender's own: "down from the $31,200 you're paying today" is a saving from
        # switching, not a concession.
        after = clause[m.end() : m.end() + 60]
        return (refused or bool(_QUOTED_ASK.search(before))
                or _amount(m.group("new") or m.group("new2")) >= _amount(m.group("old") or m.group("old2") or m.group("old3"))
                or bool(_THEIR_SPEND.search(after)) or bool(_SAVING.search(before)) or bool(_INCREASE.search(clause)))
    if kind == "removed" and not granted:
        return True
    if refused or _ALREADY.search(clause.split(" on top of ", 1)[0]):
        return True  # ("…free for the second year, on top of the first year that's already bundled" adds to it)
    if _REPORTED_QUESTION.search(before):
        return True  # "you asked last month if we could keep the old prices": their question, whatever its words
    if _QUOTED_ASK.search(before) and not granted:
        return True  # "You asked for a 20% discount": their request, not our concession
    if kind == "free" and _TRIAL.search(clause):
        return True
    if kind in ("pct", "reduce", "special", "priced") and _INCREASE.search(clause):
        return True
    gift = (kind == "free" and _EXTRA_UNITS.match(m.group(0))) or m.group(0).startswith("on the house") or (
        m.group(0).startswith("on us") and _GIFT_ON_US.search(before) and not clause.startswith(" to ", m.end()))
    if kind == "pct" and _SELF_GRANTED.search(m.group(0)):
        return False  # "8% is doable", "best I can do is 10": the sender's own offer
    if kind in _NEEDS_GRANT and not granted and not gift and not (kind != "nocost" and _SELF_PAID.search(m.group(0))):
        return not (kind == "pct" and _YOU.search(clause))
    return False


def _finding(doc, start: int, end: int, kind: str) -> Finding:
    words = doc.text[start:end]
    return Finding(
        category="discount",
        kind="discount.concession",
        severity="warning",
        start=start,
        end=end,
        text=words,
        message=MESSAGE,
        suggestion=f"If you can sign by {_deadline(doc.draft.sent_at)}, {_offer_clause(words, kind)}.",
    )


def _traded_finding(doc, start: int, end: int) -> Finding:
    return Finding(
        category="discount",
        kind="discount.traded",
        severity="info",
        start=start,
        end=end,
        text=doc.text[start:end],
        message=TRADED_MESSAGE,
    )


def _offer_clause(words: str, kind: str) -> str:
    """The concession as the second half of "If you can sign by Friday, …"."""
    words = " ".join(words.split())
    low = words[:1].lower() + words[1:]
    if kind == "round" or kind == "free" and re.search(r"^(?:the )?(?:first )?\d|(?:'s| is| are| will be| would be) (?:free|on)\b", low):
        # "Call it $12,000 flat", "you'll only be billed for 200 of the 230", "the first 500 units are on us"
        return f"you'll {low}" if low.startswith("only") else f"we can {low}" if low.startswith("call it") else low
    if kind == "compare":
        return low if " down from " in low else f"I can do {words}"  # "the monthly fee goes down from €1.20 to €0.95"
    if kind == "nocost":
        return "I can include it at no charge"
    if kind == "nocharge":  # "will not charge the freight costs"
        return re.sub(r"^(?:will not|won't|shan't|are not going to|aren't going to|am not going to|'m not going to)\s+", "we won't ", low)
    if kind == "pct" and re.search(r" is (?:the best|as (?:low|far) as) ", low):
        return f"I can do {low.split(' is ', 1)[0]}"  # "12% is the best I can do"
    held = re.match(r"(?:your|the) (.+?) (?:grandfathered|locked(?: in)?|frozen|held)$", low)
    if kind == "hold" and held:
        return f"I can hold your {held.group(1)}"  # "your current rate grandfathered"
    first, _, rest = low.partition(" ")
    if first in _GIVING_VERBS:
        return f"I can {_BASE_VERB.get(first, first)} {rest}".rstrip()
    if re.match(r"[\w]+-free\b", low):
        return f"I can offer a {low}"  # "a rent-free period"
    if kind == "passon":
        return "I can pass the saving on to you"
    if low.startswith("sharpen"):
        return f"I can {low}"
    return f"I can {_offer_phrase(words, kind)}"


def _offer_phrase(words: str, kind: str) -> str:
    """ "waived the setup fee" -> "waive the setup fee"; "15% discount" -> "offer the 15% discount"."""
    words = " ".join(words.split())
    if kind in _VERB_KINDS:
        head, _, rest = words.partition(" ")
        if kind == "waive" and not head.lower().startswith("waiv"):  # "the setup fee will be waived"
            fee = re.sub(r"(?:'s|\s+(?:will be|is|are|can be|would be|have been|has been|gets?))?(?:\s+(?:now|also|fully|entirely))?"
                         r"\s+waived$", "", words, flags=re.IGNORECASE)
            fee = re.sub(r"^(?:the|your|our|any|all)\s+", "", fee, flags=re.IGNORECASE)
            return f"waive the {fee[:1].lower()}{fee[1:]}"
        if kind == "can_do":  # "I can do $4,000" -> "do $4,000"; "we offer you 5%" -> "offer you 5%"
            return re.sub(r"^(?:i|we)(?:'ll| will| can| could|'d| would)? ", "", words, flags=re.IGNORECASE)
        verb = _BASE_VERB.get(head.lower(), head.lower())
        return f"{verb} {rest}".strip()
    if re.match(r"(?:a|an|the|your|our)\b", words, re.IGNORECASE):
        return f"offer {words}"
    return f"offer the {words}" if kind in ("pct", "special", "priced") else f"offer {words}"


def _deadline(sent_at) -> str:
    """The first Friday at least two days after sending (in the sender's offset): "Friday", or "next Friday"
    when the coming one is tomorrow or today."""
    ahead = (4 - sent_at.date().weekday()) % 7
    return "Friday" if ahead >= 2 else "next Friday"
