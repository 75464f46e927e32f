"""The ``sendwell`` command as a user runs it: a real process, real files, real stdin."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from addin.cli import is_loopback
from tests.openapi_check import validate

SENDWELL = Path(sys.executable).with_name("sendwell")

EML = b"""From: Tom Seller <tom@sendwell.example>
To: Anna Lee <anna@acme.example>
Subject: Your quote
Date: Fri, 20 Nov 2026 16:05:00 -0800
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

Hi Anna,

Thanks for your time today. Could you confirm the headcount?

Best,
Tom
--b
Content-Type: text/html; charset=utf-8

<div>Hi Anna,</div><div>HTML PART</div>
--b--
"""


def sendwell(*args: str, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(SENDWELL), *args], input=stdin, capture_output=True, timeout=60, env={**os.environ, **(env or {})}
    )


def test_review_eml_as_json_prefers_plain_part(tmp_path):
    path = tmp_path / "reply.eml"
    path.write_bytes(EML)
    result = sendwell("review", "--json", str(path))
    assert result.returncode == 0, result.stderr
    review = json.loads(result.stdout)
    validate(review, "Review")
    assert "Could you confirm the headcount?" in review["text"]
    assert "HTML PART" not in review["text"]


def test_review_stdin_readable_output_without_colour_when_piped():
    result = sendwell("review", "-", stdin=b"Hi Anna, thanks for the call. Could you send the PO?")
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode()
    assert "Politeness" in out and "/100" in out
    assert "\x1b[" not in out  # no colour codes into a pipe


def test_review_html_file(tmp_path):
    path = tmp_path / "draft.html"
    path.write_text("<html><body><p>Hi Anna,</p><p>Could you sign <b>today</b>?</p></body></html>")
    review = json.loads(sendwell("review", "--json", str(path)).stdout)
    assert "<p>" not in review["text"] and "Could you sign today?" in review["text"]


def test_review_rejects_a_bad_sent_at_and_a_missing_file(tmp_path):
    bad = sendwell("review", "--sent-at", "tomorrow", "-", stdin=b"hi")
    assert bad.returncode == 2 and b"RFC 3339" in bad.stderr
    missing = sendwell("review", str(tmp_path / "nope.eml"))
    assert missing.returncode == 2 and b"No such file" in missing.stderr


def test_serve_refuses_a_public_address_without_authentication():
    result = sendwell("serve", "--host", "0.0.0.0", "--port", "0")
    assert result.returncode == 1
    assert b"refusing to serve on 0.0.0.0" in result.stderr


def test_loopback_detection():
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.0.2.10") and not is_loopback("no-such-host.invalid")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_answers_on_loopback(tmp_path):
    port = _free_port()
    proc = subprocess.Popen(
        [str(SENDWELL), "serve", "--port", str(port)],
        env={**os.environ, "SENDWELL_INSTANCE_PATH": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                response = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail("sendwell serve did not come up: " + proc.stdout.read().decode())
                time.sleep(0.1)
        assert response.json() == {"status": "ok"}
        assert requests.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200
    finally:
        proc.terminate()
        proc.wait(10)
