"""Microsoft 365 capture against a local fake of the identity platform and Graph, and a real Store.

The fake (tests/capture/fake_graph.py) speaks HTTPS with a certificate authority made for the test, and is
reached through the real msal and requests stacks, so discovery, the client-credentials grant, token
caching and refresh, paging and Graph's error JSON go through production code. Store tests run on SQLite
and, when one answers, PostgreSQL.
"""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
from datetime import datetime, timedelta, timezone

import pytest
import requests
from sqlalchemy import MetaData, func, select

from addin.capture import capture_pass
from addin.capture.graph import (
    GraphApiError, GraphAuthError, GraphCaptureError, GraphSentItems, messages_from_page, parse_message,
)
from addin.capture.sources import source_from_config
from addin.store.models import Activity, CaptureCursor, Rep
from addin.store.recording import SentEmail, record
from tests.capture.fake_graph import FakeMicrosoft, client_certificate

REP = "rep@example.com"
SECRET = "Sw~8Q~not-a-real-secret-but-a-long-one"
NOW = datetime.now(timezone.utc).replace(microsecond=0)


@pytest.fixture
def fake():
    with FakeMicrosoft() as microsoft:
        microsoft.app = microsoft.register_app(secret=SECRET)
        microsoft.mailbox(REP)
        yield microsoft


@pytest.fixture
def sleeps():
    return []


def trusting_session(fake) -> requests.Session:
    """Trusts the fake's CA. trust_env=False: a REQUESTS_CA_BUNDLE in the environment would win over verify."""
    session = requests.Session()
    session.trust_env = False
    session.verify = fake.ca_path
    return session


def make_source(fake, sleeps=None, **kwargs) -> GraphSentItems:
    options = dict(client_secret=SECRET, authority_host=fake.authority_host, graph_url=fake.graph_url, page_size=3,
                   session=trusting_session(fake), sleep=sleeps.append if sleeps is not None else (lambda s: None))
    options.update(kwargs)
    return GraphSentItems(fake.tenant_id, fake.app.client_id, **options)


@pytest.fixture
def source(fake, sleeps):
    """Pages of three, so a handful of messages spans several of them."""
    return make_source(fake, sleeps)


def send_many(fake, n, start=0, mailbox=REP, **kwargs):
    return [
        fake.send(mailbox, to=f"Buyer {i} <buyer{i}@customer{i}.example>", subject=f"Quote {i}",
                  html=f"<p>Hi Buyer {i},</p><p>the quote for order {i} is attached. Could you confirm by Friday?</p><p>Best, Rep</p>",
                  sent_at=NOW - timedelta(hours=n - i), **kwargs)
        for i in range(start, start + n)
    ]


def activities(store, mailbox=REP):
    with store.session() as session:
        return session.scalars(select(Activity).join(Rep).where(Rep.email == mailbox).order_by(Activity.id)).all()


def stored_cursor(store, mailbox=REP):
    with store.session() as session:
        return session.scalars(
            select(CaptureCursor.cursor).join(Rep, Rep.id == CaptureCursor.rep_id)
            .where(Rep.email == mailbox, CaptureCursor.source == "graph")
        ).first()


def ids(messages):
    return sorted(m.internet_message_id for m in messages)


# --- passes against the store -----------------------------------------------------------------------------


def test_a_first_pass_records_every_sent_message_across_pages_and_saves_the_delta_link(fake, source, store):
    sent = send_many(fake, 8)

    result = capture_pass(store, source, [REP])

    assert (result.seen, result.recorded, result.already_known, result.failed_reps) == (8, 8, 0, {})
    stored = activities(store)
    assert sorted(a.message_id for a in stored) == ids(sent)
    first = next(a for a in stored if a.message_id == sent[0].internet_message_id)
    assert first.thread_id == sent[0].conversation_id and first.source == "capture"
    assert first.sent_at == sent[0].sent_at and first.sent_at.tzinfo is not None
    assert first.recipients == ["buyer0@customer0.example"] and first.word_count > 0
    assert "$deltatoken=" in stored_cursor(store) and stored_cursor(store).startswith(fake.graph_url + "/")
    assert len(fake.requests) == 3  # pages of 3, 3 and 2
    assert all(headers["Prefer"] == "odata.maxpagesize=3" for _, _, headers in fake.requests)
    first_request = fake.requests[0][0]
    assert "changeType=created" in first_request and "$select=internetMessageId,conversationId,sentDateTime" in first_request
    assert len(fake.token_requests) == 1  # msal's cache serves the token for every page


