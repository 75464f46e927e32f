"""Gmail API access (addin.gmail.drafts) through google-api-python-client's static discovery document, on
``HttpMockSequence``: which requests are made, with which token and header, and how errors are retried."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httplib2
import pytest

from addin.gmail.drafts import (
    DRAFT_SCOPE,
    DRAFT_SCOPES,
    MESSAGE_SCOPE,
    MESSAGE_SCOPES,
    GmailClient,
    GmailError,
    GmailNotFound,
    GmailRateLimited,
    GmailRejectedToken,
    GmailScopeMissing,
    GmailUnavailable,
    api_id,
    missing_scope,
)
from tests.gmail.events import (
    INSUFFICIENT_SCOPE,
    MESSAGE_TOKEN,
    THREAD_HEX,
    THREAD_ID,
    USER_TOKEN,
    draft,
    draft_listing,
    error,
    gmail_message,
    ok,
    transport,
)


def client(mock, sleeps=None, **options) -> GmailClient:
    return GmailClient(USER_TOKEN, transport=mock, sleep=(sleeps.append if sleeps is not None else _no_sleep), **options)


def _no_sleep(seconds: float) -> None:
    raise AssertionError(f"unexpected back-off of {seconds}s")


def requests_made(mock) -> list[tuple[str, str, dict]]:
    """(path, method, query) of each request the mock answered."""
    out = []
    for uri, method, _body, _headers in mock.request_sequence:
        parts = urlsplit(uri)
        out.append((parts.path, method, {k: v[0] for k, v in parse_qs(parts.query).items()}))
    return out


def header(mock, index: int, name: str) -> str | None:
    headers = mock.request_sequence[index][3] or {}
    return next((v for k, v in headers.items() if k.lower() == name.lower()), None)


# --- finding the draft -----------------------------------------------------------------------------------


def test_the_draft_in_this_thread_is_read_in_full_and_no_other():
    mock = transport(
        ok(draft_listing(("r-1", "m1", "aaaa"), ("r-2", "m2", THREAD_HEX), ("r-3", "m3", "bbbb"))),
        ok(draft("r-2", gmail_message("m2", THREAD_HEX, labels=("DRAFT",)))),
    )
    message = client(mock).find_draft(THREAD_ID)
    assert message["id"] == "m2"
    made = requests_made(mock)
    assert [(p, m) for p, m, _ in made] == [
        ("/gmail/v1/users/me/drafts", "GET"),
        ("/gmail/v1/users/me/drafts/r-2", "GET"),
    ]
    assert made[1][2]["format"] == "full"
    # The user's OAuth token from the event authorises every call.
    assert header(mock, 0, "Authorization") == f"Bearer {USER_TOKEN}"
    assert header(mock, 1, "Authorization") == f"Bearer {USER_TOKEN}"


def test_no_drafts_means_none_after_one_call():
    mock = transport(ok({"resultSizeEstimate": 0}))
    assert client(mock).find_draft(THREAD_ID) is None
    assert len(mock.request_sequence) == 1


def test_a_single_draft_outside_the_thread_is_the_one():
    mock = transport(
        ok(draft_listing(("r-9", "m9", "cccc"))),
        ok(draft("r-9", gmail_message("m9", "cccc", labels=("DRAFT",)))),
    )
    assert client(mock).find_draft(None)["id"] == "m9"
    assert len(mock.request_sequence) == 2


def test_without_a_thread_the_most_recently_changed_draft_wins_and_only_it_is_read_in_full():
    mock = transport(
        ok(draft_listing(("r-1", "m1", "t1"), ("r-2", "m2", "t2"), ("r-3", "m3", "t3"))),
        ok(draft("r-1", gmail_message("m1", "t1", internal_date=1000, labels=("DRAFT",)))),
        ok(draft("r-2", gmail_message("m2", "t2", internal_date=3000, labels=("DRAFT",)))),
        ok(draft("r-3", gmail_message("m3", "t3", internal_date=2000, labels=("DRAFT",)))),
        ok(draft("r-2", gmail_message("m2", "t2", internal_date=3000, labels=("DRAFT",)))),
    )
    assert client(mock).find_draft(None)["id"] == "m2"
    formats = [q.get("format") for _, _, q in requests_made(mock)]
    assert formats == [None, "metadata", "metadata", "metadata", "full"]


def test_a_draft_to_the_same_recipients_beats_a_more_recent_one():
    mock = transport(
        ok(draft_listing(("r-1", "m1", "t1"), ("r-2", "m2", "t2"))),
        ok(draft("r-1", gmail_message("m1", "t1", to="Anna <anna.smith@acme.example>", internal_date=1000))),
        ok(draft("r-2", gmail_message("m2", "t2", to="bob@other.example", internal_date=9000))),
        ok(draft("r-1", gmail_message("m1", "t1"))),
    )
    assert client(mock).find_draft(None, ("Anna.Smith@acme.example",))["id"] == "m1"


def test_a_draft_sent_between_list_and_get_is_not_found():
    mock = transport(ok(draft_listing(("r-1", "m1", THREAD_HEX))), error(404, "notFound"))
    assert client(mock).find_draft(THREAD_ID) is None


# --- the open message ------------------------------------------------------------------------------------


def test_get_message_sends_the_per_message_token_header():
    mock = transport(ok(gmail_message("18bc0ffee0000001")))
    raw = client(mock).get_message("msg-f:1782345678901234567", MESSAGE_TOKEN)
    assert raw["id"] == "18bc0ffee0000001"
    path, method, query = requests_made(mock)[0]
    assert path == "/gmail/v1/users/me/messages/msg-f%3A1782345678901234567"  # the event's id, as Google's sample passes it
    assert query["format"] == "full"
    assert header(mock, 0, "X-Goog-Gmail-Access-Token") == MESSAGE_TOKEN
    assert header(mock, 0, "Authorization") == f"Bearer {USER_TOKEN}"


# --- errors and retries ----------------------------------------------------------------------------------


def test_429_is_retried_after_retry_after_then_succeeds():
    sleeps: list[float] = []
    mock = transport(error(429, "rateLimitExceeded", retry_after="2"), ok(draft_listing()))
    assert client(mock, sleeps).find_draft(None) is None
    assert sleeps == [2.0]
    assert len(mock.request_sequence) == 2


def test_403_rate_limit_is_retried_with_exponential_back_off():
    sleeps: list[float] = []
    mock = transport(
        error(403, "userRateLimitExceeded"),
        error(403, "rateLimitExceeded"),
        ok(gmail_message()),
    )
    client(mock, sleeps, initial_backoff=0.5).get_message("x", MESSAGE_TOKEN)
    assert sleeps == [0.5, 1.0]


def test_rate_limits_that_outlast_the_retries_are_reported():
    sleeps: list[float] = []
    mock = transport(*[error(429, "rateLimitExceeded")] * 4)
    with pytest.raises(GmailRateLimited) as caught:
        client(mock, sleeps, max_retries=3, initial_backoff=1, max_backoff=3).find_draft(None)
    assert sleeps == [1, 2, 3]  # capped at max_backoff
    assert caught.value.status == 429 and caught.value.call == "users.drafts.list"
    assert USER_TOKEN not in str(caught.value)


def test_a_retry_after_longer_than_a_card_can_wait_fails_at_once():
    mock = transport(error(429, "rateLimitExceeded", retry_after="60"))
    with pytest.raises(GmailRateLimited):
        client(mock, max_backoff=4).find_draft(None)
    assert len(mock.request_sequence) == 1


def test_insufficient_scope_is_not_retried():
    mock = transport(INSUFFICIENT_SCOPE)
    with pytest.raises(GmailScopeMissing) as caught:
        client(mock).find_draft(None)
    assert caught.value.status == 403
    assert len(mock.request_sequence) == 1


def test_insufficient_scope_is_recognised_from_error_info_alone():
    headers, _ = INSUFFICIENT_SCOPE
    body = '{"error": {"code": 403, "message": "Request had insufficient authentication scopes.", "status": "PERMISSION_DENIED", "details": [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": "ACCESS_TOKEN_SCOPE_INSUFFICIENT"}]}}'
    with pytest.raises(GmailScopeMissing):
        client(transport((headers, body))).find_draft(None)


def test_other_403s_are_plain_errors():
    with pytest.raises(GmailError) as caught:
        client(transport(error(403, "forbidden", "Delegation denied"))).find_draft(None)
    assert type(caught.value) is GmailError


def test_401_is_reported_without_a_refresh_attempt():
    mock = transport(error(401, "authError", "Invalid Credentials"))
    with pytest.raises(GmailRejectedToken):
        client(mock).get_message("x", MESSAGE_TOKEN)
    assert len(mock.request_sequence) == 1  # no token refresh: the event carries no refresh token


def test_404_is_not_found():
    with pytest.raises(GmailNotFound):
        client(transport(error(404, "notFound"))).get_message("gone", MESSAGE_TOKEN)


def test_server_errors_are_retried_then_reported():
    sleeps: list[float] = []
    mock = transport(*[error(503, "backendError")] * 3)
    with pytest.raises(GmailUnavailable):
        client(mock, sleeps, max_retries=2).find_draft(None)
    assert len(sleeps) == 2


class FlakyTransport(httplib2.Http):
    """Fails at the network level ``failures`` times, then answers like the wrapped mock."""

    def __init__(self, failures: int, then):
        super().__init__()
        self.failures, self.then = failures, then

    def request(self, *args, **kwargs):
        if self.failures:
            self.failures -= 1
            raise TimeoutError("timed out")
        return self.then.request(*args, **kwargs)


def test_network_errors_are_retried():
    sleeps: list[float] = []
    mock = FlakyTransport(1, transport(ok(draft_listing())))
    assert client(mock, sleeps).find_draft(None) is None
    assert sleeps == [0.5]


def test_client_repr_never_shows_the_token():
    assert USER_TOKEN not in repr(client(transport()))


# --- scopes and ids -------------------------------------------------------------------------------------


def test_missing_scope_only_when_the_event_lists_scopes_without_one_that_works():
    assert missing_scope(None, DRAFT_SCOPES, DRAFT_SCOPE) == []
    assert missing_scope([], DRAFT_SCOPES, DRAFT_SCOPE) == [DRAFT_SCOPE]
    assert missing_scope(["https://www.googleapis.com/auth/gmail.compose"], DRAFT_SCOPES, DRAFT_SCOPE) == []
    assert missing_scope(["https://www.googleapis.com/auth/gmail.addons.execute"], MESSAGE_SCOPES, MESSAGE_SCOPE) == [MESSAGE_SCOPE]


def test_event_ids_in_decimal_form_become_api_ids():
    assert api_id(THREAD_ID) == THREAD_HEX
    assert api_id("18bc0ffee0000000") == "18bc0ffee0000000"
    assert api_id("thread-a:r123") == "thread-a:r123"
    assert api_id(None) is None
