"""/v1/token grant_type=password: only for apps that allow it; Okta's errors."""

import pytest

from tests.mock_okta.support import CLIENT_ID, CLIENT_SECRET, PASSWORD, basic_auth
from tests.mock_okta.support.token import (
    SERVICE_ID,
    SERVICE_SECRET,
    TOKEN,
    USERINFO,
    WEB_ID,
    WEB_SECRET,
    basic,
    claims_of,
    password_grant,
    register_standard_apps,
)

BAD_CREDENTIALS = {"error": "invalid_grant",
                   "error_description": "The credentials provided were invalid."}


@pytest.fixture(autouse=True)
def apps(app):
    register_standard_apps(app)


def test_password_grant_issues_okta_tokens(client, make_user):
    user = make_user()
    response = password_grant(client, user["profile"]["login"])
    assert response.status_code == 200
    body = response.json
    assert body["scope"] == "openid profile offline_access"
    assert {"access_token", "id_token", "refresh_token"} <= set(body)
    access = claims_of(body["access_token"])
    assert access["uid"] == user["id"] and access["sub"] == user["profile"]["login"]
    id_token = claims_of(body["id_token"])
    assert id_token["sub"] == user["id"] and id_token["amr"] == ["pwd"]
    assert id_token["aud"] == WEB_ID and "nonce" not in id_token
    userinfo = client.get(USERINFO, headers={"Authorization": f"Bearer {body['access_token']}"})
    assert userinfo.status_code == 200 and userinfo.json["sub"] == user["id"]


def test_login_is_case_insensitive(client, make_user):
    user = make_user()
    assert password_grant(client, user["profile"]["login"].upper()).status_code == 200


def test_no_refresh_token_without_offline_access(client, make_user):
    body = password_grant(client, make_user()["profile"]["login"], scope="openid").json
    assert "refresh_token" not in body and "id_token" in body


def test_refresh_token_from_password_grant_refreshes(client, make_user):
    body = password_grant(client, make_user()["profile"]["login"]).json
    response = client.post(TOKEN, headers=basic(WEB_ID, WEB_SECRET), data={
        "grant_type": "refresh_token", "refresh_token": body["refresh_token"]})
    assert response.status_code == 200


@pytest.mark.parametrize("password", ["Wrong-Password-1", "", "é" * 10])
def test_wrong_password(client, make_user, password):
    response = password_grant(client, make_user()["profile"]["login"], password=password)
    assert response.status_code == 400 and response.json == BAD_CREDENTIALS


def test_unknown_user(client):
    response = password_grant(client, "nobody@example.com")
    assert response.status_code == 400 and response.json == BAD_CREDENTIALS


def test_deactivated_user(client, make_user, api_headers):
    user = make_user()
    client.post(f"/api/v1/users/{user['id']}/lifecycle/deactivate", headers=api_headers)
    assert password_grant(client, user["profile"]["login"]).json == BAD_CREDENTIALS


def test_wrong_passwords_count_towards_lockout(client, make_user, api_headers):
    user = make_user()
    for _ in range(10):
        password_grant(client, user["profile"]["login"], password="Wrong-Password-1")
    # Locked out now: even the right password fails, and the user API says so.
    assert password_grant(client, user["profile"]["login"]).json == BAD_CREDENTIALS
    status = client.get(f"/api/v1/users/{user['id']}", headers=api_headers).json["status"]
    assert status == "LOCKED_OUT"


@pytest.mark.parametrize("missing", ["username", "password"])
def test_missing_parameters_are_invalid_request(client, make_user, missing):
    args = {"username": make_user()["profile"]["login"], "password": PASSWORD, missing: None}
    response = password_grant(client, **args)
    assert response.status_code == 400 and response.json["error"] == "invalid_request"


@pytest.mark.parametrize("scope", [None, "", "openid unknown.scope"])
def test_scope_errors(client, make_user, scope):
    response = password_grant(client, make_user()["profile"]["login"], scope=scope)
    assert response.status_code == 400 and response.json["error"] == "invalid_scope"


@pytest.mark.parametrize("client_id, secret", [(CLIENT_ID, CLIENT_SECRET),
                                               (SERVICE_ID, SERVICE_SECRET)])
def test_app_without_the_grant_is_unauthorized_client(client, make_user, client_id, secret):
    response = password_grant(client, make_user()["profile"]["login"],
                              headers=basic_auth(client_id, secret))
    assert response.status_code == 400 and response.json["error"] == "unauthorized_client"


def test_bad_client_is_401_before_the_password_is_checked(client, make_user):
    response = password_grant(client, make_user()["profile"]["login"],
                              headers=basic(WEB_ID, "wrong"))
    assert response.status_code == 401 and response.json["error"] == "invalid_client"
