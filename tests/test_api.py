"""The public review API over real HTTP: the contract, every documented error, and never a 500."""
from __future__ import annotations

import json
import socket

import pytest
import requests
from openapi_spec_validator import validate as validate_spec

from addin import create_app
from tests.openapi_check import response_schema, spec, validate

EMAIL = {
    "subject": "Quote for Acme",
    "body": "Hi Anna,\n\nThanks for the call today. I'll send the quote by Friday.\n"
    "Could you confirm the headcount by Thursday?\n\nBest,\nTom",
    "from": {"name": "Tom Seller", "email": "tom@sendwell.example"},
    "to": [{"name": "Anna Lee", "email": "anna@acme.example"}],
    "sent_at": "2026-11-18T09:30:00-05:00",
    "context": {"recipients": {"anna@acme.example": {"company": "Acme", "notes": ["pilot in Q1"]}}},
}


def post(live_server, payload=None, **kw):
    if payload is not None:
        kw["json"] = payload
    return requests.post(live_server.url + "/api/v1/review", timeout=10, **kw)


def assert_problem(response, status: int, detail_contains: str = ""):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    body = response.json()
    validate(body, "Problem")
    assert body["status"] == status
    assert detail_contains.lower() in body["detail"].lower()
    assert "Traceback" not in response.text
    return body


def test_openapi_document_is_valid_and_served(live_server):
    served = requests.get(live_server.url + "/api/v1/openapi.json", timeout=5)
    assert served.status_code == 200
    validate_spec(served.json())
    assert served.json() == spec()


def test_healthz(live_server):
    response = requests.get(live_server.url + "/healthz", timeout=5)
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_review_matches_contract_and_spans_index_text(live_server):
    response = post(live_server, EMAIL)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    review = response.json()
    validate(review, "Review")
    text = review["text"]
    start, end = review["reviewed"]
    assert 0 <= start <= end <= len(text)
    for item in review["findings"] + review["commitments"] + review["asks"]:
        assert text[item["start"] : item["end"]] == item["text"]
    assert "Hi Anna" in text[start:end]


def test_review_of_html_returns_text_not_markup(live_server):
    payload = {"body": "<div>Hi Anna,</div><div><br></div><div>Could you sign by Friday?</div>", "body_format": "html"}
    review = post(live_server, payload).json()
    assert "<div>" not in review["text"]
    assert "Could you sign by Friday?" in review["text"]


def test_minimal_request_needs_only_a_body(live_server):
    response = post(live_server, {"body": ""})
    assert response.status_code == 200
    validate(response.json(), "Review")


@pytest.mark.parametrize(
    "payload, pointer, detail",
    [
        ({}, "/body", "body is required"),
        ({"body": None}, "/body", "must be a string"),
        ({"body": 42}, "/body", "must be a string"),
        ({"body": ["x"]}, "/body", "must be a string"),
        ({"body": "x", "subject": 3}, "/subject", "subject must be a string"),
        ({"body": "x", "body_format": "markdown"}, "/body_format", "body_format"),
        ({"body": "x", "to": "anna@acme.example"}, "/to", "array"),
        ({"body": "x", "to": [{"name": "Anna"}]}, "/to/0/email", "email"),
        ({"body": "x", "to": [{"email": "not-an-address"}]}, "/to/0/email", "email"),
        ({"body": "x", "from": {"email": "a@b.example", "name": 5}}, "/from/name", "name must be a string"),
        ({"body": "x", "cc": [None]}, "/cc/0", "object"),
        ({"body": "x", "sent_at": "next Tuesday"}, "/sent_at", "RFC 3339"),
        ({"body": "x", "sent_at": "2026-11-20T16:05:00"}, "/sent_at", "offset"),
        ({"body": "x", "sent_at": "2026-11-20"}, "/sent_at", "offset"),
        ({"body": "x", "sent_at": 1700000000}, "/sent_at", "string"),
        ({"body": "x", "context": []}, "/context", "object"),
        ({"body": "x", "context": {"recipients": {"a@b.example": {"company": 1}}}}, "/context/recipients/a@b.example/company", "string"),
        ({"body": "x", "context": {"recipients": {"a@b.example": {"notes": "vip"}}}}, "/context/recipients/a@b.example/notes", "array"),
    ],
)
def test_invalid_fields_get_400_with_pointer(live_server, payload, pointer, detail):
    body = assert_problem(post(live_server, payload), 400, detail)
    assert pointer in [e["pointer"] for e in body["errors"]]


