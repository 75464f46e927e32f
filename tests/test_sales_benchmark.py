"""The sales-email benchmark's scoring: overlap matching, due dates, per-email decisions, and label checks."""
from __future__ import annotations

import pytest

from benchmarks import sales


def row(body: str, commitments=(), has_ask=False, discount=False, disparagement=False, sent_at="2026-03-04T10:00:00-05:00"):
    return {"id": "t", "body": body, "sent_at": sent_at, "subject": "", "to": [],
            "labels": {"commitments": list(commitments), "has_ask": has_ask, "asks": [],
                       "discount": discount, "disparagement": disparagement}}


def test_a_matched_promise_with_the_right_day_and_a_missed_one_are_counted():
    body = "Hi Dana,\n\nI'll send the quote by Friday. We promise great things.\n\nBest,\nTom"
    labels = [{"text": "I'll send the quote by Friday", "due": "2026-03-06"},  # Wednesday send: this Friday
              {"text": "We promise great things", "due": None}]
    errors: list[str] = []
    figures = sales.evaluate([row(body, labels)], errors)
    assert figures["promises"] == {"precision": 1.0, "recall": 0.5, "f1": 0.667, "tp": 1, "fp": 0, "fn": 1}
    assert (figures["due_accuracy"], figures["due_matched"]) == (1.0, 1)
    assert any("missed promise" in e for e in errors)


def test_a_wrong_due_date_and_false_alarms_are_reported():
    body = "Hi Dana,\n\nI'll send the quote by Friday. I can take 20% off.\n\nBest,\nTom"
    errors: list[str] = []
    figures = sales.evaluate([row(body, [{"text": "I'll send the quote by Friday", "due": "2026-03-13"}])], errors)
    assert figures["due_accuracy"] == 0.0
    assert figures["discount"]["fp"] == 1 and figures["has_ask"]["fn"] == 0
    assert any("due 2026-03-06 != 2026-03-13" in e for e in errors)


def test_a_label_that_is_not_in_the_body_is_refused():
    with pytest.raises(ValueError, match="not a substring"):
        sales.evaluate([row("Hi.\n\nThanks.", [{"text": "I'll call you", "due": None}])])


@pytest.mark.parametrize("split", ["dev", "test"])
def test_the_shipped_splits_are_well_formed(split):
    rows = sales.load(split)
    assert len(rows) >= 50
    for r in rows:
        for c in r["labels"]["commitments"]:
            assert c["text"] in r["body"], (r["id"], c["text"])
        for a in r["labels"]["asks"]:
            assert a in r["body"], (r["id"], a)
