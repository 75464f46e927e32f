"""The prepared email every analyser reads: the whole text, the span of new words, and its sentences.

Sentence splitting lives here, once, because every analyser's spans are sentence-relative and must agree.
Email text is not prose: greetings and sign-offs sit on their own lines, bullets start lines, plain-text
mail is hard-wrapped at ~72 columns. A line break therefore ends a sentence when the line before it ends
in punctuation, is short, or the next line starts a bullet; otherwise it is a soft wrap.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from .model import Draft
from .words import lower_same_length

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st vs etc inc ltd co corp dept approx e.g i.e eg ie no
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    fig est min max ref u.s u.k""".split()
)
_BULLET = re.compile(r"[ \t]*(?:[-*•·‣▪◦]|\d{1,2}[.)]|[a-zA-Z][.)])[ \t]+")
_SOFT_WRAP_MIN = 60  # a line at least this long that ends mid-sentence is a hard-wrapped one
# A sentence ends at . ! ? … (possibly repeated, possibly closed by quotes or brackets), before white space
# and something that can start a sentence: a capital, a digit, an opening quote or bracket.
_TERMINAL = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[A-Z0-9\"'“‘(\[À-ÖØ-Þ])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)$")
# "We'll deliver Monday 7am. Send me the gate code.": after a time, "am"/"pm" end the sentence unless a time
# zone, a day or a month follows ("7 a.m. EST", "9am Monday").
_TIME_MARKS = frozenset(("am", "pm", "a.m", "p.m"))
_NEXT_WORD = re.compile(r"\s+([A-Za-z]+)")
_DIGIT_BEFORE = re.compile(r"\d ?$")
_TIME_CONTINUES = frozenset(
    """est edt pst pdt cst cdt mst mdt gmt utc bst cet cest et pt ct mt ist aest aedt sgt hkt jst nzst nzdt
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    january february march april may june july august september october november december jan feb mar apr jun jul
    aug sep sept oct nov dec""".split())


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Document:
    """What analysers read. ``sentences`` cover only ``reviewed``; offsets index ``text``."""

    text: str
    reviewed: tuple[int, int]
    sentences: tuple[Sentence, ...]
    draft: Draft
    signoff: tuple[int, int] | None = None

    @property
    def new_text(self) -> str:
        return self.text[self.reviewed[0] : self.reviewed[1]]

    @cached_property
    def lower(self) -> str:
        """``text`` lower-cased with every offset intact, computed once for all analysers."""
        return lower_same_length(self.text)


def split_sentences(text: str, start: int = 0, end: int | None = None) -> tuple[Sentence, ...]:
    """Split ``text[start:end]`` into sentences whose offsets index ``text``."""
    end = len(text) if end is None else end
    out: list[Sentence] = []
    for seg_start, seg_end in _segments(text, start, end):
        _split_segment(text, seg_start, seg_end, out)
    return tuple(out)


def _segments(text: str, start: int, end: int):
    """Yield spans of text between hard line breaks (soft wraps are joined)."""
    lines: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        line_end = end if nl == -1 else nl
        lines.append((pos, line_end))
        pos = line_end + 1
    seg_start = None
    for i, (ls, le) in enumerate(lines):
        line = text[ls:le]
        stripped = line.strip()
        if not stripped:
            if seg_start is not None:
                yield seg_start, lines[i - 1][1]
                seg_start = None
            continue
        bullet = _BULLET.match(line)
        if seg_start is not None and bullet:
            yield seg_start, lines[i - 1][1]
            seg_start = None
        if seg_start is None:
            seg_start = ls + (bullet.end() if bullet else len(line) - len(line.lstrip()))
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt is None or _hard_break(stripped, text[nxt[0] : nxt[1]]):
            yield seg_start, le
            seg_start = None


def _hard_break(line: str, next_line: str) -> bool:
    if not next_line.strip() or _BULLET.match(next_line):
        return True
    if line[-1] in ".!?:;,…)\"”":
        return True
    if len(line) < _SOFT_WRAP_MIN:
        return True
    return next_line.lstrip()[:1].isupper() and line[-1] in ".!?"


def _split_segment(text: str, start: int, end: int, out: list[Sentence]) -> None:
    segment = text[start:end]
    cursor = 0
    for match in _TERMINAL.finditer(segment):
        cut = match.end()
        if match.group().startswith(".") and len(match.group().rstrip("\"'”’)]")) == 1:
            before = _WORD_BEFORE.search(segment, max(0, match.start() - 24), match.start())
            word = before.group(1).lower().rstrip(".") if before else ""
            if word in _TIME_MARKS:  # ("I am. Really." ends too: only a time makes "am" an abbreviation)
                nxt = _NEXT_WORD.match(segment, match.end())
                timed = _DIGIT_BEFORE.search(segment, max(0, before.start() - 2), before.start())
                if timed and (not nxt or nxt.group(1).lower() in _TIME_CONTINUES):
                    continue
            elif word in _ABBREVIATIONS:
                continue
            if before and len(before.group(1)) == 1 and before.group(1).isupper():
                continue  # an initial: "J. Smith"
        _append(text, start + cursor, start + cut, out)
        cursor = cut
    _append(text, start + cursor, end, out)


def _append(text: str, start: int, end: int, out: list[Sentence]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        start += len(piece) - len(piece.lstrip())
        out.append(Sentence(start, start + len(stripped), stripped))
