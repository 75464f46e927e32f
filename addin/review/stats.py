"""STUB (being written)."""
from __future__ import annotations

from .model import Stats


def compute(doc):
    return Stats(0, 0, 0, 0.0)
