"""Entra ID sign-in end to end: real RSA keys served as JWKS over loopback HTTP, tokens signed with PyJWT,
requests through the real Flask app (test client, and a real server for one round trip)."""
from __future__ import annotations

import base64
import json
import logging
import time

import pytest
import requests
from click.testing import CliRunner

from addin import create_app
from addin.auth import AuthConfigError
from addin.auth.entra import EXTENSION, EntraConfigError
from addin.auth.jwks import KeySet
from addin.cli import cli
from tests.auth.jwks_server import JwksServer, Signer, hs256_token, unsigned_token
from tests.conftest import LiveServer

CLIENT_ID = "6e74172b-be56-4843-9ff4-e66a39bb12e3"
APP_ID_URI = f"api://sendwell.example.com/{CLIENT_ID}"
TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"
OTHER_TENANT = "8eaef023-2b34-4da1-9baa-8bc8c9d6a490"
STRANGER_TENANT = "82229342-1101-4ab6-817b-70c0747630f3"
V1_ISSUER = "https://sts.windows.net/{}/"
V2_ISSUER = "https://login.microsoftonline.com/{}/v2.0"


@pytest.fixture(scope="module")
def keys():
    """Generated once: RSA key generation is the slow part."""
    return {"old": Signer("key-2026-a"), "new": Signer("key-2026-b"), "impostor": Signer("key-2026-a")}


@pytest.fixture
def jwks(keys):
    with JwksServer(keys["old"]) as server:
        yield server


