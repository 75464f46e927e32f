"""Gmail capture against a local fake of Google (token endpoint + Gmail API) and a real Store.

The fake (tests/capture/fake_gmail.py) is spoken to over real HTTP by google-auth and
google-api-python-client, so JWT grants, token refresh on 401, paging and error JSON go through the same
code as in production. Store tests run on SQLite and, when one answers, PostgreSQL.
"""
from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone
from email.header import Header
from email.mime.image import MIMEImage
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import format_datetime, make_msgid

import pytest
from sqlalchemy import MetaData, func, select

from addin.capture import capture_pass
from addin.capture.gmail import GmailApiError, GmailCaptureError, GmailSentItems, parse_message
from addin.capture.sources import source_from_config
from addin.store.models import Activity, CaptureCursor, Rep
from addin.store.recording import SentEmail, record
from tests.capture.fake_gmail import FakeGoogle

REP = "rep@example.com"
NOW = datetime.now(timezone.utc).replace(microsecond=0)


@pytest.fixture
def fake():
    with FakeGoogle() as google:
        google.mailbox(REP)
        yield google


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def source(fake, sleeps):
    """A source on the fake with small pages, so a handful of messages spans several of them."""
    return GmailSentItems(fake.service_account_info(), api_endpoint=fake.api_endpoint, page_size=3, sleep=sleeps.append)


def send_many(fake, n, start=0, **kwargs):
    return [
        fake.send(REP, to=f"Buyer {i} <buyer{i}@customer{i}.example>", subject=f"Quote {i}",
                  text=f"Hi Buyer {i},\n\nthe quote for order {i} is attached. Could you confirm by Friday?\n\nBest, Rep",
                  sent_at=NOW - timedelta(hours=n - i), **kwargs)
        for i in range(start, start + n)
    ]


def activities(store):
    with store.session() as session:
        return session.scalars(select(Activity).join(Rep).where(Rep.email == REP).order_by(Activity.id)).all()


def stored_cursor(store):
    with store.session() as session:
        return session.scalars(
            select(CaptureCursor.cursor).join(Rep, Rep.id == CaptureCursor.rep_id)
            .where(Rep.email == REP, CaptureCursor.source == "gmail")
        ).first()


def header_ids(fake, gmail_ids):
    return {fake.message_id_header(REP, i) for i in gmail_ids}


# --- passes against a real Store ----------------------------------------------------------------------


def test_first_pass_records_every_sent_message_over_pages_and_saves_the_history_id(fake, source, store):
    sent = send_many(fake, 7)
    fake.send(REP, subject="A reply to me", text="Incoming", labels=("INBOX", "UNREAD"))
    fake.send(REP, subject="Old", text="Sent long ago", sent_at=NOW - timedelta(days=40))  # outside lookback

    result = capture_pass(store, source, [REP])

    assert (result.seen, result.recorded, result.already_known, result.failed_reps) == (7, 7, 0, {})
    assert {a.message_id for a in activities(store)} == header_ids(fake, sent)
    assert stored_cursor(store) == str(fake.mailbox(REP).history_id)
    lists = fake.calls("messages.list")
    assert len(lists) == 3  # 7 messages, pages of 3
    assert all(q["labelIds"] == ["SENT"] and q["q"].startswith("after:") for _, _, q in lists)
    claims = fake.token_requests[0]  # domain-wide delegation: the service account acts as the rep
    assert claims["sub"] == REP and "https://www.googleapis.com/auth/gmail.readonly" in claims["scope"].split()
    one = activities(store)[0]
    assert one.source == "capture" and one.thread_id and one.recipients and one.word_count > 0