def test_a_second_pass_records_only_what_was_sent_since(fake, source, store):
    send_many(fake, 4)
    capture_pass(store, source, [REP])
    first_cursor, before = stored_cursor(store), len(fake.requests)
    new = send_many(fake, 2, start=10)

    second = capture_pass(store, source, [REP])

    assert (second.seen, second.recorded, second.already_known) == (2, 2, 0)
    assert len(activities(store)) == 6 and stored_cursor(store) != first_cursor
    assert {a.message_id for a in activities(store)} >= set(ids(new))
    assert "$deltatoken=" in fake.requests[before][0]  # the second pass began from the saved deltaLink

    third = capture_pass(store, source, [REP])
    assert (third.seen, third.recorded) == (0, 0)


def test_the_review_header_joins_the_activity_the_add_in_recorded(fake, source, store):
    with store.session() as session:
        record(session, SentEmail(rep_email=REP, source="outlook", sent_at=NOW - timedelta(minutes=5),
                                  to=("anna@customer.example",), review_id="rev-0042", word_count=12))
    message = fake.send(REP, subject="Proposal", html="<p>Hi Anna, here is the proposal.</p>",
                        sent_at=NOW - timedelta(minutes=5), headers={"X-Sendwell-Review": "rev-0042"})

    result = capture_pass(store, source, [REP])

    assert (result.recorded, result.already_known) == (0, 1)
    [activity] = activities(store)
    assert activity.review_id == "rev-0042" and activity.source == "outlook"
    assert activity.message_id == message.internet_message_id
    assert activity.thread_id == message.conversation_id


@pytest.mark.parametrize("status, retry_after, expected", [(429, 7, 7.0), (503, "3", 3.0), (503, None, 1.0)])
def test_throttling_is_retried_honouring_retry_after(fake, source, store, sleeps, status, retry_after, expected):
    send_many(fake, 7)
    fake.fail(status, retry_after=retry_after, after=1)  # the request for page 2

    result = capture_pass(store, source, [REP])

    assert (result.recorded, result.failed_reps) == (7, {})
    assert sleeps == [expected]  # Retry-After when given, else the first back-off step
    assert fake.statuses().count(status) == 1


def test_a_token_that_expires_mid_pass_is_replaced_and_the_pass_goes_on(fake, source, store):
    send_many(fake, 7)
    fake.expire_tokens(after_pages=1)  # msal still holds it as valid for an hour

    result = capture_pass(store, source, [REP])

    assert (result.recorded, result.failed_reps) == (7, {})
    assert fake.statuses() == [200, 401, 200, 200]
    assert len(fake.token_requests) == 2  # the first token and one fresh one


def test_a_token_refused_again_after_a_refresh_stops_the_mailbox(fake, source, sleeps):
    send_many(fake, 2)
    fake.refuse_tokens = True

    with pytest.raises(GraphApiError) as caught:
        list(source.pages(REP, None))

    assert caught.value.status == 401 and caught.value.code == "InvalidAuthenticationToken"
    assert REP in str(caught.value) and len(fake.token_requests) == 2 and sleeps == []
    assert not any(token in str(caught.value) for token in fake.issued)


@pytest.mark.parametrize("status, code", [(410, "resyncRequired"), (400, "syncStateNotFound")])
def test_an_expired_delta_token_restarts_the_pass_and_records_nothing_twice(fake, source, store, status, code):
    old = send_many(fake, 5)
    capture_pass(store, source, [REP])
    new = send_many(fake, 2, start=10)
    fake.expire_delta_state(status, code)

    result = capture_pass(store, source, [REP])

    assert (result.seen, result.recorded, result.already_known, result.failed_reps) == (7, 2, 5, {})
    assert sorted(a.message_id for a in activities(store)) == ids(old + new)
    assert fake.statuses().count(status) == 1
    later = capture_pass(store, source, [REP])  # the fresh deltaLink works
    assert (later.seen, later.failed_reps) == (0, {})


