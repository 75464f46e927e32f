"""Due-date resolution: every rule against an explicit sent_at, in the sender's own UTC offset."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from addin.review.dates import add_business_days, find_due, find_vague, format_day, resolve, suggest_day

PST = timezone(timedelta(hours=-8))
UTC = timezone.utc
# Friday 20 November 2026, 16:00 in California: already Saturday 00:00 in UTC.
FRI_PST = datetime(2026, 11, 20, 16, 0, tzinfo=PST)
WED = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)
THU = datetime(2026, 11, 19, 10, 0, tzinfo=UTC)
SAT = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
SUN = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def due(text: str, sent_at: datetime) -> date | None:
    return resolve(text, sent_at).due


# --- the sender's own offset --------------------------------------------------------------------------
def test_today_is_the_senders_local_date_not_utc():
    assert FRI_PST.astimezone(UTC).date() == date(2026, 11, 21)  # the trap
    assert due("I'll send it today", FRI_PST) == date(2026, 11, 20)
    assert due("I'll send it tonight", FRI_PST) == date(2026, 11, 20)
    assert due("we will revert tomorrow", FRI_PST) == date(2026, 11, 21)


def test_weekday_counts_from_the_local_weekday():
    # Local Friday: "by Saturday" is tomorrow. Read in UTC (already Saturday) it would be a week later.
    assert due("by Saturday", FRI_PST) == date(2026, 11, 21)
    assert due("by Friday", FRI_PST) == date(2026, 11, 27)


def test_hours_are_added_in_the_senders_offset():
    assert due("within 2 hours", FRI_PST) == date(2026, 11, 20)
    assert due("within 8 hours", FRI_PST) == date(2026, 11, 21)  # 16:00 + 8h = midnight local
    assert due("within 24 hours", FRI_PST) == date(2026, 11, 21)
    assert due("in 48 hours", FRI_PST) == date(2026, 11, 22)


# --- relative days ------------------------------------------------------------------------------------
@pytest.mark.parametrize("phrase", ["today", "tonight", "EOD", "by end of day", "by COB", "this afternoon",
                                    "by close of business", "later today", "right away"])
def test_same_day_phrases(phrase):
    assert due(f"I'll send it {phrase}", WED) == date(2026, 11, 18)


@pytest.mark.parametrize("phrase", ["tomorrow", "tomorrow morning", "tomorrow afternoon", "by EOD tomorrow",
                                    "by end of day tomorrow", "tomorrow at 3pm", "first thing tomorrow"])
def test_tomorrow_phrases(phrase):
    assert due(f"I'll send it {phrase}", WED) == date(2026, 11, 19)


def test_day_after_tomorrow():
    assert due("the day after tomorrow", WED) == date(2026, 11, 20)


def test_eod_stays_today_even_late_at_night():
    assert due("by EOD", datetime(2026, 11, 18, 23, 30, tzinfo=UTC)) == date(2026, 11, 18)


def test_clock_time_is_today_while_ahead_else_tomorrow():
    assert due("by 3pm", WED) == date(2026, 11, 18)
    assert due("by 3pm", datetime(2026, 11, 18, 16, 0, tzinfo=UTC)) == date(2026, 11, 19)
    assert due("at noon", WED) == date(2026, 11, 18)


# --- weekdays -----------------------------------------------------------------------------------------
def test_plain_weekday_is_the_next_one():
    assert due("by Friday", WED) == date(2026, 11, 20)
    assert due("on Tuesday", WED) == date(2026, 11, 24)
    assert due("Friday", WED) == date(2026, 11, 20)
    assert due("by Fri", WED) == date(2026, 11, 20)


def test_weekday_named_on_that_weekday_means_next_week():
    fri = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert due("by Friday", fri) == date(2026, 11, 27)
    assert due("this Friday", fri) == date(2026, 11, 27)


def test_next_weekday_is_in_next_calendar_week():
    assert due("next Friday", WED) == date(2026, 11, 27)
    assert due("next Tuesday", THU) == date(2026, 11, 24)
    assert due("next Monday", WED) == date(2026, 11, 23)
    assert due("Friday next week", WED) == date(2026, 11, 27)
    assert due("next week on Tuesday", WED) == date(2026, 11, 24)
    # On a Sunday the current week ends today, so "next Monday" is tomorrow.
    assert due("next Monday", SUN) == date(2026, 11, 23)


def test_weekday_with_part_of_day_or_clock():
    assert due("Friday afternoon", WED) == date(2026, 11, 20)
    phrase = resolve("I'll call you Friday at 3pm.", WED).phrase
    assert phrase == "Friday at 3pm"
    assert due("first thing Monday", WED) == date(2026, 11, 23)
    assert due("by EOD Friday", WED) == date(2026, 11, 20)


def test_lowercase_abbreviations_that_are_words_are_not_days():
    assert resolve("we sat down with legal", WED) == (None, None, None)
    assert due("I'll send it by Sat", WED) == date(2026, 11, 21)


# --- weeks, months, quarters --------------------------------------------------------------------------
def test_end_of_week():
    assert due("by end of week", WED) == date(2026, 11, 20)
    assert due("EOW", WED) == date(2026, 11, 20)
    assert due("by the end of the week", datetime(2026, 11, 20, 9, tzinfo=UTC)) == date(2026, 11, 20)
    assert due("by end of week", SAT) == date(2026, 11, 27)
    assert due("by end of week", SUN) == date(2026, 11, 27)
    assert due("by the end of next week", WED) == date(2026, 11, 27)


def test_end_of_month():
    assert due("by end of month", WED) == date(2026, 11, 30)
    assert due("EOM", datetime(2026, 2, 3, tzinfo=UTC)) == date(2026, 2, 28)
    assert due("EOM", datetime(2028, 2, 3, tzinfo=UTC)) == date(2028, 2, 29)
    assert due("by the end of next month", datetime(2026, 1, 31, tzinfo=UTC)) == date(2026, 2, 28)
    assert due("by the end of December", WED) == date(2026, 12, 31)
    assert due("by the end of January", WED) == date(2027, 1, 31)


def test_end_of_quarter_uses_calendar_quarters():
    assert due("by end of quarter", WED) == date(2026, 12, 31)
    assert due("EOQ", datetime(2026, 3, 31, 9, tzinfo=UTC)) == date(2026, 3, 31)
    assert due("EOQ", datetime(2026, 4, 1, 9, tzinfo=UTC)) == date(2026, 6, 30)
    assert due("by the end of Q1", datetime(2026, 5, 1, tzinfo=UTC)) == date(2027, 3, 31)
    assert due("by the end of next quarter", WED) == date(2027, 3, 31)


def test_end_of_year():
    assert due("by year-end", WED) == date(2026, 12, 31)


# --- day of month and explicit dates ------------------------------------------------------------------
def test_ordinal_day_this_month_or_next():
    assert due("by the 15th", WED) == date(2026, 12, 15)
    assert due("on the 3rd", datetime(2026, 11, 2, tzinfo=UTC)) == date(2026, 11, 3)
    assert due("by the 18th", WED) == date(2026, 11, 18)  # today is not past
    assert due("by the 31st", datetime(2026, 2, 10, tzinfo=UTC)) == date(2026, 3, 31)
    assert due("by the 5th of next month", WED) == date(2026, 12, 5)


def test_ordinal_needs_a_preposition():
    assert due("I'll send the 1st draft by Friday", WED) == date(2026, 11, 20)


def test_weekday_and_ordinal_find_the_matching_date():
    assert due("by Monday the 7th", WED) == date(2026, 12, 7)
    assert resolve("by Monday the 7th", WED).phrase == "by Monday the 7th"


@pytest.mark.parametrize("phrase", ["by 12/5", "by 5 December", "December 5th", "on Dec 5", "2026-12-05",
                                    "by the 5th of December", "by 12/5/2026", "on Saturday, December 5"])
def test_explicit_dates(phrase):
    assert due(phrase, WED) == date(2026, 12, 5)


def test_explicit_dates_roll_over_to_next_year_when_past():
    dec10 = datetime(2026, 12, 10, tzinfo=UTC)
    assert due("by Dec 5", dec10) == date(2027, 12, 5)
    assert due("by 1/8", dec10) == date(2027, 1, 8)
    assert due("by January 8th", dec10) == date(2027, 1, 8)
    assert due("by 12/5/2026", dec10) == date(2026, 12, 5)  # an explicit year is kept


def test_bare_fractions_are_not_dates():
    assert resolve("we offer 24/7 support", WED).due is None
    assert resolve("a 50/50 split", WED).due is None


# --- durations ----------------------------------------------------------------------------------------
def test_business_days_skip_the_weekend():
    assert due("within 3 business days", THU) == date(2026, 11, 24)
    assert due("within 3 working days", WED) == date(2026, 11, 23)
    assert due("in one business day", datetime(2026, 11, 20, 9, tzinfo=UTC)) == date(2026, 11, 23)
    assert due("by the next business day", SAT) == date(2026, 11, 23)
    assert add_business_days(date(2026, 11, 21), 1) == date(2026, 11, 23)


def test_calendar_durations():
    assert due("in 2 days", WED) == date(2026, 11, 20)
    assert due("within a week", WED) == date(2026, 11, 25)
    assert due("in two weeks", WED) == date(2026, 12, 2)
    assert due("within a month", datetime(2026, 1, 31, tzinfo=UTC)) == date(2026, 2, 28)
    assert due("in about 10 days", WED) == date(2026, 11, 28)


# --- vague and absent timing --------------------------------------------------------------------------
@pytest.mark.parametrize("phrase", ["next week", "soon", "early next week", "shortly", "in the coming days",
                                    "ASAP", "later", "as soon as possible", "sometime next week",
                                    "in a few days", "later this week", "over the weekend"])
def test_vague_timing_has_no_date_but_a_phrase(phrase):
    found = resolve(f"I'll send the deck {phrase}.", WED)
    assert found.due is None
    assert found.phrase == phrase


def test_no_time_at_all():
    assert resolve("I'll send the deck.", WED) == (None, None, None)


def test_definite_beats_vague():
    assert due("I'll send it next week, by Tuesday at the latest", WED) == date(2026, 11, 24)


def test_later_than_is_not_vague():
    assert find_vague("no later than Friday") == (None, None, None)


def test_as_soon_as_an_event_is_not_vague():
    assert find_vague("I'll send it as soon as legal signs off") == (None, None, None)


# --- references to other events are not deadlines -----------------------------------------------------
def test_reference_days_are_ignored():
    assert due("I'll send the notes from Tuesday's call", WED) is None
    assert due("I'll send what we discussed on Monday", WED) is None
    assert due("I'll send the numbers from last Friday", WED) is None
    assert due("I'll send the agenda before Tuesday's call", WED) == date(2026, 11, 24)


# --- phrases and spans --------------------------------------------------------------------------------
def test_phrase_includes_the_preposition_and_span_is_exact():
    text = "Thanks! I'll send the quote no later than Wednesday, promise."
    found = resolve(text, WED)
    assert found.phrase == "no later than Wednesday"
    assert text[found.span[0] : found.span[1]] == found.phrase


def test_search_window_is_respected():
    text = "Tomorrow is busy, so I'll send it on Friday."
    start = text.index("I'll")
    assert find_due(text, WED, start).due == date(2026, 11, 20)
    assert find_due(text, WED).due == date(2026, 11, 19)


def test_hard_wrapped_phrase_reads_as_one_line():
    text = "We will get the SOW to you within\n3 business days."
    found = resolve(text, WED)
    assert found.phrase == "within 3 business days"
    assert text[found.span[0] : found.span[1]] == "within\n3 business days"


# --- suggestions --------------------------------------------------------------------------------------
def test_suggest_day_lands_on_a_working_day_inside_the_vague_window():
    assert suggest_day("next week", FRI_PST) == date(2026, 11, 24)  # Tuesday of next week
    assert suggest_day("soon", FRI_PST) == date(2026, 11, 23)  # the next working day, not Saturday
    assert suggest_day(None, WED) == date(2026, 11, 19)
    assert suggest_day("later this week", WED) == date(2026, 11, 20)
    assert suggest_day("next month", WED) == date(2026, 12, 1)
    for phrase in ("next week", "soon", None, "this weekend", "in the coming weeks", "this month"):
        assert suggest_day(phrase, SAT).weekday() < 5


def test_format_day_names_weekday_and_date():
    assert format_day(date(2026, 11, 24)) == "Tuesday, 24 November"


def test_an_ambiguous_slash_date_is_day_first_east_of_utc_and_month_first_west_of_it():
    london = datetime(2026, 6, 9, 10, 0, tzinfo=timezone(timedelta(hours=1)))
    chicago = datetime(2026, 6, 9, 10, 0, tzinfo=timezone(timedelta(hours=-5)))
    assert due("by 12/6", london) == date(2026, 6, 12)
    assert due("by 7/2", chicago) == date(2026, 7, 2)
    assert due("by 31/3", chicago) == date(2027, 3, 31)  # unambiguous either way


@pytest.mark.parametrize("phrase", ["within 24 hours of delivery", "within 3 business days of your pick",
                                    "within two weeks after signature", "within 5 days following the audit"])
def test_a_period_counted_from_an_event_has_no_date(phrase):
    assert due(f"I'll send it {phrase}.", WED) is None


def test_a_period_counted_from_now_still_has_one():
    assert due("I'll send it within 24 hours of this email.", WED) == date(2026, 11, 19)
