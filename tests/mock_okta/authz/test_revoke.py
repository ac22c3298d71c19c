"""/v1/revoke: always 200 with an empty body once the client is known; a
client revokes only its own tokens; a refresh token takes its access tokens
with it, an access token leaves its refresh token alone (as Okta)."""

import time

import pytest

from tests.mock_okta.support.token import (
    INTROSPECT,
    REVOKE,
    SERVICE_ID,
    SERVICE_SECRET,
    SPA_ID,
    TOKEN,
    USERINFO,
    WEB_ID,
    WEB_SECRET,
    basic,
    code_flow,
    register_standard_apps,
)


@pytest.fixture(autouse=True)
def apps(app):
    register_standard_apps(app)


def revoke(client, token, headers=None, **form):
    data = {"token": token, **form}
    return client.post(REVOKE, data={k: v for k, v in data.items() if v is not None},
                       headers=basic(WEB_ID, WEB_SECRET) if headers is None else headers)


def active(client, token) -> bool:
    return client.post(INTROSPECT, data={"token": token},
                       headers=basic(WEB_ID, WEB_SECRET)).json["active"]


def refresh(client, token):
    return client.post(TOKEN, headers=basic(WEB_ID, WEB_SECRET),
                       data={"grant_type": "refresh_token", "refresh_token": token})


def assert_ok(response):
    assert response.status_code == 200
    assert response.data == b""
    assert "Content-Type" not in response.headers


@pytest.mark.parametrize("hint", [None, "access_token", "refresh_token"])
def test_revoking_an_access_token(client, make_user, hint):
    _, tokens = code_flow(client, make_user())
    assert_ok(revoke(client, tokens["access_token"], token_type_hint=hint))
    assert not active(client, tokens["access_token"])
    userinfo = client.get(USERINFO, headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert userinfo.status_code == 401
    assert 'error="invalid_token"' in userinfo.headers["WWW-Authenticate"]
    # The refresh token lives on.
    assert active(client, tokens["refresh_token"])
    assert refresh(client, tokens["refresh_token"]).status_code == 200


@pytest.mark.parametrize("hint", [None, "refresh_token", "access_token"])
def test_revoking_a_refresh_token_revokes_its_access_tokens(client, make_user, hint):
    _, tokens = code_flow(client, make_user())
    assert_ok(revoke(client, tokens["refresh_token"], token_type_hint=hint))
    assert not active(client, tokens["refresh_token"])
    assert not active(client, tokens["access_token"])
    assert refresh(client, tokens["refresh_token"]).json["error"] == "invalid_grant"


def test_revoking_a_refreshed_token_revokes_the_whole_grant(client, make_user):
    _, first = code_flow(client, make_user())
    second = refresh(client, first["refresh_token"]).json
    assert_ok(revoke(client, second["refresh_token"]))
    assert not active(client, first["access_token"])
    assert not active(client, second["access_token"])


def test_other_grants_of_the_user_are_untouched(client, make_user):
    user = make_user()
    _, one = code_flow(client, user)
    _, two = code_flow(client, user)
    assert_ok(revoke(client, one["refresh_token"]))
    assert active(client, two["access_token"]) and active(client, two["refresh_token"])


@pytest.mark.parametrize("token", ["garbage", "a.b.c", "é", "x" * 5000])
def test_garbage_is_200(client, token):
    assert_ok(revoke(client, token))


def test_revoking_twice_is_200(client, make_user):
    _, tokens = code_flow(client, make_user())
    assert_ok(revoke(client, tokens["refresh_token"]))
    assert_ok(revoke(client, tokens["refresh_token"]))
    assert_ok(revoke(client, tokens["access_token"]))


def test_spent_refresh_token_is_200_and_harmless(client, make_user):
    _, first = code_flow(client, make_user())
    second = refresh(client, first["refresh_token"]).json
    assert_ok(revoke(client, first["refresh_token"]))
    assert active(client, second["refresh_token"])


def test_expired_access_token_is_200(client, app):
    authz = app.extensions["mock_okta"].servers["default"]
    past = int(time.time()) - 7200
    token = authz.keyring.sign({"ver": 1, "jti": "AT.old", "iss": "http://localhost/oauth2/default",
                                "aud": "api://default", "iat": past, "exp": past + 3600,
                                "cid": WEB_ID, "scp": ["openid"], "sub": WEB_ID})
    assert_ok(revoke(client, token))


def test_a_client_revokes_only_its_own_tokens(client, make_user):
    _, tokens = code_flow(client, make_user())
    service = basic(SERVICE_ID, SERVICE_SECRET)
    assert_ok(revoke(client, tokens["access_token"], headers=service))
    assert_ok(revoke(client, tokens["refresh_token"], headers=service))
    assert active(client, tokens["access_token"]) and active(client, tokens["refresh_token"])


def test_public_client_revokes_with_client_id(client, make_user):
    _, tokens = code_flow(client, make_user(), client_id=SPA_ID, secret=None)
    assert_ok(revoke(client, tokens["refresh_token"], headers={}, client_id=SPA_ID))
    response = client.post(INTROSPECT, data={"token": tokens["access_token"], "client_id": SPA_ID})
    assert response.json == {"active": False}


def test_revoked_token_from_before_the_store_knew_it(client, app):
    # A valid access token with no row (e.g. the database was reset): still revocable.
    authz = app.extensions["mock_okta"].servers["default"]
    now = int(time.time())
    token = authz.keyring.sign({"ver": 1, "jti": "AT.unrecorded", "cid": WEB_ID, "scp": ["openid"],
                                "iss": "http://localhost/oauth2/default", "aud": "api://default",
                                "iat": now, "exp": now + 600, "sub": WEB_ID})
    assert active(client, token)
    assert_ok(revoke(client, token))
    assert not active(client, token)


@pytest.mark.parametrize("form", [{}, {"token": ""}])
def test_missing_token_is_invalid_request(client, form):
    response = client.post(REVOKE, data=form, headers=basic(WEB_ID, WEB_SECRET))
    assert response.status_code == 400
    assert response.json == {"error": "invalid_request",
                             "error_description": "The token parameter is required."}


@pytest.mark.parametrize("hint", ["id_token", "bearer"])
def test_unknown_hint_is_invalid_request(client, hint):
    response = revoke(client, "x", token_type_hint=hint)
    assert response.status_code == 400 and response.json["error"] == "invalid_request"


@pytest.mark.parametrize("headers", [{}, basic(WEB_ID, "wrong"), basic("0oaNobody0000000001", "x")])
def test_client_must_authenticate(client, make_user, headers):
    _, tokens = code_flow(client, make_user())
    response = revoke(client, tokens["access_token"], headers=headers)
    assert response.status_code == 401 and response.json["error"] == "invalid_client"
    assert active(client, tokens["access_token"])


def test_get_is_rejected_in_oauth_dialect(client):
    response = client.get(REVOKE)
    assert response.status_code == 405 and response.json["error"] == "invalid_request"
