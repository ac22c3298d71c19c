"""A tiny scriptable IdP for the answers the real mock never gives (garbage discovery,
500s, forged or mis-addressed ID tokens): real HTTP on loopback, for real Authlib.
The `fake_idp` fixture in tests/app/conftest.py serves one per test."""

from __future__ import annotations

import json
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import jwt

from tests.app.support import CLIENT_ID


class FakeIdP:
    """Routes map a path to (status, content_type, body) or to a function of the request."""

    def __init__(self, url: str, key):
        self.url = url
        self.issuer = f"{url}/oauth2/default"
        self.key = key
        self.kid = "fake-kid-1"
        self.routes: dict = {}
        self.requests: list[dict] = []

    def json(self, path: str, body, status: int = 200) -> None:
        self.routes[path] = (status, "application/json", json.dumps(body).encode())

    def serve_oidc(self, **discovery_overrides) -> dict:
        base = self.issuer
        discovery = {
            "issuer": base,
            "authorization_endpoint": f"{base}/v1/authorize",
            "token_endpoint": f"{base}/v1/token",
            "jwks_uri": f"{base}/v1/keys",
            "end_session_endpoint": f"{base}/v1/logout",
            "id_token_signing_alg_values_supported": ["RS256"],
        }
        discovery.update(discovery_overrides)
        discovery = {k: v for k, v in discovery.items() if v is not None}
        self.json("/oauth2/default/.well-known/openid-configuration", discovery)
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update(kid=self.kid, alg="RS256", use="sig")
        self.json("/oauth2/default/v1/keys", {"keys": [jwk]})
        return discovery

    def id_token(self, claims: dict, key=..., kid: str | None = None, alg="RS256") -> str:
        now = int(time.time())
        body = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 3600,
                "sub": "00uFakeUser000000001"}
        body.update(claims)
        body = {k: v for k, v in body.items() if v is not None}
        signing_key = self.key if key is ... else key
        return jwt.encode(body, signing_key, algorithm=alg, headers={"kid": kid or self.kid})

    def token_response(self, id_token: str | None) -> None:
        body = {"access_token": "fake-access-token", "token_type": "Bearer", "expires_in": 3600,
                "scope": "openid profile email"}
        if id_token is not None:
            body["id_token"] = id_token
        self.json("/oauth2/default/v1/token", body)

    def user(self, user_id="00uFakeUser000000001", **profile) -> dict:
        body = {"id": user_id, "status": "ACTIVE",
                "profile": {"firstName": "Fay", "lastName": "Kidp", "email": "fay@example.com",
                            "login": "fay@example.com", **profile}}
        self.json(f"/api/v1/users/{user_id}", body)
        return body

    def requests_to(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["path"] == path]


def handler_for(idp: FakeIdP):
    class Handler(BaseHTTPRequestHandler):
        def _serve(self):
            length = int(self.headers.get("Content-Length") or 0)
            record = {"method": self.command, "path": urlsplit(self.path).path,
                      "query": urlsplit(self.path).query, "headers": dict(self.headers),
                      "body": self.rfile.read(length).decode()}
            idp.requests.append(record)
            route = idp.routes.get(record["path"])
            if callable(route):
                route = route(record)
            not_found = (404, "application/json", b'{"errorCode":"E0000007"}')
            status, content_type, body = route or not_found
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _serve

        def log_message(self, *args):  # keep pytest output clean
            pass

    return Handler


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that timed out on purpose is not news (and would print after the test)
