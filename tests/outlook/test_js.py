"""The add-in's JavaScript unit tests (node's test runner, office-addin-mock): `node --test tests/js/`.

Skips with the reason when node or node_modules/office-addin-mock is missing (run `npm ci`, which
`make test` does), unless SENDWELL_REQUIRE_NODE=1, where a missing tool fails the run instead.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _unavailable(reason: str):
    if os.environ.get("SENDWELL_REQUIRE_NODE") == "1":
        pytest.fail(f"{reason} (SENDWELL_REQUIRE_NODE=1: the JavaScript tests must run)", pytrace=False)
    pytest.skip(reason)


def test_node_unit_tests_pass():
    node = shutil.which("node")
    if not node:
        _unavailable("node not found: install Node.js 20+ to run tests/js")
    if not (ROOT / "node_modules" / "office-addin-mock").is_dir():
        _unavailable("node_modules/office-addin-mock is missing: run `npm ci`")
    try:
        result = subprocess.run(
            [node, "--test", "tests/js/"], cwd=ROOT, capture_output=True, text=True, timeout=300,
            env={**os.environ, "NODE_NO_WARNINGS": "1"},
        )
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"node --test tests/js/ ran over 300 s:\n{exc.stdout or ''}", pytrace=False)
    if result.returncode != 0:
        failures = [line for line in result.stdout.splitlines() if line.lstrip().startswith("not ok")]
        pytest.fail(
            f"node --test tests/js/ failed ({len(failures)} failing):\n" + "\n".join(failures)
            + f"\n\n--- stdout ---\n{result.stdout[-20000:]}\n--- stderr ---\n{result.stderr[-5000:]}",
            pytrace=False,
        )
