"""Review quality on the labelled data in ../shared/data, measured on the HELD-OUT rows only.

    .venv/bin/python benchmarks/quality.py           # or: make quality
    .venv/bin/python benchmarks/quality.py --json    # machine-readable

Every figure goes through the public engine (``addin.review.review``), exactly as the API would call it,
on the rows ``training/splits.py`` holds out from training; the same figure on the train rows is printed
beside it for comparison only (the shipped weights were fitted on those).

* Wikipedia politeness: top vs bottom quartile requests; polite iff ``scores.politeness >= 50``.
* Email politeness: Spearman (average ranks) between the score and the mean gold of the three dimensions,
  and within-seed pair order: pairs of the same seed whose gold differs by >= 0.5, the fraction the
  engine orders the same way (a tie counts half).
* Enron intent: "Yes" iff the review has an ask, or a commitment with a due date; F1 of the Yes class.
* Alarms on text that is not sales email: discount and disparagement findings over every row of all three files
  (train and held out). None is a rep's concession or a rep running down their employer, so each is a false alarm,
  except retail marketing offers in the Enron mail ("take 20% off"), which are real discounts; the texts are
  printed so they can be read.
"""
from __future__ import annotations

import argparse
import json
import math
import sys
import time
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from addin.review import Draft, review  # noqa: E402
from training.splits import email_rows, intent_rows, wikipedia_rows  # noqa: E402

FLOORS = {"wikipedia_accuracy": 0.82, "email_spearman": 0.82, "intent_f1": 0.72}
ALARM_CATEGORIES = ("discount", "disparagement")


@lru_cache(maxsize=None)
def reviewed(body: str, subject: str = ""):
    """Each text is reviewed once, though the politeness, intent and alarm figures all read it."""
    return review(Draft(body=body, subject=subject))


def split_subject(email: str) -> tuple[str, str]:
    """The corpus stores "Subject: …" as the first line; the product gets it as a separate field."""
    first, _, rest = email.partition("\n")
    if first.lower().startswith("subject:"):
        return first[len("subject:") :].strip(), rest.lstrip("\n")
    return "", email


def average_ranks(values: list[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(a: list[float], b: list[float]) -> float:
    """Pearson correlation of the average ranks (ties share their mean rank)."""
    if len(a) < 2:
        return float("nan")
    ra, rb = average_ranks(a), average_ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    cov = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    var = math.sqrt(sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb))
    return cov / var if var else float("nan")


def pair_order(rows: list[dict], scores: list[float]) -> tuple[float, int]:
    """Within each seed, pairs whose gold differs by >= 0.5: share ordered as the humans did (ties half)."""
    good, n = 0.0, 0
    for i, a in enumerate(rows):
        for j, b in enumerate(rows):
            if a["seed"] == b["seed"] and a["gold"] - b["gold"] >= 0.5:
                n += 1
                good += 1.0 if scores[i] > scores[j] else 0.5 if scores[i] == scores[j] else 0.0
    return (good / n if n else float("nan")), n


def wikipedia(rows: list[dict]) -> dict:
    rows = [r for r in rows if r["label"] is not None]
    hits = sum((reviewed(r["text"]).politeness >= 50) == bool(r["label"]) for r in rows)
    return {"accuracy": hits / len(rows) if rows else float("nan"), "n": len(rows)}


def emails(rows: list[dict]) -> dict:
    scores = []
    for r in rows:
        subject, body = split_subject(r["text"])
        scores.append(reviewed(body, subject).politeness)
    pairs, n_pairs = pair_order(rows, scores)
    rho = spearman(scores, [r["gold"] for r in rows])
    return {"spearman": rho, "pair_order": pairs, "pairs": n_pairs, "n": len(rows)}


def intent(rows: list[dict]) -> dict:
    tp = fp = fn = 0
    for r in rows:
        result = reviewed(r["text"])
        said_yes = bool(result.asks) or any(c.due is not None for c in result.commitments)
        tp += said_yes and r["label"] == 1
        fp += said_yes and r["label"] == 0
        fn += (not said_yes) and r["label"] == 1
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall, "n": len(rows)}


def alarms(wiki: list[dict], mail: list[dict], sentences: list[dict]) -> dict:
    found: dict[str, list[str]] = {c: [] for c in ALARM_CATEGORIES}
    texts = [split_subject(r["text"])[::-1] for r in mail] + [(r["text"], "") for r in wiki + sentences]
    for body, subject in texts:
        result = reviewed(body, subject)
        for f in result.findings:
            if f.category in found:
                found[f.category].append(f.text)
    return {"n": len(texts), **found}


def measure() -> dict:
    wiki, mail, sentences = wikipedia_rows(), email_rows(), intent_rows()
    out = {}
    for part, held in (("held_out", True), ("train", False)):
        out[part] = {
            "wikipedia": wikipedia([r for r in wiki if r["held_out"] == held]),
            "email": emails([r for r in mail if r["held_out"] == held]),
            "intent": intent([r for r in sentences if r["held_out"] == held]),
        }
    out["alarms"] = alarms(wiki, mail, sentences)
    out["floors"] = FLOORS
    return out


def report(result: dict) -> str:
    held, train = result["held_out"], result["train"]

    def line(label: str, value: float, floor: float | None, train_value: float, n: str) -> str:
        mark = "" if floor is None else ("  ok" if value >= floor else "  BELOW FLOOR")
        floor_txt = f"floor {floor:.2f}" if floor is not None else "          "
        return f"  {label:<34} {value:6.3f}   {floor_txt}{mark:<14} (train rows: {train_value:.3f})  {n}"

    w, e, i = held["wikipedia"], held["email"], held["intent"]
    return "\n".join(
        [
            "Review quality on HELD-OUT rows (training/splits.py); train-row figures in brackets for comparison",
            "Wikipedia politeness (top vs bottom quartile, polite iff score >= 50)",
            line("accuracy", w["accuracy"], FLOORS["wikipedia_accuracy"], train["wikipedia"]["accuracy"],
                 f"n={w['n']}"),
            "Email politeness (gold = mean of the three dimensions)",
            line("Spearman", e["spearman"], FLOORS["email_spearman"], train["email"]["spearman"], f"n={e['n']}"),
            line("within-seed pair order", e["pair_order"], None, train["email"]["pair_order"],
                 f"pairs={e['pairs']}"),
            "Enron intent (Yes iff an ask, or a commitment with a due date)",
            line("F1 (Yes)", i["f1"], FLOORS["intent_f1"], train["intent"]["f1"], f"n={i['n']}"),
            line("precision (Yes)", i["precision"], None, train["intent"]["precision"], ""),
            line("recall (Yes)", i["recall"], None, train["intent"]["recall"], ""),
            f"Alarms on {result['alarms']['n']:,} texts that are not sales email (all rows of the three files)",
            *(f"  {c:<34} {len(result['alarms'][c]):6d}   " + "; ".join(f'"{t}"' for t in result["alarms"][c][:12])
              for c in ALARM_CATEGORIES),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Review quality on the held-out split of ../shared/data.")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    result = measure()
    result["seconds"] = round(time.perf_counter() - started, 2)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
