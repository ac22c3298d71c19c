"""Custom authorization servers from configuration: audience, scopes, lifetimes, keys."""

from __future__ import annotations

from dataclasses import replace

import jwt
import pytest

from mock_okta import create_app
from mock_okta.config import AuthServerSettings
from tests.mock_okta.support import (
    REDIRECT_URI,
    Pkce,
    authorize_params,
    basic_auth,
    redirect_params,
    session_token,
)

ORDERS = AuthServerSettings(id="orders", audience="api://orders", name="Orders API",
                            scopes=("orders:read", "orders:write"),
                            published_scopes=("orders:read",), access_token_lifetime=600,
                            refresh_token_lifetime=7200)


@pytest.fixture
def settings(settings):
    fast_default = AuthServerSettings(id="default", audience="api://default",
                                      access_token_lifetime=300)
    return replace(settings, auth_servers=(ORDERS, fast_default))


def _tokens(client, user, server, scope):
    pkce = Pkce.new()
    token = session_token(client, user["profile"]["login"])
    response = client.get(f"/oauth2/{server}/v1/authorize",
                          query_string=authorize_params(pkce, scope=scope, sessionToken=token))
    params = redirect_params(response)
    if "code" not in params:
        return params
    response = client.post(f"/oauth2/{server}/v1/token", headers=basic_auth(), data={
        "grant_type": "authorization_code", "code": params["code"],
        "redirect_uri": REDIRECT_URI, "code_verifier": pkce.verifier})
    assert response.status_code == 200, response.json
    return response.json


def test_discovery_lists_only_published_custom_scopes(client):
    doc = client.get("/oauth2/orders/.well-known/openid-configuration").json
    assert doc["issuer"] == "http://localhost/oauth2/orders"
    assert "orders:read" in doc["scopes_supported"]
    assert "orders:write" not in doc["scopes_supported"]       # metadataPublish NO_CLIENTS
    assert "openid" in doc["scopes_supported"]


def test_access_tokens_carry_the_audience_scopes_and_lifetime(client, make_user):
    body = _tokens(client, make_user(), "orders", "openid orders:read orders:write")
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["aud"] == "api://orders"
    assert claims["iss"] == "http://localhost/oauth2/orders"
    assert claims["scp"] == ["openid", "orders:read", "orders:write"]
    assert claims["exp"] - claims["iat"] == 600 == body["expires_in"]


def test_default_is_always_there_and_can_be_reconfigured(client, make_user):
    body = _tokens(client, make_user(), "default", "openid")
    claims = jwt.decode(body["access_token"], options={"verify_signature": False})
    assert claims["aud"] == "api://default"
    assert claims["exp"] - claims["iat"] == 300


def test_default_lifetime_is_an_hour_without_configuration(settings, make_user):
    app = create_app(replace(settings, auth_servers=()))
    try:
        server = app.extensions["mock_okta"].servers["default"]
        assert (server.access_token_lifetime, server.refresh_token_lifetime) == (
            3600, 90 * 24 * 3600)
    finally:
        app.extensions["mock_okta"].store.close()


def test_lifetimes_are_exposed_per_server(app):
    org = app.extensions["mock_okta"]
    assert org.servers["orders"].access_token_lifetime == 600
    assert org.servers["orders"].refresh_token_lifetime == 7200
    assert org.org_server.access_token_lifetime == 3600


@pytest.mark.parametrize("scope", ["openid orders:delete", "openid groups", "openid orders:READ"])
def test_unknown_scopes_are_refused(client, make_user, scope):
    params = _tokens(client, make_user(), "orders", scope)
    assert params["error"] == "invalid_scope"


def test_custom_scopes_belong_to_their_server(client, make_user):
    assert _tokens(client, make_user(), "default", "openid orders:read")["error"] == "invalid_scope"


def test_each_configured_server_has_its_own_keys(client):
    kids = {path: {key["kid"] for key in client.get(path).json["keys"]}
            for path in ("/oauth2/orders/v1/keys", "/oauth2/default/v1/keys", "/oauth2/v1/keys")}
    assert len(set.union(*kids.values())) == 3


def test_tokens_do_not_cross_servers(client, make_user):
    token = _tokens(client, make_user(), "orders", "openid")["access_token"]
    response = client.get("/oauth2/default/v1/userinfo",
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    response = client.get("/oauth2/orders/v1/userinfo",
                          headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_management_api_lists_configured_servers(client, api_headers):
    servers = client.get("/api/v1/authorizationServers", headers=api_headers).json
    assert {server["id"]: server["audiences"] for server in servers} == {
        "default": ["api://default"], "orders": ["api://orders"]}
