"""Authentication API: `POST /api/v1/authn` and the one-time sessionToken."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from mock_okta.directory import sessions
from tests.mock_okta.support import PASSWORD, REDIRECT_URI, authorize_params, redirect_params, session_token

AUTHORIZE = "/oauth2/default/v1/authorize"


def authn(client, username, password=PASSWORD, **extra):
    return client.post("/api/v1/authn", json={"username": username, "password": password, **extra})


def parse_okta_date(text: str) -> float:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC).timestamp()


def assert_authentication_failed(response):
    assert response.status_code == 401, response.data
    body = response.get_json()
    assert body["errorCode"] == "E0000004"
    assert body["errorSummary"] == "Authentication failed"
    assert body["errorLink"] == "E0000004"
    assert body["errorId"].startswith("oae")
    assert body["errorCauses"] == []
    assert "sessionToken" not in body


# --- success ---------------------------------------------------------------

def test_success_shape(client, make_user):
    user = make_user(first="Grace", last="Hopper")
    before = time.time()
    response = authn(client, user["profile"]["login"])
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "SUCCESS"
    assert isinstance(body["sessionToken"], str) and len(body["sessionToken"]) >= 20
    embedded = body["_embedded"]["user"]
    assert embedded["id"] == user["id"]
    assert embedded["passwordChanged"] == user["passwordChanged"]
    assert embedded["profile"]["login"] == user["profile"]["login"]
    assert embedded["profile"]["firstName"] == "Grace"
    assert embedded["profile"]["lastName"] == "Hopper"
    assert embedded["profile"]["locale"] == "en_US"
    expires = parse_okta_date(body["expiresAt"])
    assert before + 295 <= expires <= time.time() + 305


def test_no_api_token_needed(app, make_user):
    user = make_user()
    fresh = app.test_client()  # no Authorization header at all
    assert authn(fresh, user["profile"]["login"]).status_code == 200


def test_username_any_case(client, make_user):
    user = make_user()
    response = authn(client, user["profile"]["login"].upper())
    assert response.status_code == 200
    assert response.get_json()["_embedded"]["user"]["id"] == user["id"]


def test_session_tokens_differ(client, make_user):
    login = make_user()["profile"]["login"]
    assert session_token(client, login) != session_token(client, login)


def test_success_sets_last_login(client, api_headers, make_user):
    user = make_user()
    assert user["lastLogin"] is None
    authn(client, user["profile"]["login"])
    after = client.get(f"/api/v1/users/{user['id']}", headers=api_headers).get_json()
    assert after["lastLogin"] is not None


def test_extra_fields_are_ignored(client, make_user):
    user = make_user()
    response = authn(client, user["profile"]["login"],
                     options={"multiOptionalFactorEnroll": False,
                              "warnBeforePasswordExpired": False})
    assert response.status_code == 200


# --- failure ---------------------------------------------------------------

@pytest.mark.parametrize(
    "username, password",
    [("{login}", "Wrong-Horse-42"), ("{login}", PASSWORD.lower()), ("{login}", ""),
     ("nobody@example.com", PASSWORD), ("", PASSWORD)],
    ids=["wrong-password", "wrong-case-password", "empty-password", "unknown-user",
         "empty-username"],
)
def test_bad_credentials(client, make_user, username, password):
    login = make_user()["profile"]["login"]
    assert_authentication_failed(authn(client, username.format(login=login), password))


@pytest.mark.parametrize(
    "query, password",
    [("?activate=false", PASSWORD), ("?activate=true", None)],
    ids=["staged", "provisioned"],
)
def test_users_who_are_not_active_cannot_sign_in(client, api_headers, query, password):
    body = {"profile": {"login": "pending@example.com", "email": "pending@example.com",
                        "firstName": "Pen", "lastName": "Ding"}}
    if password:
        body["credentials"] = {"password": {"value": password}}
    created = client.post(f"/api/v1/users{query}", json=body, headers=api_headers)
    assert created.get_json()["status"] in ("STAGED", "PROVISIONED")
    assert_authentication_failed(authn(client, "pending@example.com"))


def test_failure_does_not_set_last_login(client, api_headers, make_user):
    user = make_user()
    authn(client, user["profile"]["login"], "Wrong-Horse-42")
    after = client.get(f"/api/v1/users/{user['id']}", headers=api_headers).get_json()
    assert after["lastLogin"] is None


@pytest.mark.parametrize(
    "body",
    [{"username": 42, "password": PASSWORD}, {"username": None, "password": PASSWORD},
     {"username": ["a@example.com"], "password": PASSWORD},
     {"username": "demo.user@example.com", "password": 12345678},
     {"username": "demo.user@example.com"}, {"password": PASSWORD}, {}],
    ids=["username-number", "username-null", "username-list", "password-number",
         "no-password", "no-username", "empty-object"],
)
def test_wrong_types_are_authentication_failures(client, body):
    assert_authentication_failed(client.post("/api/v1/authn", json=body))


@pytest.mark.parametrize(
    "kwargs",
    [{"data": "{not json", "content_type": "application/json"},
     {"data": "username=a&password=b", "content_type": "application/x-www-form-urlencoded"},
     {"data": "", "content_type": "application/json"},
     {"json": ["demo.user@example.com", "Sunny-Meadow-42"]},
     {"json": "demo.user@example.com"}],
    ids=["broken-json", "form-encoded", "empty", "json-list", "json-string"],
)
def test_malformed_body(client, kwargs):
    response = client.post("/api/v1/authn", **kwargs)
    assert response.status_code == 400
    body = response.get_json()
    assert body["errorCode"] == "E0000003"
    assert body["errorSummary"] == "The request body was not well-formed."


def test_password_that_cannot_be_encoded_is_a_malformed_body(client, make_user):
    """A lone surrogate escape is valid JSON text but no UTF-8 string: 400, never a 500."""
    login = make_user()["profile"]["login"]
    response = authn(client, login, "\ud800" + PASSWORD)
    assert response.status_code == 400
    assert response.json["errorCode"] == "E0000003"


# --- the sessionToken at /authorize ----------------------------------------

def test_session_token_yields_a_code(client, make_user):
    token = session_token(client, make_user()["profile"]["login"])
    response = client.get(AUTHORIZE, query_string=authorize_params(sessionToken=token,
                                                                   prompt="none"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(REDIRECT_URI + "?")
    params = redirect_params(response)
    assert params.get("code")
    assert params["state"] == "state-123"
    assert "error" not in params


def test_session_token_sets_the_org_session_cookie(client, make_user):
    token = session_token(client, make_user()["profile"]["login"])
    response = client.get(AUTHORIZE, query_string=authorize_params(sessionToken=token,
                                                                   prompt="none"))
    cookies = response.headers.getlist("Set-Cookie")
    assert any(cookie.startswith("sid=") for cookie in cookies), cookies


def test_session_token_works_only_once(app, client, make_user):
    token = session_token(client, make_user()["profile"]["login"])
    first = client.get(AUTHORIZE, query_string=authorize_params(sessionToken=token, prompt="none"))
    assert redirect_params(first).get("code")

    other_browser = app.test_client()  # no org session cookie from the first use
    second = other_browser.get(AUTHORIZE,
                               query_string=authorize_params(sessionToken=token, prompt="none"))
    assert second.status_code == 302
    assert second.headers["Location"].startswith(REDIRECT_URI + "?")
    params = redirect_params(second)
    assert params["error"] == "login_required"
    assert params["state"] == "state-123"
    assert "code" not in params


def test_used_session_token_without_prompt_none_goes_to_sign_in(app, client, make_user):
    token = session_token(client, make_user()["profile"]["login"])
    client.get(AUTHORIZE, query_string=authorize_params(sessionToken=token))
    second = app.test_client().get(AUTHORIZE, query_string=authorize_params(sessionToken=token))
    assert second.status_code == 302
    assert "/login/login.htm" in second.headers["Location"]
    assert "code=" not in second.headers["Location"]


@pytest.mark.parametrize("age, works", [(299, True), (301, False)])
def test_session_token_lifetime_is_five_minutes(client, make_user, monkeypatch, age, works):
    token = session_token(client, make_user()["profile"]["login"])
    issued = time.time()
    monkeypatch.setattr(sessions, "now", lambda: issued + age)
    response = client.get(AUTHORIZE, query_string=authorize_params(sessionToken=token,
                                                                   prompt="none"))
    params = redirect_params(response)
    if works:
        assert params.get("code"), params
    else:
        assert params.get("error") == "login_required", params
        assert "code" not in params


@pytest.mark.parametrize("token", ["not-a-token", "20111" + "x" * 44, ""])
def test_unknown_session_token_is_ignored(client, token):
    response = client.get(AUTHORIZE, query_string=authorize_params(sessionToken=token,
                                                                   prompt="none"))
    assert redirect_params(response).get("error") == "login_required"
