"""The Outlook task pane and on-send check in real headless Chromium, against the live Flask server.

Office.js's CDN request is answered by a local test double of the mailbox API (office_double.js), so the
pane runs unmodified: it reads the draft through "Office.js", reviews it through the real API and writes
back through setSelectedDataAsync, which the double records. Each test acts as its own rep (the double's
mailbox owner, sent as X-Sendwell-Rep on this development server), so dismissals don't leak between tests.
"""
from __future__ import annotations

import json
import re
import uuid
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import Page, expect


DOUBLE = (Path(__file__).parent / "office_double.js").read_text(encoding="utf-8")
OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js"

VAGUE_AND_PUSHY = (
    "<html><body><p>Hi Anna,</p>"
    "<p>Thanks for the call on Tuesday about the dispatch workflow. I will send the revised proposal next week.</p>"
    "<p>Can you send me the list of pilot users ASAP?</p>"
    "<p>Best,<br>Tom</p></body></html>"
)
DISCOUNT = (
    "<html><body><p>Hi Anna,</p>"
    "<p>Thanks for the call on Tuesday about the dispatch workflow. I can give you 20% off the first year.</p>"
    "<p>Could we book 20 minutes on Thursday to go through the pilot plan?</p>"
    "<p>Best,<br>Tom</p></body></html>"
)
CLEAN = (
    "<html><body><p>Hi Anna,</p>"
    "<p>Thanks for the call on Tuesday about the dispatch workflow. I will send the revised proposal by Friday, 27 November.</p>"
    "<p>Could we book 20 minutes on Thursday to go through the pilot plan?</p>"
    "<p>Best,<br>Tom</p></body></html>"
)
ANNA = [{"name": "Anna Lee", "email": "anna@northwind.example"}]
REVIEW_WAIT_MS = 12_000  # a 2 s poll, a typing pause and the review itself


def open_in_outlook(page: Page, url: str, *, body: str = "", subject: str = "Pilot for Northwind") -> str:
    """Load `url` with Office.js replaced by the double; returns the rep's address (unique per test)."""
    rep = f"rep-{uuid.uuid4().hex[:10]}@sendwell.example"
    init = {"email": rep, "name": "Tom Baker", "body": body, "subject": subject, "to": ANNA}
    page.add_init_script(f"window.__officeDoubleInit = {json.dumps(init)};")
    page.route(OFFICE_JS, lambda route: route.fulfill(status=200, content_type="text/javascript", body=DOUBLE))
    page.goto(url)
    return rep


def api_get(page: Page, live_server, path: str, rep: str) -> dict:
    response = page.request.get(live_server.url + path, headers={"X-Sendwell-Rep": rep})
    assert response.ok, response.text()
    return response.json()


def next_working_days(today: date, count: int = 3) -> list[date]:
    out, day = [], today
    while len(out) < count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            out.append(day)
    return out


def test_typing_a_draft_shows_hints_and_a_suggestion_is_inserted(page: Page, live_server):
    rep = open_in_outlook(page, live_server.url + "/outlook/taskpane.html")
    expect(page.locator(".sw-empty-title")).to_have_text("Nothing to review yet")
    headlines = api_get(page, live_server, "/api/v1/me/summary", rep)["headlines"]
    expect(page.locator("#headlines li")).to_have_text(headlines)

    # The rep types: the pane notices on its next polls, once typing pauses.
    page.evaluate("html => officeDouble.setBody(html)", VAGUE_AND_PUSHY)
    pressure = page.locator('.sw-finding[data-kind="politeness.pressure"]')
    expect(pressure).to_be_visible(timeout=REVIEW_WAIT_MS)
    expect(page.locator(".sw-score")).to_have_count(2)
    expect(page.locator(".sw-commitments .sw-item")).to_have_count(1)
    expect(page.locator(".sw-commitments .sw-due-missing")).to_be_visible()
    assert page.evaluate("officeDouble.calls.bodyReads[0]") == {"coercionType": "html", "options": {"bodyMode": "hostConfig"}}

    # Clicking a hint shows its exact words (the shared UI's highlight view).
    pressure.locator(".sw-item-main").click()
    expect(page.locator(".sw-text mark")).to_have_text("ASAP")

    # "Insert" puts the suggestion at the cursor through setSelectedDataAsync, as plain text.
    suggestion = pressure.locator(".sw-suggestion-text").inner_text()
    pressure.get_by_role("button", name="Insert").click()
    page.wait_for_function("officeDouble.calls.inserted.length === 1")
    inserted = page.evaluate("officeDouble.calls.inserted")
    assert inserted == [{"text": suggestion, "options": {"coercionType": "text"}}]

    # A promise without a day offers the next three working days.
    vague = page.locator('.sw-finding[data-kind="commitment.vague_due"]')
    days = vague.locator(".tp-day")
    expect(days).to_have_count(3)
    first = next_working_days(date.today())[0]
    expected = f"by {first:%A}, {first.day} {first:%B}"
    days.first.click()
    page.wait_for_function("officeDouble.calls.inserted.length === 2")
    assert page.evaluate("officeDouble.calls.inserted[1].text") == expected


