"""/v1/introspect: Okta's fields for live tokens, 200 {"active": false} for
anything else, 400 without a token, 401 without a client."""

import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.mock_okta.support import ISSUER
from tests.mock_okta.support.token import (
    INTROSPECT,
    REVOKE,
    SERVICE_ID,
    SERVICE_SECRET,
    SPA_ID,
    TOKEN,
    WEB_ID,
    WEB_SECRET,
    basic,
    claims_of,
    code_flow,
    register_standard_apps,
)

INACTIVE = {"active": False}


@pytest.fixture(autouse=True)
def apps(app):
    register_standard_apps(app)


def introspect(client, token, headers=None, **form):
    data = {"token": token, **form}
    return client.post(INTROSPECT, data={k: v for k, v in data.items() if v is not None},
                       headers=basic(WEB_ID, WEB_SECRET) if headers is None else headers)


def test_active_access_token_has_oktas_fields(client, make_user):
    user = make_user()
    _, tokens = code_flow(client, user)
    response = introspect(client, tokens["access_token"])
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json
    claims = claims_of(tokens["access_token"])
    assert body == {
        "active": True, "token_type": "Bearer", "scope": "openid profile email offline_access",
        "client_id": WEB_ID, "username": user["profile"]["login"], "exp": claims["exp"],
        "iat": claims["iat"], "sub": user["profile"]["login"], "aud": "api://default",
        "iss": ISSUER, "jti": claims["jti"], "uid": user["id"],
    }
    assert list(body)[:2] == ["active", "token_type"]


@pytest.mark.parametrize("hint", [None, "refresh_token", "access_token"])
def test_active_refresh_token(client, make_user, hint):
    user = make_user()
    _, tokens = code_flow(client, user)
    body = introspect(client, tokens["refresh_token"], token_type_hint=hint).json
    assert body["active"] is True and body["token_type"] == "Bearer"
    assert body["scope"] == "openid profile email offline_access"
    assert body["client_id"] == WEB_ID and body["uid"] == user["id"]
    assert body["username"] == body["sub"] == user["profile"]["login"]
    assert body["exp"] > time.time() + 80 * 24 * 3600
    assert not {"iat", "iss", "jti"} & set(body)


@pytest.mark.parametrize("hint", ["refresh_token", "id_token", "device_secret"])
def test_hint_is_only_a_hint(client, make_user, hint):
    _, tokens = code_flow(client, make_user())
    assert introspect(client, tokens["access_token"], token_type_hint=hint).json["active"] is True


@pytest.mark.parametrize("token", ["garbage", "a.b.c", "é.é.é", "x" * 5000, "eyJ.eyJ.sig"])
def test_garbage_is_inactive(client, token):
    response = introspect(client, token)
    assert response.status_code == 200 and response.json == INACTIVE


def sign(app, **overrides):
    authz = app.extensions["mock_okta"].servers["default"]
    issued = int(time.time())
    claims = {"ver": 1, "jti": "AT.handmade", "iss": ISSUER, "aud": "api://default",
              "iat": issued, "exp": issued + 3600, "cid": WEB_ID, "scp": ["openid"],
              "sub": WEB_ID, **overrides}
    return authz.keyring.sign(claims)


def test_signed_token_introspects_active(client, app):
    assert introspect(client, sign(app)).json["active"] is True  # the control


@pytest.mark.parametrize("overrides", [
    {"exp": int(time.time()) - 10, "iat": int(time.time()) - 3610},  # expired
    {"iss": "http://localhost/oauth2/other"},                          # another issuer
    {"aud": "api://other"},                                            # another audience
    {"jti": None},                                                     # not an access token
    {"cid": None},
])
def test_bad_claims_are_inactive(client, app, overrides):
    token = sign(app, **overrides)
    assert introspect(client, token).json == INACTIVE


def test_token_signed_with_another_key_is_inactive(client, make_user):
    _, tokens = code_flow(client, make_user())
    kid = jwt.get_unverified_header(tokens["access_token"])["kid"]
    forged = jwt.encode(claims_of(tokens["access_token"]),
                        rsa.generate_private_key(public_exponent=65537, key_size=2048),
                        algorithm="RS256", headers={"kid": kid})
    assert introspect(client, forged).json == INACTIVE


