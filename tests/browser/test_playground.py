"""The playground at / in real headless Chromium, against the live Flask server.

End-to-end tests go through the real review API and compare what the page shows with what the engine
returns in process, so they hold whichever analysers exist. Rendering tests (grouping, marks, due dates,
suggestions, errors) fulfil /api/v1/review with a realistic canned review via page.route, so they pin
the UI's behaviour independently of the engine's wording.
"""
from __future__ import annotations

import json
import re
from datetime import date, timedelta

from playwright.sync_api import Page, expect

from addin.review import Draft, Party, review

REVIEW_ROUTE = "**/api/v1/review"

BODY = (
    "Hi Anna,\n\n"
    "Thanks for the call on Tuesday. I can give you 20% off if that helps. "
    "I'll send the contract next week. I will get back to you soon about the pilot. "
    "Can you sign it ASAP?\n\n"
    "Best,\nTom\n"
    "--\nTom Baker | Acme\n"
    "> On Monday Anna wrote:\n> Could you send the contract?"
)
REVIEWED_END = BODY.index("\n--\n")
TODAY = date.today()
NEXT_FRIDAY = TODAY + timedelta(days=(4 - TODAY.weekday()) % 7 or 7)


def short_day(day: date) -> str:
    """The UI's due-date format: "Fri 27 Nov", with the year when it is not this year."""
    label = f"{day:%a} {day.day} {day:%b}"
    return label if day.year == TODAY.year else f"{label} {day.year}"


def span(text: str, phrase: str, after: int = 0) -> dict:
    start = text.index(phrase, after)
    return {"start": start, "end": start + len(phrase), "text": phrase}


def finding(text, phrase, category, kind, severity, message, suggestion=None):
    item = {"category": category, "kind": kind, "severity": severity, **span(text, phrase), "message": message}
    if suggestion is not None:
        item["suggestion"] = suggestion
    return item


def canned_review(text: str = BODY) -> dict:
    """A realistic review of BODY, findings deliberately not in position order."""
    return {
        "text": text,
        "reviewed": [0, REVIEWED_END if text == BODY else len(text)],
        "scores": {"politeness": 62, "personalization": 35},
        "findings": [
            finding(text, "ASAP", "politeness", "politeness.pressure", "warning",
                    "“ASAP” reads as pressure; give a day instead.", "by Thursday"),
            finding(text, "I can give you 20% off", "discount", "discount.unprompted", "critical",
                    "Offering a discount nobody asked for lowers the deal's value.",
                    "Happy to walk you through the pricing options on a call."),
            finding(text, "if that helps", "politeness", "politeness.hedge", "info",
                    "Hedging makes the offer sound unsure."),
            finding(text, "soon", "commitment", "commitment.vague_due", "warning",
                    "“Soon” names no day, so Anna can't plan around it.", "by Wednesday"),
        ],
        "commitments": [
            {**span(text, "I will get back to you soon about the pilot"), "due": None, "due_phrase": "soon"},
            {**span(text, "I'll send the contract next week"), "due": NEXT_FRIDAY.isoformat(), "due_phrase": "next week"},
        ],
        "asks": [span(text, "Can you sign it ASAP?")],
        "stats": {"words": 41, "sentences": 6, "questions": 1, "reading_grade": 4.2},
    }


def plain_review(text: str) -> dict:
    """A review of any text with nothing to say."""
    return {"text": text, "reviewed": [0, len(text)], "scores": {"politeness": 80, "personalization": 60},
            "findings": [], "commitments": [], "asks": [], "stats": {"words": 3, "sentences": 1, "questions": 0, "reading_grade": 1.0}}


def serve_canned(page: Page, make=canned_review, requests: list | None = None):
    """Answer every review request with `make(body)`; record the request JSON in `requests`."""

    def handle(route):
        payload = route.request.post_data_json
        if requests is not None:
            requests.append(payload)
        route.fulfill(status=200, content_type="application/json", body=json.dumps(make(payload["body"])))

    page.route(REVIEW_ROUTE, handle)


def open_playground(page: Page, live_server):
    page.goto(live_server.url + "/")
    expect(page.locator("#review .sw-empty")).to_be_visible()


def write_email(page: Page, body: str = BODY, subject="Contract", name="Anna Lee", email="anna@acme.example"):
    page.fill("#subject", subject)
    page.fill("#to-name", name)
    page.fill("#to-email", email)
    page.fill("#body", body)


def finding_item(page: Page, kind: str):
    return page.locator(f'.sw-finding[data-kind="{kind}"]')


