"""The activity store: reps, sent-email activity, promises, goals (SQLite by default, PostgreSQL in production).

``Store`` owns one SQLAlchemy engine and runs the Alembic migrations shipped in ``migrations/``; the Flask
app keeps one in ``app.extensions`` and hands each request a session through ``session()``.
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = str(Path(__file__).resolve().parent / "migrations")


class Store:
    def __init__(self, url: str, **engine_options):
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite":
            if parsed.database and parsed.database != ":memory:":
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            engine_options.setdefault("connect_args", {"timeout": 30})
        elif parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")  # psycopg 3 is the driver we ship
        self.url = parsed
        self.engine: Engine = create_engine(parsed, future=True, **engine_options)
        if parsed.get_backend_name() == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            event.listen(self.engine, "begin", _sqlite_begin_immediate)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.engine.execution_options(sendwell_read_only=True))

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def _alembic(self) -> Config:
        config = Config()
        config.set_main_option("script_location", MIGRATIONS)
        config.attributes["engine"] = self.engine
        return config

    def upgrade(self, revision: str = "head") -> None:
        command.upgrade(self._alembic(), revision)

    def downgrade(self, revision: str = "base") -> None:
        command.downgrade(self._alembic(), revision)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on any error (nothing half-written)."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def read_session(self) -> Iterator[Session]:
        """For reads on the hot path (every sidebar review): never takes SQLite's write lock, never commits."""
        session = self._read_sessions()
        try:
            yield session
        finally:
            session.rollback()
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(connection, _record) -> None:
    """WAL lets readers run beside one writer; the busy timeout makes concurrent writers wait, not fail.

    pysqlite's own transaction handling is switched off so that ``_sqlite_begin_immediate`` decides how a
    transaction starts."""
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin_immediate(connection) -> None:
    """Take the write lock when a transaction starts: a deferred transaction that reads and then writes
    cannot wait for another writer (SQLite answers "database is locked" at once), an immediate one can.
    Read-only sessions begin deferred, so reviews never queue behind a capture pass."""
    if connection.get_execution_options().get("sendwell_read_only"):
        connection.exec_driver_sql("BEGIN")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