def test_a_second_pass_records_only_the_new_messages(fake, source, store):
    send_many(fake, 4)
    capture_pass(store, source, [REP])
    first_cursor = stored_cursor(store)
    lists_before = len(fake.calls("messages.list"))

    new = send_many(fake, 5, start=10)
    fake.send(REP, subject="Incoming", text="not mine", labels=("INBOX",))
    result = capture_pass(store, source, [REP])

    assert (result.seen, result.recorded, result.already_known) == (5, 5, 0)
    assert len(fake.calls("messages.list")) == lists_before  # history, not a re-list
    assert [q["startHistoryId"] for _, _, q in fake.calls("history.list")][:1] == [first_cursor]
    assert header_ids(fake, new) <= {a.message_id for a in activities(store)}
    assert len(activities(store)) == 9
    assert stored_cursor(store) == str(fake.mailbox(REP).history_id)

    idle = capture_pass(store, source, [REP])
    assert (idle.seen, idle.recorded) == (0, 0) and stored_cursor(store) == str(fake.mailbox(REP).history_id)


def test_an_expired_history_id_relists_everything_and_records_nothing_twice(fake, source, store):
    send_many(fake, 5)
    capture_pass(store, source, [REP])
    send_many(fake, 2, start=20)
    fake.forget_history(REP)  # Gmail no longer has history from the stored id: history.list answers 404

    result = capture_pass(store, source, [REP])

    assert ("history.list", 404) in fake.responses
    assert (result.recorded, result.already_known, result.failed_reps) == (2, 5, {})
    assert len(activities(store)) == 7
    assert stored_cursor(store) == str(fake.mailbox(REP).history_id)


def test_429_is_retried_with_growing_delays(fake, source, store, sleeps):
    send_many(fake, 4)
    fake.fail("messages.get", 429, times=2)

    result = capture_pass(store, source, [REP])

    assert (result.recorded, result.failed_reps) == (4, {})
    assert sleeps == [1.0, 2.0]


@pytest.mark.parametrize("reason", ["rateLimitExceeded", "userRateLimitExceeded"])
def test_403_rate_limit_is_retried_with_growing_delays(fake, source, store, sleeps, reason):
    send_many(fake, 2)
    capture_pass(store, source, [REP])
    send_many(fake, 3, start=10)
    fake.fail("history.list", 403, reason, times=3)

    result = capture_pass(store, source, [REP])

    assert (result.recorded, result.failed_reps) == (3, {})
    assert sleeps == [1.0, 2.0, 4.0]


def test_an_expired_access_token_is_refreshed_and_the_pass_goes_on(fake, source, store):
    send_many(fake, 7)

    # after each recorded page, Google stops accepting the token: the next call answers 401
    result = capture_pass(store, source, [REP], progress=lambda mailbox, n: fake.expire_tokens())

    assert (result.recorded, result.failed_reps) == (7, {})
    assert sum(1 for _, status in fake.responses if status == 401) == 2  # before pages 2 and 3
    assert len(fake.token_requests) == 3  # the first token and one refresh per 401


def test_the_review_header_joins_the_activity_the_add_in_recorded(fake, source, store):
    with store.session() as session:
        record(session, SentEmail(rep_email=REP, source="gmail", sent_at=NOW - timedelta(minutes=5),
                                  to=("anna@customer.example",), review_id="rev-0042", word_count=12))
    gmail_id = fake.send(REP, subject="Proposal", text="Hi Anna, here is the proposal.",
                         sent_at=NOW - timedelta(minutes=5), headers={"X-Sendwell-Review": "rev-0042"})

    result = capture_pass(store, source, [REP])

    assert (result.recorded, result.already_known) == (0, 1)
    [activity] = activities(store)
    assert activity.review_id == "rev-0042"
    assert activity.message_id == fake.message_id_header(REP, gmail_id)
    assert activity.thread_id == gmail_id and activity.source == "gmail"


