"""Template detection without keeping text: hashed word shingles of a normalised email.

``shingles(text)`` turns an email into a set of 32-bit hashes of its overlapping k-word runs; only those
hashes are ever stored (``Draft.recent_fingerprints``), never the words. ``similarity(a, b)`` is their
Jaccard index, so "this draft shares most of its 5-word phrases with that sent email" is one set
intersection; ``count_similar`` is the per-keystroke form over many recent emails.

Normalisation, and why:

* lowercase ASCII words only, apostrophes dropped ("don't" and "don’t" both give ``dont``), every other
  character is a word break — so Outlook's curly quotes or HTML's non-breaking spaces do not change a
  fingerprint;
* every run of capitalised words and every number becomes one ``#`` token: "Hi Anna, … Acme Robotics …
  40 cells" and "Hi John, … Globex … 12 cells" fingerprint the same, which is what template detection
  needs, and the stored hashes never encode a name or a figure (sentence-initial words and "I" fold into
  ``#`` too; harmless, they do so in every email alike);
* only the first ``MAX_CHARS`` characters count: a template shows in its opening, and this bounds both
  the time per keystroke and the size of what is stored.

The hash is ``zlib.crc32`` of the shingle's words joined by single spaces (UTF-8): stable across
processes, machines and Python versions, unlike the salted built-in ``hash()``. 32 bits are plenty:
two emails share a hash by accident with probability ~ n·m / 2³² (≈ 10⁻⁵ for 300-word emails).
Non-Latin scripts give few or no shingles (letters outside ASCII are word breaks); an empty set is
similar to nothing.
"""
from __future__ import annotations

import re
import zlib

K = 5
MAX_CHARS = 2000
# count_similar compares sets larger than this through a fixed 1-in-4 sample of their hashes.
SAMPLE_ABOVE = 64

# bytes -> bytes: a-z stay, A-Z and 0-9 become "#" (so a capitalised word or a number starts with "#"),
# the apostrophe is deleted, every other byte (punctuation, space, any UTF-8 byte of a non-ASCII char)
# becomes a space.
_TABLE = bytes(
    c if 97 <= c <= 122 else 35 if (65 <= c <= 90 or 48 <= c <= 57) else 32 for c in range(256)
)
# "#nna" -> "#", "#cme #obotics" -> "#" (a run of capitalised words or numbers is one token).
_MARKED_RUN = re.compile(rb"#[a-z#]*(?: +#[a-z#]*)*")


def tokens(text: str) -> list[bytes]:
    """The normalised word tokens the shingles are built from (exposed for tests and debugging)."""
    data = text[:MAX_CHARS].replace("’", "'").encode("utf-8").translate(_TABLE, b"'")
    return _MARKED_RUN.sub(b"#", data).split()


def shingles(text: str, k: int = K) -> frozenset[int]:
    """Hashes (crc32, unsigned 32-bit) of every run of ``k`` consecutive normalised words.

    A text shorter than ``k`` words gives one shingle of all its words (or none if it has no words), so
    short texts still compare equal to themselves.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    words = tokens(text)
    if len(words) < k:
        return frozenset((zlib.crc32(b" ".join(words)),)) if words else frozenset()
    runs = zip(*(words[i:] for i in range(k)))
    return frozenset(map(zlib.crc32, map(b" ".join, runs)))


def similarity(a: frozenset[int], b: frozenset[int]) -> float:
    """Jaccard index |a ∩ b| / |a ∪ b| in [0, 1]; 0.0 when either set is empty."""
    if not a or not b:
        return 0.0
    shared = len(a & b)  # CPython iterates the smaller set
    return shared / (len(a) + len(b) - shared)


def count_similar(current: frozenset[int], recent, threshold: float) -> int:
    """How many sets in ``recent`` have ``similarity(current, ·) >= threshold`` — the per-keystroke path.

    Cheap by construction: a set whose size alone rules the threshold out (Jaccard ≤ smaller/larger) is
    skipped without touching its elements; when ``current`` is large, |current ∩ other| is estimated from
    the hashes of ``current`` that are ≡ 0 mod 4 (a fixed, content-defined sample: same input, same
    answer), which makes each comparison ~4× cheaper at a standard error of a few points of Jaccard —
    far below the gap between a re-sent template (≥ 0.7) and an unrelated email (≤ 0.1).
    """
    n = len(current)
    if not n:
        return 0
    sample = current
    if n > SAMPLE_ABOVE:
        sampled = frozenset(h for h in current if not h & 3)
        if sampled:
            sample = sampled
    scale = n / len(sample)
    smallest, largest = n * threshold, n / threshold if threshold > 0 else float("inf")
    count = 0
    for other in recent:
        m = len(other)
        # Jaccard ≥ t needs |shared| ≥ t·|union|, i.e. shared·(1 + t) ≥ t·(n + m)
        if m and smallest <= m <= largest and len(sample & other) * scale * (1 + threshold) >= threshold * (n + m):
            count += 1
    return count
