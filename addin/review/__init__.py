"""Sendwell's review engine: pure functions from a Draft to a Review (no Flask, no I/O).

    >>> from addin.review import Draft, review
    >>> review(Draft(body="Thanks, Anna! I'll send the quote by Friday.")).commitments[0].due_phrase
    'by Friday'
"""
from .engine import review
from .model import Ask, Commitment, Draft, Finding, Party, RecipientFacts, Review, Stats

__all__ = ["review", "Draft", "Party", "RecipientFacts", "Review", "Finding", "Commitment", "Ask", "Stats"]
