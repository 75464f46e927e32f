"""What a mailbox source hands the runner: one sent message, in memory only, and pages of them."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Iterator, Protocol

from ..review import Party

REVIEW_HEADER = "x-sendwell-review"  # stamped by the Outlook on-send check with the review id


@dataclass(frozen=True)
class CapturedMessage:
    message_id: str  # the Internet Message-ID, the idempotency key
    sent_at: datetime  # timezone-aware
    to: tuple[Party, ...]
    cc: tuple[Party, ...] = ()
    subject: str = ""
    body: str = ""
    body_format: str = "text"  # "text" | "html"
    thread_id: str | None = None  # Graph conversationId, Gmail threadId
    sender: Party | None = None
    review_id: str | None = None  # the x-sendwell-review header, when the add-in reviewed it


@dataclass(frozen=True)
class Page:
    """Messages plus the cursor to resume from once they are recorded (None: keep the previous cursor)."""

    messages: tuple[CapturedMessage, ...]
    cursor: str | None = None


class SentItemsSource(Protocol):
    name: str  # "graph" or "gmail": the key of the stored cursor

    def pages(self, mailbox: str, cursor: str | None) -> Iterator[Page]:
        """Sent messages of ``mailbox`` since ``cursor`` (None: a first, full pass), page by page."""
        ...