def test_a_pass_stopped_half_way_resumes_and_records_everything_exactly_once(fake, source, store, sleeps):
    sent = send_many(fake, 8)  # listed newest first: pages [7 6 5] [4 3 2] [1 0]
    fake.fail("messages.get", 500, times=None, message_id=sent[3])

    broken = capture_pass(store, source, [REP])

    assert broken.recorded == 3
    assert REP in broken.failed_reps[REP] and "backendError" in broken.failed_reps[REP]
    assert "after 5 retries" in broken.failed_reps[REP] and len(sleeps) == 5
    assert stored_cursor(store) is None  # the last page never came: the next pass starts again

    fake.clear_faults()
    resumed = capture_pass(store, source, [REP])

    assert (resumed.recorded, resumed.already_known, resumed.failed_reps) == (5, 3, {})
    assert sorted(a.message_id for a in activities(store)) == sorted(header_ids(fake, sent))
    assert stored_cursor(store) == str(fake.mailbox(REP).history_id)


def test_a_broken_incremental_pass_keeps_the_old_cursor(fake, source, store):
    send_many(fake, 2)
    capture_pass(store, source, [REP])
    old = stored_cursor(store)
    new = send_many(fake, 4, start=10)
    fake.fail("messages.get", 403, "insufficientPermissions", times=None, message_id=new[-1])

    broken = capture_pass(store, source, [REP])
    assert "insufficientPermissions" in broken.failed_reps[REP] and stored_cursor(store) == old

    fake.clear_faults()
    resumed = capture_pass(store, source, [REP])
    assert resumed.failed_reps == {} and len(activities(store)) == 6


def test_two_passes_at_once_record_each_message_once(fake, store):
    sent = send_many(fake, 9)
    results = []

    def run():
        mine = GmailSentItems(fake.service_account_info(), api_endpoint=fake.api_endpoint, page_size=2, sleep=lambda s: None)
        results.append(capture_pass(store, mine, [REP]))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)

    assert [r.failed_reps for r in results] == [{}, {}]
    assert sum(r.recorded for r in results) == 9
    assert sorted(a.message_id for a in activities(store)) == sorted(header_ids(fake, sent))
    assert stored_cursor(store) == str(fake.mailbox(REP).history_id)


def test_html_only_and_nested_multipart_messages_are_reviewed(fake, source, store):
    fake.add_message(REP, nested_mime("Plain words win.", "<p>HTML words lose.</p>"))
    fake.send(REP, subject="HTML only", html="<p>Hi Anna,</p><p>we can <b>ship on Monday</b>.</p>")

    result = capture_pass(store, source, [REP])

    assert (result.recorded, result.failed_reps) == (2, {})
    assert all(a.word_count > 0 for a in activities(store))


def test_no_captured_text_reaches_any_table(fake, source, store):
    sentinel = "Ultramarine-Pelican-Quorum"
    fake.send(REP, subject=f"About {sentinel}", text=f"Hi Anna,\n\n{sentinel} is our codename for the launch.\n\nBest")
    fake.send(REP, subject="HTML", html=f"<p>Hi Bo, note the {sentinel} plan.</p>")
    seen = [m for page in source.pages(REP, None) for m in page.messages]
    assert all(sentinel in m.body for m in seen)  # the review did get the text

    capture_pass(store, source, [REP])

    metadata = MetaData()
    metadata.reflect(bind=store.engine)
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(metadata.tables["activities"])).scalar() == 2
        for table in metadata.sorted_tables:
            for row in conn.execute(select(table)):
                assert sentinel.lower() not in repr(tuple(row)).lower(), f"{sentinel} leaked into {table.name}"


