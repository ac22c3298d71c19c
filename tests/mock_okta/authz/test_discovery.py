"""Discovery documents and JWKS of the `default` custom authorization server."""

import base64
import hashlib
import json
import re

import jwt
import pytest
from jwt.algorithms import RSAAlgorithm

from tests.mock_okta.support import ISSUER

OIDC_PATH = "/oauth2/default/.well-known/openid-configuration"
OAUTH_PATH = "/oauth2/default/.well-known/oauth-authorization-server"


def test_openid_configuration_lists_okta_fields(client):
    doc = client.get(OIDC_PATH).json
    assert doc["issuer"] == ISSUER
    for name, suffix in [("authorization_endpoint", "authorize"), ("token_endpoint", "token"),
                         ("userinfo_endpoint", "userinfo"), ("jwks_uri", "keys"),
                         ("end_session_endpoint", "logout")]:
        assert doc[name] == f"{ISSUER}/v1/{suffix}"
    assert doc["code_challenge_methods_supported"] == ["S256"]
    assert doc["id_token_signing_alg_values_supported"] == ["RS256"]
    assert doc["subject_types_supported"] == ["public"]
    assert set(doc["token_endpoint_auth_methods_supported"]) >= {
        "client_secret_basic", "client_secret_post"}
    assert "groups" not in doc["scopes_supported"]  # custom servers have no groups scope
    assert {"openid", "profile", "email", "offline_access"} <= set(doc["scopes_supported"])


def test_oauth_metadata_has_no_userinfo_and_lists_access_token_claims(client):
    doc = client.get(OAUTH_PATH).json
    assert doc["issuer"] == ISSUER
    assert "userinfo_endpoint" not in doc
    assert {"cid", "uid", "scp"} <= set(doc["claims_supported"])


def test_issuer_follows_configured_org_url(settings):
    from dataclasses import replace

    from mock_okta import create_app
    app = create_app(replace(settings, org_url="https://mock.example.test"))
    doc = app.test_client().get(OIDC_PATH).json
    assert doc["issuer"] == "https://mock.example.test/oauth2/default"
    assert doc["jwks_uri"] == "https://mock.example.test/oauth2/default/v1/keys"


@pytest.mark.parametrize("path", [
    "/oauth2/aus00000000000000000/.well-known/openid-configuration",
    "/oauth2/nope/v1/keys",
    "/oauth2/nope/v1/token",
])
def test_unknown_authorization_server_is_okta_404(client, path):
    response = client.get(path) if "token" not in path else client.post(path)
    assert response.status_code == 404
    assert response.json["errorCode"] == "E0000007"
    assert response.json["errorSummary"].endswith("(AuthorizationServer)")


def test_jwks_publishes_rs256_signing_key_with_thumbprint_kid(client):
    response = client.get("/oauth2/default/v1/keys")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert "max-age=" in response.headers["Cache-Control"]
    [key] = response.json["keys"]
    assert key["kty"] == "RSA" and key["alg"] == "RS256" and key["use"] == "sig"
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", key["kid"])
    assert "d" not in key and "p" not in key  # public half only


def test_kid_is_the_rfc7638_thumbprint_of_the_published_key(client):
    [key] = client.get("/oauth2/default/v1/keys").json["keys"]
    canonical = json.dumps({"e": key["e"], "kty": "RSA", "n": key["n"]}, separators=(",", ":"))
    digest = hashlib.sha256(canonical.encode()).digest()
    assert key["kid"] == base64.urlsafe_b64encode(digest).decode().rstrip("=")


def test_tokens_verify_with_published_key(client, tokens):
    _, body = tokens()
    [key] = client.get("/oauth2/default/v1/keys").json["keys"]
    public = RSAAlgorithm.from_jwk(key)
    for token in (body["id_token"], body["access_token"]):
        assert jwt.get_unverified_header(token)["kid"] == key["kid"]
        jwt.decode(token, public, algorithms=["RS256"], options={"verify_aud": False})


@pytest.mark.parametrize("path, bare_token", [(OIDC_PATH, False), (OAUTH_PATH, True),
                                              ("/.well-known/openid-configuration", False)])
def test_discovery_lists_the_response_types_and_modes_authorize_answers(client, path,
                                                                        bare_token):
    doc = client.get(path).json
    assert set(doc["response_types_supported"]) == {
        "code", "id_token", "code id_token", "code token", "id_token token",
        "code id_token token"} | ({"token"} if bare_token else set())
    assert doc["response_modes_supported"] == ["query", "fragment", "form_post",
                                               "okta_post_message"]
    assert "implicit" in doc["grant_types_supported"]
