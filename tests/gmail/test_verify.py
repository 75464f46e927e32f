"""Verification of Gmail add-on requests, with ID tokens signed here and Google's certificate endpoint played
by a loopback HTTP server (the v1 format: ``{key id: PEM x509 certificate}``)."""
from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from flask import jsonify
from google.auth import crypt, jwt

from addin import create_app
from addin.gmail import verify
from addin.identity import current_rep_email

BASE = "https://sendwell.example.com"
PROBE = "/gmail/_probe"  # registered per test app; endpoint "gmail._probe" puts it under the blueprint's checks
SERVICE_ACCOUNT = "service-123456789@gcp-sa-gsuiteaddons.iam.gserviceaccount.com"
CLIENT_ID = "123456789-abc.apps.googleusercontent.com"
USER = "Ana.Rep@Example.com"


# ---------------------------------------------------------------------------------------------------------
# Keys, certificates and a certificate server


class Key:
    def __init__(self, kid: str):
        self.kid = kid
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"test-{kid}")])
        now = dt.datetime.now(dt.timezone.utc)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.private.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=1))
            .sign(self.private, hashes.SHA256())
        )
        self.cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode()
        pem = self.private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        self.signer = crypt.RSASigner.from_string(pem, key_id=kid)


@pytest.fixture(scope="module")
def keys():
    return {"k1": Key("k1"), "k2": Key("k2"), "forger": Key("k1")}  # the forger claims Google's key id


