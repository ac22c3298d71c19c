"""Sessions API: sessionToken → session; get, refresh, delete; `me` by cookie."""

import pytest

from tests.mock_okta.support import authorize_params, session_token
from tests.mock_okta.support.system_log import stored_events

SESSIONS = "/api/v1/sessions"


def test_session_token_becomes_a_session(client, make_user):
    user = make_user()
    token = session_token(client, user["profile"]["login"])
    response = client.post(SESSIONS, json={"sessionToken": token})
    assert response.status_code == 200
    session = response.json
    assert session["userId"] == user["id"] and session["login"] == user["profile"]["login"]
    assert session["status"] == "ACTIVE" and session["amr"] == ["pwd"]
    assert session["idp"]["type"] == "OKTA" and session["idp"]["id"].startswith("00o")
    assert session["id"].startswith("102")
    assert session["_links"]["self"]["href"].endswith(f"/api/v1/sessions/{session['id']}")
    # One use only.
    again = client.post(SESSIONS, json={"sessionToken": token})
    assert again.status_code == 401 and again.json["errorCode"] == "E0000004"


@pytest.mark.parametrize("body", [{"sessionToken": "nope"}, {}, {"sessionToken": 7}])
def test_bad_session_tokens_are_authentication_failures(client, body):
    response = client.post(SESSIONS, json=body)
    assert response.status_code == 401 and response.json["errorCode"] == "E0000004"


def test_get_refresh_delete_by_id_with_the_api_token(client, make_user, api_headers):
    user = make_user()
    session = client.post(SESSIONS, json={
        "sessionToken": session_token(client, user["profile"]["login"])}).json
    path = f"{SESSIONS}/{session['id']}"
    assert client.get(path, headers=api_headers).json["id"] == session["id"]
    refreshed = client.post(path + "/lifecycle/refresh", headers=api_headers)
    assert refreshed.status_code == 200
    assert refreshed.json["expiresAt"] >= session["expiresAt"]
    minimal = client.post(path + "/lifecycle/refresh",
                          headers={**api_headers, "Prefer": "return=minimal"})
    assert minimal.status_code == 204
    assert client.delete(path, headers=api_headers).status_code == 204
    gone = client.get(path, headers=api_headers)
    assert gone.status_code == 404 and gone.json["errorCode"] == "E0000007"
    assert client.delete(path, headers=api_headers).status_code == 404


@pytest.mark.parametrize("method, suffix", [("get", ""), ("delete", ""),
                                            ("post", "/lifecycle/refresh")])
def test_session_by_id_needs_the_api_token(client, method, suffix):
    response = getattr(client, method)(f"{SESSIONS}/102abc{suffix}")
    assert response.status_code == 403 and response.json["errorCode"] == "E0000005"


def test_me_works_with_the_browser_cookie_and_ends_the_sign_on(client, make_user, sign_in):
    user = make_user()
    sign_in(user["profile"]["login"])
    me = client.get(f"{SESSIONS}/me")
    assert me.status_code == 200 and me.json["userId"] == user["id"]
    assert client.post(f"{SESSIONS}/me/lifecycle/refresh").status_code == 200
    assert client.delete(f"{SESSIONS}/me").status_code == 204
    assert client.get(f"{SESSIONS}/me").status_code == 404
    again = client.get("/oauth2/default/v1/authorize", query_string=authorize_params())
    assert again.headers["Location"].startswith("/login/login.htm")


@pytest.mark.parametrize("method, suffix", [("get", ""), ("delete", ""),
                                            ("post", "/lifecycle/refresh")])
def test_me_without_a_session_is_404(client, method, suffix):
    response = getattr(client, method)(f"{SESSIONS}/me{suffix}")
    assert response.status_code == 404 and response.json["errorCode"] == "E0000007"


# --- DELETE /api/v1/users/{userId}/sessions -------------------------------------------

def _active(client, token):
    from tests.mock_okta.support import basic_auth
    return client.post("/oauth2/default/v1/introspect", headers=basic_auth(),
                       data={"token": token}).json["active"]


def test_clear_user_sessions_ends_them_and_keeps_tokens(client, api_headers, tokens, sign_in):
    user, answer = tokens()
    sign_in(user["profile"]["login"])
    response = client.delete(f"/api/v1/users/{user['id']}/sessions", headers=api_headers)
    assert response.status_code == 204
    assert client.get(f"{SESSIONS}/me").status_code == 404
    assert _active(client, answer["access_token"])


def test_clear_user_sessions_with_oauth_tokens_revokes_them(client, api_headers, tokens):
    user, answer = tokens()
    response = client.delete(f"/api/v1/users/{user['id']}/sessions?oauthTokens=true",
                             headers=api_headers)
    assert response.status_code == 204
    assert not _active(client, answer["access_token"])


def test_clear_user_sessions_bad_input(client, api_headers, make_user):
    user = make_user()
    bad = client.delete(f"/api/v1/users/{user['id']}/sessions?oauthTokens=maybe",
                        headers=api_headers)
    assert bad.status_code == 400 and bad.json["errorCode"] == "E0000001"
    unknown = client.delete("/api/v1/users/00uNobody/sessions", headers=api_headers)
    assert unknown.status_code == 404 and unknown.json["errorCode"] == "E0000007"
    assert client.delete(f"/api/v1/users/{user['id']}/sessions").status_code == 403


def test_clearing_a_user_s_sessions_is_logged_as_user_session_clear(app, client, api_headers,
                                                                    tokens):
    user, _ = tokens()
    client.delete(f"/api/v1/users/{user['id']}/sessions?oauthTokens=true", headers=api_headers)
    (event,) = stored_events(app, "user.session.clear")
    assert event["displayMessage"] == "Clear user session"
    assert [target["id"] for target in event["target"]] == [user["id"]]
    assert event["debugContext"]["debugData"]["revokeOauthTokens"] is True
