"""Sentence splitting shared by every analyser."""
from __future__ import annotations

import pytest

from addin.review.document import split_sentences


@pytest.mark.parametrize(
    "text, sentences",
    [
        ("We'll deliver Monday 7am. Send me the gate code.", ["We'll deliver Monday 7am.", "Send me the gate code."]),
        ("Meet at 10 a.m. Then we eat.", ["Meet at 10 a.m.", "Then we eat."]),
        ("Call at 9 a.m. EST tomorrow.", ["Call at 9 a.m. EST tomorrow."]),
        ("See you at 9am Monday.", ["See you at 9am Monday."]),
        ("I am. Really.", ["I am.", "Really."]),
    ],
)
def test_a_time_ends_a_sentence_unless_a_zone_day_or_month_follows(text, sentences):
    assert [s.text for s in split_sentences(text)] == sentences
