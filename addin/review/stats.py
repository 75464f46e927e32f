"""Counts and readability over the reviewed new words only (``doc.sentences``: no quoted history, no bullets
markers, no sign-off outside the reviewed span).

Runs on every keystroke, so everything is done with ``bytes.translate`` and ``bytes.count`` (C loops)
instead of per-word Python or regex scans:

* words: maximal runs of letters/digits, with apostrophes and hyphens deleted first so "don't" and
  "follow-up" are one word each (as textstat counts them); a non-ASCII letter counts as a letter;
* sentences: ``len(doc.sentences)``; questions: sentences ending in "?" (closing quotes/brackets aside);
* reading_grade: Flesch–Kincaid grade 0.39·words/sentences + 11.8·syllables/words − 15.59, rounded to one
  decimal, never below 0.0 (0.0 for empty text). Syllables are estimated as vowel groups (a e i o u y),
  minus a silent final "e" after a consonant (not "-le"; "the", "he", "she" keep theirs), plus one for
  every word that starts with a digit. The heuristic is within about a syllable per ten words of a
  dictionary on business English, which moves the grade by well under one.
"""
from __future__ import annotations

from .model import Stats

_LETTERS = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_VOWELS = b"aeiouyAEIOUY"
_DIGITS = b"0123456789"

# Word table: letters and non-ASCII bytes -> "a", digits -> "d", everything else -> space.
_WORD_TABLE = bytes(
    97 if (c in _LETTERS or c >= 128) else 100 if c in _DIGITS else 32 for c in range(256)
)
# Vowel table: vowels -> "v", everything else -> space; a vowel group is then one " v" transition.
_VOWEL_TABLE = bytes(118 if c in _VOWELS else 32 for c in range(256))
# Silent-e table: e -> "e", l -> "l", other vowels -> "v", other letters -> "c", the rest -> space.
_E_TABLE = bytes(
    101 if c in b"eE" else 108 if c in b"lL" else 118 if c in _VOWELS else 99 if c in _LETTERS else 32
    for c in range(256)
)
_DELETE = b"'-"
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
    words_map = data.translate(_WORD_TABLE, _DELETE)
    words = words_map.count(b" a") + words_map.count(b" d")
    if not words:
        return Stats(0, len(sentences), questions, 0.0)
    syllables = _syllables(data, words_map)
    grade = 0.39 * words / len(sentences) + 11.8 * syllables / words - 15.59
    return Stats(words, len(sentences), questions, max(0.0, round(grade, 1)))


def _syllables(data: bytes, words_map: bytes) -> int:
    vowels = data.translate(_VOWEL_TABLE, _DELETE).count(b" v")
    shape = data.translate(_E_TABLE, _DELETE)
    silent_e = shape.count(b"ce ") - shape.count(b" ce ") - shape.count(b" cce ")
    return vowels - max(0, silent_e) + words_map.count(b" d")
