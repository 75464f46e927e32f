"""Counts and readability over the reviewed new words only (``doc.sentences``: no quoted history, no bullet
markers, no sign-off outside the reviewed span).

Runs on every keystroke, so everything is done with ``bytes.translate`` and ``bytes.count`` (C loops)
instead of per-word Python or regex scans:

* words: maximal runs of letters/digits, with apostrophes, hyphens, commas and periods deleted first so
  "don't", "follow-up", "2,000" and "e.g." are one word each (as textstat counts them); a non-ASCII
  letter counts as a letter, a free-standing dash does not count;
* sentences: ``len(doc.sentences)``; questions: sentences ending in "?" (closing quotes/brackets aside);
* reading_grade: Flesch–Kincaid grade 0.39·words/sentences + 11.8·syllables/words − 15.59, rounded to one
  decimal, never below 0.0 (0.0 for empty text). Syllables are estimated as vowel groups (a e i o u y;
  a number counts as one), minus a silent final "e" after a consonant (not "-le"; "the", "he", "she"
  keep theirs). A rough heuristic (no "-ed"/"-es" rules, accented vowels not counted): the grade is for
  comparing drafts and spotting dense ones, not for exact readability scoring.
"""
from __future__ import annotations

from .model import Stats

_LETTERS = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_VOWELS = b"aeiouyAEIOUY"
_DIGITS = b"0123456789"

# Word table: letters, digits and non-ASCII bytes -> "a", everything else -> space (after deleting _JOINERS).
_WORD_TABLE = bytes(97 if (c in _LETTERS or c in _DIGITS or c >= 128) else 32 for c in range(256))
# Vowel table: vowels and digits -> "v", everything else -> space; a vowel group is then one " v".
_VOWEL_TABLE = bytes(118 if (c in _VOWELS or c in _DIGITS) else 32 for c in range(256))
# Silent-e table: e -> "e", l -> "l", other vowels -> "v", other letters -> "c", the rest -> space.
_E_TABLE = bytes(
    101 if c in b"eE" else 108 if c in b"lL" else 118 if c in _VOWELS else 99 if c in _LETTERS else 32
    for c in range(256)
)
_JOINERS = b"'-,."  # deleted inside words: don't, follow-up, 2,000, e.g.
_DASHES = ("—", "–", "…")
_CLOSERS = "\"')]”’»"


def compute(doc) -> Stats:
    sentences = doc.sentences
    if not sentences:
        return Stats(0, 0, 0, 0.0)
    questions = sum(1 for s in sentences if s.text.rstrip(_CLOSERS).endswith("?"))
    joined = " ".join([s.text for s in sentences])
    for dash in _DASHES:  # a free-standing dash is not a word
        if dash in joined:
            joined = joined.replace(dash, " ")
    data = b" " + joined.encode("utf-8") + b" "
    words = data.translate(_WORD_TABLE, _JOINERS).count(b" a")
    if not words:
        return Stats(0, len(sentences), questions, 0.0)
    grade = 0.39 * words / len(sentences) + 11.8 * _syllables(data) / words - 15.59
    return Stats(words, len(sentences), questions, max(0.0, round(grade, 1)))


def _syllables(data: bytes) -> int:
    groups = data.translate(_VOWEL_TABLE, _JOINERS).count(b" v")
    shape = data.translate(_E_TABLE, _JOINERS)
    silent_e = shape.count(b"ce ") - shape.count(b" ce ") - shape.count(b" cce ")
    return groups - max(0, silent_e)
