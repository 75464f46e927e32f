"""Due-date resolution: find the first time expression in a clause and turn it into a calendar date.

Everything is resolved against ``sent_at`` in its OWN UTC offset: "today" is ``sent_at.date()``, never
the UTC date, because the recipient reads "by Friday" in the sender's week. Standard library only, and
every pattern is compiled at import: this runs inside a review that must cost milliseconds.

Rules (``today`` = sent_at's local date; weeks run Monday–Sunday):

* today / tonight / this afternoon (or arvo) / EOD / COB / end of day / right away  → today
* tomorrow (morning, …) → +1; the day after tomorrow → +2
* "Friday", "by Friday", "on Friday", "this Friday", "coming Friday" → the next Friday strictly after
  today (said on a Friday it means next week's Friday); "next Friday", "Friday next week",
  "next week on Friday" → the Friday of next week (the week after the current Monday–Sunday week, i.e.
  the first Friday after the coming Sunday; on a Sunday the coming Sunday is today)
* end of week / EOW / by the weekend → Friday of this week (Sat/Sun → the coming Friday);
  end of next week → Friday of next week
* end of month / EOM, end of next month, end of <Month> → the month's last day
* end of quarter / EOQ / end of Q3 → last day of the calendar quarter; end of year / EOY → 31 Dec
* "by the 15th", "on the 3rd" → that day this month if not yet past, else the next month that has it;
  "Monday the 8th" → the next 8th that is a Monday (falls back to the plain ordinal rule)
* explicit dates (12/5 is US month/day, 5 December, December 5th, Dec 5, 2026-12-05); without a year a
  date already past rolls over to next year
* within/in N business (working) days → N weekdays after today (Sat/Sun skipped); next business day
* within/in N hours → the date of sent_at + N hours; in/within N days → +N; a week → +7; N months
* a bare clock time ("by 3pm", "at noon") → today if that time is still ahead at sent_at, else tomorrow

Vague timing ("next week", "soon", "ASAP", "in the coming days", …) is reported separately by
:func:`find_vague` so a caller can coach the writer to name a day; :func:`suggest_day` proposes one.
"""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from typing import Callable, NamedTuple

__all__ = ["Resolution", "resolve", "find_due", "find_vague", "suggest_day", "format_day", "add_business_days"]


class Resolution(NamedTuple):
    """``due`` is None for vague timing (then ``phrase`` holds the vague words) or when nothing was found.

    ``span`` indexes the text searched; ``phrase`` is ``text[span]`` with runs of whitespace made one space.
    """

    due: date | None
    phrase: str | None
    span: tuple[int, int] | None


_NONE = Resolution(None, None, None)

_WEEKDAYS = {
    "monday": 0, "mon": 0, "tuesday": 1, "tues": 1, "tue": 1, "wednesday": 2, "weds": 2, "wed": 2,
    "thursday": 3, "thurs": 3, "thur": 3, "thu": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
    "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "twenty-four": 24, "twenty four": 24, "forty-eight": 48, "forty eight": 48,
    "seventy-two": 72, "seventy two": 72,
}
_ORDINAL_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4}

# Patterns run on the lower-cased text without re.IGNORECASE (several times faster in CPython's re);
# the abbreviations that are also English words ("Sat", "Sun", "Mar", "May") are required to be
# capitalised when the anchor token is checked, see _CASED.
_WD = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|weds|wed|thurs|thur|thu|fri|sat|sun)\b"
_MON = (r"(?:january|february|march|mar|april|may|june|july|august|september|october|november"
        r"|december|jan|feb|apr|jun|jul|aug|sept|sep|oct|nov|dec)\b")
_MON_FULL = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)\b"
_NUM = (r"(?:\d{1,3}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
        r"|twenty[- ]four|forty[- ]eight|seventy[- ]two)")
_WITHIN = (r"\b(?:within|in|inside(?:\s+of)?|over)\s+(?:the\s+)?(?:next\s+)?"
           r"(?:(?:about|around|roughly|approximately|approx\.?)\s+)?")


class _Hit(NamedTuple):
    start: int
    end: int
    kind: str  # "explicit" | "ordinal" | "weekday" | "day" | "tod"
    due: date | None  # None only for "tod"
    extra: object = None  # weekday: (weekday, mode); ordinal: day number; tod: minutes threshold