def test_recipients_changed_reviews_again(page: Page, live_server):
    open_in_outlook(page, live_server.url + "/outlook/taskpane.html", body=VAGUE_AND_PUSHY)
    expect(page.locator(".sw-finding").first).to_be_visible(timeout=REVIEW_WAIT_MS)
    with page.expect_request(lambda r: r.url.endswith("/api/v1/review") and r.method == "POST") as sent:
        page.evaluate("officeDouble.setTo([{name: 'Priya Raman', email: 'priya@northwind.example'}])")
    assert sent.value.post_data_json["to"] == [{"name": "Priya Raman", "email": "priya@northwind.example"}]
    assert page.evaluate("Object.keys(officeDouble.calls.handlers)") == ["olkRecipientsChanged"]


def test_a_dismissed_hint_stays_hidden_after_a_reload(page: Page, live_server):
    rep = open_in_outlook(page, live_server.url + "/outlook/taskpane.html", body=VAGUE_AND_PUSHY)
    pressure = page.locator('.sw-finding[data-kind="politeness.pressure"]')
    expect(pressure).to_be_visible(timeout=REVIEW_WAIT_MS)

    with page.expect_response(lambda r: r.url.endswith("/api/v1/dismissals") and r.request.method == "POST") as answer:
        pressure.locator(".sw-dismiss").click()
    assert answer.value.ok
    expect(pressure).to_have_count(0)
    assert "politeness.pressure" in api_get(page, live_server, "/api/v1/dismissals", rep)["dismissed"]

    page.reload()
    expect(page.locator('.sw-finding[data-kind="commitment.vague_due"]')).to_be_visible(timeout=REVIEW_WAIT_MS)
    expect(page.locator('.sw-finding[data-kind="politeness.pressure"]')).to_have_count(0)
    # The day buttons survive the dismissal redraw too.
    expect(page.locator('.sw-finding[data-kind="commitment.vague_due"] .tp-day')).to_have_count(3)


def test_the_pane_is_served_with_office_js_from_the_cdn_and_a_csp(page: Page, live_server):
    requested = []
    page.on("request", lambda r: requested.append(r.url))
    open_in_outlook(page, live_server.url + "/outlook/taskpane.html")
    expect(page.locator(".sw-empty-title")).to_have_text("Nothing to review yet")
    assert OFFICE_JS in requested
    assert any(url.endswith("/static/sendwell-ui.js") for url in requested), "the shared UI module is reused"
    response = page.request.get(live_server.url + "/outlook/taskpane.html")
    assert "https://appsforoffice.microsoft.com" in response.headers["content-security-policy"]


def test_on_send_warns_about_a_discount_then_sends_a_clean_email(page: Page, live_server):
    rep = open_in_outlook(page, live_server.url + "/outlook/commands.html", body=DISCOUNT)
    page.wait_for_function("typeof officeDouble.actions.onMessageSendHandler === 'function'")

    warned = page.evaluate("officeDouble.send()")
    assert warned["allowEvent"] is False
    assert "discount" in warned["errorMessage"].lower()
    assert len(warned["errorMessage"]) <= 500 and len(warned["errorMessageMarkdown"]) <= 500
    assert warned["cancelLabel"] == "Open Sendwell"
    stamped = page.evaluate("officeDouble.calls.headers")
    assert len(stamped) == 1 and re.fullmatch(r"[0-9a-f]{32}", stamped[0]["x-sendwell-review"])

    page.evaluate("html => officeDouble.setBody(html)", CLEAN)
    with page.expect_response(lambda r: r.url.endswith("/api/v1/activities")) as recorded:
        sent = page.evaluate("officeDouble.send()")
    assert sent == {"allowEvent": True}
    assert recorded.value.status == 201
    review_id = page.evaluate("officeDouble.calls.headers[1]['x-sendwell-review']")
    assert recorded.value.json()["review_id"] == review_id
    promises = api_get(page, live_server, "/api/v1/commitments", rep)["commitments"]
    assert [p["text"] for p in promises] == ["I will send the revised proposal by Friday, 27 November."]


def test_the_vendored_msal_bundle_loads_and_offers_nested_app_authentication(page: Page, live_server):
    """Sign-in depends on the MSAL.js bundle served from our own origin (docs/outlook-signin.md)."""
    open_in_outlook(page, live_server.url + "/outlook/taskpane.html")
    kind = page.evaluate(
        """async (url) => {
            const core = await import("/outlook/static/pane-core.mjs");
            const msal = await core.loadMsalScript(url);
            return typeof msal.createNestablePublicClientApplication;
        }""",
        "/outlook/static/vendor/msal-browser.min.js",
    )
    assert kind == "function"
