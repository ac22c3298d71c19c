"""The test org's settings and the steps of its sign-in flow, shared by the mock org's
tests and by the fixtures in tests/mock_okta/conftest.py.

The other helper modules of this package: `authorize` (apps with other response types,
form_post pages), `token` (apps with other grants, code flows, client assertions),
`pages` (the hosted sign-in pages), `api` (Okta error bodies, user counts) and
`process` (`python -m mock_okta` in a child process)."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

API_TOKEN = "test-api-token"
CLIENT_ID = "0oaTestClient0000001"
CLIENT_SECRET = "test-client-secret"
REDIRECT_URI = "http://localhost:5000/authorization-code/callback"
POST_LOGOUT_URI = "http://localhost:5000/"
PASSWORD = "Correct-Horse-42"
ISSUER = "http://localhost/oauth2/default"


@dataclass
class Pkce:
    verifier: str
    challenge: str

    @classmethod
    def new(cls) -> Pkce:
        verifier = secrets.token_urlsafe(48)
        digest = hashlib.sha256(verifier.encode()).digest()
        return cls(verifier, base64.urlsafe_b64encode(digest).decode().rstrip("="))


def authorize_params(pkce: Pkce | None = None, **overrides) -> dict:
    pkce = pkce or Pkce.new()
    params = {
        "client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI, "response_type": "code",
        "scope": "openid profile email", "state": "state-123", "nonce": "nonce-456",
        "code_challenge": pkce.challenge, "code_challenge_method": "S256",
    }
    params.update(overrides)
    return {k: v for k, v in params.items() if v is not None}


def basic_auth(client_id=CLIENT_ID, secret=CLIENT_SECRET) -> dict:
    raw = f"{client_id}:{secret}".encode()
    return {"Authorization": "Basic " + base64.b64encode(raw).decode()}


def redirect_params(response) -> dict:
    """Query parameters of a redirect's Location, single values."""
    location = response.headers["Location"]
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def session_token(client, login, password=PASSWORD) -> str:
    response = client.post("/api/v1/authn", json={"username": login, "password": password})
    assert response.status_code == 200, response.json
    return response.json["sessionToken"]
