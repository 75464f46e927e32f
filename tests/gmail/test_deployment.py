"""The Gmail add-on deployment descriptors: valid Deployment resources, least scopes, committed files current."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from addin.cli import cli
from addin.gmail.deployment import (
    DRAFT_ACCESS_SCOPE,
    PLACEHOLDER_BASE_URL,
    BaseUrlError,
    build_deployment,
    normalise_base_url,
    write_deployments,
)

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "manifest" / "gmail"
SCHEMA = json.loads((Path(__file__).with_name("deployment_schema.json")).read_text())
BASE = "https://sendwell.example.com"
LEAST_SCOPES = {
    "https://www.googleapis.com/auth/gmail.addons.execute",
    "https://www.googleapis.com/auth/gmail.addons.current.message.readonly",
    "https://www.googleapis.com/auth/gmail.addons.current.action.compose",
    "https://www.googleapis.com/auth/userinfo.email",
    "https://www.googleapis.com/auth/script.locale",
}


def validate(document: dict) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.Draft202012Validator(SCHEMA).validate(document)


@pytest.mark.parametrize("draft_access", [False, True])
def test_descriptors_are_valid_deployment_resources(draft_access):
    validate(build_deployment(BASE, draft_access))


def test_schema_rejects_what_the_api_would_drop_or_refuse():
    good = build_deployment(BASE)
    for broken in (
        {**good, "oauthScope": []},  # misspelt top-level field
        {**good, "addOns": {**good["addOns"], "httpOptions": {"authorizationHeader": "ID_TOKEN"}}},
        {**good, "addOns": {**good["addOns"], "gmail": {"composeTrigger": {"draftAccess": "FULL"}}}},
        {**good, "addOns": {**good["addOns"], "gmail": {"contextualTriggers": [{"unconditional": {}}]}}},
        {**good, "addOns": {**good["addOns"], "common": {"name": "Sendwell"}}},  # logoUrl is required
    ):
        with pytest.raises(jsonschema.ValidationError):
            validate(broken)


def test_endpoints_triggers_and_auth_header():
    deployment = build_deployment(BASE + "/")  # a trailing slash must not produce //gmail
    common, gmail = deployment["addOns"]["common"], deployment["addOns"]["gmail"]
    assert common["homepageTrigger"] == {"runFunction": f"{BASE}/gmail/homepage", "enabled": True}
    assert common["logoUrl"] == f"{BASE}/outlook/assets/icon-128.png"
    assert gmail["contextualTriggers"] == [{"unconditional": {}, "onTriggerFunction": f"{BASE}/gmail/message"}]
    compose = gmail["composeTrigger"]
    assert compose["draftAccess"] == "METADATA"
    assert [action["runFunction"] for action in compose["actions"]] == [f"{BASE}/gmail/compose"]
    assert deployment["addOns"]["httpOptions"] == {"authorizationHeader": "SYSTEM_ID_TOKEN"}
    assert common["useLocaleFromApp"] is True  # script.locale is asked for this


def test_least_scopes_and_the_opt_in_restricted_one():
    plain = build_deployment(BASE)["oauthScopes"]
    assert set(plain) == LEAST_SCOPES and len(plain) == len(LEAST_SCOPES)
    assert not any(scope.endswith(("gmail.readonly", "gmail.compose", "gmail.modify")) for scope in plain)
    assert "https://mail.google.com/" not in plain
    draft = build_deployment(BASE, draft_access=True)
    assert draft["oauthScopes"] == plain + [DRAFT_ACCESS_SCOPE]
    assert {**draft, "oauthScopes": plain} == build_deployment(BASE)  # nothing else differs


def strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, str):
        yield value


def test_every_url_is_https_under_the_base():
    deployment = build_deployment("https://mail-coach.example.org/sendwell", draft_access=True)
    urls = [s for s in strings(deployment["addOns"]) if "://" in s]
    assert len(urls) == 6  # logo twice, homepage, message, compose, open-link prefix
    for url in urls:
        assert url.startswith("https://mail-coach.example.org/sendwell/"), url
    assert all(scope.startswith("https://www.googleapis.com/auth/") for scope in deployment["oauthScopes"])


def test_committed_files_are_current(tmp_path):
    written = write_deployments(PLACEHOLDER_BASE_URL, tmp_path)
    assert [path.name for path in written] == ["deployment.json", "deployment-draft-access.json"]
    for path in written:
        committed = COMMITTED / path.name
        assert committed.is_file(), f"run: sendwell manifest gmail --base-url {PLACEHOLDER_BASE_URL}"
        assert committed.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"{committed} is stale; run: sendwell manifest gmail --base-url {PLACEHOLDER_BASE_URL}"
        )
        validate(json.loads(committed.read_text(encoding="utf-8")))


def test_cli_writes_both(tmp_path):
    out = tmp_path / "gmail"
    result = CliRunner().invoke(cli, ["manifest", "gmail", "--base-url", "https://coach.example.net", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["deployment-draft-access.json", "deployment.json"]
    assert "wrote" in result.output
    deployment = json.loads((out / "deployment.json").read_text())
    assert deployment["addOns"]["common"]["homepageTrigger"]["runFunction"] == "https://coach.example.net/gmail/homepage"


@pytest.mark.parametrize(
    "url",
    ["http://example.com", "ftp://example.com", "example.com", "https://", "https://example.com/?x=1",
     "https://user:pw@example.com", "https://example.com/#top"],
)
def test_cli_refuses_insecure_or_odd_base_urls(tmp_path, url):
    out = tmp_path / "gmail"
    result = CliRunner().invoke(cli, ["manifest", "gmail", "--base-url", url, "--out", str(out)])
    assert result.exit_code == 2, result.output  # a usage error, not a traceback
    assert "--base-url" in result.output
    assert not out.exists()


@pytest.mark.parametrize("url", ["http://localhost:8000", "http://127.0.0.1:8000/", "http://[::1]:8000"])
def test_http_only_for_loopback(url):
    assert normalise_base_url(url).startswith("http://")


def test_python_callers_get_a_value_error():
    with pytest.raises(ValueError):
        build_deployment("http://example.com")
    assert issubclass(BaseUrlError, ValueError)
