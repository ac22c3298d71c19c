"""/v1/token grant_type=refresh_token: offline_access only, rotation with
reuse detection, narrowing scope, ID tokens, Okta's errors."""

import time

import pytest

from tests.mock_okta.support import CLIENT_ID, CLIENT_SECRET, basic_auth
from tests.mock_okta.support.token import (
    INTROSPECT,
    SPA_ID,
    TOKEN,
    USERINFO,
    WEB_ID,
    WEB_SECRET,
    basic,
    claims_of,
    code_flow,
    register,
    register_standard_apps,
)

REFRESH_INVALID = {"error": "invalid_grant",
                   "error_description": "The refresh token is invalid or expired."}


@pytest.fixture(autouse=True)
def apps(app):
    register_standard_apps(app)


def refresh(client, token, headers=None, **form):
    data = {"grant_type": "refresh_token", "refresh_token": token, **form}
    return client.post(TOKEN, data={k: v for k, v in data.items() if v is not None},
                       headers=basic(WEB_ID, WEB_SECRET) if headers is None else headers)


def introspect(client, token):
    return client.post(INTROSPECT, data={"token": token}, headers=basic(WEB_ID, WEB_SECRET)).json


def test_refresh_token_only_with_offline_access(client, make_user):
    _, body = code_flow(client, make_user(), scope="openid profile")
    assert "refresh_token" not in body
    _, body = code_flow(client, make_user(), scope="openid offline_access")
    assert isinstance(body["refresh_token"], str) and len(body["refresh_token"]) >= 40


def test_no_refresh_token_when_the_app_may_not_refresh(client, tokens):
    # The conftest app allows authorization_code only.
    _, body = tokens(scope="openid offline_access")
    assert "refresh_token" not in body
    assert body["scope"] == "openid offline_access"


def test_refresh_returns_new_tokens_and_an_id_token(client, make_user):
    user = make_user()
    _, first = code_flow(client, user)
    response = refresh(client, first["refresh_token"])
    assert response.status_code == 200
    body = response.json
    assert response.headers["Cache-Control"] == "no-store"
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert body["scope"] == "openid profile email offline_access"
    assert body["refresh_token"] != first["refresh_token"]  # rotated
    access = claims_of(body["access_token"])
    assert access["uid"] == user["id"] and access["sub"] == user["profile"]["login"]
    assert access["jti"] != claims_of(first["access_token"])["jti"]
    id_token = claims_of(body["id_token"])
    first_id = claims_of(first["id_token"])
    assert id_token["sub"] == user["id"] and id_token["aud"] == WEB_ID
    assert id_token["auth_time"] == first_id["auth_time"]  # still the original sign-in
    assert id_token["amr"] == ["pwd"] and "nonce" not in id_token
    from tests.mock_okta.support.token import half_hash
    assert id_token["at_hash"] == half_hash(body["access_token"])


def test_refreshed_tokens_work_at_userinfo(client, make_user):
    _, first = code_flow(client, make_user())
    body = refresh(client, first["refresh_token"]).json
    response = client.get(USERINFO, headers={"Authorization": f"Bearer {body['access_token']}"})
    assert response.status_code == 200


def test_old_refresh_token_is_invalid_after_rotation(client, make_user):
    _, first = code_flow(client, make_user())
    second = refresh(client, first["refresh_token"]).json
    replay = refresh(client, first["refresh_token"])
    assert replay.status_code == 400 and replay.json == REFRESH_INVALID
    # Reuse of a spent refresh token revokes the whole grant (Okta's reuse detection).
    assert refresh(client, second["refresh_token"]).json == REFRESH_INVALID
    assert introspect(client, second["access_token"]) == {"active": False}
    assert introspect(client, first["access_token"]) == {"active": False}


def test_chain_of_refreshes(client, make_user):
    _, body = code_flow(client, make_user())
    for _ in range(3):
        response = refresh(client, body["refresh_token"])
        assert response.status_code == 200
        body = response.json


@pytest.mark.parametrize("scope, expected", [
    ("openid", "openid"),
    ("email openid", "email openid"),
    ("offline_access", "offline_access"),
    ("", "openid profile email offline_access"),  # empty: the original grant
])
def test_narrower_scope(client, make_user, scope, expected):
    _, first = code_flow(client, make_user())
    response = refresh(client, first["refresh_token"], scope=scope)
    assert response.status_code == 200, response.json
    body = response.json
    assert body["scope"] == expected
    assert claims_of(body["access_token"])["scp"] == expected.split()
    assert ("id_token" in body) == ("openid" in expected.split())


def test_narrowing_keeps_the_grant_for_the_next_refresh(client, make_user):
    _, first = code_flow(client, make_user())
    narrow = refresh(client, first["refresh_token"], scope="openid").json
    again = refresh(client, narrow["refresh_token"])
    assert again.json["scope"] == "openid profile email offline_access"