# --- end to end, through the real API ---------------------------------------------------------------------------


def test_empty_state_explains_what_to_do(page, live_server):
    open_playground(page, live_server)
    expect(page.locator("#review")).to_contain_text("Nothing to review yet")
    expect(page.locator("#review")).to_contain_text("Try an example")
    expect(page.get_by_role("meter")).to_have_count(0)
    expect(page.locator("#alert")).to_be_empty()


def test_typing_an_email_shows_the_engines_scores_and_hints(page, live_server):
    open_playground(page, live_server)
    body = (
        "Hi Anna,\n\nThanks for the call on Tuesday. I can give you 20% off if that helps. "
        "I'll send the contract next week. Please sign it ASAP."
    )
    write_email(page, body[:-10])
    page.locator("#body").press("End")
    page.locator("#body").press_sequentially(body[-10:], delay=15)  # typing: one debounced review

    expected = review(Draft(body=body, subject="Contract", to=(Party("anna@acme.example", "Anna Lee"),))).to_dict()
    politeness = page.get_by_role("meter", name="Politeness")
    personalization = page.get_by_role("meter", name="Personalization")
    expect(politeness).to_have_attribute("aria-valuenow", str(expected["scores"]["politeness"]))
    expect(personalization).to_have_attribute("aria-valuenow", str(expected["scores"]["personalization"]))
    expect(politeness).to_have_attribute("aria-valuemin", "0")
    expect(politeness).to_have_attribute("aria-valuemax", "100")
    expect(page.locator(".sw-text")).to_have_text(expected["text"])

    quotes = page.locator(".sw-finding .sw-quote")
    expect(quotes).to_have_count(len(expected["findings"]))
    for f in expected["findings"]:
        assert f["text"] == expected["text"][f["start"] : f["end"]]
        expect(page.locator(f'.sw-finding[data-start="{f["start"]}"][data-end="{f["end"]}"] .sw-quote').first).to_have_text(f["text"])

    # The politeness analyser flags "ASAP" as pressure: the hint sits on that word, and choosing it marks it.
    pressure = [f for f in expected["findings"] if f["category"] == "politeness" and f["text"] == "ASAP"]
    assert pressure, expected["findings"]
    row = page.locator(f'.sw-finding[data-start="{pressure[0]["start"]}"][data-end="{pressure[0]["end"]}"]').first
    expect(row.locator(".sw-quote")).to_have_text("ASAP")
    expect(row.locator(".sw-message")).to_have_text(pressure[0]["message"])
    row.locator(".sw-item-main").click()
    expect(page.locator(".sw-text mark")).to_have_text("ASAP")
    selected = page.evaluate("() => { const b = document.getElementById('body'); return b.value.slice(b.selectionStart, b.selectionEnd); }")
    assert selected == "ASAP"
    expect(page.locator(".sw-commitment")).to_have_count(len(expected["commitments"]))
    expect(page.locator(".sw-ask")).to_have_count(len(expected["asks"]))
    expect(page.locator("#alert")).to_be_empty()


def test_try_an_example_fills_the_form_and_reviews_it(page, live_server):
    open_playground(page, live_server)
    page.get_by_role("button", name="Try an example").click()
    expect(page.locator("#to-email")).to_have_value(re.compile(r".+@.+"))
    expect(page.locator("#subject")).not_to_have_value("")
    expect(page.get_by_role("meter", name="Politeness")).to_be_visible()
    expect(page.get_by_role("meter", name="Personalization")).to_be_visible()
    body = page.locator("#body").input_value()
    recipient = Party(page.locator("#to-email").input_value(), page.locator("#to-name").input_value())
    expected = review(Draft(body=body, subject=page.locator("#subject").input_value(), to=(recipient,))).to_dict()
    expect(page.locator(".sw-text")).to_have_text(expected["text"])
    expect(page.locator(".sw-finding")).to_have_count(len(expected["findings"]))
    start, end = expected["reviewed"]
    outside = [part for part in (expected["text"][:start], expected["text"][end:]) if part]
    expect(page.locator(".sw-text .sw-dim")).to_have_text(outside)  # quoted history and signature, dimmed
    for needle in ("ASAP", "20% off", "next week", "Zendesk", "> "):  # something for every analyser
        assert needle in body