def test_id_token_is_not_an_access_token(client, make_user):
    _, tokens = code_flow(client, make_user())
    assert introspect(client, tokens["id_token"]).json == INACTIVE


def test_token_from_another_server_is_inactive(client, app, make_user):
    assert app.extensions["mock_okta"].org_server is not None
    _, tokens = code_flow(client, make_user())
    response = client.post("/oauth2/v1/introspect", data={"token": tokens["access_token"]},
                           headers=basic(WEB_ID, WEB_SECRET))
    assert response.json == INACTIVE
    response = client.post("/oauth2/v1/introspect", data={"token": tokens["refresh_token"]},
                           headers=basic(WEB_ID, WEB_SECRET))
    assert response.json == INACTIVE


def test_revoked_tokens_are_inactive(client, make_user):
    _, tokens = code_flow(client, make_user())
    client.post(REVOKE, data={"token": tokens["refresh_token"]}, headers=basic(WEB_ID, WEB_SECRET))
    assert introspect(client, tokens["refresh_token"]).json == INACTIVE
    assert introspect(client, tokens["access_token"]).json == INACTIVE


def test_expired_refresh_token_is_inactive(client, make_user, monkeypatch):
    _, tokens = code_flow(client, make_user())
    later = time.time() + 91 * 24 * 3600
    monkeypatch.setattr("mock_okta.directory.tokens.now", lambda: later)
    monkeypatch.setattr("mock_okta.oauth.token_endpoints.now", lambda: later)
    assert introspect(client, tokens["refresh_token"]).json == INACTIVE


@pytest.mark.parametrize("action", ["deactivate", "suspend"])
def test_tokens_of_a_user_who_cannot_sign_in_are_inactive(client, make_user, api_headers, action):
    user = make_user()
    _, tokens = code_flow(client, user)
    client.post(f"/api/v1/users/{user['id']}/lifecycle/{action}", headers=api_headers)
    assert introspect(client, tokens["access_token"]).json == INACTIVE
    assert introspect(client, tokens["refresh_token"]).json == INACTIVE


def test_resource_server_may_introspect_another_apps_access_token(client, make_user):
    _, tokens = code_flow(client, make_user())
    service = basic(SERVICE_ID, SERVICE_SECRET)
    assert introspect(client, tokens["access_token"], headers=service).json["active"] is True
    # ...but a refresh token is its own app's business.
    assert introspect(client, tokens["refresh_token"], headers=service).json == INACTIVE


def test_public_client_introspects_with_client_id(client, make_user):
    _, tokens = code_flow(client, make_user(), client_id=SPA_ID, secret=None)
    response = introspect(client, tokens["refresh_token"], headers={}, client_id=SPA_ID)
    assert response.json["active"] is True


@pytest.mark.parametrize("form", [{"token": None}, {"token": ""}])
def test_missing_token_is_invalid_request(client, form):
    response = client.post(INTROSPECT, data={k: v for k, v in form.items() if v is not None},
                           headers=basic(WEB_ID, WEB_SECRET))
    assert response.status_code == 400
    assert response.json == {"error": "invalid_request",
                             "error_description": "The token parameter is required."}


@pytest.mark.parametrize("hint", ["bearer", "ID_TOKEN", "code"])
def test_unknown_hint_is_invalid_request(client, hint):
    response = introspect(client, "x", token_type_hint=hint)
    assert response.status_code == 400 and response.json["error"] == "invalid_request"


@pytest.mark.parametrize("headers", [{}, basic(WEB_ID, "wrong"), basic("0oaNobody0000000001", "x")])
def test_client_must_authenticate(client, headers):
    response = introspect(client, "x", headers=headers)
    assert response.status_code == 401 and response.json["error"] == "invalid_client"


def test_bad_client_wins_over_missing_token(client):
    response = client.post(INTROSPECT, data={}, headers=basic(WEB_ID, "wrong"))
    assert response.status_code == 401


def test_get_is_rejected_in_oauth_dialect(client):
    response = client.get(INTROSPECT)
    assert response.status_code == 405 and response.json["error"] == "invalid_request"


def test_token_endpoint_response_of_client_credentials_introspects(client):
    token = client.post(TOKEN, data={"grant_type": "client_credentials", "scope": "orders.read"},
                        headers=basic(SERVICE_ID, SERVICE_SECRET)).json["access_token"]
    assert introspect(client, token).json["sub"] == SERVICE_ID