@pytest.mark.parametrize("scope", ["openid phone", "orders.read", "openid unknown.scope"])
def test_wider_scope_is_invalid_scope(client, make_user, scope):
    _, first = code_flow(client, make_user(), scope="openid email offline_access")
    response = refresh(client, first["refresh_token"], scope=scope)
    assert response.status_code == 400
    assert response.json["error"] == "invalid_scope"
    # The failed request did not spend the refresh token.
    assert refresh(client, first["refresh_token"]).status_code == 200


@pytest.mark.parametrize("token", ["not-a-refresh-token", "x" * 500, "é"])
def test_unknown_refresh_token(client, token):
    response = refresh(client, token)
    assert response.status_code == 400 and response.json == REFRESH_INVALID


def test_missing_refresh_token_is_invalid_request(client):
    response = refresh(client, None)
    assert response.status_code == 400 and response.json["error"] == "invalid_request"


def test_access_token_is_not_a_refresh_token(client, make_user):
    _, first = code_flow(client, make_user())
    assert refresh(client, first["access_token"]).json == REFRESH_INVALID


def test_refresh_token_of_another_client(client, app, make_user):
    register(app, "0oaOtherWebApp000001", secret="other-secret",
             grant_types=("authorization_code", "refresh_token"))
    _, first = code_flow(client, make_user())
    response = refresh(client, first["refresh_token"],
                       headers=basic("0oaOtherWebApp000001", "other-secret"))
    assert response.status_code == 400 and response.json == REFRESH_INVALID
    assert refresh(client, first["refresh_token"]).status_code == 200  # still the owner's


def test_app_without_refresh_grant_is_unauthorized_client(client, make_user):
    _, first = code_flow(client, make_user())
    response = refresh(client, first["refresh_token"], headers=basic_auth(CLIENT_ID, CLIENT_SECRET))
    assert response.status_code == 400
    assert response.json["error"] == "unauthorized_client"
    assert response.json["error_description"] == (
        "The client is not authorized to use the provided grant type. "
        "Configured grant types: [authorization_code].")


def test_refresh_needs_client_authentication(client, make_user):
    _, first = code_flow(client, make_user())
    response = refresh(client, first["refresh_token"], headers={})
    assert response.status_code == 401 and response.json["error"] == "invalid_client"
    response = refresh(client, first["refresh_token"], headers=basic(WEB_ID, "wrong"))
    assert response.status_code == 401


def test_public_client_refreshes_with_client_id_only(client, make_user):
    _, first = code_flow(client, make_user(), client_id=SPA_ID, secret=None)
    response = refresh(client, first["refresh_token"], headers={}, client_id=SPA_ID)
    assert response.status_code == 200
    assert response.json["refresh_token"] != first["refresh_token"]


def test_expired_refresh_token(client, make_user, monkeypatch):
    _, first = code_flow(client, make_user())
    later = time.time() + 90 * 24 * 3600 + 1
    monkeypatch.setattr("mock_okta.directory.tokens.now", lambda: later)
    assert refresh(client, first["refresh_token"]).json == REFRESH_INVALID


def test_refresh_token_lifetime_follows_the_server(client, app, make_user, monkeypatch):
    app.extensions["mock_okta"].servers["default"].refresh_token_lifetime = 600
    _, first = code_flow(client, make_user())
    later = time.time() + 601
    monkeypatch.setattr("mock_okta.directory.tokens.now", lambda: later)
    assert refresh(client, first["refresh_token"]).json == REFRESH_INVALID


def test_access_token_lifetime_follows_the_server(client, app, make_user):
    app.extensions["mock_okta"].servers["default"].access_token_lifetime = 300
    _, first = code_flow(client, make_user())
    assert first["expires_in"] == 300
    body = refresh(client, first["refresh_token"]).json
    claims = claims_of(body["access_token"])
    assert body["expires_in"] == 300 and claims["exp"] - claims["iat"] == 300


@pytest.mark.parametrize("path", ["deactivate", "suspend"])
def test_refresh_fails_once_the_user_cannot_sign_in(client, make_user, api_headers, path):
    user = make_user()
    _, first = code_flow(client, user)
    response = client.post(f"/api/v1/users/{user['id']}/lifecycle/{path}", headers=api_headers)
    assert response.status_code == 200
    assert refresh(client, first["refresh_token"]).json == REFRESH_INVALID


def test_refresh_token_from_another_authorization_server(client, app, make_user):
    assert app.extensions["mock_okta"].org_server is not None
    _, first = code_flow(client, make_user())
    response = client.post("/oauth2/v1/token", headers=basic(WEB_ID, WEB_SECRET), data={
        "grant_type": "refresh_token", "refresh_token": first["refresh_token"]})
    assert response.status_code == 400 and response.json == REFRESH_INVALID
