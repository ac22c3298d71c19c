"""Fixtures for the mock org: a fresh in-memory org per test, and helpers
that walk the OAuth flow with Flask's test client."""

from __future__ import annotations

import base64
import hashlib
import secrets
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest

from mock_okta import create_app
from mock_okta.config import ClientSettings, DemoUser, Settings

API_TOKEN = "test-api-token"
CLIENT_ID = "0oaTestClient0000001"
CLIENT_SECRET = "test-client-secret"
REDIRECT_URI = "http://localhost:5000/authorization-code/callback"
POST_LOGOUT_URI = "http://localhost:5000/"
PASSWORD = "Correct-Horse-42"
ISSUER = "http://localhost/oauth2/default"


@pytest.fixture
def settings() -> Settings:
    return Settings(
        db_path=":memory:",
        api_token=API_TOKEN,
        clients=[ClientSettings(client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                                redirect_uris=[REDIRECT_URI],
                                post_logout_redirect_uris=[POST_LOGOUT_URI])],
        demo_user=DemoUser(),
    )


@pytest.fixture
def app(settings):
    app = create_app(settings)
    app.config["TESTING"] = True
    yield app
    app.extensions["mock_okta"].store.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def api_headers():
    return {"Authorization": f"SSWS {API_TOKEN}"}


@pytest.fixture
def make_user(client, api_headers):
    """Create an ACTIVE user through the Users API; returns its JSON."""
    counter = iter(range(10_000))

    def make(first="Ada", last="Lovelace", email=None, password=PASSWORD):
        email = email or f"user{next(counter)}.{secrets.token_hex(3)}@example.com"
        body = {"profile": {"firstName": first, "lastName": last, "email": email,
                            "login": email},
                "credentials": {"password": {"value": password}}}
        response = client.post("/api/v1/users?activate=true", json=body, headers=api_headers)
        assert response.status_code == 200, response.json
        return response.json

    return make


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


@pytest.fixture
def sign_in(client):
    """Sign a user in to the org (sets the `sid` cookie on the test client)."""

    def sign(login, password=PASSWORD):
        token = session_token(client, login, password)
        response = client.get("/oauth2/default/v1/authorize",
                              query_string=authorize_params(sessionToken=token))
        assert response.status_code == 302, response.data
        return response

    return sign


@pytest.fixture
def tokens(client, make_user):
    """Run the whole code flow for a new user; returns (user JSON, token response)."""

    def run(scope="openid profile email", user=None):
        user = user or make_user()
        pkce = Pkce.new()
        # An existing org session would win over the sessionToken (as in Okta): start clean.
        client.delete_cookie("sid")
        token = session_token(client, user["profile"]["login"])
        response = client.get("/oauth2/default/v1/authorize",
                              query_string=authorize_params(pkce, scope=scope,
                                                            sessionToken=token))
        code = redirect_params(response)["code"]
        response = client.post("/oauth2/default/v1/token", headers=basic_auth(), data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI,
            "code_verifier": pkce.verifier})
        assert response.status_code == 200, response.json
        return user, response.json

    return run
