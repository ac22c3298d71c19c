"""Discovery advertises the token-side features: grants, client authentication
methods, introspection and revocation endpoints."""

import pytest

from tests.mock_okta.support import ISSUER

METHODS = ["client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt",
           "none"]


@pytest.mark.parametrize("path", ["/oauth2/default/.well-known/openid-configuration",
                                  "/oauth2/default/.well-known/oauth-authorization-server"])
def test_token_side_of_discovery(client, path):
    doc = client.get(path).json
    assert {"authorization_code", "refresh_token", "password", "client_credentials"} <= set(
        doc["grant_types_supported"])
    assert doc["token_endpoint_auth_methods_supported"] == METHODS
    assert doc["introspection_endpoint"] == f"{ISSUER}/v1/introspect"
    assert doc["revocation_endpoint"] == f"{ISSUER}/v1/revoke"
    assert doc["introspection_endpoint_auth_methods_supported"] == METHODS
    assert doc["revocation_endpoint_auth_methods_supported"] == METHODS


def test_advertised_endpoints_answer(client):
    doc = client.get("/oauth2/default/.well-known/openid-configuration").json
    for name in ("introspection_endpoint", "revocation_endpoint"):
        path = doc[name].removeprefix("http://localhost")
        assert client.post(path).status_code == 401  # there, and asking for a client
