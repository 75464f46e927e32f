"""The admin commands as an admin runs them: real processes against a real SQLite file."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text

SENDWELL = Path(sys.executable).with_name("sendwell")


@pytest.fixture
def instance(tmp_path):
    return tmp_path


def run(instance, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "SENDWELL_INSTANCE_PATH": str(instance)}
    env.pop("SENDWELL_DATABASE_URL", None)
    return subprocess.run([str(SENDWELL), *args], capture_output=True, text=True, input=stdin, timeout=60, env=env)


def query(instance, sql: str):
    engine = create_engine(f"sqlite:///{instance}/sendwell.sqlite")
    with engine.connect() as conn:
        rows = conn.execute(text(sql)).all()
    engine.dispose()
    return rows


def test_goals_set_and_show(instance):
    result = run(instance, "goals", "set", "Rep@Example.com", "--outreach-per-day", "30", "--orders-per-week", "1")
    assert result.returncode == 0, result.stderr
    assert "outreach per day" in result.stdout and "30" in result.stdout
    shown = run(instance, "goals", "show", "rep@example.com").stdout
    assert "outreach per day       30" in shown and "followups per week     25" in shown  # default kept
    assert query(instance, "select outreach_per_day, orders_per_week from goals") == [(30, 1)]


def test_goals_refuse_nonsense_and_unknown_reps(instance):
    bad = run(instance, "goals", "set", "rep@example.com", "--personalized-share", "3")
    assert bad.returncode == 2 and "between 0.0 and 1.0" in bad.stderr
    assert run(instance, "goals", "set", "rep@example.com").returncode == 2
    missing = run(instance, "goals", "show", "nobody@example.com")
    assert missing.returncode == 1 and "sendwell reps set nobody@example.com" in missing.stderr


def test_reps_set_validates_time_zone_and_crm_owner(instance):
    ok = run(instance, "reps", "set", "rep@example.com", "--name", "Rep One", "--time-zone", "Europe/Berlin", "--crm-owner", "hubspot=123")
    assert ok.returncode == 0, ok.stderr
    assert query(instance, "select email, display_name, time_zone, crm_owner_ids from reps") == [
        ("rep@example.com", "Rep One", "Europe/Berlin", '{"hubspot": "123"}')
    ]
    assert run(instance, "reps", "set", "rep@example.com", "--time-zone", "Mars/Olympus").returncode == 2
    assert run(instance, "reps", "set", "rep@example.com", "--crm-owner", "hubspot").returncode == 2


def test_orders_and_promise_sweep(instance):
    assert run(instance, "orders", "add", "rep@example.com", "--on", "2026-11-20", "--reference", "OPP-1").returncode == 0
    assert query(instance, "select won_on, reference from orders") == [("2026-11-20", "OPP-1")]
    swept = run(instance, "promises", "sweep")
    assert swept.returncode == 0 and "0 promise(s) changed state" in swept.stdout


def test_db_downgrade_asks_first_then_upgrade_restores(instance):
    assert run(instance, "db", "upgrade").returncode == 0
    assert "reps" in inspect(create_engine(f"sqlite:///{instance}/sendwell.sqlite")).get_table_names()
    refused = run(instance, "db", "downgrade", stdin="n\n")
    assert refused.returncode == 1
    assert "reps" in inspect(create_engine(f"sqlite:///{instance}/sendwell.sqlite")).get_table_names()
    assert run(instance, "db", "downgrade", "--yes").returncode == 0
    assert "reps" not in inspect(create_engine(f"sqlite:///{instance}/sendwell.sqlite")).get_table_names()
    assert run(instance, "db", "upgrade").returncode == 0


def test_capture_without_a_source_says_what_to_do(instance):
    result = run(instance, "capture")
    assert result.returncode == 2 and "--source graph" in result.stderr
    unconfigured = run(instance, "capture", "--source", "graph", "--rep", "rep@example.com")
    assert unconfigured.returncode == 1 and "SENDWELL_GRAPH_" in unconfigured.stderr
