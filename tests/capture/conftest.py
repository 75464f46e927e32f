"""Capture tests record into a real Store, on SQLite and again on PostgreSQL (the store suite's fixtures)."""
from tests.store.conftest import database_url, postgres_problem, store  # noqa: F401
