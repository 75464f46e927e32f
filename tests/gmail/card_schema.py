"""Schemas that every Gmail add-on response is validated against in the tests.

Cards: Google's own ``GoogleAppsCardV1Card`` and everything it references, from the Chat API discovery
document that google-api-python-client bundles (``discovery_cache/documents/chat.v1.json``); the add-on
card format is the same ``google.apps.card.v1`` message. The discovery dialect is converted to JSON Schema
(2020-12) here:

* ``{"$ref": "Name"}`` → ``{"$ref": "#/$defs/Name"}``; ``id``, descriptions and ``format`` dropped;
* objects with ``properties`` get ``additionalProperties: false``: Google's JSON parser rejects unknown
  fields, so a misspelt key must fail here too;
* union fields, which discovery documents cannot express, get ``oneOf`` from the card reference
  (``UNIONS``): a widget is exactly one kind of widget, an onClick does exactly one thing.

Wrappers: the render-action response written from the add-ons reference (``RenderActions``,
``apps.extensions.markup.GmailClientActionMarkup``, and the granular-consent ``requesting_google_scopes``).
Triggers answer ``{"action": {"navigations": [{"pushCard": card}]}}``; button actions answer
``{"renderActions": {...}}``.
"""
from __future__ import annotations

import functools
import json
from pathlib import Path

import googleapiclient
from jsonschema import Draft202012Validator

CHAT_DISCOVERY = Path(googleapiclient.__file__).parent / "discovery_cache" / "documents" / "chat.v1.json"
ROOT = "GoogleAppsCardV1Card"

# Union fields from the google.apps.card.v1 reference ("Union field data can be only one of ...").
UNIONS = {
    "GoogleAppsCardV1Widget": [
        "textParagraph", "image", "decoratedText", "buttonList", "textInput", "selectionInput",
        "dateTimePicker", "divider", "grid", "columns", "carousel", "chipList",
    ],
    "GoogleAppsCardV1Widgets": [
        "textParagraph", "image", "decoratedText", "buttonList", "textInput", "selectionInput",
        "dateTimePicker", "chipList",
    ],
    "GoogleAppsCardV1OnClick": ["action", "openLink", "openDynamicLinkAction", "card", "overflowMenu"],
    "GoogleAppsCardV1Icon": ["knownIcon", "iconUrl", "materialIcon"],
}

SCOPE_URI = {"type": "string", "pattern": r"^https://(www\.googleapis\.com/auth/|mail\.google\.com/)"}

