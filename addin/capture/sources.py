"""Build the configured mailbox source from the app's configuration (see docs/capture.md)."""
from __future__ import annotations

from .message import SentItemsSource


def source_from_config(name: str, config: dict) -> SentItemsSource:
    """Raises ValueError naming the missing setting when the source is not configured."""
    if name == "graph":
        from .graph import GraphSentItems

        return GraphSentItems.from_config(config)
    if name == "gmail":
        from .gmail import GmailSentItems

        return GmailSentItems.from_config(config)
    raise ValueError(f"unknown capture source {name!r}")
