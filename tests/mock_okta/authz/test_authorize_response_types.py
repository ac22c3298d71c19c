"""/v1/authorize response types: code, implicit and hybrid, each only where the
app allows it; tokens with Okta's claims (fat or thin ID token, at_hash,
c_hash), recorded so they can be introspected and revoked."""

import pytest

from tests.mock_okta.support import ISSUER, REDIRECT_URI, Pkce, authorize_params, redirect_params
from tests.mock_okta.support.authorize import (
    ALL_RESPONSE_TYPES,
    AUTHORIZE,
    app_params,
    authorize_signed_in,
    claims_of,
    create_app,
    fragment_params,
)
from tests.mock_okta.support.token import INTROSPECT, REVOKE, TOKEN, basic, half_hash

FAT_ONLY = {"given_name", "family_name", "locale", "updated_at", "email_verified"}


@pytest.fixture
def web(client):
    return create_app(client)


@pytest.fixture
def login(make_user):
    return make_user(first="Grace", last="Hopper")["profile"]["login"]


def introspect(client, app, token):
    return client.post(INTROSPECT, data={"token": token},
                       headers=basic(app["client_id"], app["client_secret"])).json


@pytest.mark.parametrize("response_type", ALL_RESPONSE_TYPES)
def test_each_response_type_answers_with_what_it_names(client, web, login, response_type):
    response = authorize_signed_in(client, login, app_params(web, response_type))
    assert response.status_code == 302
    assert response.headers["Referrer-Policy"] == "no-referrer"
    types = set(response_type.split())
    params = redirect_params(response) if types == {"code"} else fragment_params(response)
    expected = {"state"}
    if "code" in types:
        expected.add("code")
    if "token" in types:
        expected |= {"access_token", "token_type", "expires_in", "scope"}
    if "id_token" in types:
        expected.add("id_token")
    assert set(params) == expected  # never a refresh token through the front channel
    assert params["state"] == "state-123"
    if "token" in types:
        assert params["token_type"] == "Bearer" and params["expires_in"] == "3600"
        assert params["scope"] == "openid profile email"


def test_response_type_words_may_come_in_any_order(client, web, login):
    params = fragment_params(authorize_signed_in(client, login,
                                                 app_params(web, "token id_token code")))
    assert {"code", "access_token", "id_token"} <= set(params)


def test_id_token_alone_is_fat_and_carries_the_nonce(client, web, login):
    params = fragment_params(authorize_signed_in(client, login, app_params(web, "id_token")))
    claims = claims_of(params["id_token"])
    assert claims["nonce"] == "nonce-456" and claims["iss"] == ISSUER
    assert claims["aud"] == web["client_id"] and claims["jti"].startswith("ID.")
    assert FAT_ONLY <= set(claims)  # every scope claim: no access token to ask /userinfo with
    assert claims["given_name"] == "Grace" and claims["preferred_username"] == login
    assert "at_hash" not in claims and "c_hash" not in claims


def test_id_token_token_is_thin_with_at_hash(client, web, login):
    params = fragment_params(authorize_signed_in(client, login,
                                                 app_params(web, "id_token token")))
    claims = claims_of(params["id_token"])
    assert claims["at_hash"] == half_hash(params["access_token"])
    assert {"name", "preferred_username", "email"} <= set(claims)
    assert not FAT_ONLY & set(claims)
    access = claims_of(params["access_token"])
    assert access["cid"] == web["client_id"] and access["sub"] == login
    assert access["scp"] == ["openid", "profile", "email"] and access["aud"] == "api://default"


@pytest.mark.parametrize("response_type, at_hash", [("code id_token", False),
                                                    ("code id_token token", True)])
def test_hybrid_id_token_has_c_hash_and_is_thin(client, web, login, response_type, at_hash):
    params = fragment_params(authorize_signed_in(client, login, app_params(web, response_type)))
    claims = claims_of(params["id_token"])
    assert claims["c_hash"] == half_hash(params["code"])
    assert ("at_hash" in claims) is at_hash
    assert "name" in claims and not FAT_ONLY & set(claims)


def test_hybrid_code_is_redeemed_at_token_with_pkce(client, web, login):
    pkce = Pkce.new()
    params = fragment_params(authorize_signed_in(client, login,
                                                 app_params(web, "code id_token", pkce)))
    response = client.post(TOKEN, headers=basic(web["client_id"], web["client_secret"]), data={
        "grant_type": "authorization_code", "code": params["code"],
        "redirect_uri": "http://localhost:4000/callback", "code_verifier": pkce.verifier})
    assert response.status_code == 200, response.json
    assert claims_of(response.json["id_token"])["nonce"] == "nonce-456"


def test_implicit_access_token_is_recorded_introspected_and_revoked(client, web, login):
    params = fragment_params(authorize_signed_in(client, login, app_params(web, "token")))
    token = params["access_token"]
    body = introspect(client, web, token)
    assert body["active"] is True and body["client_id"] == web["client_id"]
    assert client.post(REVOKE, data={"token": token},
                       headers=basic(web["client_id"], web["client_secret"])).status_code == 200
    assert introspect(client, web, token) == {"active": False}


