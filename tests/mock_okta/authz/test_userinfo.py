"""/v1/userinfo: claims by scope; errors in WWW-Authenticate as Okta sends them."""


import pytest

USERINFO = "/oauth2/default/v1/userinfo"


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_userinfo_returns_profile_and_email_claims(client, tokens, make_user):
    user = make_user(first="Grace", last="Hopper")
    _, body = tokens(user=user)
    response = client.get(USERINFO, headers=bearer(body["access_token"]))
    assert response.status_code == 200
    claims = response.json
    assert claims["sub"] == user["id"]
    assert claims["given_name"] == "Grace" and claims["family_name"] == "Hopper"
    assert claims["name"] == "Grace Hopper"
    assert claims["preferred_username"] == user["profile"]["login"]
    assert claims["email"] == user["profile"]["email"] and claims["email_verified"] is True
    assert claims["locale"] == "en-US"


def test_openid_only_token_gets_just_sub(client, tokens):
    user, body = tokens(scope="openid")
    assert client.get(USERINFO, headers=bearer(body["access_token"])).json == {"sub": user["id"]}


def test_post_with_bearer_header_works(client, tokens):
    _, body = tokens()
    assert client.post(USERINFO, headers=bearer(body["access_token"])).status_code == 200


@pytest.mark.parametrize("headers, error", [
    ({}, "invalid_request"),
    ({"Authorization": "Basic abc"}, "invalid_request"),
    (bearer("garbage"), "invalid_token"),
    (bearer("a.b.c"), "invalid_token"),
])
def test_bad_or_missing_token_is_401_with_challenge(client, headers, error):
    response = client.get(USERINFO, headers=headers)
    assert response.status_code == 401
    assert f'error="{error}"' in response.headers["WWW-Authenticate"]
    assert response.get_data() == b""


def test_id_token_is_not_an_access_token(client, tokens):
    _, body = tokens()
    response = client.get(USERINFO, headers=bearer(body["id_token"]))
    assert response.status_code == 401


def test_expired_access_token_is_refused(client, tokens):
    _, body = tokens()
    client.post("/_mock/clock", json={"advanceSeconds": 3601})  # the org's clock judges expiry
    response = client.get(USERINFO, headers=bearer(body["access_token"]))
    assert response.status_code == 401


def test_token_of_a_deactivated_user_is_refused(client, app, tokens):
    user, body = tokens()
    app.extensions["mock_okta"].store.run("UPDATE users SET status = 'SUSPENDED' WHERE id = ?",
                                          (user["id"],))
    assert client.get(USERINFO, headers=bearer(body["access_token"])).status_code == 401