def _num(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBERS[word]


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_business_days(day: date, n: int) -> date:
    """``n`` weekdays after ``day`` (Saturday and Sunday are skipped)."""
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def _next_week_monday(today: date) -> date:
    return today + timedelta(days=7 - today.weekday())


def _weekday(today: date, wd: int, mode: str | None) -> date:
    if mode == "next":
        return _next_week_monday(today) + timedelta(days=wd)
    if mode == "thisweek":
        d = today - timedelta(days=today.weekday()) + timedelta(days=wd)
        if d >= today:
            return d
    return today + timedelta(days=(wd - today.weekday()) % 7 or 7)


def _end_of_week(today: date) -> date:
    return today + timedelta(days=(4 - today.weekday()) % 7)


def _ordinal(today: date, day_no: int) -> date | None:
    if not 1 <= day_no <= 31:
        return None
    year, month = today.year, today.month
    if day_no < today.day:
        month += 1
    for _ in range(4):
        if month > 12:
            year, month = year + 1, month - 12
        if day_no <= calendar.monthrange(year, month)[1]:
            return date(year, month, day_no)
        month += 1
    return None


def _explicit(today: date, month: int, day_no: int, year: str | None) -> date | None:
    try:
        if year:
            y = int(year)
            return date(y + 2000 if y < 100 else y, month, day_no)
        d = date(today.year, month, day_no)
        return d if d >= today else date(today.year + 1, month, day_no)
    except ValueError:
        return None


# --- the rules: (pattern, handler(match, sent_at) -> _Hit | None) -------------------------------------
_Handler = Callable[[re.Match, datetime], "_Hit | None"]


def _h_today(m, sent):
    return _Hit(m.start(), m.end(), "day", sent.date())


def _h_tomorrow(m, sent):
    return _Hit(m.start(), m.end(), "day", sent.date() + timedelta(days=2 if m.group(1) else 1))


def _h_weekday(m, sent):
    nextweek_prefix, modifier, name, week_suffix = m.group(1, 2, 3, 4)
    mode = None
    modifier = (modifier or "").lower()
    if nextweek_prefix or (week_suffix and week_suffix.lower() == "next") or modifier.endswith("next") \
            or modifier.endswith("following"):
        mode = "next"
    elif week_suffix:
        mode = "thisweek"
    wd = _WEEKDAYS[name.lower()]
    return _Hit(m.start(), m.end(), "weekday", _weekday(sent.date(), wd, mode), (wd, mode))


def _h_eow(m, sent):
    today = sent.date()
    if m.group(1):
        return _Hit(m.start(), m.end(), "day", _next_week_monday(today) + timedelta(days=4))
    return _Hit(m.start(), m.end(), "day", _end_of_week(today))


def _h_eom(m, sent):
    today = sent.date()
    if m.group(2):
        month = _MONTHS[m.group(2).lower()]
        year = today.year + (month < today.month)
        return _Hit(m.start(), m.end(), "day", _last_day(year, month))
    base = _add_months(today.replace(day=1), 1) if m.group(1) else today
    return _Hit(m.start(), m.end(), "day", _last_day(base.year, base.month))


def _h_eoq(m, sent):
    today = sent.date()
    quarter = (today.month - 1) // 3 + 1
    year = today.year
    if m.group(1):
        quarter += 1
    elif m.group(2) or m.group(3):
        quarter = int(m.group(2)) if m.group(2) else _ORDINAL_QUARTERS[m.group(3).lower()]
        if _last_day(year, quarter * 3) < today:
            year += 1
    if quarter > 4:
        year, quarter = year + 1, 1
    return _Hit(m.start(), m.end(), "day", _last_day(year, quarter * 3))


def _h_eoy(m, sent):
    return _Hit(m.start(), m.end(), "day", date(sent.date().year, 12, 31))


def _h_iso(m, sent):
    try:
        d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return _Hit(m.start(), m.end(), "explicit", d)


def _h_slash(m, sent):
    a, b, year = int(m.group(1)), int(m.group(2)), m.group(3)
    if not year and not _SLASH_LEAD.search(m.string, max(0, m.start() - 12), m.start()):
        return None  # "24/7", "50/50": a bare fraction is only a date after "by", "on", a weekday …
    # Ambiguous "12/6": day first east of UTC (Europe, Africa, Asia, Oceania write 12 June), month first in
    # the Americas and at UTC itself, where a send time without its offset lands.
    offset = sent.utcoffset()
    day_first = offset is not None and offset > timedelta(0)
    month, day_no = (b, a) if a > 12 or (day_first and b <= 12) else (a, b)
    if month > 12:
        return None
    d = _explicit(sent.date(), month, day_no, year)
    return _Hit(m.start(), m.end(), "explicit", d) if d else None


def _h_dmy(m, sent):
    d = _explicit(sent.date(), _MONTHS[m.group(2).lower()], int(m.group(1)), m.group(3))
    return _Hit(m.start(), m.end(), "explicit", d) if d else None


def _h_mdy(m, sent):
    d = _explicit(sent.date(), _MONTHS[m.group(1).lower()], int(m.group(2)), m.group(3))
    return _Hit(m.start(), m.end(), "explicit", d) if d else None


def _h_ordinal(m, sent):
    day_no = int(m.group(1))
    today = sent.date()
    if m.group(2):  # "the 5th of this/next month"
        base = today if m.group(2).lower() == "this" else _add_months(today.replace(day=1), 1)
        try:
            return _Hit(m.start(), m.end(), "explicit", base.replace(day=day_no))
        except ValueError:
            return None
    d = _ordinal(today, day_no)
    return _Hit(m.start(), m.end(), "ordinal", d, day_no) if d else None


# "within 24 hours of delivery", "within 3 business days of your pick": counted from an event, not from now.
_OF_EVENT = re.compile(r"\s+(?:of|after|following|from)\s+(?!(?:now|today|this\s+(?:email|message|note|one)|sending|receipt\s+of\s+this)\b)")
EVENT_RELATIVE = re.compile(r"\bwithin\s+(?:[\w-]+\s+){1,3}?(?:days?|hours?|hrs?|weeks?|months?)" + _OF_EVENT.pattern)


def _from_now(handler):
    """A period handler that gives up when the period counts from an event ("within 24 hours of delivery")."""
    def counted(m, sent):
        return None if _OF_EVENT.match(m.string, m.end()) else handler(m, sent)
    return counted


def _h_business(m, sent):
    n = 1 if m.group(1) is None else _num(m.group(1))
    return _Hit(m.start(), m.end(), "day", add_business_days(sent.date(), n))


def _h_days(m, sent):
    n = _num(m.group(1) or m.group(2))  # "in 3 days" | "3 days from now"
    return _Hit(m.start(), m.end(), "day", sent.date() + timedelta(days=n))


def _h_hours(m, sent):
    if m.group(1):
        delta = timedelta(hours=_num(m.group(1)))
    elif m.group(2):
        delta = timedelta(minutes=_num(m.group(2)))
    else:  # "the hour", "an hour", "half an hour"
        delta = timedelta(minutes=30 if m.group().lower().rstrip().endswith("half an hour") else 60)
    return _Hit(m.start(), m.end(), "day", (sent + delta).date())


def _h_weeks(m, sent):
    n = 2 if m.group(2) else (1 if m.group(1) is None else _num(m.group(1)))
    return _Hit(m.start(), m.end(), "day", sent.date() + timedelta(days=7 * n))


def _h_months(m, sent):
    return _Hit(m.start(), m.end(), "day", _add_months(sent.date(), _num(m.group(1))))


def _h_tod(m, sent):
    hour, minute, ampm, h24, m24, named = m.group(1, 2, 3, 4, 5, 6)
    if (minute or m24 or "0") > "59":
        return None
    if hour:
        if not 1 <= int(hour) <= 12:
            return None
        h = int(hour) % 12 + (12 if ampm[0].lower() == "p" else 0)
        threshold = h * 60 + int(minute or 0)
    elif h24:
        h = int(h24)
        if h > 23:
            return None
        if h < 8:  # "at 3:30" in business mail is the afternoon
            h += 12
        threshold = h * 60 + int(m24)
    else:
        named = named.lower()
        if named.startswith(("noon", "mid", "lunch", "by", "before")):
            threshold = 12 * 60
        elif "afternoon" in named:
            threshold = 12 * 60
        elif "evening" in named:
            threshold = 17 * 60
        elif "morning" in named or named.startswith("first"):
            threshold = 0  # "in the morning", "first thing": the next morning
        else:  # end of day, COB, EOD: still today however late it is sent
            threshold = 24 * 60
    return _Hit(m.start(), m.end(), "tod", None, threshold)


_P = re.compile
_RULES: tuple[tuple[re.Pattern, _Handler], ...] = (
    (_P(r"\b(?:(?:later\s+)?today|tonight|tonite|(?:later\s+)?this\s+(?:morning|afternoon|arvo|evening)|right\s+away"
        r"|straight\s+away|immediately|right\s+now|later\s+in\s+the\s+day|same[- ]day)\b"), _h_today),
    (_P(r"\b(?:(the\s+day\s+after\s+)?(?:tomorrow|tomorow|tmrw|tmr|2moro))"
        r"(?:\s+(?:morning|afternoon|evening|night|am|pm))?\b"), _h_tomorrow),
    (_P(r"(?:\b(next)\s+week,?\s+(?:on\s+)?)?"
        r"\b(?:(this\s+coming|the\s+coming|coming|this|next|the\s+following|following)\s+)?"
        r"(" + _WD + r")(?:\s+(?:morning|afternoon|evening|night|am|pm)\b)?(?:,?\s+(?:of\s+)?(this|next)\s+week\b)?"),
     _h_weekday),
    (_P(r"\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|(next)\s+)?(?:working\s+|work\s+|business\s+)?week(?!end)"
        r"|eow|week['’]s\s+end|within\s+the\s+week|before\s+the\s+weekend|by\s+the\s+weekend)\b"), _h_eow),
    (_P(r"\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|(next)\s+)?month|eom|month[- ]end|(?:the\s+)?end\s+of\s+("
        + _MON + r"))\b"), _h_eom),
    (_P(r"\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+|(next)\s+)?quarter|eoq|quarter[- ]end"
        r"|(?:the\s+)?end\s+of\s+(?:q([1-4])|the\s+(first|second|third|fourth)\s+quarter))\b"), _h_eoq),
    (_P(r"\b(?:(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?year|eoy|year[- ]end)\b"), _h_eoy),
    (_P(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"), _h_iso),
    (_P(r"\b(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?\b(?!/)"), _h_slash),
    (_P(r"\b(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + _MON + r")(?:\.?,?\s+(\d{4})\b)?"), _h_dmy),
    (_P(r"\b(" + _MON + r")\.?\s+(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?::|%|\d|am\b|pm\b|a\.m|p\.m))"
        r"(?:,?\s+(\d{4})\b)?"), _h_mdy),
    (_P(r"(?:(?<=\bby )|(?<=\bon )|(?<=\bbefore )|(?<=\buntil )|(?<=\btill )|(?<=\bthan )|(?<=\bfor )|(?<=day )"
        r"|(?<=day, ))(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)\b(?:\s+of\s+(this|next)\s+month\b)?"), _h_ordinal),
    (_P(_WITHIN + r"(" + _NUM + r")\s+(?:business|working|work)\s+days?\b"
        r"|\b(?:the\s+)?next\s+(?:business|working)\s+day\b"), _from_now(_h_business)),
    (_P(_WITHIN + r"(" + _NUM + r")\s+(?:calendar\s+)?days?\b|\b(" + _NUM + r")\s+days?\s+from\s+(?:now|today)\b"),
     _from_now(_h_days)),
    (_P(_WITHIN + r"(?:(" + _NUM + r")\s+(?:hours?|hrs?)\b|(" + _NUM + r")\s+(?:minutes?|mins?)\b"
        r"|(?:the|an|one|half\s+an)\s+hour\b)"), _from_now(_h_hours)),
    (_P(_WITHIN + r"(?:(" + _NUM + r")\s+weeks?\b|(a\s+fortnight)\b)|\bthis\s+time\s+next\s+week\b"
        r"|\ba\s+week\s+from\s+(?:now|today)\b"), _from_now(_h_weeks)),
    (_P(_WITHIN + r"(" + _NUM + r")\s+months?\b"), _from_now(_h_months)),
    (_P(r"\b(?:(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.?|p\.m\.?)(?![a-z])|(\d{1,2}):(\d{2})(?!\d)|("
        r"noon|midday|mid-day|(?:by|before)\s+lunch(?:time)?|(?:the\s+)?(?:end|close)\s+of\s+(?:the\s+)?"
        r"(?:business\s+)?(?:day|play|business)|eod|cob|eob|first\s+thing(?:\s+in\s+the\s+morning)?"
        r"|in\s+the\s+(?:morning|afternoon|evening)))"
        r"(?:\s+(?:[ecmp][sd]?t|gmt|utc|bst|cet|your\s+time|my\s+time|local\s+time)\b)?"), _h_tod),
)


_SLASH_LEAD = re.compile(
    r"(?:\b(?:by|on|before|until|till|than|due|for|mon|tues?|weds?|thu|thurs?|fri|sat|sun)|day),?\s+$")
_GAP = re.compile(r"[\s,]*(?:(?:on|at|by|of|the|before|around|-|–|—|\()[\s,]*)*")
_LEAD_IN = re.compile(
    r"\b(?:(?:no|not)\s+later\s+than|on\s+or\s+before|(?:at\s+the\s+)?latest\s+by|by|on|before|until|till|for"
    r"|as\s+of|due|around|sometime|some\s+time|at)\s+$")
_FOR_DAY = re.compile(r"\bfor\s+(?:the\s+)?$")
_BY_DAY = re.compile(r"\b(?:by|no\s+later\s+than|before)\s+(?:the\s+)?(?:end\s+of\s+)?$")
# Words just before a day that make it a reference to another event, not a deadline ("notes from Tuesday").
_REFERENCE_WORDS = frozenset("from since about regarding re last past during after of throughout".split())
_DETERMINERS = frozenset("the this our your that".split())
_PAST_VERBS = frozenset(
    """discussed mentioned agreed spoke talked met sent received said shared had did was were asked requested
    promised chatted emailed called""".split())
_POSSESSIVE_OK = frozenset("before by until for".split())

_VAGUE = re.compile(
    r"(?:(?:(?:sometime|some\s+time|early|earlier|late|later|mid|at\s+some\s+point|by|before|during|within|in"
    r"|over|the\s+start\s+of|start\s+of|the\s+beginning\s+of|beginning\s+of|the\s+middle\s+of|middle\s+of"
    r"|the\s+rest\s+of)[\s-]+){0,2}"
    r"(?:(?:the\s+)?(?:next|this|coming|following)\s+(?:week|month|quarter|year|weekend)\b"
    r"|the\s+(?:coming|following)\s+(?:weeks?|months?)\b|the\s+weekend\b)"
    r"|(?:by|in|during|early|mid|late|before)[\s-]+(?:" + _MON_FULL + r"|q[1-4]\b)"
    r"|(?:in|within|over)\s+(?:the\s+)?(?:next|coming|following)\s+(?:few\s+|couple\s+(?:of\s+)?|several\s+"
    r"|two\s+or\s+three\s+)?(?:days|weeks|months|hours)\b"
    r"|(?:in|within|over)\s+(?:a\s+)?(?:few|couple(?:\s+of)?|several)\s+(?:days|weeks|hours|months)\b"
    r"|in\s+a\s+(?:day|week)\s+or\s+(?:two|so)\b"
    r"|(?<!as )(?:very\s+)?soon(?:ish)?\b(?!\s+as\b)|shortly\b|asap\b|as\s+soon\s+as\s+(?:possible|i\s+can"
    r"|we\s+can|i['’]m\s+able|we['’]re\s+able|practical|practicable)\b|at\s+(?:your|the)\s+earliest"
    r"(?:\s+convenience)?\b|later(?:\s+on)?\b(?!\s+than)|in\s+due\s+course\b|at\s+some\s+point\b"
    r"|when\s+i\s+(?:can|get\s+(?:a|the)\s+(?:chance|moment|minute))\b|before\s+long\b"
    r"|in\s+the\s+near\s+future\b|down\s+the\s+(?:road|line|track)\b)")

# --- the scanner: anchor tokens → the few rules that can match there ----------------------------------
# Scanning 18 patterns over every clause is slow; instead the clause is split into lower-case tokens, and
# only a token that can anchor a time expression ("friday", "eod", "days", "15th") triggers the rules it
# belongs to, each tried with .match() from the few tokens before it that may start the expression.
(R_TODAY, R_TOMORROW, R_WEEKDAY, R_EOW, R_EOM, R_EOQ, R_EOY, R_ISO, R_SLASH, R_DMY, R_MDY, R_ORDINAL,
 R_BUSINESS, R_DAYS, R_HOURS, R_WEEKS, R_MONTHS, R_TOD) = range(18)
_TOKEN = re.compile(r"[a-z0-9]+")
_ANCHORS: dict[str, tuple[int, ...]] = {}


def _anchor(words: str, *rules: int) -> None:
    for word in words.split():
        _ANCHORS[word] = tuple(dict.fromkeys(_ANCHORS.get(word, ()) + rules))


_anchor("today tonight tonite immediately away now arvo", R_TODAY)
_anchor("morning afternoon evening", R_TODAY, R_TOD)
_anchor("tomorrow tomorow tmrw tmr 2moro", R_TOMORROW)
_anchor(" ".join(_WEEKDAYS), R_WEEKDAY)
_anchor("week eow weekend", R_EOW, R_WEEKS)
_anchor("weeks fortnight", R_WEEKS)
_anchor("month eom", R_EOM, R_MONTHS)
_anchor("months", R_MONTHS)
_anchor("quarter eoq q1 q2 q3 q4", R_EOQ)
_anchor("year eoy", R_EOY)
_anchor(" ".join(_MONTHS), R_DMY, R_MDY, R_EOM)
_anchor("play noon midday lunch lunchtime eod cob eob thing", R_TOD)
_anchor("hour hours hr hrs minute minutes min mins", R_HOURS)
# "day(s)" and "business" anchor different rules depending on the word before them.
_DAY_RULES = {"business": (R_BUSINESS,), "working": (R_BUSINESS,), "work": (R_BUSINESS,), "of": (R_TOD,),
              "the": (R_TOD, R_TODAY), "same": (R_TODAY,), "mid": (R_TOD,), "calendar": (R_DAYS,)}
_ANCHOR_WORDS = frozenset(_ANCHORS) | {"day", "days", "business"}
_DIGIT = re.compile(r"\d")
_CASED = frozenset("mon tue tues wed weds thu thur thurs fri sat sun mar march may".split())
_PREFIX = frozenset(
    """the this next coming following within in inside over end close later day a an about around roughly
    approximately approx half week first thing same right straight mid of one two three four five six seven
    eight nine ten eleven twelve fifteen twenty thirty forty seventy""".split())
_VAGUE_ANCHORS = frozenset(
    """week month quarter year weekend weeks months days hours soon soonish shortly asap possible earliest
    later course point can chance moment minute long future road line track two so practical practicable
    able q1 q2 q3 q4""".split()) | frozenset(m for m in _MONTHS if len(m) > 3 or m == "may")
_VAGUE_PREFIX = frozenset(
    """sometime some time early earlier late later mid at by before during within in over the start of
    beginning middle rest next this coming following few couple several two or three a very as when i
    we get down near due your""".split())


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few characters ("İ") grow when lower-cased; keep offsets aligned
        low = "".join(c.lower()[:1] or c for c in text)
    return low


def _tokens(low: str, start: int, end: int) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _TOKEN.finditer(low, start, end)]


def _rules_at(low: str, tokens: list[tuple[int, str]], i: int) -> tuple[int, ...]:
    """The rules token ``i`` can anchor, judged from the token and its neighbours (cheap string tests)."""
    pos, tok = tokens[i]
    rules = _ANCHORS.get(tok)
    if rules is not None:
        return rules
    if tok in ("day", "days"):
        prev = tokens[i - 1][1] if i else ""
        if prev in _DAY_RULES:
            return _DAY_RULES[prev]
        return (R_DAYS,) if prev[:1].isdigit() or prev in _NUMBERS else ()
    if tok == "business":
        return (R_TOD,) if i and tokens[i - 1][1] == "of" else ()
    if not tok[0].isdigit():
        return ()
    if tok.endswith(("st", "nd", "rd", "th")) and tok[:-2].isdigit():
        return (R_ORDINAL,)
    if tok.endswith(("am", "pm")):
        return (R_TOD,)
    after = low[pos + len(tok) : pos + len(tok) + 5]
    if after[:1] == "-" and len(tok) == 4:
        return (R_ISO,)
    if after[:1] == "/":
        return (R_SLASH,)
    if after[:1] == ":" or after.lstrip()[:1] in ("a", "p"):
        return (R_TOD,)
    return ()


def _not_a_deadline(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start].lower().split()[-4:]
    if not before:
        return False
    last = before[-1]
    if text.startswith(("'s", "’s"), end) and last not in _POSSESSIVE_OK and \
            " ".join(before[-2:]) not in ("ahead of", "prior to") and " ".join(before[-3:]) != "in time for":
        return True  # "today's call", "Tuesday's notes": an event, not a deadline
    if last in _REFERENCE_WORDS or last in _PAST_VERBS:
        return True
    if last in _DETERMINERS and len(before) > 1 and before[-2] in _REFERENCE_WORDS:
        return True
    return last in ("on", "last") and any(w in _PAST_VERBS for w in before[:-1])


def _candidates(text: str, low: str, sent_at: datetime, start: int, end: int) -> list[_Hit]:
    words = _TOKEN.findall(low, start, end)
    anchors = _ANCHOR_WORDS.intersection(words)
    if not anchors and not _DIGIT.search(low, start, end):
        return []
    tokens = _tokens(low, start, end)
    hits: dict[tuple[int, int], _Hit] = {}
    seen: set[tuple[int, int, int]] = set()
    for i, (pos, tok) in enumerate(tokens):
        if tok not in anchors and not tok[0].isdigit():
            continue
        rules = _rules_at(low, tokens, i)
        if not rules or (tok in _CASED and not text[pos].isupper()):
            continue
        starts = [p for p, t in tokens[max(0, i - 6) : i] if t in _PREFIX or t[0].isdigit()]
        starts.append(pos)
        for rule in rules:
            pattern, handler = _RULES[rule]
            for s in starts:
                m = pattern.match(low, s, end)
                if m and m.end() > pos:
                    key = (rule, m.start(), m.end())
                    if key not in seen:
                        seen.add(key)
                        hit = handler(m, sent_at)
                        if hit is not None and not _not_a_deadline(text, hit.start, hit.end):
                            hits[(hit.start, hit.end)] = hit
                    break
    ordered = sorted(hits.values(), key=lambda h: (h.start, -h.end))
    kept: list[_Hit] = []
    for h in ordered:
        if not kept or h.start >= kept[-1].end:
            kept.append(h)
    return kept


def _words(text: str, start: int, end: int) -> str:
    """The phrase as written, with a hard wrap ("within\n3 business days") read as one space."""
    phrase = text[start:end]
    return " ".join(phrase.split()) if "\n" in phrase or "  " in phrase else phrase


def _mergeable(a: _Hit, b: _Hit) -> bool:
    kinds = {a.kind, b.kind}
    if "tod" in kinds:
        return len(kinds) == 2
    return "weekday" in kinds and bool(kinds & {"explicit", "ordinal"})


def _combine(run: list[_Hit], sent_at: datetime) -> date:
    by_kind = {h.kind: h for h in run}
    if "explicit" in by_kind:
        return by_kind["explicit"].due
    if "ordinal" in by_kind and "weekday" in by_kind:
        day_no, wd = by_kind["ordinal"].extra, by_kind["weekday"].extra[0]
        d = sent_at.date()
        for _ in range(4):  # the next few months; beyond that trust the number, not the weekday
            d = _ordinal(d, day_no)
            if d is None:
                break
            if d.weekday() == wd:
                return d
            d = _add_months(d.replace(day=1), 1)
        return by_kind["ordinal"].due
    for kind in ("ordinal", "weekday", "day"):
        if kind in by_kind:
            return by_kind[kind].due
    threshold = by_kind["tod"].extra
    local = sent_at.hour * 60 + sent_at.minute
    return sent_at.date() + timedelta(days=0 if local < threshold else 1)


def find_due(text: str, sent_at: datetime, start: int = 0, end: int | None = None) -> Resolution:
    """The first DEFINITE time expression in ``text[start:end]`` (adjacent parts such as "Friday" and
    "by 3pm" merge into one phrase), with its leading preposition ("by", "no later than") included."""
    end = len(text) if end is None else end
    low = _lower(text)
    hits = _candidates(text, low, sent_at, start, end)
    if not hits:
        return _NONE
    if _FOR_DAY.search(low, max(start, hits[0].start - 8), hits[0].start):
        # "I'll lock in a facilitator for December 3 by tomorrow": the day it is for is not the deadline
        later = next((h for h in hits[1:] if _BY_DAY.search(low, max(start, h.start - 16), h.start)), None)
        if later is not None:
            hits = hits[hits.index(later) :]
    run = [hits[0]]
    for h in hits[1:]:
        if _GAP.fullmatch(low, run[-1].end, h.start) and all(_mergeable(r, h) for r in run):
            run.append(h)
        else:
            break
    s, e = run[0].start, run[-1].end
    lead = _LEAD_IN.search(low, max(start, s - 24), s)
    if lead:
        s = lead.start()
    return Resolution(_combine(run, sent_at), _words(text, s, e), (s, e))


def find_vague(text: str, start: int = 0, end: int | None = None) -> Resolution:
    """The first vague time expression ("next week", "soon", "ASAP") in ``text[start:end]``; due is None."""
    end = len(text) if end is None else end
    low = _lower(text)
    if _VAGUE_ANCHORS.isdisjoint(_TOKEN.findall(low, start, end)):
        return _NONE
    tokens = _tokens(low, start, end)
    for i, (pos, tok) in enumerate(tokens):
        if tok not in _VAGUE_ANCHORS or (tok in _CASED and not text[pos].isupper()):
            continue
        for p, t in tokens[max(0, i - 5) : i + 1]:
            if t in _VAGUE_PREFIX or p == pos:
                m = _VAGUE.match(low, p, end)
                if m and m.end() > pos:
                    return Resolution(None, _words(text, m.start(), m.end()), m.span())
    return _NONE


def resolve(text: str, sent_at: datetime, start: int = 0, end: int | None = None) -> Resolution:
    """The first definite time expression in the clause, else the first vague one, else nothing.

    Returns ``(due, phrase, span)``: a date for definite timing, ``(None, phrase, span)`` for vague
    timing and ``(None, None, None)`` when the clause names no time at all.
    """
    found = find_due(text, sent_at, start, end)
    return found if found.due else find_vague(text, start, end)


_NEXT_WEEK = re.compile(r"\b(?:next|following|coming)\s+week\b")
_NEXT_MONTH = re.compile(r"\b(?:next|following|coming)\s+month\b")
_LATE = re.compile(r"\b(?:late|later|end|rest)\b")
_FEW_DAYS = re.compile(r"\b(?:days|day\s+or\s+two|couple)\b")


def suggest_day(phrase: str | None, sent_at: datetime) -> date:
    """A concrete working day inside the window a vague phrase points at (used to coach a rewrite).

    next week → its Tuesday (Thursday for "late/end of next week"); this week → Friday if still ahead;
    the weekend → the Monday after; this month → its last working day; next month → its first working
    day; coming/few weeks → Friday of the week after next; a day or two → 2 working days; anything else
    (soon, ASAP, later, no timing at all) → the next working day.
    """
    today = sent_at.date()
    p = (phrase or "").lower()
    if _NEXT_WEEK.search(p):
        late = _LATE.search(p)
        return _next_week_monday(today) + timedelta(days=3 if late else 1)
    if "weekend" in p:
        return _next_week_monday(today)
    if "this week" in p:
        return _end_of_week(today) if today.weekday() < 4 else add_business_days(today, 1)
    if "this month" in p:
        d = _last_day(today.year, today.month)
        while d.weekday() > 4:
            d -= timedelta(days=1)
        return d if d > today else add_business_days(today, 1)
    if _NEXT_MONTH.search(p):
        first = _add_months(today.replace(day=1), 1)
        return first if first.weekday() < 5 else add_business_days(first, 1)
    if "weeks" in p:
        return _next_week_monday(today) + timedelta(days=11)
    if _FEW_DAYS.search(p):
        return add_business_days(today, 2)
    return add_business_days(today, 1)


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = ("", "January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")


def format_day(day: date) -> str:
    """"Tuesday, 2 December": a weekday AND a date, so neither side can misread it (English whatever the
    server's locale, unlike calendar.day_name)."""
    return f"{_DAY_NAMES[day.weekday()]}, {day.day} {_MONTH_NAMES[day.month]}"
