"""The review engine's inputs and outputs: plain frozen dataclasses, no Flask, no I/O.

Every span is a pair of offsets into ``Review.text`` (the whole text the engine returns, quoted history
included), so a front end can highlight ``text[start:end]`` without re-deriving anything.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, timezone
from typing import Literal

BodyFormat = Literal["text", "html"]
Severity = Literal["info", "warning", "critical"]


@dataclass(frozen=True)
class Party:
    """A sender or recipient as the mail client knows them."""

    email: str
    name: str | None = None


@dataclass(frozen=True)
class RecipientFacts:
    """What the CRM (or the rep) knows about one recipient; every field optional."""

    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    title: str | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Draft:
    """One email to review.

    ``recent_fingerprints`` carries the sender's recent emails as hashed shingle sets (see
    ``addin.review.fingerprint``) so template detection never needs their text.
    """

    body: str
    subject: str = ""
    body_format: BodyFormat = "text"
    sender: Party | None = None
    to: tuple[Party, ...] = ()
    cc: tuple[Party, ...] = ()
    sent_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    facts: dict[str, RecipientFacts] = field(default_factory=dict)
    recent_fingerprints: tuple[frozenset[int], ...] = ()

    def __post_init__(self) -> None:
        if self.sent_at.tzinfo is None:
            raise ValueError("sent_at must carry a UTC offset")

    def facts_for(self, email: str) -> RecipientFacts | None:
        return self.facts.get(email.lower()) or self.facts.get(email)


@dataclass(frozen=True)
class Finding:
    """One hint, anchored on the exact words it concerns.

    ``kind`` is a stable identifier ("politeness.pressure", "commitment.vague_due", …) that a rep can
    dismiss; ``category`` is the coarse group the sidebar shows.
    """

    category: str
    kind: str
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None = None


@dataclass(frozen=True)
class Commitment:
    """A promise the sender makes to the recipient, with its due date resolved in the sender's offset."""

    text: str
    start: int
    end: int
    due: date | None
    due_phrase: str | None


@dataclass(frozen=True)
class Ask:
    """Something concrete the email asks the recipient to do or decide."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Stats:
    words: int
    sentences: int
    questions: int
    reading_grade: float


@dataclass(frozen=True)
class Review:
    text: str
    reviewed: tuple[int, int]
    politeness: int
    personalization: int
    findings: tuple[Finding, ...]
    commitments: tuple[Commitment, ...]
    asks: tuple[Ask, ...]
    stats: Stats

    def to_dict(self) -> dict:
        """The public JSON shape of ``POST /api/v1/review``."""
        return {
            "text": self.text,
            "reviewed": list(self.reviewed),
            "scores": {"politeness": self.politeness, "personalization": self.personalization},
            "findings": [_finding_dict(f) for f in self.findings],
            "commitments": [
                {
                    "text": c.text,
                    "start": c.start,
                    "end": c.end,
                    "due": c.due.isoformat() if c.due else None,
                    "due_phrase": c.due_phrase,
                }
                for c in self.commitments
            ],
            "asks": [{"text": a.text, "start": a.start, "end": a.end} for a in self.asks],
            "stats": asdict(self.stats),
        }


def _finding_dict(finding: Finding) -> dict:
    out = asdict(finding)
    if out["suggestion"] is None:
        del out["suggestion"]
    return out
