"""Key store API: list keys with status, rotate on demand, old tokens keep verifying."""

from __future__ import annotations

from dataclasses import replace

import jwt
import pytest
from jwt.algorithms import RSAAlgorithm

from mock_okta import create_app

KEYS = "/api/v1/authorizationServers/default/credentials/keys"
ROTATE = "/api/v1/authorizationServers/default/credentials/lifecycle/keyRotate"
JWKS = "/oauth2/default/v1/keys"


def _rotate(client, api_headers):
    response = client.post(ROTATE, json={"use": "sig"}, headers=api_headers)
    assert response.status_code == 200, response.json
    return {key["status"]: key["kid"] for key in response.json}


def _verify_with_jwks(client, token):
    keys = {key["kid"]: RSAAlgorithm.from_jwk(key) for key in client.get(JWKS).json["keys"]}
    kid = jwt.get_unverified_header(token)["kid"]
    assert kid in keys, "signing key no longer published"
    return jwt.decode(token, keys[kid], algorithms=["RS256"], options={"verify_aud": False})


def _userinfo(client, token):
    return client.get("/oauth2/default/v1/userinfo", headers={"Authorization": f"Bearer {token}"})


def test_keys_list_the_active_key_of_the_jwks(client, api_headers):
    response = client.get(KEYS, headers=api_headers)
    assert response.status_code == 200
    [key] = response.json
    assert key["status"] == "ACTIVE" and key["use"] == "sig" and key["alg"] == "RS256"
    assert key["kid"] == client.get(JWKS).json["keys"][0]["kid"]
    assert key["_links"]["self"]["href"].endswith(f"/credentials/keys/{key['kid']}")
    one = client.get(f"{KEYS}/{key['kid']}", headers=api_headers)
    assert one.status_code == 200 and one.json["kid"] == key["kid"]


def test_rotation_statuses_follow_okta(client, api_headers):
    [first] = client.get(KEYS, headers=api_headers).json
    statuses = _rotate(client, api_headers)
    assert set(statuses) == {"ACTIVE", "NEXT", "EXPIRED"}
    assert statuses["EXPIRED"] == first["kid"]
    published = {key["kid"] for key in client.get(JWKS).json["keys"]}
    assert published == set(statuses.values())
    again = _rotate(client, api_headers)
    assert again["ACTIVE"] == statuses["NEXT"]       # NEXT → ACTIVE
    assert again["EXPIRED"] == statuses["ACTIVE"]    # ACTIVE → EXPIRED
    assert first["kid"] not in {key["kid"] for key in client.get(JWKS).json["keys"]}


def test_tokens_signed_before_rotation_keep_verifying(client, api_headers, tokens):
    _, before = tokens()
    old_kid = jwt.get_unverified_header(before["access_token"])["kid"]
    statuses = _rotate(client, api_headers)
    _, after = tokens()
    assert jwt.get_unverified_header(after["access_token"])["kid"] == statuses["ACTIVE"] != old_kid
    assert jwt.get_unverified_header(after["id_token"])["kid"] == statuses["ACTIVE"]
    for token in (before["access_token"], before["id_token"], after["access_token"]):
        _verify_with_jwks(client, token)
    assert _userinfo(client, before["access_token"]).status_code == 200
    assert _userinfo(client, after["access_token"]).status_code == 200


def test_a_key_two_rotations_old_is_gone(client, api_headers, tokens):
    _, before = tokens()
    _rotate(client, api_headers)
    _rotate(client, api_headers)
    assert _userinfo(client, before["access_token"]).status_code == 401


def test_rotation_refreshes_the_cached_jwks(client, api_headers):
    first = client.get(JWKS).data
    assert client.get(JWKS).data == first  # served from the document cache
    _rotate(client, api_headers)
    assert client.get(JWKS).data != first


def test_rotation_touches_only_that_server(client, api_headers):
    org_keys = client.get("/oauth2/v1/keys").json
    _rotate(client, api_headers)
    assert client.get("/oauth2/v1/keys").json == org_keys


