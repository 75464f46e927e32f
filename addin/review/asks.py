"""STUB (being written)."""
from __future__ import annotations


def analyse(doc, commitments):
    return [], []
