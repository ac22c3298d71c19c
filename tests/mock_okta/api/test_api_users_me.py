"""GET /api/v1/users/me: the session's user by cookie; the API token has no user behind it."""

from __future__ import annotations

from tests.mock_okta.support import API_TOKEN

ME = "/api/v1/users/me"


def test_me_with_the_session_cookie_is_the_signed_in_user(client, make_user, sign_in):
    user = make_user(first="Grace", last="Hopper")
    sign_in(user["profile"]["login"])
    response = client.get(ME)  # the cookie alone, no token: as Okta allows for `me`
    assert response.status_code == 200, response.json
    assert response.json["id"] == user["id"]
    assert response.json["profile"]["firstName"] == "Grace"
    assert response.json["credentials"]["provider"] == {"type": "OKTA", "name": "OKTA"}
    assert response.json["_links"]["self"]["href"].endswith(f"/api/v1/users/{user['id']}")


def test_me_follows_the_session_not_a_user_named_in_the_path(client, make_user, sign_in):
    first, second = make_user(), make_user()
    sign_in(second["profile"]["login"])
    assert client.get(ME).json["id"] == second["id"] != first["id"]


def test_me_without_any_credential_is_an_invalid_session(client):
    response = client.get(ME)
    assert response.status_code == 403 and response.json["errorCode"] == "E0000005"


def test_me_after_the_session_ends_is_an_invalid_session(client, make_user, sign_in):
    user = make_user()
    sign_in(user["profile"]["login"])
    assert client.delete("/api/v1/sessions/me").status_code == 204
    response = client.get(ME)
    assert response.status_code == 403 and response.json["errorCode"] == "E0000005"


def test_me_with_the_api_token_is_not_found(client, api_headers):
    # Okta answers the token's admin; the mock's token is not a user, like a service app's.
    response = client.get(ME, headers=api_headers)
    assert response.status_code == 404
    assert response.json["errorCode"] == "E0000007"
    assert response.json["errorSummary"] == "Not found: Resource not found: me (User)"


def test_me_with_a_wrong_token_is_still_an_invalid_token(client, make_user, sign_in):
    user = make_user()
    sign_in(user["profile"]["login"])
    response = client.get(ME, headers={"Authorization": f"SSWS {API_TOKEN}-wrong"})
    assert response.status_code == 401 and response.json["errorCode"] == "E0000011"