def test_a_pass_stopped_by_errors_on_page_three_resumes_there_and_records_everything_once(fake, source, store, sleeps):
    sent = send_many(fake, 8)
    fake.fail(500, times=None, after=2)

    broken = capture_pass(store, source, [REP])

    assert broken.recorded == 6
    assert REP in broken.failed_reps[REP] and "HTTP 500 InternalServerError" in broken.failed_reps[REP]
    assert "after 5 retries" in broken.failed_reps[REP] and sleeps == [1.0, 2.0, 4.0, 8.0, 16.0]
    assert "$skiptoken=" in stored_cursor(store)  # page 2's nextLink, saved with page 2

    fake.clear_faults()
    resumed = capture_pass(store, source, [REP])

    assert (resumed.seen, resumed.recorded, resumed.already_known, resumed.failed_reps) == (2, 2, 0, {})
    assert sorted(a.message_id for a in activities(store)) == ids(sent)
    assert "$deltatoken=" in stored_cursor(store)


def test_a_pass_stopped_from_progress_resumes_after_the_last_recorded_page(fake, source, store):
    sent = send_many(fake, 8)

    def stop(mailbox, n):
        raise KeyboardInterruptLike("stopped by the operator")

    stopped = capture_pass(store, source, [REP], progress=stop)
    assert stopped.recorded == 3 and "stopped by the operator" in stopped.failed_reps[REP]

    resumed = capture_pass(store, source, [REP])

    assert (resumed.recorded, resumed.already_known, resumed.failed_reps) == (5, 0, {})
    assert sorted(a.message_id for a in activities(store)) == ids(sent)


class KeyboardInterruptLike(Exception):
    pass


@pytest.mark.parametrize("shared", [True, False], ids=["one source", "a source each"])
def test_two_passes_at_once_record_each_message_once(fake, store, shared):
    sent = send_many(fake, 9)
    one = make_source(fake, page_size=2)
    results = []

    def run():
        results.append(capture_pass(store, one if shared else make_source(fake, page_size=2), [REP]))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)

    assert [r.failed_reps for r in results] == [{}, {}]
    assert sum(r.recorded for r in results) == 9 and sum(r.already_known for r in results) == 9
    assert sorted(a.message_id for a in activities(store)) == ids(sent)
    assert "$deltatoken=" in stored_cursor(store)


def test_other_client_errors_name_the_mailbox_and_graph_code_and_the_other_reps_go_on(fake, source, store, sleeps):
    send_many(fake, 2)
    fake.mailbox("other@example.com")
    fake.deny("other@example.com")

    result = capture_pass(store, source, ["other@example.com", REP, "nobody@example.com"])

    assert result.recorded == 2 and set(result.failed_reps) == {"other@example.com", "nobody@example.com"}
    denied, unknown = result.failed_reps["other@example.com"], result.failed_reps["nobody@example.com"]
    assert "other@example.com" in denied and "HTTP 403 ErrorAccessDenied: Access is denied" in denied
    assert "nobody@example.com" in unknown and "HTTP 404 ErrorInvalidUser" in unknown
    assert sleeps == []  # a 4xx is not retried
    assert not any(token in denied + unknown for token in fake.issued)


def test_captured_text_is_reviewed_but_stored_nowhere(fake, source, store):
    sentinel = "Zyxquartz Pelicanbridge"
    fake.send(REP, subject=f"About {sentinel}", text=f"Hi Bo,\n\nthe {sentinel} offer ends Friday. I will call you on Monday.\n")
    fake.send(REP, subject="HTML", html=f"<p>Hi Bo, note the <b>{sentinel}</b> plan.</p>",
              headers={"x-sendwell-review": "rev-77"})
    seen = [m for page in source.pages(REP, None) for m in page.messages]
    assert all(sentinel in m.body for m in seen)  # the review did get the text

    capture_pass(store, source, [REP])

    metadata = MetaData()
    metadata.reflect(bind=store.engine)
    with store.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(metadata.tables["activities"])).scalar() == 2
        for table in metadata.sorted_tables:
            for row in conn.execute(select(table)):
                for word in sentinel.lower().split():
                    assert word not in repr(tuple(row)).lower(), f"{sentinel} leaked into {table.name}"


