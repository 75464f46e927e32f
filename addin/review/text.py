"""STUB (being written): HTML to text, quoted history and sign-off split."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Extracted:
    text: str
    reviewed: tuple[int, int]
    signoff: tuple[int, int] | None = None


def extract(body: str, body_format: str = "text") -> Extracted:
    return Extracted(body, (0, len(body)))