def test_the_capture_command_end_to_end(fake, store, database_url, tmp_path):
    send_many(fake, 4)
    key = tmp_path / "service-account.json"
    key.write_text(json.dumps(fake.service_account_info()))
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDWELL_")}
    env.update(
        SENDWELL_INSTANCE_PATH=str(tmp_path / "instance"),
        SENDWELL_DATABASE_URL=database_url,
        SENDWELL_GMAIL_SERVICE_ACCOUNT_FILE=str(key),
        SENDWELL_GMAIL_API_ENDPOINT=fake.url,
        SENDWELL_GMAIL_LOOKBACK_DAYS="7",
    )

    def sendwell(*args):
        return subprocess.run([sys.executable, "-m", "addin", *args], env=env, capture_output=True, text=True, timeout=120)

    first = sendwell("capture", "--source", "gmail", "--rep", REP)
    assert first.returncode == 0, first.stderr
    assert "4 sent emails seen: 4 recorded, 0 already known" in first.stdout
    send_many(fake, 1, start=10)
    second = sendwell("capture", "--source", "gmail", "--rep", REP.upper())
    assert "1 sent emails seen: 1 recorded, 0 already known" in second.stdout
    assert len(activities(store)) == 5

    fake.mailbox("other@example.com")
    fake.fail("messages.list", 403, "insufficientPermissions", times=None)
    failed = sendwell("capture", "--source", "gmail", "--rep", "other@example.com")
    assert failed.returncode == 1
    assert "other@example.com: not captured" in failed.stderr and "insufficientPermissions" in failed.stderr

    del env["SENDWELL_GMAIL_SERVICE_ACCOUNT_FILE"]
    unset = sendwell("capture", "--source", "gmail", "--rep", REP)
    assert unset.returncode != 0 and "SENDWELL_GMAIL_SERVICE_ACCOUNT_FILE" in unset.stderr


# --- the source alone -----------------------------------------------------------------------------------


def test_errors_are_bounded_and_name_the_mailbox_and_reason_but_no_secret(fake, source, sleeps):
    send_many(fake, 1)
    fake.fail("messages.list", 503, times=None)
    with pytest.raises(GmailApiError) as caught:
        list(source.pages(REP, None))
    text = str(caught.value)
    assert REP in text and "503 backendError" in text and "users.messages.list" in text
    assert sleeps == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert not any(token in text for token in fake.tokens) and "PRIVATE KEY" not in text

    fake.clear_faults()
    sleeps.clear()
    fake.fail("profile", 403, "insufficientPermissions")
    with pytest.raises(GmailApiError, match="insufficientPermissions"):
        list(source.pages(REP, None))
    assert sleeps == []  # not a rate limit: no retry


def test_a_mailbox_outside_the_delegation_fails_clearly(fake, source):
    with pytest.raises(GmailCaptureError) as caught:
        list(source.pages("stranger@example.com", None))
    text = str(caught.value)
    assert "stranger@example.com" in text and "invalid_grant" in text and "PRIVATE KEY" not in text


def test_retry_after_is_honoured_and_back_off_is_capped(fake, sleeps):
    send_many(fake, 1)
    source = GmailSentItems(fake.service_account_info(), api_endpoint=fake.api_endpoint, sleep=sleeps.append,
                            max_backoff=3.0)
    fake.fail("profile", 429, times=4, retry_after=2)
    [page] = list(source.pages(REP, None))
    assert len(page.messages) == 1 and sleeps == [2.0, 2.0, 3.0, 3.0]


def test_nested_multipart_prefers_text_plain_and_skips_attachments(fake, source):
    fake.add_message(REP, nested_mime("Plain words win.", "<p>HTML words lose.</p>"))
    [message] = [m for page in source.pages(REP, None) for m in page.messages]
    assert (message.body.strip(), message.body_format) == ("Plain words win.", "text")
    assert [p.email for p in message.to] == ["anna@customer.example", "bo@customer.example"]
    assert [p.email for p in message.cc] == ["carl@partner.example"]
    assert message.sender.name == "Renée Rep" and message.subject == "Grüße zum Angebot"


