"""The one definition of which labelled rows are held out, shared by the training scripts and benchmarks.

Training scripts fit only on ``train`` rows; ``benchmarks/quality.py`` reports figures only on ``held_out``
rows, so the shipped weights are measured on data they never saw. Splits are by a stable hash (never
Python's salted ``hash``) and, for the email corpus, by seed, so paraphrases of one scenario never straddle
the split.
"""
from __future__ import annotations

import csv
import hashlib
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
FOLDS = 5
HELD_OUT_FOLD = 0


def fold_of(key: str) -> int:
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % FOLDS


def wikipedia_rows(data: Path = DATA) -> list[dict]:
    """Stanford politeness requests with ``text``, ``score`` and ``held_out``; quartile labels added:
    ``label`` is 1 (top quartile), 0 (bottom quartile) or None (middle half), over the whole file."""
    with open(data / "politeness" / "wikipedia.annotated.csv", newline="", encoding="utf-8") as fh:
        rows = [
            {"id": r["Id"], "text": r["Request"], "score": float(r["Normalized Score"])}
            for r in csv.DictReader(fh)
        ]
    scores = sorted(r["score"] for r in rows)
    low, high = scores[len(scores) // 4], scores[(3 * len(scores)) // 4]
    for r in rows:
        r["label"] = 1 if r["score"] >= high else 0 if r["score"] <= low else None
        r["held_out"] = fold_of("wiki:" + r["id"]) == HELD_OUT_FOLD
    return rows


def email_rows(data: Path = DATA) -> list[dict]:
    """Synthetic politeness emails with ``text``, ``gold`` (mean of the three dimensions, 1–5), ``seed``."""
    with open(data / "email-politeness" / "emails.csv", newline="", encoding="utf-8") as fh:
        rows = []
        for r in csv.DictReader(fh):
            gold = [float(r[k]) for k in r if k.endswith("__GOLD")]
            rows.append(
                {
                    "id": r["email_id"],
                    "text": r["text_email"],
                    "gold": sum(gold) / len(gold),
                    "seed": r["seed"],
                    "held_out": fold_of("seed:" + r["seed"]) == HELD_OUT_FOLD,
                }
            )
    return rows


def intent_rows(data: Path = DATA) -> list[dict]:
    """Enron intent sentences with ``text``, ``label`` (1 = Yes) and ``held_out``."""
    rows = []
    with open(data / "intent" / "enron-intent-train.tsv", encoding="utf-8", errors="replace") as fh:
        for line in fh:
            label, _, text = line.rstrip("\n").partition("\t")
            if label in ("Yes", "No") and text.strip():
                rows.append(
                    {"text": text, "label": int(label == "Yes"), "held_out": fold_of("intent:" + text) == HELD_OUT_FOLD}
                )
    return rows
