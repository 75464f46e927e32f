"""Fingerprints: stable hashes (never Python's salted hash), normalisation that sees through names and
numbers, and a cheap similarity count that agrees with exact Jaccard."""
from __future__ import annotations

import os
import subprocess
import sys
import zlib
from pathlib import Path

from addin.review import fingerprint
from addin.review.fingerprint import count_similar, shingles, similarity, tokens

ROOT = Path(__file__).resolve().parents[2]

TEMPLATE = (
    "Hi {name},\n\nI noticed {company} is growing its sales team. Most sales leaders we talk to lose hours "
    "every week chasing reps for updates in the CRM. Sendwell reviews each email before it goes out and logs "
    "it for you, so your pipeline stays current without anyone typing. Would you be open to a short call on "
    "{day} to see it on your own data? It takes {minutes} minutes.\n\nBest,\nTom"
)
PEOPLE = [
    ("Anna", "Acme Robotics", "Tuesday", 15),
    ("John", "Globex", "Monday", 20),
    ("Priya", "Initech Labs", "Thursday", 10),
    ("Marco", "Umbrella", "Friday", 30),
]
UNRELATED = [
    "Thanks for sending the signed order form over. Finance will issue the invoice this week and the "
    "onboarding kickoff is booked for the 14th with the whole operations group.",
    "Quick heads-up that the warehouse move slipped by a month, so the pilot in the northern region will "
    "start later than planned. Everything else in the rollout plan stays the same for now.",
    "Loved the article about packaging waste on the company blog. The point about returnable crates "
    "matched what our logistics customers in Europe keep telling us about their suppliers.",
]


def test_fixed_input_gives_fixed_hashes():
    # crc32 of the normalised shingle: if the hash function or the normalisation changes, stored
    # fingerprints stop matching, so this must be a deliberate change.
    assert sorted(shingles("the quick brown fox jumps over the lazy dog")) == [
        410544020,
        819161547,
        1738715074,
        3718152239,
        3998064670,
    ]
    assert zlib.crc32(b"the quick brown fox jumps") == 1738715074


def test_hashes_do_not_depend_on_python_hash_seed():
    code = "from addin.review.fingerprint import shingles; print(sorted(shingles('Hi Anna, the pilot starts on Monday at 9.')))"
    outputs = set()
    for seed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
        outputs.add(run.stdout)
    assert len(outputs) == 1
    assert outputs.pop().strip() == str(sorted(shingles("Hi Anna, the pilot starts on Monday at 9.")))
    # the values are crc32 of the shingle text, not the (salted) built-in hash of it
    words = b" ".join(tokens("Hi Anna, the pilot starts on Monday at 9.")[:5])
    assert zlib.crc32(words) in shingles("Hi Anna, the pilot starts on Monday at 9.")
    assert hash(words) & 0xFFFFFFFF not in shingles("Hi Anna, the pilot starts on Monday at 9.")


def test_names_numbers_and_typography_are_normalised():
    assert tokens("Hi Anna, we cut 40% of Acme Robotics' downtime.") == [b"#", b"we", b"cut", b"#", b"of", b"#", b"downtime"]
    straight = "I don't think it's ready, we'll see on the call next week."
    curly = "I don’t think it’s ready, we’ll see on the\u00a0call next week."
    assert shingles(straight) == shingles(curly)
    a = TEMPLATE.format(name="Anna", company="Acme Robotics", day="Tuesday", minutes=15)
    b = TEMPLATE.format(name="John", company="Globex", day="Monday", minutes=20)
    assert a != b and shingles(a) == shingles(b)


def test_similarity_separates_templates_from_unrelated_emails():
    base = shingles(TEMPLATE.format(name="Anna", company="Acme Robotics", day="Tuesday", minutes=15))
    edited = shingles(
        "Hi Anna,\n\nCongrats on the new plant in Ohio! "
        + TEMPLATE.format(name="Anna", company="Acme Robotics", day="Tuesday", minutes=15).split("\n\n", 1)[1]
    )
    assert similarity(base, base) == 1.0
    assert 0.7 <= similarity(base, edited) < 1.0
    for text in UNRELATED:
        assert similarity(base, shingles(text)) < 0.1
    assert similarity(base, frozenset()) == 0.0
    assert similarity(frozenset(), frozenset()) == 0.0
    assert similarity(frozenset({1, 2}), frozenset({2, 3})) == 1 / 3


def test_short_and_empty_texts():
    assert shingles("") == frozenset()
    assert shingles("  ,;  ") == frozenset()
    short = shingles("thanks a lot")
    assert len(short) == 1 and short == shingles("thanks — a lot!")
    assert shingles("one two three four five", k=5) == frozenset({zlib.crc32(b"one two three four five")})


def test_only_the_opening_is_fingerprinted():
    opening = " ".join(f"word{chr(97 + i % 26)}x" for i in range(fingerprint.MAX_CHARS // 5))
    assert len(opening) > fingerprint.MAX_CHARS
    assert shingles(opening + " completely different tail words here") == shingles(opening + " other ending entirely")


def test_count_similar_agrees_with_exact_jaccard_on_long_emails():
    long_template = TEMPLATE * 3  # > SAMPLE_ABOVE shingles: exercises the sampled path
    current = shingles(long_template.format(name="Anna", company="Acme", day="Tuesday", minutes=15))
    assert len(current) > fingerprint.SAMPLE_ABOVE
    similar = [shingles(long_template.format(name=n, company=c, day=d, minutes=m) + " PS: see you soon, take care.") for n, c, d, m in PEOPLE]
    unrelated = [shingles(text * 3) for text in UNRELATED]
    recent = similar + unrelated
    exact = sum(1 for fp in recent if similarity(current, fp) >= 0.5)
    assert exact == len(similar)
    assert count_similar(current, recent, 0.5) == exact
    assert count_similar(current, unrelated, 0.5) == 0
    assert count_similar(frozenset(), recent, 0.5) == 0
    assert count_similar(current, [frozenset()], 0.5) == 0