def test_several_invalid_fields_are_reported_together(live_server):
    body = assert_problem(post(live_server, {"body": 1, "subject": 2, "sent_at": "x"}), 400, "3 fields")
    assert {e["pointer"] for e in body["errors"]} == {"/body", "/subject", "/sent_at"}


@pytest.mark.parametrize("raw", [b"{", b"{'body': 'x'}", b"", b"\xff\xfe\x00"])
def test_invalid_json_is_400(live_server, raw):
    assert_problem(post(live_server, data=raw, headers={"Content-Type": "application/json"}), 400, "")


@pytest.mark.parametrize("payload", [[], "body", 3, None])
def test_non_object_json_is_400(live_server, payload):
    raw = json.dumps(payload).encode()
    assert_problem(post(live_server, data=raw, headers={"Content-Type": "application/json"}), 400, "JSON object")


@pytest.mark.parametrize(
    "headers, data",
    [({"Content-Type": "text/plain"}, b'{"body": "x"}'), ({}, {"body": "x"}), ({"Content-Type": "application/xml"}, b"<x/>")],
)
def test_non_json_request_is_415(live_server, headers, data):
    assert_problem(post(live_server, data=data, headers=headers), 415, "application/json")


def test_json_with_charset_is_accepted(live_server):
    response = post(live_server, data=b'{"body": "Hi"}', headers={"Content-Type": "application/json; charset=utf-8"})
    assert response.status_code == 200


def test_over_one_mib_is_413(live_server):
    payload = {"body": "x" * (1024 * 1024)}
    assert_problem(post(live_server, payload), 413, "limit")


def test_413_is_sent_before_the_body_is_read(live_server):
    """Claim 5 MiB and send none of it: the answer must come from the headers alone."""
    host, port = live_server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(
            b"POST /api/v1/review HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 5242880\r\nConnection: close\r\n\r\n"
        )
        reply = sock.recv(65536).decode()
    assert reply.startswith("HTTP/1.1 413")
    assert "application/problem+json" in reply


def test_unknown_route_and_wrong_method_are_problem_json(live_server):
    assert_problem(requests.get(live_server.url + "/api/v1/nope", timeout=5), 404)
    response = requests.get(live_server.url + "/api/v1/review", timeout=5)
    assert_problem(response, 405)
    assert "POST" in response.headers["Allow"]


def test_unexpected_error_is_a_500_problem_without_trace():
    app = create_app({"TESTING": True})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert response.mimetype == "application/problem+json"
    assert "secret internals" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


def test_documented_error_statuses_are_the_ones_served():
    for status in (400, 413, 415):
        assert response_schema("/api/v1/review", "post", status)["content"]["application/problem+json"]


@pytest.mark.parametrize(
    "body",
    ["\x00\x01\x02", "<" * 5000, "a" * 200_000, "ﬁ" * 1000 + "\u202e", ">" * 3000, "\n" * 10000, "On Mon wrote:\n" * 500],
)
def test_odd_bodies_never_500(live_server, body):
    for fmt in ("text", "html"):
        response = post(live_server, {"body": body, "body_format": fmt})
        assert response.status_code == 200, response.text
        validate(response.json(), "Review")


def test_every_api_route_is_in_the_openapi_document(app):
    documented = {(path, method) for path, ops in spec()["paths"].items() for method in ops}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        path = rule.rule.replace("<int:promise_id>", "{id}").replace("<kind>", "{kind}")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (path, method.lower()) in documented, f"{method} {path} is not documented"
