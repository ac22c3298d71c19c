"""Facts the org states in one place only, and everyone who repeats them agrees:
client authentication methods, token lifetimes, and the no-store headers."""

from __future__ import annotations

import jwt
import pytest
from flask import Response

from mock_okta.config import (
    DEFAULT_ACCESS_TOKEN_LIFETIME,
    DEFAULT_REFRESH_TOKEN_LIFETIME,
    ID_TOKEN_LIFETIME,
    AuthServerSettings,
)
from mock_okta.config.file import parse_config
from mock_okta.directory.app_spec import AUTH_METHODS, SECRET_METHODS
from mock_okta.oauth import client_auth, code_grant, grants, token_endpoints
from mock_okta.web.caching import NO_CACHE_NO_STORE, no_store


def test_one_list_of_client_authentication_methods(client):
    doc = client.get("/oauth2/default/.well-known/openid-configuration").json
    for name in ("token_endpoint_auth_methods_supported",
                 "introspection_endpoint_auth_methods_supported",
                 "revocation_endpoint_auth_methods_supported"):
        assert doc[name] == list(AUTH_METHODS)
    assert client_auth.ALL_METHODS == list(AUTH_METHODS)
    for accepting in (code_grant.CodeGrant, grants.RefreshGrant, grants.PasswordGrant,
                      grants.ClientCredentialsGrant):
        assert accepting.TOKEN_ENDPOINT_AUTH_METHODS == list(AUTH_METHODS)
    for endpoint in (token_endpoints.OktaIntrospection, token_endpoints.OktaRevocation):
        assert endpoint.CLIENT_AUTH_METHODS == list(AUTH_METHODS)
    assert set(SECRET_METHODS) < set(AUTH_METHODS)


def test_one_set_of_token_lifetimes(app):
    org = app.extensions["mock_okta"]
    servers, _ = parse_config({"authorizationServers": [
        {"id": "plain", "audiences": ["api://plain"]}]})
    configured = AuthServerSettings(id="x", audience="api://x")
    for lifetimes in ((servers[0].access_token_lifetime, servers[0].refresh_token_lifetime),
                      (configured.access_token_lifetime, configured.refresh_token_lifetime),
                      (org.org_server.access_token_lifetime, org.org_server.refresh_token_lifetime),
                      (org.server("default").access_token_lifetime,
                       org.server("default").refresh_token_lifetime)):
        assert lifetimes == (DEFAULT_ACCESS_TOKEN_LIFETIME, DEFAULT_REFRESH_TOKEN_LIFETIME)


def test_tokens_live_the_configured_lifetimes(app, client, make_user):
    from tests.mock_okta.support.token import code_flow, register_standard_apps
    register_standard_apps(app)
    _, tokens = code_flow(client, make_user())
    claims = jwt.decode(tokens["id_token"], options={"verify_signature": False})
    assert claims["exp"] - claims["iat"] == ID_TOKEN_LIFETIME
    access = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    assert access["exp"] - access["iat"] == DEFAULT_ACCESS_TOKEN_LIFETIME


@pytest.mark.parametrize("cache_control", ["no-store", NO_CACHE_NO_STORE])
def test_no_store_sets_both_headers(cache_control):
    response = no_store(Response(), cache_control)
    assert response.headers["Cache-Control"] == cache_control
    assert response.headers["Pragma"] == "no-cache"
    assert no_store(Response()).headers["Cache-Control"] == "no-store"
