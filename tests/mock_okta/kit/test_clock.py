"""The org's clock (/_mock/clock): everything the org dates follows it, so a test
expires codes, sessionTokens, sessions and links without sleeping."""

from __future__ import annotations

import pytest

from mock_okta import create_app
from tests.mock_okta.support import (
    REDIRECT_URI,
    Pkce,
    authorize_params,
    basic_auth,
    redirect_params,
    session_token,
)


def advance(client, seconds):
    response = client.post("/_mock/clock", json={"advanceSeconds": seconds})
    assert response.status_code == 200, response.json
    return response.json


def test_the_clock_reads_moves_and_goes_back_to_real_time(client):
    assert client.get("/_mock/clock").json["offsetSeconds"] == 0
    moved = advance(client, 3600)
    assert moved["offsetSeconds"] == 3600 and moved["now"].endswith("Z")
    assert advance(client, 60)["offsetSeconds"] == 3660
    assert client.post("/_mock/clock", json={"real": True}).json["offsetSeconds"] == 0
    set_to = client.post("/_mock/clock", json={"set": "2031-01-01T00:00:00Z"}).json
    assert set_to["now"].startswith("2031-01-01T00:00:0")


def test_a_reset_brings_back_the_real_time(client):
    advance(client, 86400)
    client.post("/_mock/reset")
    assert client.get("/_mock/clock").json["offsetSeconds"] == 0


def test_a_session_token_expires_after_five_minutes(client, make_user):
    token = session_token(client, make_user()["profile"]["login"])
    advance(client, 301)
    response = client.post("/api/v1/sessions", json={"sessionToken": token})
    assert response.status_code == 401 and response.json["errorCode"] == "E0000004"


def test_an_authorization_code_expires_after_five_minutes(client, make_user):
    pkce = Pkce.new()
    token = session_token(client, make_user()["profile"]["login"])
    answer = client.get("/oauth2/default/v1/authorize",
                        query_string=authorize_params(pkce, sessionToken=token))
    code = redirect_params(answer)["code"]
    advance(client, 301)
    response = client.post("/oauth2/default/v1/token", headers=basic_auth(), data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI,
        "code_verifier": pkce.verifier})
    assert response.status_code == 400 and response.json["error"] == "invalid_grant"


def test_an_org_session_ends_after_two_hours(client, make_user, sign_in):
    user = make_user()
    sign_in(user["profile"]["login"])
    assert client.get("/api/v1/sessions/me").status_code == 200
    advance(client, 2 * 3600 + 1)
    assert client.get("/api/v1/sessions/me").status_code == 404


def test_an_activation_link_expires_after_seven_days(client, api_headers):
    body = {"profile": {"firstName": "Ed", "lastName": "Link", "email": "ed@example.com",
                        "login": "ed@example.com"}}
    user = client.post("/api/v1/users?activate=false", json=body, headers=api_headers).json
    link = client.post(f"/api/v1/users/{user['id']}/lifecycle/activate?sendEmail=false",
                       headers=api_headers).json["activationUrl"]
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get(f"/{path}").status_code == 200
    advance(client, 7 * 24 * 3600 + 1)
    assert client.get(f"/{path}").status_code == 404


def test_two_orgs_in_one_process_keep_their_own_time(settings):
    first, second = create_app(settings).test_client(), create_app(settings).test_client()
    advance(first, 3600)
    assert second.get("/_mock/clock").json["offsetSeconds"] == 0
    assert first.get("/_mock/clock").json["offsetSeconds"] == 3600


@pytest.mark.parametrize("body, field", [
    ({}, "clock"),
    ({"advanceSeconds": 1, "real": True}, "clock"),
    ({"rewind": 5}, "clock"),
    ({"advanceSeconds": 0}, "advanceSeconds"),
    ({"advanceSeconds": -60}, "advanceSeconds"),
    ({"advanceSeconds": "60"}, "advanceSeconds"),
    ({"advanceSeconds": True}, "advanceSeconds"),
    ({"advanceSeconds": 10**12}, "advanceSeconds"),
    ({"set": "tomorrow"}, "set"),
    ({"set": "2099-01-01T00:00:00"}, "set"),
    ({"set": "2001-01-01T00:00:00Z"}, "set"),
    ({"set": 1924992000}, "set"),
    ({"set": "2099-01-01T00:00:00Z"}, "set"),
    ({"real": False}, "real"),
])
def test_a_bad_clock_change_is_refused_clearly(client, body, field):
    response = client.post("/_mock/clock", json=body)
    assert response.status_code == 400 and response.json["errorCode"] == "E0000001"
    assert response.json["errorSummary"] == f"Api validation failed: {field}"
    assert client.get("/_mock/clock").json["offsetSeconds"] == 0


def test_rate_limit_windows_follow_the_clock_and_resets(app, client, api_headers):
    app.extensions.pop("mock_okta_rate_limits", None)
    client.get("/api/v1/groups", headers=api_headers)
    app.extensions["mock_okta_rate_limits"].limit = 1
    assert client.get("/api/v1/groups", headers=api_headers).status_code == 429
    advance(client, 61)  # a new window
    assert client.get("/api/v1/groups", headers=api_headers).status_code == 200
    assert client.get("/api/v1/groups", headers=api_headers).status_code == 429
    client.post("/_mock/reset")  # every window opens afresh
    assert client.get("/api/v1/groups", headers=api_headers).status_code == 200


def test_access_tokens_expire_on_the_org_clock_and_new_ones_work(client, tokens):
    _, old = tokens()
    bearer = {"Authorization": f"Bearer {old['access_token']}"}
    assert client.get("/oauth2/default/v1/userinfo", headers=bearer).status_code == 200
    advance(client, 3601)
    assert client.get("/oauth2/default/v1/userinfo", headers=bearer).status_code == 401
    introspected = client.post("/oauth2/default/v1/introspect", headers=basic_auth(),
                               data={"token": old["access_token"]})
    assert introspected.json == {"active": False}
    _, new = tokens()  # issued on the moved clock: iat in the real future, and valid
    fresh = {"Authorization": f"Bearer {new['access_token']}"}
    assert client.get("/oauth2/default/v1/userinfo", headers=fresh).status_code == 200
