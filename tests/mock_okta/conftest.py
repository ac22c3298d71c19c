"""Fixtures for the mock org: a fresh in-memory org per test, users, and fixtures
that walk the OAuth flow with Flask's test client. The plain helpers they use (the
test org's constants, `Pkce`, `authorize_params`, ...) are in tests/mock_okta/support/."""

from __future__ import annotations

import secrets

import pytest

from mock_okta import create_app
from mock_okta.config import ClientSettings, DemoUser, Settings
from tests.mock_okta.support import (
    API_TOKEN,
    CLIENT_ID,
    CLIENT_SECRET,
    PASSWORD,
    POST_LOGOUT_URI,
    REDIRECT_URI,
    Pkce,
    authorize_params,
    basic_auth,
    redirect_params,
    session_token,
)


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
