"""The Outlook add-in's routes: content types, cache and security headers, the injected origin, the
well-known file's shape and the pane's config."""
from __future__ import annotations

import json
import re

import pytest

from addin import create_app
from addin.outlook import views

OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/outlook/taskpane.html", "text/html"),
        ("/outlook/commands.html", "text/html"),
        ("/outlook/commands.js", "text/javascript"),
        ("/outlook/config.json", "application/json"),
        ("/outlook/static/taskpane.js", "text/javascript"),
        ("/outlook/static/pane-core.mjs", "text/javascript"),
        ("/outlook/static/taskpane.css", "text/css"),
        ("/.well-known/microsoft-officeaddins-allowed.json", "application/json"),
    ],
)
def test_each_route_answers_with_its_content_type(client, path, content_type):
    response = client.get(path)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == content_type
    assert response.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/outlook/taskpane.html", "/outlook/commands.html"])
def test_pages_load_office_js_from_the_cdn_under_a_csp(client, path):
    response = client.get(path)
    html = response.get_data(as_text=True)
    assert f'<script src="{OFFICE_JS}"></script>' in html
    csp = dict(part.strip().split(" ", 1) for part in response.headers["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'self'"
    assert "'self'" in csp["script-src"] and "https://appsforoffice.microsoft.com" in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"] and "'unsafe-inline'" not in csp["script-src"]
    assert csp["object-src"] == "'none'"
    assert "frame-ancestors" not in csp, "Outlook frames the pane from many hosts"
    assert "no-cache" in response.headers["Cache-Control"]


def test_the_taskpane_reuses_the_shared_ui_module(client):
    html = client.get("/outlook/taskpane.html").get_data(as_text=True)
    assert '<script type="module" src="/outlook/static/taskpane.js"></script>' in html
    assert 'href="/static/sendwell.css"' in html
    script = client.get("/outlook/static/taskpane.js").get_data(as_text=True)
    # Relative to /outlook/static/, i.e. /static/sendwell-ui.js (or <prefix>/static/… under a path prefix).
    assert re.search(r'import \{[^}]*renderReview[^}]*\} from "\.\./\.\./static/sendwell-ui\.js"', script)
    assert client.get("/static/sendwell-ui.js").status_code == 200


def test_commands_page_loads_the_handler(client):
    html = client.get("/outlook/commands.html").get_data(as_text=True)
    assert '<script src="/outlook/commands.js"></script>' in html
    assert html.index(OFFICE_JS) < html.index("/outlook/commands.js"), "Office.js first: the handler registers on load"


def config_of(script: str) -> dict:
    match = re.search(r"^var SENDWELL_CONFIG = (\{.*\});$", script, re.MULTILINE)
    assert match, "commands.js has its config line"
    return json.loads(match.group(1))


def test_commands_js_contains_the_absolute_origin(client):
    script = client.get("/outlook/commands.js", base_url="https://addin.example.com:8443").get_data(as_text=True)
    config = config_of(script)
    assert config["base"] == "https://addin.example.com:8443"
    assert config == {"base": "https://addin.example.com:8443", "authEnabled": False, "politenessThreshold": 40, "budgetMs": 3000,
                      "paneCommandId": "msgComposeOpenPaneButton"}
    assert 'Office.actions.associate("onMessageSendHandler", onMessageSendHandler)' in script
    assert not re.search(r"^\s*(import|export)\s", script, re.MULTILINE), "the classic Windows runtime has no modules"


def test_commands_js_settings_and_public_url_come_from_the_configuration():
    app = create_app({
        "TESTING": True,
        "PUBLIC_URL": "https://sendwell.example.com/some/path",
        "OUTLOOK_POLITENESS_THRESHOLD": 55,
        "OUTLOOK_SEND_BUDGET_MS": 2500,
        "OUTLOOK_PANE_COMMAND_ID": "SendwellPaneButton",
    })
    client = app.test_client()
    config = config_of(client.get("/outlook/commands.js").get_data(as_text=True))
    assert config["base"] == "https://sendwell.example.com/some/path"
    assert (config["politenessThreshold"], config["budgetMs"], config["paneCommandId"]) == (55, 2500, "SendwellPaneButton")
    allowed = client.get("/.well-known/microsoft-officeaddins-allowed.json").get_json()
    assert allowed == {"allowed": ["https://sendwell.example.com/some/path/outlook/commands.js"]}


def test_a_path_prefix_deployment_keeps_its_prefix(client):
    base = "https://example.com/sendwell"
    html = client.get("/outlook/taskpane.html", base_url=base).get_data(as_text=True)
    assert 'href="/sendwell/static/sendwell.css"' in html
    assert 'src="/sendwell/outlook/static/taskpane.js"' in html
    assert client.get("/outlook/config.json", base_url=base).get_json()["api_base"] == "/sendwell"
    assert config_of(client.get("/outlook/commands.js", base_url=base).get_data(as_text=True))["base"] == base


def test_commands_js_revalidates_with_an_etag(client):
    first = client.get("/outlook/commands.js")
    assert "no-cache" in first.headers["Cache-Control"]
    again = client.get("/outlook/commands.js", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_well_known_file_lists_the_event_runtime_script(client):
    response = client.get("/.well-known/microsoft-officeaddins-allowed.json", base_url="https://addin.example.com")
    body = response.get_json()
    assert list(body) == ["allowed"]
    assert body["allowed"] == ["https://addin.example.com/outlook/commands.js"]
    assert client.get(body["allowed"][0].removeprefix("https://addin.example.com")).status_code == 200
    assert "max-age=3600" in response.headers["Cache-Control"]


def test_pane_config_without_sign_in(client):
    response = client.get("/outlook/config.json")
    assert response.headers["Cache-Control"] == "no-store"
    config = response.get_json()
    assert config["api_base"] == ""
    assert config["auth"]["enabled"] is False
    assert config["auth"]["msal_url"] is None, "MSAL is not even offered without sign-in"
    assert config["dev_rep_header"] is True
    assert config["poll"] == {"visible_ms": 2000, "hidden_ms": [10000, 30000]}


ENTRA_ID = "6e74172b-be56-4843-9ff4-e66a39bb12e3"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"


def entra_config(**settings) -> dict:
    """config.json as the pane would get it with Entra sign-in on (called directly: no token needed)."""
    app = create_app({"TESTING": True})
    app.config.update(AUTH_PROVIDER="entra", ENTRA_CLIENT_ID=ENTRA_ID, **settings)
    with app.test_request_context("/outlook/config.json", base_url="https://sendwell.example.com"):
        return views.pane_config().get_json()


def test_pane_config_with_entra_sign_in():
    config = entra_config(ENTRA_ALLOWED_TENANTS=[TENANT])
    assert config["auth"] == {
        "enabled": True,
        "client_id": ENTRA_ID,
        "authority": f"https://login.microsoftonline.com/{TENANT}",
        # docs/outlook-signin.md: the Application ID URI is api://<host>/<client-id>, the scope access_as_user.
        "scopes": [f"api://sendwell.example.com/{ENTRA_ID}/access_as_user"],
        "msal_url": "/outlook/static/vendor/msal-browser.min.js",
    }
    assert config["dev_rep_header"] is False


def test_pane_config_follows_the_sign_in_settings():
    several = entra_config(ENTRA_ALLOWED_TENANTS=f"{TENANT}, 11111111-2222-3333-4444-555555555555",
                           ENTRA_APP_ID_URI=f"api://addin.example.com/{ENTRA_ID}")
    assert several["auth"]["authority"] == "https://login.microsoftonline.com/organizations"
    assert several["auth"]["scopes"] == [f"api://addin.example.com/{ENTRA_ID}/access_as_user"]
    full = entra_config(ENTRA_API_SCOPE="api://x.example/abc/access_as_user", ENTRA_AUTHORITY="https://login.microsoftonline.us/t",
                        OUTLOOK_MSAL_URL="https://cdn.example.net/msal-browser.min.js")
    assert full["auth"]["scopes"] == ["api://x.example/abc/access_as_user"]
    assert full["auth"]["authority"] == "https://login.microsoftonline.us/t"
    assert full["auth"]["msal_url"] == "https://cdn.example.net/msal-browser.min.js"


def test_an_msal_bundle_on_another_host_is_allowed_by_the_csp():
    app = create_app({"TESTING": True, "OUTLOOK_MSAL_URL": "https://cdn.example.net/msal/msal-browser.min.js"})
    csp = app.test_client().get("/outlook/taskpane.html").headers["Content-Security-Policy"]
    assert "https://cdn.example.net" in csp.split("script-src", 1)[1].split(";", 1)[0]


def test_static_files_revalidate_and_stay_inside_their_folder(client):
    response = client.get("/outlook/static/taskpane.js")
    assert "no-cache" in response.headers["Cache-Control"] and response.headers.get("ETag")
    assert client.get("/outlook/static/../views.py").status_code == 404
    assert client.get("/outlook/static/%2e%2e/views.py").status_code == 404
    assert client.get("/outlook/static/missing.js").status_code == 404


def test_assets_are_served_from_the_assets_folder(client, tmp_path, monkeypatch):
    (tmp_path / "icon-32.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    monkeypatch.setattr(views, "ASSETS", tmp_path)
    response = client.get("/outlook/assets/icon-32.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert "max-age=86400" in response.headers["Cache-Control"]
    assert client.get("/outlook/assets/nope.png").status_code == 404
    assert client.get("/outlook/assets/../views.py").status_code == 404
