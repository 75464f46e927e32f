"""Every store test runs on SQLite, and again on PostgreSQL when one answers.

PostgreSQL comes from SENDWELL_TEST_DATABASE_URL, else the local server on 127.0.0.1:5432 (database
``test``). Each test gets its own schema there, dropped afterwards. Where no server answers the PostgreSQL
runs skip with the reason, unless SENDWELL_REQUIRE_POSTGRES=1 (CI), where they fail.
"""
from __future__ import annotations

import os
import uuid
from functools import cache

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from addin import create_app
from addin.store import Store

PG_URL = os.environ.get("SENDWELL_TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


@cache
def postgres_problem() -> str | None:
    try:
        engine = create_engine(make_url(PG_URL).set(drivername="postgresql+psycopg"), connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure to connect means "no PostgreSQL here"
        return f"no PostgreSQL answers at {make_url(PG_URL).render_as_string(hide_password=True)}: {type(exc).__name__}"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/sendwell.sqlite"
        return
    problem = postgres_problem()
    if problem:
        if os.environ.get("SENDWELL_REQUIRE_POSTGRES") == "1":
            pytest.fail(problem + " (SENDWELL_REQUIRE_POSTGRES=1)")
        pytest.skip(problem + "; set SENDWELL_TEST_DATABASE_URL to run the PostgreSQL half")
    schema = "sendwell_test_" + uuid.uuid4().hex[:12]
    admin = create_engine(make_url(PG_URL).set(drivername="postgresql+psycopg"))
    with admin.begin() as conn:
        conn.execute(text(f'create schema "{schema}"'))
    url = make_url(PG_URL).set(drivername="postgresql+psycopg").update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()


@pytest.fixture
def store(database_url):
    s = Store(database_url)
    s.upgrade()
    yield s
    s.dispose()


@pytest.fixture
def store_app(database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": database_url})
    yield app
    app.extensions["sendwell.store"].dispose()