def test_a_script_typed_into_the_body_is_shown_as_text(page, live_server):
    open_playground(page, live_server)
    attack = 'Hi Anna, <script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2"> ASAP'
    write_email(page, attack)
    expect(page.locator(".sw-text")).to_contain_text('<script>window.__pwned = 1</script><img src="x"')
    assert page.locator("#review script, #review img").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_an_oversized_body_shows_the_servers_413_in_the_alert(page, live_server):
    open_playground(page, live_server)
    page.fill("#body", "All good here. " * 75_000)  # ~1.1 MB, over the 1 MiB request limit
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("limit is 1048576 bytes")
    expect(page.get_by_role("meter")).to_have_count(0)


def test_typing_sends_one_debounced_request_and_aborts_a_stale_one(page, live_server):
    requests: list[dict] = []
    held = []

    def handle(route):
        payload = route.request.post_data_json
        requests.append(payload)
        if len(requests) == 1:
            held.append(route)  # never answered in time: the next review must abort it
        else:
            route.fulfill(status=200, content_type="application/json", body=json.dumps(plain_review(payload["body"])))

    page.route(REVIEW_ROUTE, handle)
    open_playground(page, live_server)
    with page.expect_request(lambda r: "api/v1/review" in r.url) as first:  # the route handler may run later
        page.locator("#body").press_sequentially("Hi Anna, ASAP", delay=20)
    assert first.value.post_data_json["body"] == "Hi Anna, ASAP"
    page.wait_for_function("() => document.getElementById('review').getAttribute('aria-busy') === 'true'")

    with page.expect_event("requestfailed") as failed:
        page.locator("#body").press_sequentially(" please", delay=20)
    assert "api/v1/review" in failed.value.url
    expect(page.locator(".sw-text")).to_have_text("Hi Anna, ASAP please")
    assert [r["body"] for r in requests] == ["Hi Anna, ASAP", "Hi Anna, ASAP please"]
    try:  # a late answer to the aborted request must not replace the newer review
        held[0].fulfill(status=200, content_type="application/json", body=json.dumps(plain_review("stale")))
    except Exception:
        pass
    expect(page.locator(".sw-text")).to_have_text("Hi Anna, ASAP please")


# --- rendering, with a canned review ----------------------------------------------------------------------------


def test_hints_sit_on_the_exact_words_and_clicking_one_marks_them(page, live_server):
    sent: list[dict] = []
    serve_canned(page, requests=sent)
    open_playground(page, live_server)
    write_email(page)

    expect(page.locator(".sw-finding")).to_have_count(4)
    for item in canned_review()["findings"]:
        row = finding_item(page, item["kind"])
        expect(row.locator(".sw-quote")).to_have_text(BODY[item["start"] : item["end"]])
        expect(row.locator(".sw-message")).to_have_text(item["message"])
        if "suggestion" in item:
            expect(row.locator(".sw-suggestion-text")).to_have_text(item["suggestion"])
    expect(finding_item(page, "discount.unprompted")).to_have_class(re.compile(r"\bsw-sev-critical\b"))
    expect(page.get_by_role("meter", name="Politeness")).to_have_attribute("aria-valuenow", "62")
    expect(page.locator('.sw-score[data-score="personalization"]')).to_contain_text("35")

    discount = canned_review()["findings"][1]
    button = finding_item(page, "discount.unprompted").locator(".sw-item-main")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    mark = page.locator(".sw-text mark")
    expect(mark).to_have_count(1)
    expect(mark).to_have_text("I can give you 20% off")
    selection = page.evaluate("() => { const b = document.getElementById('body'); return [b.selectionStart, b.selectionEnd]; }")
    assert selection == [discount["start"], discount["end"]]

    page.locator(".sw-commitment .sw-item-main").first.click()
    expect(mark).to_have_text("I'll send the contract next week")
    expect(button).to_have_attribute("aria-pressed", "false")

    request = sent[-1]
    assert request["body"] == BODY and request["subject"] == "Contract" and request["body_format"] == "text"
    assert request["to"] == [{"name": "Anna Lee", "email": "anna@acme.example"}]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", request["sent_at"])


def test_promises_show_due_dates_and_asks_are_listed(page, live_server):
    serve_canned(page)
    open_playground(page, live_server)
    write_email(page)
    promises = page.locator(".sw-commitment")
    expect(promises).to_have_count(2)
    expect(promises.nth(0).locator(".sw-quote")).to_have_text("I'll send the contract next week")
    expect(promises.nth(0).locator(".sw-due")).to_have_text("Due " + short_day(NEXT_FRIDAY))
    expect(promises.nth(1).locator(".sw-due")).to_have_class(re.compile(r"\bsw-due-missing\b"))
    expect(promises.nth(1).locator(".sw-due")).to_contain_text("no day named")
    expect(page.locator(".sw-ask .sw-quote")).to_have_text(["Can you sign it ASAP?"])
    expect(page.locator(".sw-stats")).to_contain_text("41 words")
    expect(page.locator(".sw-text .sw-dim")).to_have_text([BODY[REVIEWED_END:]])