def test_secrets_and_tokens_stay_out_of_logs_and_errors(fake, store, caplog, tmp_path):
    caplog.set_level(logging.DEBUG)
    send_many(fake, 4)
    fake.deny("other@example.com")
    source = make_source(fake)
    fake.expire_tokens(after_pages=1)

    result = capture_pass(store, source, [REP, "other@example.com"])
    assert result.recorded == 4 and "other@example.com" in result.failed_reps

    wrong = make_source(fake, client_secret=SECRET + "-old")
    with pytest.raises(GraphAuthError) as caught:
        list(wrong.pages(REP, None))
    assert "invalid_client" in str(caught.value) and "AADSTS7000215" in str(caught.value)

    key_pem, cert_pem, thumbprint = client_certificate()
    pem = tmp_path / "capture.pem"
    pem.write_bytes(key_pem + cert_pem)
    unregistered = make_source(fake, client_secret=None, certificate_path=pem, certificate_thumbprint=thumbprint)
    with pytest.raises(GraphAuthError) as refused:
        list(unregistered.pages(REP, None))
    assert "AADSTS700027" in str(refused.value)

    texts = [caplog.text, str(caught.value), str(refused.value), repr(source), repr(unregistered),
             *result.failed_reps.values()]
    key_body = key_pem.decode().splitlines()[1]
    assert len(fake.issued) >= 2
    for text in texts:
        assert SECRET not in text and key_body not in text
        assert not any(token in text for token in fake.issued)
        assert not any(token.split(".", 1)[1] in text for token in fake.issued)


def test_the_capture_command_end_to_end(fake, store, database_url, tmp_path):
    send_many(fake, 4)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENDWELL_")}
    env.update(
        SENDWELL_INSTANCE_PATH=str(tmp_path / "instance"),
        SENDWELL_DATABASE_URL=database_url,
        SENDWELL_GRAPH_TENANT_ID=fake.tenant_id,
        SENDWELL_GRAPH_CLIENT_ID=fake.app.client_id,
        SENDWELL_GRAPH_CLIENT_SECRET=SECRET,
        SENDWELL_GRAPH_AUTHORITY_HOST=fake.authority_host,
        SENDWELL_GRAPH_URL=fake.graph_url,
        SENDWELL_GRAPH_PAGE_SIZE="2",
        REQUESTS_CA_BUNDLE=fake.ca_path,  # how an operator trusts a private CA (a TLS-inspecting proxy)
    )

    def sendwell(*args):
        return subprocess.run([sys.executable, "-m", "addin", *args], env=env, capture_output=True, text=True, timeout=120)

    first = sendwell("capture", "--source", "graph", "--rep", REP)
    assert first.returncode == 0, first.stderr
    assert "4 sent emails seen: 4 recorded, 0 already known" in first.stdout
    send_many(fake, 1, start=10)
    second = sendwell("capture", "--source", "graph", "--rep", REP.upper())
    assert "1 sent emails seen: 1 recorded, 0 already known" in second.stdout, second.stderr
    assert len(activities(store)) == 5 and "$deltatoken=" in stored_cursor(store)

    failed = sendwell("capture", "--source", "graph", "--rep", "nobody@example.com")
    assert failed.returncode == 1
    assert "nobody@example.com: not captured" in failed.stderr and "ErrorInvalidUser" in failed.stderr
    assert SECRET not in failed.stdout + failed.stderr + first.stdout + first.stderr

    del env["SENDWELL_GRAPH_CLIENT_ID"]
    unset = sendwell("capture", "--source", "graph", "--rep", REP)
    assert unset.returncode != 0 and "SENDWELL_GRAPH_CLIENT_ID" in unset.stderr


# --- the source alone -------------------------------------------------------------------------------------


def test_a_certificate_credential_gets_a_token(fake, tmp_path):
    key_pem, cert_pem, thumbprint = client_certificate()
    app = fake.register_app(certificate=cert_pem)
    pem = tmp_path / "capture.pem"
    pem.write_bytes(cert_pem + key_pem)  # either order works
    sent = send_many(fake, 2)
    colons = ":".join(thumbprint[i:i + 2] for i in range(0, 40, 2)).lower()  # as some tools print it
    source = GraphSentItems(fake.tenant_id, app.client_id, certificate_path=str(pem), certificate_thumbprint=colons,
                            authority_host=fake.authority_host, graph_url=fake.graph_url, session=trusting_session(fake))

    seen = [m for page in source.pages(REP, None) for m in page.messages]

    assert sorted(m.message_id for m in seen) == ids(sent)
    assert fake.token_requests[0]["client_assertion_type"].endswith("jwt-bearer")