class CertServer:
    """Serves ``certs`` as JSON with a long max-age; counts fetches; ``status`` simulates an outage."""

    def __init__(self):
        self.certs: dict[str, str] = {}
        self.hits = 0
        self.status = 200
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                outer.hits += 1
                body = json.dumps(outer.certs).encode()
                self.send_response(outer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Cache-Control", "public, max-age=21600, must-revalidate, no-transform")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}/oauth2/v1/certs"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def cert_server():
    server = CertServer()
    yield server
    server.close()


@pytest.fixture
def certs(cert_server, keys):
    """The server, reset: Google's one current key, no fetches yet (every test app has its own cache)."""
    cert_server.certs, cert_server.hits, cert_server.status = {"k1": keys["k1"].cert_pem}, 0, 200
    return cert_server


# ---------------------------------------------------------------------------------------------------------
# Tokens and apps


def sign(key: Key, **claims) -> str:
    now = int(time.time())
    payload = {"iss": "https://accounts.google.com", "iat": now - 5, "exp": now + 3600, **claims}
    payload = {name: value for name, value in payload.items() if value is not None}  # None drops a claim
    return jwt.encode(key.signer, payload).decode()


def system_token(key: Key, path: str = PROBE, **claims) -> str:
    return sign(key, **{"aud": BASE + path, "email": SERVICE_ACCOUNT, "email_verified": True,
                        "sub": "1098", **claims})


def user_token(key: Key, **claims) -> str:
    return sign(key, **{"aud": CLIENT_ID, "azp": CLIENT_ID, "email": USER, "email_verified": True,
                        "sub": "4242", **claims})


def event(user: str | None) -> dict:
    body = {"commonEventObject": {"hostApp": "GMAIL", "platform": "WEB"}, "gmail": {"messageId": "m1"}}
    if user is not None:
        body["authorizationEventObject"] = {"userIdToken": user, "userOAuthToken": "ya29.secret-oauth"}
    return body


def make_app(certs_url: str, **overrides):
    config = {
        "TESTING": True,
        "GMAIL_ADDON_BASE_URL": BASE,
        "GMAIL_ADDON_SERVICE_ACCOUNT": SERVICE_ACCOUNT,
        "GMAIL_ADDON_OAUTH_CLIENT_ID": CLIENT_ID,
        "GMAIL_CERTS_URL": certs_url,
        **overrides,
    }
    app = create_app(config)
    app.add_url_rule(PROBE, endpoint="gmail._probe", view_func=lambda: jsonify(rep=current_rep_email()),
                     methods=["POST"])
    return app


@pytest.fixture
def app(certs):
    return make_app(certs.url)


@pytest.fixture
def client(app):
    return app.test_client()


def post(client, system: str | None, user: str | None, path: str = PROBE, **kwargs):
    headers = {"Authorization": f"Bearer {system}"} if system is not None else {}
    headers.update(kwargs.pop("headers", {}))
    return client.post(path, json=event(user), headers=headers, **kwargs)


def assert_unauthorized(response):
    assert response.status_code == 401, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert response.json["status"] == 401 and response.json["title"] == "Unauthorized"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


# ---------------------------------------------------------------------------------------------------------
# HTTP level


def test_valid_request_sets_the_verified_rep(client, keys):
    response = post(client, system_token(keys["k1"]), user_token(keys["k1"]))
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.json == {"rep": "ana.rep@example.com"}  # from the user token, lower-cased


def test_rep_header_cannot_override_the_verified_identity(client, keys):
    response = post(client, system_token(keys["k1"]), user_token(keys["k1"]),
                    headers={"X-Sendwell-Rep": "boss@example.com"})
    assert response.json == {"rep": "ana.rep@example.com"}


def test_system_token_for_another_endpoint_is_refused(client, keys):
    assert_unauthorized(post(client, system_token(keys["k1"], path="/gmail/compose"), user_token(keys["k1"])))


def test_audience_comes_from_the_configured_base_not_the_host_header(client, keys):
    forged_host = sign(keys["k1"], aud="https://evil.example" + PROBE, email=SERVICE_ACCOUNT, email_verified=True)
    assert_unauthorized(post(client, forged_host, user_token(keys["k1"]), headers={"Host": "evil.example"}))
    # behind a proxy the service sees its own host name, yet the audience is still the public URL
    ok = post(client, system_token(keys["k1"]), user_token(keys["k1"]), headers={"Host": "10.0.0.7:8000"})
    assert ok.status_code == 200


def test_base_url_with_trailing_slash_and_query_strings(certs, keys):
    client = make_app(certs.url, GMAIL_ADDON_BASE_URL=BASE + "/").test_client()
    assert post(client, system_token(keys["k1"]), user_token(keys["k1"])).status_code == 200
    with_query = system_token(keys["k1"], path=PROBE + "?action=accept")
    assert post(client, with_query, user_token(keys["k1"]), path=PROBE + "?action=accept").status_code == 200
    assert_unauthorized(post(client, system_token(keys["k1"]), user_token(keys["k1"]), path=PROBE + "?action=accept"))


def test_numeric_client_id_from_the_environment(certs, keys):
    """``SENDWELL_GMAIL_ADDON_OAUTH_CLIENT_ID=1234…`` is parsed as JSON, so it arrives as a number."""
    client = make_app(certs.url, GMAIL_ADDON_OAUTH_CLIENT_ID=1234567890123456789).test_client()
    user = user_token(keys["k1"], aud="1234567890123456789", azp="1234567890123456789")
    assert post(client, system_token(keys["k1"]), user).status_code == 200


def test_wrong_service_account_is_refused(client, keys):
    other = system_token(keys["k1"], email="service-999@gcp-sa-gsuiteaddons.iam.gserviceaccount.com")
    assert_unauthorized(post(client, other, user_token(keys["k1"])))


def test_unverified_service_account_email_is_refused(client, keys):
    assert_unauthorized(post(client, system_token(keys["k1"], email_verified=False), user_token(keys["k1"])))
    assert_unauthorized(post(client, system_token(keys["k1"], email_verified=None), user_token(keys["k1"])))


def test_expired_system_token_is_refused(client, keys):
    old = int(time.time()) - 7200
    assert_unauthorized(post(client, system_token(keys["k1"], iat=old, exp=old + 3600), user_token(keys["k1"])))


def test_bad_signature_is_refused(client, keys):
    forged = system_token(keys["forger"])  # right claims, right key id, wrong key
    assert_unauthorized(post(client, forged, user_token(keys["k1"])))
    k1 = system_token(keys["k1"])
    header, payload, _sig = k1.split(".")
    _h, _p, other_sig = system_token(keys["k1"], sub="someone-else").split(".")
    assert_unauthorized(post(client, f"{header}.{payload}.{other_sig}", user_token(keys["k1"])))


def test_token_not_issued_by_google_is_refused(client, keys):
    assert_unauthorized(post(client, system_token(keys["k1"], iss="https://evil.example"), user_token(keys["k1"])))


def test_missing_authorization_header(client, keys):
    assert_unauthorized(post(client, None, user_token(keys["k1"])))


@pytest.mark.parametrize("value", ["Basic dXNlcjpwdw==", "Bearer", "Bearer ", "Token abc", "Bearer a b", "abc"])
def test_malformed_authorization_header(client, keys, value):
    response = client.post(PROBE, json=event(user_token(keys["k1"])), headers={"Authorization": value})
    assert_unauthorized(response)


def test_garbage_bearer_token(client, keys):
    assert_unauthorized(post(client, "not-a-jwt", user_token(keys["k1"])))
    assert_unauthorized(post(client, "a.b.c", user_token(keys["k1"])))


@pytest.mark.parametrize(
    "make_user",
    [
        lambda k: None,  # no authorizationEventObject
        lambda k: "",
        lambda k: user_token(k["k1"], aud="someone-else.apps.googleusercontent.com"),
        lambda k: user_token(k["k1"], iat=int(time.time()) - 7200, exp=int(time.time()) - 3600),
        lambda k: user_token(k["forger"]),
        lambda k: user_token(k["k1"], email=None),
        lambda k: user_token(k["k1"], email_verified=False),
        lambda k: user_token(k["k1"], iss="https://evil.example"),
        lambda k: system_token(k["k1"]),  # the system token replayed as the user token
    ],
    ids=["absent", "empty", "wrong-audience", "expired", "bad-signature", "no-email", "unverified", "issuer", "system"],
)
def test_valid_system_token_with_bad_user_token(client, keys, make_user):
    assert_unauthorized(post(client, system_token(keys["k1"]), make_user(keys)))


def test_body_that_is_not_json(client, keys):
    response = client.post(PROBE, data="hello", headers={"Authorization": f"Bearer {system_token(keys['k1'])}"})
    assert_unauthorized(response)


def test_certificates_fetched_once_for_many_requests(client, certs, keys):
    for _ in range(5):
        assert post(client, system_token(keys["k1"]), user_token(keys["k1"])).status_code == 200
    assert certs.hits == 1  # two tokens per request, ten verifications, one fetch


def test_rotated_key_triggers_one_refetch_at_most_once_a_minute(certs, keys):
    now = [1000.0]
    app = make_app(certs.url)
    app.extensions[verify.EXTENSION] = verify.CertificateCache(clock=lambda: now[0])
    client = app.test_client()
    assert post(client, system_token(keys["k1"]), user_token(keys["k1"])).status_code == 200
    certs.certs = {"k1": keys["k1"].cert_pem, "k2": keys["k2"].cert_pem}  # Google publishes a new key
    new_key = system_token(keys["k2"])
    now[0] += 10
    assert_unauthorized(post(client, new_key, user_token(keys["k2"])))  # too soon to refetch
    assert certs.hits == 1
    now[0] += 60
    assert post(client, new_key, user_token(keys["k2"])).status_code == 200
    assert certs.hits == 2


def test_certificate_outage_is_503_not_401(client, certs, keys):
    certs.status = 500
    response = post(client, system_token(keys["k1"]), user_token(keys["k1"]))
    assert response.status_code == 503 and response.mimetype == "application/problem+json"
    certs.status = 200
    assert post(client, system_token(keys["k1"]), user_token(keys["k1"])).status_code == 200  # failure not cached


def test_failures_are_logged_with_a_reason_and_never_a_token(client, keys, caplog):
    caplog.set_level(logging.DEBUG)
    system, user = system_token(keys["k1"], path="/gmail/other"), user_token(keys["k1"])
    post(client, system, user)
    post(client, "x" * 40 + "." + "y" * 40, user)  # google-auth quotes malformed tokens in its messages
    post(client, system_token(keys["k1"]), user_token(keys["k1"], aud="nope"))
    text = caplog.text
    assert "wrong audience" in text
    for secret in (system, user, "x" * 40, "ya29.secret-oauth", "messageId", USER, USER.lower()):
        assert secret not in text


def test_unconfigured_addon_answers_503(certs, keys, tmp_path, monkeypatch):
    monkeypatch.setenv("SENDWELL_INSTANCE_PATH", str(tmp_path))
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite"})  # production mode, no Gmail settings
    app.add_url_rule(PROBE, endpoint="gmail._probe", view_func=lambda: "ok", methods=["POST"])
    response = post(app.test_client(), system_token(keys["k1"]), user_token(keys["k1"]))
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert "Gmail add-on not configured" in response.json["detail"]
    assert app.test_client().get("/healthz").status_code == 200  # the rest of the app still starts and serves


def test_partly_configured_addon_answers_503(certs, keys):
    client = make_app(certs.url, GMAIL_ADDON_OAUTH_CLIENT_ID="").test_client()
    assert post(client, system_token(keys["k1"]), user_token(keys["k1"])).status_code == 503


def test_verification_can_be_switched_off_only_in_tests(certs, tmp_path, monkeypatch):
    app = make_app(certs.url, GMAIL_VERIFY_REQUESTS=False)
    response = app.test_client().post(PROBE, json=event(None), headers={"X-Sendwell-Rep": "dev@example.com"})
    assert response.status_code == 200 and response.json == {"rep": "dev@example.com"}
    app.config["TESTING"] = False  # a test app put into production mode: the flag no longer counts
    assert_unauthorized(app.test_client().post(PROBE, json=event(None)))

    monkeypatch.setenv("SENDWELL_INSTANCE_PATH", str(tmp_path))
    for value in (False, "false", 0):
        with pytest.raises(RuntimeError, match="GMAIL_VERIFY_REQUESTS"):
            create_app({"GMAIL_VERIFY_REQUESTS": value, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite"})


def test_verification_is_on_by_default_in_tests_too(certs):
    app = make_app(certs.url)
    assert verify.verification_enabled(app.config)
    assert_unauthorized(app.test_client().post(PROBE, json=event(None)))


def test_valid_tokens_reach_the_real_homepage_as_the_verified_rep(app, keys):
    if "/gmail/homepage" not in {rule.rule for rule in app.url_map.iter_rules()}:
        pytest.skip("the card views are not registered")
    client = app.test_client()
    response = post(client, system_token(keys["k1"], path="/gmail/homepage"), user_token(keys["k1"]),
                    path="/gmail/homepage")
    assert response.status_code == 200, response.get_data(as_text=True)
    assert_unauthorized(post(client, system_token(keys["k1"]), user_token(keys["k1"]), path="/gmail/homepage"))


def test_every_registered_gmail_route_is_protected(app):
    """Whatever card endpoints exist under /gmail/, none answers an unsigned request."""
    client = app.test_client()
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("gmail.")]
    assert rules  # at least the probe
    for rule in rules:
        if rule.arguments:
            continue
        method = "POST" if "POST" in rule.methods else "GET"
        response = client.open(rule.rule, method=method, json=event(None))
        assert response.status_code == 401, f"{method} {rule.rule} answered {response.status_code}"


# ---------------------------------------------------------------------------------------------------------
# Units


def test_verify_functions_directly(certs, keys):
    config = {"GMAIL_ADDON_SERVICE_ACCOUNT": SERVICE_ACCOUNT, "GMAIL_ADDON_OAUTH_CLIENT_ID": CLIENT_ID,
              "GMAIL_CERTS_URL": certs.url}
    cache = verify.CertificateCache()
    verify.verify_system_token(f"Bearer {system_token(keys['k1'])}", BASE + PROBE, config, cache)
    verify.verify_system_token(f"bearer {system_token(keys['k1'])}", BASE + PROBE, config, cache)  # case-insensitive
    assert verify.verify_user_token(event(user_token(keys["k1"])), config, cache) == "ana.rep@example.com"
    with pytest.raises(verify.VerificationFailed, match="wrong audience"):
        verify.verify_system_token(f"Bearer {system_token(keys['k1'])}", BASE + "/gmail/x", config, cache)
    with pytest.raises(verify.VerificationFailed, match="expired"):
        old = int(time.time()) - 7200
        verify.verify_system_token(f"Bearer {system_token(keys['k1'], iat=old, exp=old + 60)}", BASE + PROBE,
                                   config, cache)
    with pytest.raises(verify.VerificationFailed, match="bad signature"):
        verify.verify_system_token(f"Bearer {system_token(keys['forger'])}", BASE + PROBE, config, cache)
    with pytest.raises(verify.VerificationFailed, match="no audience"):
        verify.verify_google_id_token(system_token(keys["k1"]), "", cache, certs.url, "system token")
    assert certs.hits == 1


def test_endpoint_url():
    assert verify.endpoint_url("https://h.example/", "/gmail/homepage") == "https://h.example/gmail/homepage"
    assert verify.endpoint_url("https://h.example/p", "/gmail/a", b"x=1") == "https://h.example/p/gmail/a?x=1"


@pytest.mark.parametrize(
    "headers, expected",
    [
        ({"Cache-Control": "public, max-age=19845, must-revalidate, no-transform"}, 19845),
        ({"cache-control": "max-age=600", "Age": "100"}, 500),
        ({"Cache-Control": "max-age=60", "Age": "600"}, 0),
        ({"Cache-Control": "no-store"}, 0),
        ({"Cache-Control": "no-cache, max-age=600"}, 0),
        ({"Cache-Control": "public"}, None),
        ({}, None),
        ({"Cache-Control": "max-age=soon"}, None),
    ],
)
def test_max_age(headers, expected):
    assert verify.max_age(headers) == expected


def test_cache_expires_and_caps_ttl(certs, keys):
    now = [0.0]
    cache = verify.CertificateCache(clock=lambda: now[0], max_ttl=3600)
    for _ in range(3):
        assert cache(certs.url).status == 200
    assert certs.hits == 1
    now[0] += 3599
    cache(certs.url)
    assert certs.hits == 1
    now[0] += 2  # past the one-hour cap, though the server allowed six
    cache(certs.url)
    assert certs.hits == 2
