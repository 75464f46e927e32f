"""The store's HTTP API over a real server, on SQLite and PostgreSQL."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
import requests
from sqlalchemy import MetaData, select

from addin import create_app
from tests.conftest import LiveServer
from tests.openapi_check import validate

SENTINEL = "Zanzibar-Pineapple-7731"
TOM = {"X-Sendwell-Rep": "tom@seller.example"}


@pytest.fixture
def server(store_app):
    with LiveServer(store_app) as live:
        live.app = store_app
        yield live


def call(server, method, path, payload=None, headers=TOM, **kw):
    return requests.request(method, server.url + path, json=payload, headers=headers, timeout=10, **kw)


def activity(**kw):
    body = {
        "review_id": "r-1",
        "source": "outlook",
        "sent_at": datetime.now(timezone.utc).isoformat(),
        "to": [{"name": "Anna Lee", "email": "anna@acme.example"}],
        "review": {
            "scores": {"politeness": 64, "personalization": 71},
            "findings": [{"category": "discount"}, {"category": "politeness"}, {"category": "politeness"}],
            "commitments": [{"text": "I'll send the quote tomorrow.", "due": (datetime.now(timezone.utc) + timedelta(days=1)).date().isoformat(), "due_phrase": "tomorrow"}],
            "asks": [{"text": "Could you confirm?"}],
            "stats": {"words": 120},
        },
    }
    body.update(kw)
    return body


def test_record_is_idempotent_and_capture_joins_by_review_id(server):
    first = call(server, "POST", "/api/v1/activities", activity())
    assert first.status_code == 201, first.text
    validate(first.json(), "Activity")
    assert first.json()["finding_counts"] == {"discount": 1, "politeness": 2}
    again = call(server, "POST", "/api/v1/activities", activity(message_id="<abc@x>", source="capture"))
    assert again.status_code == 200
    assert again.json()["id"] == first.json()["id"] and again.json()["message_id"] == "<abc@x>"
    assert first.headers["Location"].endswith(f"/api/v1/activities/{first.json()['id']}")


@pytest.mark.parametrize(
    "change, pointer",
    [
        ({"review_id": None}, "/message_id"),
        ({"source": "fax"}, "/source"),
        ({"sent_at": None}, "/sent_at"),
        ({"sent_at": "yesterday"}, "/sent_at"),
        ({"to": []}, "/to"),
        ({"review": {"scores": {"politeness": 101}}}, "/review/scores/politeness"),
        ({"review": {"commitments": [{"text": "x", "due": "Friday"}]}}, "/review/commitments/0/due"),
        ({"review": {"findings": "many"}}, "/review/findings"),
        ({"review_id": "x" * 65}, "/review_id"),
    ],
)
def test_bad_activities_are_400_and_write_nothing(server, change, pointer):
    response = call(server, "POST", "/api/v1/activities", activity(**change))
    assert response.status_code == 400, response.text
    assert pointer in [e["pointer"] for e in response.json()["errors"]]
    assert call(server, "GET", "/api/v1/commitments").json() == {"commitments": []}


def test_no_table_holds_email_text_after_review_and_record(server):
    body = f"Hi Anna,\n\nThe {SENTINEL} rollout looks great. I'll send the quote by Friday.\n\nBest,\nTom"
    assert call(server, "POST", "/api/v1/review", {"subject": SENTINEL, "body": body}).status_code == 200
    recorded = call(server, "POST", "/api/v1/activities", {"message_id": "<p@x>", "source": "gmail", "subject": SENTINEL,
                                                          "sent_at": "2026-11-18T10:00:00+01:00", "to": [{"email": "anna@acme.example"}], "body": body})
    assert recorded.status_code == 201, recorded.text
    engine = server.app.extensions["sendwell.store"].engine
    meta = MetaData()
    meta.reflect(engine)
    dump = []
    with engine.connect() as conn:
        for table in meta.sorted_tables:
            dump.extend(str(row) for row in conn.execute(select(table)))
    assert dump, "nothing was recorded"
    assert not [row for row in dump if SENTINEL.lower() in row.lower()]


def test_commitments_list_patch_and_ownership(server):
    created = call(server, "POST", "/api/v1/activities", activity()).json()
    promise_id = created["commitments"][0]["id"]
    listed = call(server, "GET", "/api/v1/commitments?status=open").json()["commitments"]
    assert [p["id"] for p in listed] == [promise_id]
    assert call(server, "GET", "/api/v1/commitments?status=kept").json()["commitments"] == []
    assert call(server, "GET", "/api/v1/commitments?status=lost").status_code == 400

    other = {"X-Sendwell-Rep": "eve@seller.example"}
    assert call(server, "PATCH", f"/api/v1/commitments/{promise_id}", {"status": "kept"}, headers=other).status_code == 404
    assert call(server, "PATCH", "/api/v1/commitments/999999", {"status": "kept"}).status_code == 404
    assert call(server, "PATCH", f"/api/v1/commitments/{promise_id}", {"status": "done"}).status_code == 400
    assert call(server, "PATCH", f"/api/v1/commitments/{promise_id}", {}).status_code == 400
    assert call(server, "PATCH", f"/api/v1/commitments/{promise_id}", {"due": "2001-01-01"}).status_code == 409
    kept = call(server, "PATCH", f"/api/v1/commitments/{promise_id}", {"status": "kept"})
    assert kept.status_code == 200 and kept.json()["status"] == "kept"
    assert [p["id"] for p in call(server, "GET", "/api/v1/commitments?status=kept,dismissed").json()["commitments"]] == [promise_id]


def test_dismissed_hint_kinds_are_dropped_from_reviews(server):
    body = {"body": "Hi Anna, I need the signed contract ASAP. As I said before, this is urgent!!!"}
    kinds = {f["kind"] for f in call(server, "POST", "/api/v1/review", body).json()["findings"]}
    assert kinds, "the draft should raise hints"
    kind = sorted(kinds)[0]
    assert call(server, "POST", "/api/v1/dismissals", {"kind": kind}).status_code == 201
    assert call(server, "POST", "/api/v1/dismissals", {"kind": kind}).status_code == 200
    after = {f["kind"] for f in call(server, "POST", "/api/v1/review", body).json()["findings"]}
    assert kind not in after and after == kinds - {kind}
    other = {f["kind"] for f in call(server, "POST", "/api/v1/review", body, headers={"X-Sendwell-Rep": "eve@x.example"}).json()["findings"]}
    assert kind in other  # only this rep's sidebar forgets it
    assert call(server, "DELETE", f"/api/v1/dismissals/{kind}").status_code == 204
    assert kind in {f["kind"] for f in call(server, "POST", "/api/v1/review", body).json()["findings"]}
    assert call(server, "POST", "/api/v1/dismissals", {"kind": "Not A Kind!"}).status_code == 400


def test_template_reuse_is_spotted_from_recent_sent_emails(server):
    template = ("Hi {name},\n\nI hope this email finds you well. We help logistics teams cut picking errors with "
                "handheld scanners and a cloud dashboard that your warehouse staff can learn in an afternoon. "
                "Most of our customers see results within the first quarter of the rollout.\n\nBest,\nTom")
    names = ["Anna", "Bo", "Cy", "Di", "Ed"]
    for i, name in enumerate(names):
        response = call(server, "POST", "/api/v1/activities", {
            "message_id": f"<t{i}@x>", "source": "capture", "sent_at": datetime.now(timezone.utc).isoformat(),
            "to": [{"email": f"{name.lower()}@firm{i}.example"}], "body": template.format(name=name)})
        assert response.status_code == 201
    review = call(server, "POST", "/api/v1/review", {"body": template.format(name="Fay"), "to": [{"email": "fay@new.example"}]}).json()
    assert "personalization.template_reuse" in {f["kind"] for f in review["findings"]}
    fresh = call(server, "POST", "/api/v1/review", {"body": template.format(name="Fay"), "to": [{"email": "fay@new.example"}]},
                 headers={"X-Sendwell-Rep": "eve@x.example"}).json()
    assert "personalization.template_reuse" not in {f["kind"] for f in fresh["findings"]}


def test_summary_and_goals(server):
    call(server, "POST", "/api/v1/activities", activity())
    assert call(server, "PUT", "/api/v1/me/goals", {"outreach_per_day": 30, "orders_per_week": 2}).status_code == 200
    bad = call(server, "PUT", "/api/v1/me/goals", {"outreach_per_day": -3, "speed": 1})
    assert bad.status_code == 400 and {e["pointer"] for e in bad.json()["errors"]} == {"/outreach_per_day", "/speed"}
    assert call(server, "GET", "/api/v1/me/goals").json()["outreach_per_day"] == 30
    summary = call(server, "GET", "/api/v1/me/summary").json()
    validate(summary, "Summary")
    assert summary["progress"]["outreach_today"] == {"done": 1, "goal": 30}
    assert "1 promise due tomorrow" in summary["headlines"]
    assert "1 of 30 new contacts today" in summary["headlines"]


def test_identity_header_is_checked_and_auth_mode_demands_a_token(server, database_url):
    assert call(server, "GET", "/api/v1/me/goals", headers={"X-Sendwell-Rep": "not-an-email"}).status_code == 400
    app = create_app({"TESTING": True, "DATABASE_URL": database_url, "AUTH_PROVIDER": "entra",
                      "ENTRA_CLIENT_ID": "6e74172b-be56-4843-9ff4-e66a39bb12e3",
                      "ENTRA_ALLOWED_TENANTS": ["72f988bf-86f1-41af-91ab-2d7cd011db47"]})
    response = app.test_client().get("/api/v1/me/summary")
    assert response.status_code == 401 and response.mimetype == "application/problem+json"
    app.extensions["sendwell.store"].dispose()