def test_parse_message_decodes_charsets_and_falls_back_to_internal_date():
    latin = "Grüße, José".encode("iso-8859-1")
    raw = {
        "id": "abc", "threadId": "t1", "internalDate": "1700000000000", "labelIds": ["SENT"],
        "payload": {
            "mimeType": "multipart/alternative", "headers": [
                {"name": "To", "value": '"Doe, Jane" <jane@x.example>, bob@y.example'},
                {"name": "Date", "value": "not a date"},
                {"name": "X-Sendwell-Review", "value": " rev-7 "},
            ],
            "parts": [
                {"mimeType": "text/html", "headers": [], "body": {"data": "PHA-aGk8L3A-"}},
                {"mimeType": "text/plain", "headers": [{"name": "Content-Type", "value": "text/plain; charset=ISO-8859-1"}],
                 "body": {"data": base64.urlsafe_b64encode(latin).decode().rstrip("=")}},
            ],
        },
    }
    message = parse_message(raw)
    assert message.body == "Grüße, José" and message.body_format == "text"
    assert message.sent_at == datetime(2023, 11, 14, 22, 13, 20, tzinfo=timezone.utc)
    assert message.message_id == "gmail:abc"  # no Message-ID header: Gmail's stable id
    assert [(p.email, p.name) for p in message.to] == [("jane@x.example", "Doe, Jane"), ("bob@y.example", None)]
    assert message.review_id == "rev-7" and message.thread_id == "t1"

    raw["payload"]["parts"].pop()
    html = parse_message(raw)
    assert (html.body, html.body_format) == ("<p>hi</p>", "html")


# --- configuration --------------------------------------------------------------------------------------


def test_from_config_names_the_missing_or_wrong_setting(fake, tmp_path):
    with pytest.raises(ValueError, match="SENDWELL_GMAIL_SERVICE_ACCOUNT_FILE"):
        GmailSentItems.from_config({})
    with pytest.raises(ValueError, match="SENDWELL_GMAIL_SERVICE_ACCOUNT_FILE"):
        GmailSentItems.from_config({"GMAIL_SERVICE_ACCOUNT_FILE": str(tmp_path / "missing.json")})
    key = tmp_path / "key.json"
    key.write_text(json.dumps({"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----"}))
    with pytest.raises(ValueError, match="SENDWELL_GMAIL_SERVICE_ACCOUNT_FILE") as caught:
        GmailSentItems.from_config({"GMAIL_SERVICE_ACCOUNT_FILE": str(key)})
    assert "BEGIN PRIVATE KEY" not in str(caught.value)

    key.write_text(json.dumps(fake.service_account_info()))
    with pytest.raises(ValueError, match="SENDWELL_GMAIL_LOOKBACK_DAYS"):
        GmailSentItems.from_config({"GMAIL_SERVICE_ACCOUNT_FILE": str(key), "GMAIL_LOOKBACK_DAYS": "soon"})
    source = source_from_config("gmail", {"GMAIL_SERVICE_ACCOUNT_FILE": str(key), "GMAIL_API_ENDPOINT": fake.url,
                                          "GMAIL_LOOKBACK_DAYS": 7})
    assert isinstance(source, GmailSentItems) and source.name == "gmail"
    assert (source.api_endpoint, source.lookback_days) == (fake.url + "/", 7)
    assert "PRIVATE KEY" not in repr(source)


def nested_mime(text: str, html: str) -> MIMEMultipart:
    """multipart/mixed[ multipart/related[ multipart/alternative[plain, html], image ], notes.txt ]."""
    alternative = MIMEMultipart("alternative", _subparts=[MIMEText(text, "plain", "utf-8"), MIMEText(html, "html", "utf-8")])
    related = MIMEMultipart("related", _subparts=[alternative, MIMEImage(b"\x89PNG fake", "png")])
    notes = MIMEText("attachment words, never the body", "plain", "utf-8")
    notes.add_header("Content-Disposition", "attachment", filename="notes.txt")
    mime = MIMEMultipart("mixed", _subparts=[related, notes])
    mime["From"] = f"=?utf-8?q?Ren=C3=A9e_Rep?= <{REP}>"
    mime["To"] = "Anna <anna@customer.example>, bo@customer.example"
    mime["Cc"] = "carl@partner.example"
    mime["Subject"] = Header("Grüße zum Angebot", "utf-8")
    mime["Date"] = format_datetime(NOW)
    mime["Message-ID"] = make_msgid(domain="example.com")
    return mime