def test_plain_text_bodies_can_be_asked_for(fake):
    fake.send(REP, html="<p>Hi Anna,</p><p>see you <b>Monday</b>.</p>")
    source = make_source(fake, body_type="text")

    [message] = [m for page in source.pages(REP, None) for m in page.messages]

    assert message.body_format == "text" and "<" not in message.body and "Monday" in message.body
    assert fake.requests[0][2]["Prefer"] == 'odata.maxpagesize=3, outlook.body-content-type="text"'


def test_a_cursor_that_is_not_a_link_to_graph_starts_a_full_pass(fake, source):
    sent = send_many(fake, 2)
    elsewhere = "https://attacker.example/v1.0/users/rep@example.com/mailFolders('sentitems')/messages/delta?$deltatoken=x"

    pages = list(source.pages(REP, elsewhere))

    assert sorted(m.message_id for p in pages for m in p.messages) == ids(sent)
    assert "changeType=created" in fake.requests[0][0]


def test_a_wrong_tenant_is_reported_by_setting(fake):
    source = GraphSentItems("fabrikam.onmicrosoft.com", fake.app.client_id, client_secret=SECRET,
                            authority_host=fake.authority_host, graph_url=fake.graph_url, session=trusting_session(fake))
    with pytest.raises(GraphAuthError, match="SENDWELL_GRAPH_TENANT_ID") as caught:
        list(source.pages(REP, None))
    assert SECRET not in str(caught.value)


def test_unreachable_graph_is_retried_then_reported(fake, sleeps):
    source = make_source(fake, sleeps, graph_url="https://127.0.0.1:9/v1.0", max_retries=2)
    with pytest.raises(GraphCaptureError, match=r"rep@example.com: cannot reach Microsoft Graph .* after 2 retries"):
        list(source.pages(REP, None))
    assert sleeps == [1.0, 2.0]


# --- configuration ----------------------------------------------------------------------------------------

BASE = {"GRAPH_TENANT_ID": "contoso.onmicrosoft.com", "GRAPH_CLIENT_ID": "11111111-2222-3333-4444-555555555555",
        "GRAPH_CLIENT_SECRET": SECRET}


def test_from_config_reads_the_settings_with_defaults():
    source = source_from_config("graph", dict(BASE))
    assert isinstance(source, GraphSentItems) and source.name == "graph"
    assert source.authority == "https://login.microsoftonline.com/contoso.onmicrosoft.com"
    assert source.graph_url == "https://graph.microsoft.com/v1.0" and source.page_size == 50
    assert SECRET not in repr(source)
    custom = GraphSentItems.from_config({**BASE, "GRAPH_AUTHORITY_HOST": "https://login.microsoftonline.us/",
                                         "GRAPH_URL": "https://graph.microsoft.us/v1.0", "GRAPH_PAGE_SIZE": 25})
    assert custom.authority.startswith("https://login.microsoftonline.us/") and custom.page_size == 25


@pytest.mark.parametrize("change, setting", [
    ({"GRAPH_TENANT_ID": None}, "SENDWELL_GRAPH_TENANT_ID"),
    ({"GRAPH_CLIENT_ID": ""}, "SENDWELL_GRAPH_CLIENT_ID"),
    ({"GRAPH_CLIENT_SECRET": None}, "SENDWELL_GRAPH_CLIENT_SECRET"),
    ({"GRAPH_CLIENT_SECRET": None, "GRAPH_CERTIFICATE_PATH": "/etc/sendwell/graph.pem"}, "SENDWELL_GRAPH_CERTIFICATE_THUMBPRINT"),
    ({"GRAPH_CLIENT_SECRET": None, "GRAPH_CERTIFICATE_PATH": "/nonexistent/graph.pem",
      "GRAPH_CERTIFICATE_THUMBPRINT": "A" * 40}, "SENDWELL_GRAPH_CERTIFICATE_PATH"),
    ({"GRAPH_CLIENT_SECRET": None, "GRAPH_CERTIFICATE_PATH": "/nonexistent/graph.pem",
      "GRAPH_CERTIFICATE_THUMBPRINT": "not-hex"}, "SENDWELL_GRAPH_CERTIFICATE_THUMBPRINT"),
    ({"GRAPH_CERTIFICATE_PATH": "/etc/sendwell/graph.pem"}, "SENDWELL_GRAPH_CLIENT_SECRET or SENDWELL_GRAPH_CERTIFICATE_PATH"),
    ({"GRAPH_URL": "http://graph.example/v1.0"}, "SENDWELL_GRAPH_URL"),
    ({"GRAPH_AUTHORITY_HOST": "login.microsoftonline.com"}, "SENDWELL_GRAPH_AUTHORITY_HOST"),
    ({"GRAPH_PAGE_SIZE": "0"}, "SENDWELL_GRAPH_PAGE_SIZE"),
])
def test_from_config_names_the_missing_or_wrong_setting(change, setting):
    with pytest.raises(ValueError, match=setting) as caught:
        GraphSentItems.from_config({**BASE, **change})
    assert SECRET not in str(caught.value)