def test_insert_replaces_the_chosen_words_and_copy_uses_the_clipboard(page, context, live_server):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    serve_canned(page)
    open_playground(page, live_server)
    write_email(page)

    pressure = finding_item(page, "politeness.pressure")
    pressure.get_by_role("button", name="Insert").click()  # replaces the finding's words
    expect(page.locator("#body")).to_have_value(BODY.replace("ASAP", "by Thursday"))
    expect(page.get_by_role("status")).to_have_text("Suggestion inserted")

    page.fill("#body", BODY)  # back to the canned text
    discount = finding_item(page, "discount.unprompted")
    discount.get_by_role("button", name="Copy suggestion").click()
    expect(page.get_by_role("status")).to_have_text("Suggestion copied")
    assert page.evaluate("navigator.clipboard.readText()") == "Happy to walk you through the pricing options on a call."


def test_dismissing_a_hint_hides_its_kind_until_shown_again(page, live_server):
    serve_canned(page)
    open_playground(page, live_server)
    write_email(page)
    expect(page.locator(".sw-finding")).to_have_count(4)
    finding_item(page, "politeness.pressure").get_by_role("button", name=re.compile("^Dismiss")).click()
    expect(page.locator(".sw-finding")).to_have_count(3)
    expect(finding_item(page, "politeness.pressure")).to_have_count(0)
    expect(page.locator(".sw-text .sw-hint")).to_have_count(3)
    page.fill("#body", BODY + " ")  # a new review keeps it dismissed
    expect(page.locator(".sw-text")).to_have_text(BODY + " ")
    expect(page.locator(".sw-finding")).to_have_count(3)
    page.get_by_role("button", name="Show them").click()
    expect(page.locator(".sw-finding")).to_have_count(4)


def test_an_api_problem_is_shown_in_the_alert_region(page, live_server):
    problem = {"type": "about:blank", "title": "Invalid request", "status": 400,
               "detail": "body must be a string, not a number."}
    page.route(REVIEW_ROUTE, lambda route: route.fulfill(status=400, content_type="application/problem+json", body=json.dumps(problem)))
    open_playground(page, live_server)
    write_email(page, "Hi Anna, just checking in.")
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("body must be a string, not a number.")
    expect(page.get_by_role("meter")).to_have_count(0)

    page.unroute(REVIEW_ROUTE)  # the real API answers again: the alert goes away
    page.fill("#body", "Hi Anna, just checking in about the pilot.")
    expect(page.get_by_role("meter", name="Politeness")).to_be_visible()
    expect(page.locator("#alert")).to_be_empty()
    expect(alert).to_have_count(0)  # an empty alert region is hidden


def test_markup_in_the_review_itself_is_shown_as_text(page, live_server):
    def hostile(text):
        data = canned_review(text)
        data["findings"][0]["message"] = '<img src="x" onerror="window.__pwned = 1">Careful'
        data["findings"][0]["suggestion"] = "<b>bold</b>"
        return data

    serve_canned(page, make=hostile)
    open_playground(page, live_server)
    write_email(page)
    row = finding_item(page, "politeness.pressure")
    expect(row.locator(".sw-message")).to_have_text('<img src="x" onerror="window.__pwned = 1">Careful')
    expect(row.locator(".sw-suggestion-text")).to_have_text("<b>bold</b>")
    assert page.locator("#review img, #review b").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_works_in_a_340px_pane(page, live_server):
    page.set_viewport_size({"width": 340, "height": 800})
    serve_canned(page)
    open_playground(page, live_server)
    write_email(page)
    expect(page.locator(".sw-finding")).to_have_count(4)
    assert page.evaluate("document.documentElement.scrollWidth") <= 340
    for selector in (".sw-scores", ".sw-findings", ".sw-text", "#body"):
        box = page.locator(selector).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 340, selector


# --- the UI module on its own (what the Outlook task pane imports) ------------------------------------------------


