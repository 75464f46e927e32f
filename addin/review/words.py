"""Word lists and the fast word splitter that several analysers share.

Splitting maps ASCII punctuation to spaces with one C-level ``bytes.translate`` and splits on whitespace,
which is several times faster than a regex per sentence; non-ASCII text falls back to a regex.
"""
from __future__ import annotations

import re

# Mail providers whose domain says nothing about the recipient's (or sender's) company.
FREE_MAIL = frozenset(
    """gmail googlemail outlook hotmail live msn yahoo ymail rocketmail aol icloud me mac proton protonmail
    pm gmx yandex qq 163 126 fastmail hey tutanota tuta zoho zohomail mail inbox orange free libero comcast
    verizon att sbcglobal btinternet web t-online seznam wp naver daum hanmail rediffmail""".split()
)

_PUNCT = b'.,;:!?()[]{}<>"/\\|*_~=+&#^`'
_PUNCT_TO_SPACE = bytes.maketrans(_PUNCT, b" " * len(_PUNCT))
_WORD = re.compile(r"[\w'-]+")


def word_set(low: str) -> set[str]:
    """The distinct words of already lower-cased text (apostrophes and hyphens stay inside words)."""
    if low.isascii():
        return set(low.encode().translate(_PUNCT_TO_SPACE).decode().split())
    return set(_WORD.findall(low))


def lower_same_length(text: str) -> str:
    """``text.lower()`` with offsets intact. Patterns are lower-case and case-sensitive because
    ``re.IGNORECASE`` disables the first-character skip that keeps a search over a whole email cheap."""
    low = text.lower()
    if len(low) != len(text):  # a few characters ("İ") lower to two code points
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low
