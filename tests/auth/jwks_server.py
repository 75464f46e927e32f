"""A stand-in for Entra ID in the tests: locally generated RSA signing keys, served as JWKS over real HTTP.

``Signer`` holds a private key and its ``kid`` and signs tokens with PyJWT; ``JwksServer`` serves the public
halves on a loopback port, counts the requests it gets (to check caching and rate limits) and can be told
to fail (``status``) or to serve a new key set (``serve``), as Microsoft does on key rollover.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

KEYS_PATH = "/common/discovery/v2.0/keys"


class Signer:
    """An RSA key pair with a key id, standing in for one of Entra ID's signing keys."""

    def __init__(self, kid: str, issuer: str | None = "https://login.microsoftonline.com/{tenantid}/v2.0"):
        self.kid = kid
        self.issuer = issuer
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def jwk(self) -> dict:
        jwk = jwt.algorithms.RSAAlgorithm.to_jwk(self.private_key.public_key(), as_dict=True)
        jwk.update({"kid": self.kid, "use": "sig", "x5t": self.kid})
        if self.issuer:
            jwk["issuer"] = self.issuer
        return jwk

    def public_pem(self) -> bytes:
        return self.private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def sign(self, claims: dict, kid: str | None = None, **header) -> str:
        headers = {"kid": self.kid if kid is None else kid, **header}
        return jwt.encode(claims, self.private_key, algorithm="RS256", headers=headers)


def unsigned_token(claims: dict, kid: str) -> str:
    """``alg: none``: no signature at all."""
    return jwt.encode(claims, None, algorithm="none", headers={"kid": kid})


def hs256_token(claims: dict, kid: str, secret: bytes) -> str:
    """HS256 with a chosen secret (PyJWT refuses to use a PEM key as an HMAC secret, so sign by hand)."""

    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).rstrip(b"=").decode()

    header = b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": kid}).encode())
    payload = b64(json.dumps(claims).encode())
    signature = hmac.new(secret, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{b64(signature)}"


class JwksServer:
    """Serves ``{"keys": [...]}`` at ``url`` on 127.0.0.1; ``requests`` counts the fetches."""

    def __init__(self, *signers: Signer):
        self.document = {"keys": [s.jwk() for s in signers]}
        self.status = 200
        self.requests = 0
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                with server._lock:
                    server.requests += 1
                    status, document = server.status, server.document
                if self.path != KEYS_PATH:
                    status = 404
                body = json.dumps(document if status == 200 else {"error": "unavailable"}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}{KEYS_PATH}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def serve(self, *signers: Signer) -> None:
        """Publish a new key set (key rollover)."""
        with self._lock:
            self.document = {"keys": [s.jwk() for s in signers]}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)