def test_replayed_hybrid_code_revokes_the_front_channel_token_too(client, web, login):
    pkce = Pkce.new()
    params = fragment_params(authorize_signed_in(client, login,
                                                 app_params(web, "code token", pkce)))
    form = {"grant_type": "authorization_code", "code": params["code"],
            "redirect_uri": "http://localhost:4000/callback", "code_verifier": pkce.verifier}
    auth = basic(web["client_id"], web["client_secret"])
    assert client.post(TOKEN, data=form, headers=auth).status_code == 200
    assert client.post(TOKEN, data=form, headers=auth).status_code == 400
    assert introspect(client, web, params["access_token"]) == {"active": False}


def test_token_alone_has_no_id_token_even_with_openid(client, web, login):
    params = fragment_params(authorize_signed_in(client, login, app_params(web, "token")))
    assert "id_token" not in params


def test_implicit_ignores_offline_access(client, web, login):
    params = fragment_params(authorize_signed_in(
        client, login, app_params(web, "token", scope="openid offline_access")))
    assert params["scope"] == "openid"
    assert claims_of(params["access_token"])["scp"] == ["openid"]
    assert "refresh_token" not in params


def test_offline_access_without_refresh_grant_is_no_error_and_no_refresh_token(
        client, login):
    """Okta issues a refresh token only when the app has the grant (§1.4); asking
    anyway is not an error."""
    app = create_app(client, response_types=["code"], grant_types=["authorization_code"])
    pkce = Pkce.new()
    response = authorize_signed_in(client, login, app_params(
        app, "code", pkce, scope="openid offline_access"))
    code = redirect_params(response)["code"]
    body = client.post(TOKEN, headers=basic(app["client_id"], app["client_secret"]), data={
        "grant_type": "authorization_code", "code": code,
        "redirect_uri": "http://localhost:4000/callback", "code_verifier": pkce.verifier}).json
    assert "access_token" in body and "refresh_token" not in body


def test_code_needs_no_nonce(client, login):
    response = authorize_signed_in(client, login, authorize_params(nonce=None))
    assert redirect_params(response)["code"]


@pytest.mark.parametrize("response_type", ["id_token", "token", "code id_token", "code token"])
def test_front_channel_tokens_need_a_nonce(client, web, login, response_type):
    response = authorize_signed_in(client, login, app_params(web, response_type, nonce=None))
    params = fragment_params(response)
    assert params["error"] == "invalid_request"
    assert params["error_description"] == (
        'The "nonce" parameter is required for authorize requests with either the "id_token" '
        'or "token" response types.')
    assert params["state"] == "state-123"


@pytest.mark.parametrize("response_type, configured", [
    ("id_token", "[code]"), ("token", "[code]"), ("code id_token", "[code]"),
])
def test_response_type_the_app_does_not_allow_is_unsupported(client, response_type, configured):
    response = client.get(AUTHORIZE, query_string=authorize_params(response_type=response_type))
    params = fragment_params(response)  # a token was asked for: the fragment, never the query
    assert response.headers["Location"].startswith(REDIRECT_URI + "#")
    assert params["error"] == "unsupported_response_type"
    assert params["error_description"] == (
        "The response type is not supported by the authorization server. Configured response "
        f"types: {configured}.")
    assert params["state"] == "state-123"


def test_partly_allowed_combination_is_unsupported(client):
    app = create_app(client, response_types=["code", "id_token"])
    params = fragment_params(client.get(AUTHORIZE, query_string=app_params(app, "code token")))
    assert params["error"] == "unsupported_response_type"
    assert params["error_description"].endswith("Configured response types: [code, id_token].")


def test_id_token_without_openid_is_invalid_scope(client, web):
    params = fragment_params(client.get(AUTHORIZE, query_string=app_params(
        web, "id_token", scope="email")))
    assert params["error"] == "invalid_scope"
    assert "require the 'openid' scope" in params["error_description"]


def test_token_for_custom_scopes_needs_no_openid(client, app, web, login):
    from tests.mock_okta.support.token import add_custom_scopes
    add_custom_scopes(app, "orders.read")
    params = fragment_params(authorize_signed_in(client, login, app_params(
        web, "token", scope="orders.read")))
    assert claims_of(params["access_token"])["scp"] == ["orders.read"]
    assert "id_token" not in params


def test_org_server_issues_implicit_tokens_with_its_own_issuer(client, web, login):
    params = fragment_params(authorize_signed_in(client, login, app_params(web, "id_token token"),
                                                 path="/oauth2/v1/authorize"))
    assert claims_of(params["id_token"])["iss"] == "http://localhost"
    assert claims_of(params["access_token"])["aud"] == "http://localhost"
