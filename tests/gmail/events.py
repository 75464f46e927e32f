"""Event objects as Google sends them to an HTTP add-on, and Gmail API answers, for the Gmail tests.

Shapes from the add-ons reference (EventObject, CommonEventObject, AuthorizationEventObject,
GmailEventObject): ``commonEventObject`` {hostApp, platform, userLocale, timeZone {id, offset (ms)},
formInputs {name: {stringInputs: {value: [..]}}}, parameters {key: value}}; ``authorizationEventObject``
{userOAuthToken, userIdToken, systemIdToken, authorizedScopes}; ``gmail`` {messageId, threadId,
accessToken} for a contextual trigger, {toRecipients, ccRecipients, bccRecipients} for a compose trigger
with ``draftAccess: METADATA`` (addresses only, never the draft's id, subject or text).
"""
from __future__ import annotations

import base64
import json

from googleapiclient.http import HttpMockSequence

AUTH = "https://www.googleapis.com/auth/"
BASE_SCOPES = [
    AUTH + "gmail.addons.execute",
    AUTH + "gmail.addons.current.message.readonly",
    AUTH + "gmail.addons.current.action.compose",
    AUTH + "userinfo.email",
    AUTH + "script.locale",
]
DRAFT_ACCESS_SCOPES = BASE_SCOPES + [AUTH + "gmail.readonly"]
USER_TOKEN = "ya29.user-oauth-token"
MESSAGE_TOKEN = "gmail-message-access-token"
REP = "sam@seller.example"
MESSAGE_ID = "msg-f:1782345678901234567"
THREAD_ID = "thread-f:1782345678901234567"
THREAD_HEX = format(1782345678901234567, "x")


def _common(parameters: dict | None = None, form_inputs: dict | None = None, zone: str = "Europe/London") -> dict:
    common = {
        "hostApp": "GMAIL",
        "platform": "WEB",
        "userLocale": "en-GB",
        "timeZone": {"id": zone, "offset": 0},
    }
    if parameters is not None:
        common["parameters"] = dict(parameters)
    if form_inputs is not None:
        common["formInputs"] = {name: {"stringInputs": {"value": [value]}} for name, value in form_inputs.items()}
    return common


def _auth(scopes: list[str] | None) -> dict:
    auth = {"userOAuthToken": USER_TOKEN, "userIdToken": "eyJ.user-id-token", "systemIdToken": "eyJ.system-id-token"}
    if scopes is not None:
        auth["authorizedScopes"] = list(scopes)
    return auth


def homepage_event(scopes: list[str] | None = BASE_SCOPES) -> dict:
    """Homepage trigger: no widgets, no context."""
    return {"commonEventObject": _common(), "authorizationEventObject": _auth(scopes)}


def compose_event(
    to: list[str] = (),
    cc: list[str] = (),
    bcc: list[str] = (),
    thread_id: str | None = None,
    scopes: list[str] | None = BASE_SCOPES,
) -> dict:
    """Compose trigger with draftAccess METADATA: the recipients, a Gmail access token, nothing of the draft."""
    gmail = {"accessToken": MESSAGE_TOKEN, "toRecipients": list(to), "ccRecipients": list(cc), "bccRecipients": list(bcc)}
    if thread_id:
        gmail["threadId"] = thread_id
    return {"commonEventObject": _common(), "authorizationEventObject": _auth(scopes), "gmail": gmail}


def message_event(message_id: str = MESSAGE_ID, thread_id: str = THREAD_ID, scopes: list[str] | None = BASE_SCOPES) -> dict:
    """Contextual trigger: the open message's ids and its per-message access token."""
    return {
        "commonEventObject": _common(),
        "authorizationEventObject": _auth(scopes),
        "gmail": {"messageId": message_id, "threadId": thread_id, "accessToken": MESSAGE_TOKEN},
    }


def action_event(
    parameters: dict | None = None,
    form_inputs: dict | None = None,
    gmail: dict | None = None,
    scopes: list[str] | None = BASE_SCOPES,
) -> dict:
    """A button click: the action's parameters, the card's form inputs, and the host context it was in."""
    event = {"commonEventObject": _common(parameters or {}, form_inputs), "authorizationEventObject": _auth(scopes)}
    if gmail is not None:
        event["gmail"] = gmail
    return event


# --- Gmail API answers ----------------------------------------------------------------------------------


def gmail_message(
    gmail_id: str = "18bc0ffee0000001",
    thread_id: str = "18bc0ffee0000000",
    *,
    sender: str = f"Sam Seller <{REP}>",
    to: str = "Anna Smith <anna.smith@acme.example>",
    subject: str = "Pricing",
    body: str = "Hi Anna,\n\nI will send the contract by Friday.\n\nBest,\nSam",
    labels: tuple[str, ...] = ("SENT",),
    internal_date: int = 1741773600000,
    message_id_header: str | None = "<abc123@mail.seller.example>",
) -> dict:
    """A ``users.messages.get(format="full")`` answer (also the ``message`` of a draft)."""
    headers = [
        {"name": "From", "value": sender},
        {"name": "To", "value": to},
        {"name": "Subject", "value": subject},
        {"name": "Date", "value": "Wed, 12 Mar 2025 10:00:00 +0000"},
    ]
    if message_id_header:
        headers.append({"name": "Message-ID", "value": message_id_header})
    data = base64.urlsafe_b64encode(body.encode("utf-8")).decode("ascii").rstrip("=")
    return {
        "id": gmail_id,
        "threadId": thread_id,
        "labelIds": list(labels),
        "internalDate": str(internal_date),
        "payload": {
            "mimeType": "multipart/alternative",
            "headers": headers,
            "parts": [{"mimeType": "text/plain", "headers": [{"name": "Content-Type", "value": "text/plain; charset=utf-8"}], "body": {"data": data}}],
        },
    }


def draft(draft_id: str, message: dict) -> dict:
    return {"id": draft_id, "message": message}


def draft_listing(*drafts: tuple[str, str, str]) -> dict:
    """``users.drafts.list``: (draft id, message id, thread id) each."""
    return {"drafts": [{"id": d, "message": {"id": m, "threadId": t}} for d, m, t in drafts], "resultSizeEstimate": len(drafts)}


def ok(body: dict) -> tuple[dict, str]:
    return {"status": "200", "content-type": "application/json"}, json.dumps(body)


def error(status: int, reason: str, message: str = "", *, details_reason: str | None = None, retry_after: str | None = None) -> tuple[dict, str]:
    """Google's JSON error body, as the Gmail API sends it."""
    body = {"error": {"code": status, "message": message or reason, "errors": [{"message": message or reason, "domain": "global", "reason": reason}], "status": "ERROR"}}
    if details_reason:
        body["error"]["details"] = [{"@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": details_reason, "domain": "googleapis.com"}]
    headers = {"status": str(status), "content-type": "application/json"}
    if retry_after:
        headers["retry-after"] = retry_after
    return headers, json.dumps(body)


INSUFFICIENT_SCOPE = error(
    403, "insufficientPermissions", "Request had insufficient authentication scopes.", details_reason="ACCESS_TOKEN_SCOPE_INSUFFICIENT"
)


def transport(*responses: tuple[dict, str]) -> HttpMockSequence:
    """A mock httplib2 transport answering ``responses`` in order and recording each request."""
    return HttpMockSequence(list(responses))
