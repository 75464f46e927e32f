"""Migrations build the schema the models describe, and take it down again."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from addin.store import Store
from addin.store.models import Base


def test_upgrade_empty_database_matches_the_models(database_url):
    store = Store(database_url)
    store.upgrade()
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    store.dispose()


def test_downgrade_removes_every_table_and_upgrade_again_works(database_url):
    store = Store(database_url)
    store.upgrade()
    assert set(Base.metadata.tables) <= set(inspect(store.engine).get_table_names())
    store.downgrade("base")
    assert set(inspect(store.engine).get_table_names()) <= {"alembic_version"}
    store.upgrade()
    assert set(Base.metadata.tables) <= set(inspect(store.engine).get_table_names())
    store.dispose()


def test_upgrade_twice_is_harmless(store):
    store.upgrade()
    assert "reps" in inspect(store.engine).get_table_names()
