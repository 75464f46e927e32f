"""Stats: exact counts on known text, a plausible reading grade, and only the reviewed new words count."""
from __future__ import annotations

from datetime import datetime, timezone

from addin.review import Draft, Stats, review
from addin.review import stats as stats_module
from addin.review.document import Document, split_sentences

SENT_AT = datetime(2024, 5, 6, 9, 0, tzinfo=timezone.utc)


def _stats(body: str) -> Stats:
    return review(Draft(body=body, sent_at=SENT_AT)).stats


def test_counts_on_known_text():
    body = (
        "Thanks for the call on Tuesday. Could you send me the numbers for Q3? "
        "I will make a table of the results — it’s a follow-up to our 2,000-unit pilot."
    )
    s = _stats(body)
    # 6 + 8 + ("I will make a table of the results it’s a follow-up to our 2,000-unit pilot" = 15)
    assert (s.words, s.sentences, s.questions) == (29, 3, 1)


def test_questions_count_sentences_ending_in_a_question_mark():
    s = _stats('Does Monday work? Or is Tuesday better? She asked "is it free?" We can also do Friday! Let me know.')
    assert s.sentences == 5
    assert s.questions == 3  # the quoted question ends its sentence too; "!" and "." are not questions


def test_reading_grade_known_sentence():
    # 9 words, 11 syllables, 1 sentence: FK = 0.39·9 + 11.8·11/9 − 15.59 = 2.34
    s = _stats("The quick brown fox jumps over the lazy dog.")
    assert s.words == 9
    assert 1.5 <= s.reading_grade <= 3.5
    assert s.reading_grade == round(s.reading_grade, 1)


def test_reading_grade_orders_simple_below_dense():
    simple = _stats("Can we talk on Monday? I have a short plan. It will save you time. Let me know.")
    dense = _stats(
        "Our comprehensive implementation methodology systematically operationalizes organizational "
        "transformation initiatives, facilitating unprecedented interdepartmental collaboration and "
        "substantially accelerating quantifiable profitability improvements across heterogeneous "
        "international subsidiaries."
    )
    assert simple.reading_grade <= 4.0
    assert dense.reading_grade >= 16.0


def test_empty_and_wordless_text():
    assert _stats("") == Stats(0, 0, 0, 0.0)
    assert _stats("   \n\n  ") == Stats(0, 0, 0, 0.0)
    tiny = _stats("Sure.")
    assert (tiny.words, tiny.sentences, tiny.questions) == (1, 1, 0)
    assert tiny.reading_grade == 0.0  # FK is negative for one-word text; clamped


def test_only_reviewed_sentences_count():
    text = "Can you confirm the date? Thanks.\n\n> On Monday Anna wrote:\n> Is the pilot still on? What does it cost?"
    cut = text.index("\n\n>")
    doc = Document(text, (0, cut), split_sentences(text, 0, cut), Draft(body=text, sent_at=SENT_AT))
    s = stats_module.compute(doc)
    assert (s.words, s.sentences, s.questions) == (6, 2, 1)  # nothing from the quoted history


def test_hyphens_dashes_and_bullet_markers_are_not_words():
    s = _stats("Next steps:\n\n- Send the follow-up deck\n- Book a 30-minute call — ideally Thursday")
    # "Next steps" 2, "Send the followup deck" 4, "Book a 30minute call ideally Thursday" 6
    assert s.words == 12
    assert s.sentences == 3