def test_rotated_keys_survive_a_restart(settings, tmp_path):
    settings = replace(settings, db_path=str(tmp_path / "org.sqlite3"))
    headers = {"Authorization": f"SSWS {settings.api_token}"}
    app = create_app(settings)
    _rotate(app.test_client(), headers)
    before = app.test_client().get(KEYS, headers=headers).json
    app.extensions["mock_okta"].store.close()
    again = create_app(settings)
    try:
        assert again.test_client().get(KEYS, headers=headers).json == before
    finally:
        again.extensions["mock_okta"].store.close()


@pytest.mark.parametrize("body, code", [
    ({"use": "enc"}, "E0000001"), ({}, "E0000001"), ({"use": None}, "E0000001"),
    ({"use": ["sig"]}, "E0000001"), ("[]", "E0000003"), ("not json", "E0000003"), ("", "E0000003"),
])
def test_bad_rotation_bodies(client, api_headers, body, code):
    kwargs = {"json": body} if isinstance(body, dict) else {
        "data": body, "content_type": "application/json"}
    response = client.post(ROTATE, headers=api_headers, **kwargs)
    assert response.status_code == 400 and response.json["errorCode"] == code
    if code == "E0000001":
        assert response.json["errorSummary"] == "Api validation failed: rotateKeys"
        assert response.json["errorCauses"] == [
            {"errorSummary": "Invalid value specified for key 'use' parameter."}]
    assert len(client.get(KEYS, headers=api_headers).json) == 1  # nothing rotated


@pytest.mark.parametrize("method, path", [
    ("get", KEYS), ("post", ROTATE), ("get", "/api/v1/authorizationServers"),
    ("get", "/api/v1/authorizationServers/default"),
])
@pytest.mark.parametrize("headers, status, code", [
    ({}, 403, "E0000005"), ({"Authorization": "SSWS wrong"}, 401, "E0000011"),
    ({"Authorization": "Bearer x"}, 403, "E0000005"),
])
def test_key_store_needs_an_api_token(client, method, path, headers, status, code):
    response = getattr(client, method)(path, headers=headers, json={"use": "sig"})
    assert response.status_code == status and response.json["errorCode"] == code


@pytest.mark.parametrize("path", [
    "/api/v1/authorizationServers/nope/credentials/keys",
    "/api/v1/authorizationServers/nope",
    "/api/v1/authorizationServers/default/credentials/keys/not-a-kid",
])
def test_unknown_server_or_key_is_okta_404(client, api_headers, path):
    response = client.get(path, headers=api_headers)
    assert response.status_code == 404 and response.json["errorCode"] == "E0000007"


def test_rotating_an_unknown_server_is_okta_404(client, api_headers):
    response = client.post("/api/v1/authorizationServers/nope/credentials/lifecycle/keyRotate",
                           json={"use": "sig"}, headers=api_headers)
    assert response.status_code == 404 and response.json["errorCode"] == "E0000007"


def test_authorization_server_object(client, api_headers):
    [server] = client.get("/api/v1/authorizationServers", headers=api_headers).json
    assert server["id"] == "default" and server["audiences"] == ["api://default"]
    assert server["issuer"] == "http://localhost/oauth2/default"
    [key] = client.get(KEYS, headers=api_headers).json
    assert server["credentials"]["signing"]["kid"] == key["kid"]
    assert server["_links"]["rotateKey"]["href"].endswith("/credentials/lifecycle/keyRotate")


def test_rotating_through_the_org_drops_its_cached_documents(app, client):
    """The org invalidates what it caches; the keyRotate view only asks it to rotate."""
    org = app.extensions["mock_okta"]
    before = client.get(JWKS).json
    assert ("/oauth2/default/v1/keys" in {key[0] for key in org.documents._entries})
    keys = org.rotate_keys(org.server("default"))
    assert not org.documents._entries
    after = client.get(JWKS).json
    assert after != before
    assert [key["kid"] for key in after["keys"]] == [key.kid for key in keys]
