"""Automatic capture from Sent Items, so the numbers are complete without the sidebar.

A *source* (Microsoft Graph, Gmail) yields pages of sent messages and a cursor to resume from; the
*runner* reviews each message in memory, records it, drops its text, and saves the cursor in the same
transaction as the page, so a pass can stop anywhere and the next one resumes where it stopped.
"""
from .message import CapturedMessage, Page, SentItemsSource
from .runner import PassResult, capture_pass, ingest

__all__ = ["CapturedMessage", "Page", "SentItemsSource", "PassResult", "capture_pass", "ingest"]