def test_a_certificate_file_without_a_usable_key_is_reported_without_its_content(tmp_path):
    _, cert_pem, thumbprint = client_certificate()
    pem = tmp_path / "cert-only.pem"
    pem.write_bytes(cert_pem)
    config = {**BASE, "GRAPH_CLIENT_SECRET": None, "GRAPH_CERTIFICATE_PATH": str(pem), "GRAPH_CERTIFICATE_THUMBPRINT": thumbprint}
    with pytest.raises(ValueError, match="SENDWELL_GRAPH_CERTIFICATE_PATH: .* holds no PEM private key") as caught:
        GraphSentItems.from_config(config)
    assert "BEGIN" not in str(caught.value)


# --- one page, as Graph documents it ------------------------------------------------------------------------


def graph_message(**overrides) -> dict:
    message = {
        "@odata.type": "#microsoft.graph.message",
        "id": "AAMkADk0MGFkODE3LWEAAA=",
        "internetMessageId": "<AM0PR01MB1234.eurprd01.prod.outlook.com>",
        "conversationId": "AAQkADk0MGFkODE3LWE4MmYtNDRhOS0",
        "sentDateTime": "2024-05-06T08:15:00Z",
        "from": {"emailAddress": {"name": "Rep Smith", "address": "rep@example.com"}},
        "toRecipients": [{"emailAddress": {"name": "Anna Berg", "address": "anna@customer.example"}},
                         {"emailAddress": {"name": "Sales", "address": "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=SALES"}}],
        "ccRecipients": [{"emailAddress": {"address": "bo@customer.example"}}],
        "subject": "Proposal",
        "body": {"contentType": "html", "content": "<html><body><p>Hi Anna</p></body></html>"},
    }
    message.update(overrides)
    return message


def test_a_documented_delta_page_becomes_captured_messages():
    page = [
        graph_message(singleValueExtendedProperties=[
            {"id": "String {00020386-0000-0000-c000-000000000046} Name X-Sendwell-Review", "value": " rev-9 "}]),
        {"@odata.type": "#microsoft.graph.message", "id": "AAMkADk0MGFkODE3LWE4MmYtNDRhOS0Dh_6qB-pB2Sa2pUum19a6YAAKnLuxoAAA=",
         "@removed": {"reason": "deleted"}},
        graph_message(id="draft", internetMessageId="<draft@x>", sentDateTime=None),
    ]

    [message] = messages_from_page(page)

    assert message.message_id == "<AM0PR01MB1234.eurprd01.prod.outlook.com>"
    assert message.thread_id == "AAQkADk0MGFkODE3LWE4MmYtNDRhOS0"
    assert message.sent_at == datetime(2024, 5, 6, 8, 15, tzinfo=timezone.utc)
    assert [(p.email, p.name) for p in message.to] == [("anna@customer.example", "Anna Berg")]
    assert [(p.email, p.name) for p in message.cc] == [("bo@customer.example", None)]
    assert (message.sender.email, message.sender.name) == ("rep@example.com", "Rep Smith")
    assert message.body_format == "html" and message.review_id == "rev-9"


@pytest.mark.parametrize("extra, expected", [
    ({}, None),
    ({"internetMessageHeaders": [{"name": "X-SENDWELL-REVIEW", "value": "rev-3"}]}, "rev-3"),
    ({"singleValueExtendedProperties": [{"id": "String {00020329-0000-0000-C000-000000000046} Name x-sendwell-review",
                                         "value": "other-set"}]}, None),
    ({"singleValueExtendedProperties": [{"id": "String {00020386-0000-0000-C000-000000000046} Name x-sendwell-review",
                                         "value": "r" * 65}]}, None),
])
def test_the_review_id_comes_only_from_the_internet_header(extra, expected):
    assert parse_message(graph_message(**extra)).review_id == expected