# The add-on response wrappers (our own JSON Schema, from the add-ons reference).
WRAPPERS: dict[str, dict] = {
    "Notification": {
        "type": "object",
        "properties": {"text": {"type": "string", "minLength": 1}},
        "required": ["text"],
        "additionalProperties": False,
    },
    "Navigation": {
        "type": "object",
        "properties": {
            "pushCard": {"$ref": f"#/$defs/{ROOT}"},
            "updateCard": {"$ref": f"#/$defs/{ROOT}"},
            "pop": {"type": "boolean"},
            "popToRoot": {"type": "boolean"},
            "popToCard": {"type": "string"},
        },
        "additionalProperties": False,
        "oneOf": [{"required": [k]} for k in ("pushCard", "updateCard", "pop", "popToRoot", "popToCard")],
    },
    "Action": {
        "type": "object",
        "properties": {
            "navigations": {"type": "array", "items": {"$ref": "#/$defs/Navigation"}, "minItems": 1},
            "notification": {"$ref": "#/$defs/Notification"},
            "link": {"$ref": "#/$defs/GoogleAppsCardV1OpenLink"},
        },
        "additionalProperties": False,
        "minProperties": 1,
    },
    "InsertContent": {
        "type": "object",
        "properties": {
            "content": {"type": "string", "minLength": 1},
            "contentType": {"enum": ["TEXT", "MUTABLE_HTML", "IMMUTABLE_HTML"]},
        },
        "required": ["content", "contentType"],
        "additionalProperties": False,
    },
    "UpdateBody": {
        "type": "object",
        "properties": {
            "insertContents": {"type": "array", "items": {"$ref": "#/$defs/InsertContent"}, "minItems": 1},
            # Sendwell always says where: no UNSPECIFIED_ACTION_TYPE, no omitted type.
            "type": {"enum": ["IN_PLACE_INSERT", "INSERT_AT_START", "INSERT_AT_END", "REPLACE"]},
        },
        "required": ["insertContents", "type"],
        "additionalProperties": False,
    },
    "Recipients": {
        "type": "array",
        "items": {"type": "object", "properties": {"email": {"type": "string"}}, "additionalProperties": False},
    },
    "UpdateDraftActionMarkup": {
        "type": "object",
        "properties": {
            "updateBody": {"$ref": "#/$defs/UpdateBody"},
            "updateSubject": {"type": "object", "properties": {"subject": {"type": "string"}}, "additionalProperties": False},
            "updateToRecipients": {"type": "object", "properties": {"toRecipients": {"$ref": "#/$defs/Recipients"}}, "additionalProperties": False},
            "updateCcRecipients": {"type": "object", "properties": {"ccRecipients": {"$ref": "#/$defs/Recipients"}}, "additionalProperties": False},
            "updateBccRecipients": {"type": "object", "properties": {"bccRecipients": {"$ref": "#/$defs/Recipients"}}, "additionalProperties": False},
        },
        "additionalProperties": False,
        "minProperties": 1,
    },
    "GmailClientActionMarkup": {
        "type": "object",
        "properties": {
            "updateDraftActionMarkup": {"$ref": "#/$defs/UpdateDraftActionMarkup"},
            "openCreatedDraftActionMarkup": {
                "type": "object",
                "properties": {"draftId": {"type": "string"}, "draftThreadId": {"type": "string"}},
                "additionalProperties": False,
            },
        },
        "additionalProperties": False,
        "minProperties": 1,
        "maxProperties": 1,
    },
    "RenderActions": {
        "type": "object",
        "properties": {
            "action": {"$ref": "#/$defs/Action"},
            "hostAppAction": {
                "type": "object",
                "properties": {"gmailAction": {"$ref": "#/$defs/GmailClientActionMarkup"}},
                "required": ["gmailAction"],
                "additionalProperties": False,
            },
        },
        "additionalProperties": False,
        "minProperties": 1,
    },
    # --- the three kinds of answer ---------------------------------------------------------------------
    "TriggerResponse": {
        "type": "object",
        "properties": {
            "action": {
                "type": "object",
                "properties": {
                    "navigations": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {"pushCard": {"$ref": f"#/$defs/{ROOT}"}},
                            "required": ["pushCard"],
                            "additionalProperties": False,
                        },
                        "minItems": 1,
                    },
                    "notification": {"$ref": "#/$defs/Notification"},
                },
                "required": ["navigations"],
                "additionalProperties": False,
            }
        },
        "required": ["action"],
        "additionalProperties": False,
    },
    "ActionResponse": {
        "type": "object",
        "properties": {"renderActions": {"$ref": "#/$defs/RenderActions"}, "stateChanged": {"type": "boolean"}},
        "required": ["renderActions"],
        "additionalProperties": False,
    },
    "ScopeRequest": {
        "type": "object",
        "properties": {
            "requesting_google_scopes": {
                "type": "object",
                "properties": {
                    "scopes": {"type": "array", "items": SCOPE_URI, "minItems": 1, "uniqueItems": True},
                    "all_scopes": {"const": True},
                },
                "additionalProperties": False,
                "oneOf": [{"required": ["scopes"]}, {"required": ["all_scopes"]}],
            }
        },
        "required": ["requesting_google_scopes"],
        "additionalProperties": False,
    },
}