class Clock:
    """A monotonic clock the tests move by hand (for the cache's TTL and rate-limit windows)."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def make_app(jwks):
    apps = []

    def make(**overrides):
        config = {
            "TESTING": True,
            "AUTH_PROVIDER": "entra",
            "ENTRA_CLIENT_ID": CLIENT_ID,
            "ENTRA_APP_ID_URI": APP_ID_URI,
            "ENTRA_ALLOWED_TENANTS": f"{TENANT}, {OTHER_TENANT}",
            "ENTRA_JWKS_URL": jwks.url,
        }
        config.update(overrides)
        app = create_app(config)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.extensions["sendwell.store"].dispose()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def clocked(app, jwks):
    """The app with its key cache on a hand-moved clock."""
    clock = Clock()
    app.extensions[EXTENSION].keys = KeySet(jwks.url, clock=clock)
    return app, clock


def claims(version: int = 2, tenant: str = TENANT, **overrides) -> dict:
    now = int(time.time())
    base = {
        "aud": CLIENT_ID if version == 2 else APP_ID_URI,
        "iss": (V2_ISSUER if version == 2 else V1_ISSUER).format(tenant),
        "iat": now - 10,
        "nbf": now - 10,
        "exp": now + 3600,
        "tid": tenant,
        "oid": "690222be-ff1a-4d56-abd1-7e4f7d38e474",
        "sub": "HKZpfaHyWadeOouYlitjrI-KffTm222X5rrV3xDqfKQ",
        "scp": "access_as_user",
        "ver": f"{version}.0",
    }
    if version == 2:
        base.update(azp="0ec893e0-5785-4de6-99da-4ed124e5296c", preferred_username="Ana.Rep@Contoso.com")
    else:
        base.update(appid="0ec893e0-5785-4de6-99da-4ed124e5296c", upn="Ana.Rep@Contoso.com", unique_name="Ana.Rep@Contoso.com")
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def assert_refused(response, detail: str, token: str | None = None, status: int = 401, error: str = "invalid_token"):
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and detail in body["detail"]
    challenge = response.headers["WWW-Authenticate"]
    assert challenge.startswith('Bearer realm="sendwell"')
    assert f'error="{error}"' in challenge and 'error_description="' in challenge
    if token:
        assert token not in response.get_data(as_text=True) and token not in str(response.headers)


# ---- tokens that pass ---------------------------------------------------------------------------------


def test_a_v2_token_signs_the_rep_in(app, keys):
    token = keys["old"].sign(claims(2))
    response = app.test_client().get("/api/v1/me/summary", headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["rep"]["email"] == "ana.rep@contoso.com"


def test_a_v1_token_with_the_application_id_uri_and_upn_signs_the_rep_in(app, keys):
    token = keys["old"].sign(claims(1, upn="Ben@Fabrikam.example", unique_name=None))
    response = app.test_client().get("/api/v1/me/summary", headers=bearer(token))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["rep"]["email"] == "ben@fabrikam.example"


def test_v1_token_with_the_client_id_as_audience_and_the_email_claim(app, keys):
    token = keys["old"].sign(claims(1, aud=CLIENT_ID, upn=None, email="cy@contoso.com", unique_name=None))
    response = app.test_client().get("/api/v1/me/summary", headers=bearer(token))
    assert response.status_code == 200 and response.get_json()["rep"]["email"] == "cy@contoso.com"


def test_a_preferred_username_that_is_not_an_address_falls_back_to_upn(app, keys):
    token = keys["old"].sign(claims(2, preferred_username="+1 555 0100", upn="dee@contoso.com"))
    assert app.test_client().get("/api/v1/me/summary", headers=bearer(token)).get_json()["rep"]["email"] == "dee@contoso.com"


def test_the_scope_may_sit_among_others_and_the_tenant_list_may_be_json(make_app, keys):
    app = make_app(ENTRA_ALLOWED_TENANTS=[TENANT.upper()], ENTRA_APP_ID_URI=None)
    token = keys["old"].sign(claims(2, scp="User.Read access_as_user openid"))
    assert app.test_client().get("/api/v1/me/goals", headers=bearer(token)).status_code == 200


def test_each_rep_is_who_their_token_says(app, keys):
    client = app.test_client()
    ana = bearer(keys["old"].sign(claims(2, preferred_username="ana@contoso.com")))
    ben = bearer(keys["old"].sign(claims(2, preferred_username="ben@contoso.com")))
    assert client.put("/api/v1/me/goals", json={"outreach_per_day": 42}, headers=ana).status_code == 200
    assert client.get("/api/v1/me/goals", headers=ana).get_json()["outreach_per_day"] == 42
    assert client.get("/api/v1/me/goals", headers=ben).get_json()["outreach_per_day"] != 42
    # without a provider a developer may name the rep; with Entra the header is ignored
    spoof = client.get("/api/v1/me/summary", headers={**ben, "X-Sendwell-Rep": "ana@contoso.com"})
    assert spoof.get_json()["rep"]["email"] == "ben@contoso.com"


def test_a_real_http_round_trip(app, keys):
    token = keys["old"].sign(claims(2))
    with LiveServer(app) as server:
        put = requests.put(f"{server.url}/api/v1/me/goals", json={"outreach_per_day": 25}, headers=bearer(token), timeout=10)
        assert put.status_code == 200, put.text
        got = requests.get(f"{server.url}/api/v1/me/goals", headers=bearer(token), timeout=10)
        assert got.json()["outreach_per_day"] == 25
        anonymous = requests.get(f"{server.url}/api/v1/me/goals", timeout=10)
        assert anonymous.status_code == 401 and anonymous.headers["WWW-Authenticate"] == 'Bearer realm="sendwell"'
        assert requests.get(f"{server.url}/api/v1/openapi.json", timeout=10).status_code == 200


# ---- tokens that fail -----------------------------------------------------------------------------------

REFUSED = {
    "expired": (dict(exp=int(time.time()) - 120), "expired"),
    "not yet valid": (dict(nbf=int(time.time()) + 600), "not yet valid"),
    "wrong audience": (dict(aud="00000003-0000-0000-c000-000000000000"), "wrong audience"),
    "Graph's audience by URI": (dict(aud="https://graph.microsoft.com"), "wrong audience"),
    "wrong issuer": (dict(iss=f"https://login.example.com/{TENANT}/v2.0"), "wrong issuer"),
    "issuer of another tenant": (dict(iss=V2_ISSUER.format(OTHER_TENANT)), "wrong issuer"),
    "v1 issuer of another tenant": (dict(iss=V1_ISSUER.format(OTHER_TENANT)), "wrong issuer"),
    "tenant not allowed": (dict(tid=STRANGER_TENANT, iss=V2_ISSUER.format(STRANGER_TENANT)), "not allowed"),
    "tenant not a GUID": (dict(tid="contoso.onmicrosoft.com", iss=V2_ISSUER.format("contoso.onmicrosoft.com")), "tenant"),
    "no tenant": (dict(tid=None), "no tid claim"),
    "no expiry": (dict(exp=None), "no exp claim"),
    "no user address": (dict(preferred_username="not-an-address"), "no user email"),
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_invalid_tokens_are_refused_with_the_reason(app, keys, case):
    overrides, detail = REFUSED[case]
    token = keys["old"].sign(claims(2, **overrides))
    assert_refused(app.test_client().get("/api/v1/me/summary", headers=bearer(token)), detail, token)


def test_a_token_without_the_api_scope_is_forbidden(app, keys):
    for scp in (None, "User.Read", "access_as_user_admin"):
        token = keys["old"].sign(claims(2, scp=scp))
        response = app.test_client().get("/api/v1/me/goals", headers=bearer(token))
        assert_refused(response, "lacks the access_as_user scope", token, status=403, error="insufficient_scope")
        assert f'scope="{APP_ID_URI}/access_as_user"' in response.headers["WWW-Authenticate"]


def test_a_key_scoped_to_one_tenant_cannot_sign_for_another(make_app, jwks):
    consumer = "9188040d-6c67-4c5b-b112-36a304b66dad"
    scoped = Signer("msa-key", issuer=V2_ISSUER.format(consumer))
    jwks.serve(scoped)
    app = make_app(ENTRA_ALLOWED_TENANTS=[TENANT, consumer])
    client = app.test_client()
    assert client.get("/api/v1/me/goals", headers=bearer(scoped.sign(claims(2, tenant=consumer)))).status_code == 200
    token = scoped.sign(claims(2))
    assert_refused(client.get("/api/v1/me/goals", headers=bearer(token)), "wrong issuer for its signing key", token)


def test_a_forged_signature_is_refused(app, keys):
    token = keys["impostor"].sign(claims(2))  # same kid as the published key, different private key
    assert_refused(app.test_client().get("/api/v1/me/summary", headers=bearer(token)), "signature is invalid", token)


def test_alg_none_is_refused(app, keys):
    token = unsigned_token(claims(2), kid=keys["old"].kid)
    assert_refused(app.test_client().get("/api/v1/me/summary", headers=bearer(token)), "RS256", token)


def test_hs256_with_the_public_key_as_secret_is_refused(app, keys):
    token = hs256_token(claims(2), kid=keys["old"].kid, secret=keys["old"].public_pem())
    assert_refused(app.test_client().get("/api/v1/me/summary", headers=bearer(token)), "RS256", token)


def test_other_signing_algorithms_are_refused(app, keys):
    token = keys["old"].sign(claims(2)).split(".")
    header = json.dumps({"alg": "PS256", "kid": keys["old"].kid}).encode()
    forged = base64.urlsafe_b64encode(header).rstrip(b"=").decode() + "." + token[1] + "." + token[2]
    assert_refused(app.test_client().get("/api/v1/me/summary", headers=bearer(forged)), "RS256", forged)


def test_missing_and_malformed_authorization_headers(app):
    client = app.test_client()
    missing = client.get("/api/v1/me/goals")
    assert missing.status_code == 401 and missing.mimetype == "application/problem+json"
    assert missing.headers["WWW-Authenticate"] == 'Bearer realm="sendwell"'  # RFC 6750: no error code without a token
    basic = client.get("/api/v1/me/goals", headers={"Authorization": "Basic YW5hOnNlY3JldA=="})
    assert basic.status_code == 401 and basic.headers["WWW-Authenticate"] == 'Bearer realm="sendwell"'
    assert "Bearer scheme" in basic.get_json()["detail"]
    for value in ("Bearer", "Bearer ", "Bearer two tokens", "Bearer not-a-jwt", "Bearer a.b.c", "Bearer ey\u00e9.x.y"):
        assert_refused(client.get("/api/v1/me/goals", headers={"Authorization": value}), "")
    assert_refused(client.get("/api/v1/me/goals", headers=bearer("a" * 20000)), "malformed")


def test_every_api_route_is_guarded_but_not_the_openapi_document_nor_preflights(app):
    client = app.test_client()
    for method, path in (("POST", "/api/v1/review"), ("GET", "/api/v1/commitments"), ("POST", "/api/v1/activities"),
                         ("GET", "/api/v1/dismissals"), ("GET", "/api/v1/no-such-route")):
        assert client.open(path, method=method, json={}).status_code == 401, path
    assert client.get("/api/v1/openapi.json").status_code == 200
    assert client.options("/api/v1/review").status_code == 200
    assert client.post("/api/v1/openapi.json").status_code == 401  # only reading the document is public
    assert client.get("/healthz").status_code != 401  # the rest of the site is not the API


# ---- the key cache: rollover, rate limit, outages ---------------------------------------------------------


def test_keys_are_fetched_once_and_cached(app, keys, jwks):
    client = app.test_client()
    for _ in range(5):
        assert client.get("/api/v1/me/goals", headers=bearer(keys["old"].sign(claims(2)))).status_code == 200
    assert jwks.requests == 1


def test_key_rollover_refetches_once_and_then_succeeds(app, keys, jwks):
    client = app.test_client()
    assert client.get("/api/v1/me/goals", headers=bearer(keys["old"].sign(claims(2)))).status_code == 200
    assert jwks.requests == 1
    jwks.serve(keys["old"], keys["new"])  # Microsoft publishes the next key
    assert client.get("/api/v1/me/goals", headers=bearer(keys["new"].sign(claims(2)))).status_code == 200
    assert jwks.requests == 2  # exactly one extra fetch
    assert client.get("/api/v1/me/goals", headers=bearer(keys["new"].sign(claims(2)))).status_code == 200
    assert jwks.requests == 2


def test_a_flood_of_unknown_key_ids_refetches_at_most_once_per_window(clocked, keys, jwks):
    app, clock = clocked
    client = app.test_client()
    assert client.get("/api/v1/me/goals", headers=bearer(keys["old"].sign(claims(2)))).status_code == 200
    for n in range(25):
        token = keys["old"].sign(claims(2), kid=f"made-up-{n}")
        assert_refused(client.get("/api/v1/me/goals", headers=bearer(token)), "unknown key", token)
        clock.now += 5
    assert jwks.requests == 2  # the first fetch plus one refetch in 125 s
    clock.now += 300  # the window has passed: one more refetch is allowed
    assert_refused(client.get("/api/v1/me/goals", headers=bearer(keys["old"].sign(claims(2), kid="late"))), "unknown key")
    assert jwks.requests == 3
    # a genuinely new key that arrives inside the window waits for the window (then works)
    jwks.serve(keys["old"], keys["new"])
    new = bearer(keys["new"].sign(claims(2)))
    assert client.get("/api/v1/me/goals", headers=new).status_code == 401
    clock.now += 301
    assert client.get("/api/v1/me/goals", headers=new).status_code == 200
    assert jwks.requests == 4


def test_keys_are_reread_after_a_day(clocked, keys, jwks):
    app, clock = clocked
    client = app.test_client()
    token = bearer(keys["old"].sign(claims(2)))
    assert client.get("/api/v1/me/goals", headers=token).status_code == 200
    clock.now += 23 * 3600
    assert client.get("/api/v1/me/goals", headers=token).status_code == 200
    assert jwks.requests == 1
    clock.now += 3600
    assert client.get("/api/v1/me/goals", headers=token).status_code == 200
    assert jwks.requests == 2


def test_a_failed_daily_refresh_keeps_the_keys_we_have(clocked, keys, jwks):
    app, clock = clocked
    client = app.test_client()
    token = bearer(keys["old"].sign(claims(2)))
    assert client.get("/api/v1/me/goals", headers=token).status_code == 200
    jwks.status = 500
    clock.now += 24 * 3600
    assert client.get("/api/v1/me/goals", headers=token).status_code == 200
    assert client.get("/api/v1/me/goals", headers=token).status_code == 200
    assert jwks.requests == 2  # one failed attempt, then a pause before the next


def test_jwks_unreachable_is_503_not_500(make_app, keys):
    with JwksServer(keys["old"]) as gone:
        url = gone.url
    app = make_app(ENTRA_JWKS_URL=url)  # nothing listens there any more
    response = app.test_client().get("/api/v1/me/goals", headers=bearer(keys["old"].sign(claims(2))))
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    assert "Sign-in keys unavailable" in response.get_json()["detail"] and response.headers["Retry-After"]


def test_jwks_errors_are_503_and_retried_after_a_pause(clocked, keys, jwks):
    app, clock = clocked
    client = app.test_client()
    token = bearer(keys["old"].sign(claims(2)))
    jwks.status = 500
    assert client.get("/api/v1/me/goals", headers=token).status_code == 503
    assert client.get("/api/v1/me/goals", headers=token).status_code == 503
    assert jwks.requests == 1  # no second attempt moments after the first failed
    jwks.status = 200
    clock.now += 31
    assert client.get("/api/v1/me/goals", headers=token).status_code == 200
    assert jwks.requests == 2


def test_a_document_without_usable_keys_is_503(make_app, jwks):
    jwks.document = {"keys": [{"kty": "EC", "kid": "x", "crv": "P-256"}, {"kty": "RSA", "kid": "enc", "use": "enc"}]}
    app = make_app()
    signer = Signer("x")
    assert app.test_client().get("/api/v1/me/goals", headers=bearer(signer.sign(claims(2)))).status_code == 503


# ---- secrecy ------------------------------------------------------------------------------------------------


def test_tokens_never_reach_logs_or_responses(app, keys, jwks, caplog):
    caplog.set_level(logging.DEBUG)
    client = app.test_client()
    tokens = [
        keys["old"].sign(claims(2)),
        keys["old"].sign(claims(2, exp=int(time.time()) - 600)),
        keys["impostor"].sign(claims(2)),
        keys["old"].sign(claims(2, scp="User.Read")),
        keys["old"].sign(claims(2), kid="unknown"),
        unsigned_token(claims(2), kid=keys["old"].kid),
    ]
    for token in tokens:
        response = client.get("/api/v1/me/summary", headers=bearer(token))
        assert token not in response.get_data(as_text=True) and token not in str(response.headers)
        signature = token.split(".")[2]
        if signature:
            assert signature not in caplog.text
        assert token not in caplog.text
    assert "refused" in caplog.text  # the reasons are logged, just not the tokens


# ---- configuration --------------------------------------------------------------------------------------------


def test_missing_allowed_tenants_stops_start_up():
    with pytest.raises(EntraConfigError, match="SENDWELL_ENTRA_ALLOWED_TENANTS"):
        create_app({"TESTING": True, "AUTH_PROVIDER": "entra", "ENTRA_CLIENT_ID": CLIENT_ID})
    with pytest.raises(EntraConfigError, match="SENDWELL_ENTRA_ALLOWED_TENANTS"):
        create_app({"TESTING": True, "AUTH_PROVIDER": "entra", "ENTRA_CLIENT_ID": CLIENT_ID, "ENTRA_ALLOWED_TENANTS": " , "})


@pytest.mark.parametrize(
    "overrides, setting",
    [
        ({"ENTRA_CLIENT_ID": None}, "SENDWELL_ENTRA_CLIENT_ID"),
        ({"ENTRA_CLIENT_ID": "sendwell"}, "SENDWELL_ENTRA_CLIENT_ID"),
        ({"ENTRA_ALLOWED_TENANTS": "contoso.onmicrosoft.com"}, "SENDWELL_ENTRA_ALLOWED_TENANTS"),
        ({"ENTRA_API_SCOPE": "access_as_user openid"}, "SENDWELL_ENTRA_API_SCOPE"),
        ({"ENTRA_JWKS_URL": "file:///etc/keys"}, "SENDWELL_ENTRA_JWKS_URL"),
        ({"ENTRA_JWKS_URL": "http://login.microsoftonline.com/common/discovery/v2.0/keys"}, "SENDWELL_ENTRA_JWKS_URL"),
        ({"ENTRA_ISSUERS": "https://login.microsoftonline.us/v2.0"}, "SENDWELL_ENTRA_ISSUERS"),
    ],
)
def test_bad_entra_settings_stop_start_up(overrides, setting):
    config = {"TESTING": True, "AUTH_PROVIDER": "entra", "ENTRA_CLIENT_ID": CLIENT_ID, "ENTRA_ALLOWED_TENANTS": TENANT}
    config.update(overrides)
    with pytest.raises(EntraConfigError, match=setting):
        create_app(config)


def test_settings_from_the_environment(monkeypatch, jwks, keys):
    monkeypatch.setenv("SENDWELL_AUTH_PROVIDER", "entra")
    monkeypatch.setenv("SENDWELL_ENTRA_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("SENDWELL_ENTRA_ALLOWED_TENANTS", f'["{OTHER_TENANT}", "{TENANT}"]')
    monkeypatch.setenv("SENDWELL_ENTRA_JWKS_URL", jwks.url)
    monkeypatch.setenv("SENDWELL_ENTRA_API_SCOPE", "review")
    app = create_app({"TESTING": True})
    client = app.test_client()
    assert client.get("/api/v1/me/goals", headers=bearer(keys["old"].sign(claims(2, scp="review")))).status_code == 200
    assert client.get("/api/v1/me/goals", headers=bearer(keys["old"].sign(claims(2)))).status_code == 403
    app.extensions["sendwell.store"].dispose()


def test_sovereign_cloud_issuers_can_be_configured(make_app, keys):
    app = make_app(ENTRA_ISSUERS="https://login.microsoftonline.us/{tid}/v2.0")
    client = app.test_client()
    gov = keys["old"].sign(claims(2, iss=f"https://login.microsoftonline.us/{TENANT}/v2.0"))
    assert client.get("/api/v1/me/goals", headers=bearer(gov)).status_code == 200
    assert client.get("/api/v1/me/goals", headers=bearer(keys["old"].sign(claims(2)))).status_code == 401


def test_the_scope_setting_may_be_the_full_scope_the_add_in_requests(make_app, keys):
    app = make_app(ENTRA_API_SCOPE=f"{APP_ID_URI}/access_as_user")
    token = keys["old"].sign(claims(2))  # scp carries the bare name
    assert app.test_client().get("/api/v1/me/goals", headers=bearer(token)).status_code == 200


@pytest.mark.parametrize("provider", ["okta", "Entra", " entra"])
def test_an_unknown_auth_provider_stops_start_up(provider):
    with pytest.raises(AuthConfigError, match="not an identity provider"):
        create_app({"TESTING": True, "AUTH_PROVIDER": provider})


def test_google_is_reserved_and_installs_nothing_yet():
    app = create_app({"TESTING": True, "AUTH_PROVIDER": "google"})
    assert EXTENSION not in app.extensions
    assert app.test_client().get("/api/v1/me/goals").status_code == 401  # closed: no verified identity
    app.extensions["sendwell.store"].dispose()


def test_serve_on_a_public_address_is_allowed_with_entra_and_refused_when_misconfigured(tmp_path, monkeypatch, jwks):
    """`sendwell serve --host 0.0.0.0` gets past its checks (the server itself is not started here)."""
    started = []
    monkeypatch.setattr("flask.Flask.run", lambda self, **kwargs: started.append(kwargs))
    env = {
        "SENDWELL_INSTANCE_PATH": str(tmp_path),
        "SENDWELL_DATABASE_URL": f"sqlite:///{tmp_path}/sendwell.sqlite",
        "SENDWELL_AUTH_PROVIDER": "entra",
        "SENDWELL_ENTRA_CLIENT_ID": CLIENT_ID,
        "SENDWELL_ENTRA_ALLOWED_TENANTS": TENANT,
        "SENDWELL_ENTRA_JWKS_URL": jwks.url,
    }
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "8123"], env=env)
    assert result.exit_code == 0, result.output
    assert started == [{"host": "0.0.0.0", "port": 8123, "debug": False, "use_reloader": False, "threaded": True}]

    env["SENDWELL_ENTRA_ALLOWED_TENANTS"] = None  # unset
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "8123"], env=env)
    assert result.exit_code != 0 and isinstance(result.exception, EntraConfigError)
    assert len(started) == 1