def test_render_review_groups_orders_and_dims(page, live_server):
    page.goto(live_server.url + "/")
    data = canned_review()
    data["findings"].append(finding(BODY, "Thanks for the call", "clarity", "clarity.opening", "info", "A fine opening."))
    data["commitments"].append({**span(BODY, "Best"), "due": "2027-01-05", "due_phrase": "in January"})
    result = page.evaluate(
        """async (review) => {
            const ui = await import('/static/sendwell-ui.js');
            const box = document.createElement('div');
            document.body.append(box);
            const calls = [];
            ui.renderReview(box, review, {
              today: new Date(2026, 10, 22),
              onSelectFinding: (item, type) => calls.push(['select', type, item.text]),
              onInsertSuggestion: (text, f) => calls.push(['insert', text, f.kind]),
              onDismiss: (f) => calls.push(['dismiss', f.kind]),
            });
            const texts = (root, sel) => [...root.querySelectorAll(sel)].map((n) => n.textContent);
            const groups = [...box.querySelectorAll('.sw-group')].map((g) => [g.dataset.category, texts(g, '.sw-group-label')[0], texts(g, '.sw-quote')]);
            const dues = texts(box, '.sw-commitment .sw-due');
            const missing = texts(box, '.sw-due-missing');
            const dim = texts(box, '.sw-text .sw-dim');
            const whole = box.querySelector('.sw-text').textContent;
            box.querySelector('.sw-finding[data-kind="discount.unprompted"] .sw-item-main').click();
            const mark = texts(box, '.sw-text mark');
            box.querySelector('.sw-finding[data-kind="politeness.pressure"] .sw-insert').click();
            box.querySelector('.sw-finding[data-kind="politeness.hedge"] .sw-dismiss').click();
            const after = texts(box, '.sw-finding .sw-quote');
            const focused = document.activeElement.closest('.sw-finding')?.dataset.kind;
            box.remove();
            return {groups, dues, missing, dim, whole, mark, calls, after, focused,
                    due: ui.formatDue('2026-11-27', {today: new Date(2026, 10, 22)}),
                    dueNextYear: ui.formatDue('2027-01-05', {today: new Date(2026, 10, 22)})};
        }""",
        data,
    )
    assert result["groups"] == [
        ["politeness", "Tone", ["if that helps", "ASAP"]],  # by position, not by JSON order
        ["commitment", "Promises", ["soon"]],
        ["discount", "Discounts", ["I can give you 20% off"]],
        ["clarity", "Clarity", ["Thanks for the call"]],  # unknown categories last, humanised
    ]
    assert result["whole"] == BODY
    assert result["dim"] == [BODY[REVIEWED_END:]]
    assert result["missing"] == ["no day named (“soon”)"]
    assert result["dues"] == ["Due " + short_day(NEXT_FRIDAY), "no day named (“soon”)", "Due Tue 5 Jan 2027"]
    assert result["due"] == "Fri 27 Nov" and result["dueNextYear"] == "Tue 5 Jan 2027"
    assert result["mark"] == ["I can give you 20% off"]
    assert result["calls"] == [
        ["select", "finding", "I can give you 20% off"],
        ["insert", "by Thursday", "politeness.pressure"],
        ["dismiss", "politeness.hedge"],
    ]
    assert "if that helps" not in result["after"] and len(result["after"]) == 4
    assert result["focused"] == "politeness.pressure"  # focus moves to the next hint, not to the page


def test_review_draft_throws_the_problem_detail(page, live_server):
    page.goto(live_server.url + "/")
    result = page.evaluate(
        """async () => {
            const ui = await import('/static/sendwell-ui.js');
            const attempt = async (request) => {
              try { await ui.reviewDraft('', request); return null; }
              catch (err) { return {name: err.name, message: err.message, status: err.status, errors: err.errors.length}; }
            };
            const ok = await ui.reviewDraft(location.origin + '/', {body: 'Hi Anna'});
            return {
              one: await attempt({body: 5}),
              two: await attempt({body: 5, subject: 3}),
              ok: Object.keys(ok).sort(),
              aborted: await ui.reviewDraft('', {body: 'x'}, {signal: AbortSignal.abort()}).catch((e) => e.name),
            };
        }"""
    )
    assert result["one"] == {"name": "ReviewError", "message": "body must be a string, not a number.", "status": 400, "errors": 1}
    assert result["two"]["status"] == 400 and result["two"]["errors"] == 2
    assert "body must be a string" in result["two"]["message"] and "subject must be a string" in result["two"]["message"]
    assert {"asks", "commitments", "findings", "reviewed", "scores", "stats", "text"} <= set(result["ok"])
    assert result["aborted"] == "AbortError"