def convert(schema: object) -> object:
    """One discovery-dialect schema (or fragment) as JSON Schema."""
    if isinstance(schema, list):
        return [convert(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:
        return {"$ref": f"#/$defs/{schema['$ref']}"}
    out: dict = {}
    for key, value in schema.items():
        if key in ("id", "description", "enumDescriptions", "format", "deprecated", "readOnly", "annotations"):
            continue
        if key == "type" and value == "any":
            continue
        if key == "properties":
            out["properties"] = {name: convert(sub) for name, sub in value.items()}
            required = [name for name, sub in value.items() if isinstance(sub, dict) and sub.get("required") is True]
            if required:
                out["required"] = required
        elif key == "required" and value is True:
            continue  # folded into the parent's "required" list above
        elif key in ("items", "additionalProperties"):
            out[key] = convert(value)
        else:
            out[key] = value
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def closure(schemas: dict, root: str) -> list[str]:
    """``root`` and every schema it references, directly or not."""
    seen: list[str] = []
    todo = [root]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.append(name)
        todo.extend(_refs(schemas[name]))
    return seen


def _refs(schema: object) -> list[str]:
    if isinstance(schema, dict):
        found = [schema["$ref"]] if isinstance(schema.get("$ref"), str) else []
        return found + [r for v in schema.values() for r in _refs(v)]
    if isinstance(schema, list):
        return [r for v in schema for r in _refs(v)]
    return []


@functools.lru_cache(maxsize=1)
def definitions() -> dict:
    """All ``$defs``: the converted card schemas plus the wrappers."""
    schemas = json.loads(CHAT_DISCOVERY.read_text(encoding="utf-8"))["schemas"]
    defs = {name: convert(schemas[name]) for name in closure(schemas, ROOT)}
    for name, fields in UNIONS.items():
        missing = [f for f in fields if f not in defs[name]["properties"]]
        assert not missing, f"{name} no longer has {missing}: update UNIONS from the card reference"
        defs[name]["oneOf"] = [{"required": [f]} for f in fields]
    defs.update(WRAPPERS)
    return defs


@functools.lru_cache(maxsize=None)
def validator(name: str) -> Draft202012Validator:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$defs": definitions(), "$ref": f"#/$defs/{name}"}
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(name: str, instance: object) -> list[str]:
    """Readable validation errors (path: message), empty when ``instance`` is valid."""
    found = sorted(validator(name).iter_errors(instance), key=lambda e: list(e.absolute_path))
    return [f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in found]


def assert_valid(name: str, instance: object) -> None:
    problems = errors(name, instance)
    assert not problems, f"not a valid {name}:\n" + "\n".join(problems[:20])


def assert_card(card: dict) -> None:
    assert_valid(ROOT, card)


def assert_trigger_response(body: dict) -> list[dict]:
    """Validate a trigger's answer; returns its cards."""
    assert_valid("TriggerResponse", body)
    return [n["pushCard"] for n in body["action"]["navigations"]]


def assert_action_response(body: dict) -> list[dict]:
    """Validate a button action's answer; returns its cards (none for a notification or a draft insert)."""
    assert_valid("ActionResponse", body)
    navigations = (body["renderActions"].get("action") or {}).get("navigations") or []
    return [n.get("pushCard") or n.get("updateCard") for n in navigations if n.get("pushCard") or n.get("updateCard")]


def assert_scope_request(body: dict) -> list[str]:
    assert_valid("ScopeRequest", body)
    return body["requesting_google_scopes"].get("scopes", [])


def assert_response(body: dict) -> str:
    """Whichever of the three kinds ``body`` is, validated; returns its kind."""
    if "requesting_google_scopes" in body:
        kind = "ScopeRequest"
    elif "renderActions" in body:
        kind = "ActionResponse"
    else:
        kind = "TriggerResponse"
    assert_valid(kind, body)
    return kind
