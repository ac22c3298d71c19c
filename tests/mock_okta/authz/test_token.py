"""/v1/token with the authorization_code grant: Okta's claims and errors."""

import time

import jwt
import pytest

from tests.mock_okta.support import (
    CLIENT_ID,
    CLIENT_SECRET,
    ISSUER,
    REDIRECT_URI,
    Pkce,
    authorize_params,
    basic_auth,
    redirect_params,
    session_token,
)

TOKEN = "/oauth2/default/v1/token"


@pytest.fixture
def code_for(client, make_user):
    """An authorization code for a fresh user; returns (code, pkce, user)."""

    def issue(**overrides):
        user = make_user()
        pkce = Pkce.new()
        token = session_token(client, user["profile"]["login"])
        response = client.get("/oauth2/default/v1/authorize",
                              query_string=authorize_params(pkce, sessionToken=token, **overrides))
        return redirect_params(response)["code"], pkce, user

    return issue


def redeem(client, issued_code, pkce, headers=None, **form):
    data = {"grant_type": "authorization_code", "code": issued_code, "redirect_uri": REDIRECT_URI,
            "code_verifier": pkce.verifier, **form}
    return client.post(TOKEN, data={k: v for k, v in data.items() if v is not None},
                       headers=basic_auth() if headers is None else headers)


def claims_of(token):
    return jwt.decode(token, options={"verify_signature": False})


def test_token_response_shape(client, code_for):
    code, pkce, _ = code_for()
    response = redeem(client, code, pkce)
    assert response.status_code == 200
    body = response.json
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert body["scope"] == "openid profile email"  # a space-separated string
    assert "refresh_token" not in body  # only with offline_access
    assert response.headers["Cache-Control"] == "no-store"


def test_id_token_claims_are_oktas(client, code_for):
    code, pkce, user = code_for()
    body = redeem(client, code, pkce).json
    claims = claims_of(body["id_token"])
    assert claims["sub"] == user["id"] and claims["sub"].startswith("00u")
    assert claims["aud"] == CLIENT_ID and claims["iss"] == ISSUER
    assert claims["ver"] == 1 and claims["jti"].startswith("ID.")
    assert claims["nonce"] == "nonce-456"
    assert claims["amr"] == ["pwd"]
    assert claims["idp"].startswith("00o")
    assert abs(claims["auth_time"] - time.time()) < 60
    assert claims["exp"] - claims["iat"] == 3600
    from tests.mock_okta.support.token import half_hash
    assert claims["at_hash"] == half_hash(body["access_token"])
    # Thin ID token: the full profile comes from /userinfo.
    assert claims["preferred_username"] == user["profile"]["login"]
    assert "given_name" not in claims and "family_name" not in claims


def test_access_token_claims_are_oktas(client, code_for):
    code, pkce, user = code_for()
    claims = claims_of(redeem(client, code, pkce).json["access_token"])
    assert claims["aud"] == "api://default"
    assert claims["sub"] == user["profile"]["login"]  # the login, not the id
    assert claims["uid"] == user["id"] and claims["cid"] == CLIENT_ID
    assert claims["scp"] == ["openid", "profile", "email"]  # an array
    assert claims["jti"].startswith("AT.") and claims["ver"] == 1


def test_client_secret_post_is_accepted(client, code_for):
    code, pkce, _ = code_for()
    response = redeem(client, code, pkce, headers={}, client_id=CLIENT_ID,
                      client_secret=CLIENT_SECRET)
    assert response.status_code == 200


@pytest.mark.parametrize("headers, form", [
    (basic_auth(secret="wrong"), {}),
    (basic_auth(client_id="0oaSomeoneElse000001"), {}),
    ({}, {"client_id": CLIENT_ID, "client_secret": "wrong"}),
    ({}, {}),
])
def test_bad_client_credentials_are_401_invalid_client(client, code_for, headers, form):
    code, pkce, _ = code_for()
    response = redeem(client, code, pkce, headers=headers, **form)
    assert response.status_code == 401
    assert response.json["error"] == "invalid_client"
    assert "errorCode" not in response.json  # the OAuth dialect, not the API one


def test_code_is_single_use(client, code_for):
    code, pkce, _ = code_for()
    assert redeem(client, code, pkce).status_code == 200
    replay = redeem(client, code, pkce)
    assert replay.status_code == 400
    assert replay.json == {"error": "invalid_grant",
                           "error_description": "The authorization code is invalid or has expired."}


def test_code_expires_after_300_seconds(client, code_for, monkeypatch):
    code, pkce, _ = code_for()
    later = time.time() + 301
    monkeypatch.setattr("mock_okta.directory.tokens.now", lambda: later)
    assert redeem(client, code, pkce).json["error"] == "invalid_grant"


@pytest.mark.parametrize("form, error, description", [
    ({"redirect_uri": "http://localhost:5000/other"}, "invalid_grant", "redirect_uri"),
    ({"code_verifier": "x" * 50}, "invalid_grant", "PKCE verification failed."),
    ({"code_verifier": None}, "invalid_request", "PKCE verification failed."),
    ({"code": "not-a-code"}, "invalid_grant", "invalid or has expired"),
    ({"code": None}, "invalid_request", "code"),
    ({"grant_type": "magic"}, "unsupported_grant_type", "not supported"),
])
def test_token_request_errors(client, code_for, form, error, description):
    code, pkce, _ = code_for()
    response = redeem(client, code, pkce, **form)
    assert response.status_code == 400
    assert response.json["error"] == error
    assert description in response.json["error_description"]


def test_failed_redemption_spends_the_code(client, code_for):
    code, pkce, _ = code_for()
    redeem(client, code, pkce, code_verifier="y" * 50)
    assert redeem(client, code, pkce).json["error"] == "invalid_grant"


def test_code_from_another_client_is_rejected(client, settings, code_for, app):
    from mock_okta.config import ClientSettings
    from mock_okta.org.seed import register_from_settings
    register_from_settings(app.extensions["mock_okta"].store, ClientSettings(
        client_id="0oaSecondClient00001", client_secret="second-secret",
        redirect_uris=[REDIRECT_URI]))
    code, pkce, _ = code_for()
    response = redeem(client, code, pkce, headers=basic_auth("0oaSecondClient00001", "second-secret"))
    assert response.json["error"] == "invalid_grant"


def test_get_on_token_endpoint_is_rejected_in_oauth_dialect(client):
    response = client.get(TOKEN)
    assert response.status_code == 405
    assert response.json["error"] == "invalid_request"


def test_scope_narrower_request_yields_narrower_tokens(tokens):
    _, body = tokens(scope="openid")
    assert body["scope"] == "openid"
    assert claims_of(body["access_token"])["scp"] == ["openid"]
    id_claims = claims_of(body["id_token"])
    assert "email" not in id_claims and "preferred_username" not in id_claims
