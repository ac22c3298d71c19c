"""A public app at /introspect and /revoke with `Authorization: Basic
base64(client_id)` and no secret, as Okta's browser SDK sends it: accepted, as Okta does."""

from __future__ import annotations

import base64

import pytest

from tests.mock_okta.support import CLIENT_ID


def basic(raw: str) -> dict:
    return {"Authorization": "Basic " + base64.b64encode(raw.encode()).decode()}


@pytest.fixture
def public_client_id(client, api_headers):
    app = client.post("/api/v1/apps", headers=api_headers, json={
        "name": "oidc_client", "label": "SPA", "signOnMode": "OPENID_CONNECT",
        "credentials": {"oauthClient": {"token_endpoint_auth_method": "none"}},
        "settings": {"oauthClient": {"application_type": "browser",
                                     "grant_types": ["authorization_code"],
                                     "response_types": ["code"],
                                     "redirect_uris": ["http://localhost:3000/cb"]}}}).json
    return app["credentials"]["oauthClient"]["client_id"]


@pytest.mark.parametrize("endpoint", ["introspect", "revoke"])
@pytest.mark.parametrize("suffix", ["", ":"])
def test_a_public_app_names_itself_in_basic_without_a_secret(client, public_client_id,
                                                             endpoint, suffix):
    response = client.post(f"/oauth2/default/v1/{endpoint}", data={"token": "not-a-token"},
                           headers=basic(public_client_id + suffix))
    assert response.status_code == 200
    if endpoint == "introspect":
        assert response.json == {"active": False}


@pytest.mark.parametrize("endpoint", ["introspect", "revoke"])
def test_a_confidential_app_still_needs_its_secret(client, endpoint):
    response = client.post(f"/oauth2/default/v1/{endpoint}", data={"token": "x"},
                           headers=basic(CLIENT_ID))
    assert response.status_code == 401 and response.json["error"] == "invalid_client"


def test_the_token_endpoint_does_not_take_it(client, public_client_id):
    response = client.post("/oauth2/default/v1/token", headers=basic(public_client_id),
                           data={"grant_type": "authorization_code", "code": "x",
                                 "redirect_uri": "http://localhost:3000/cb"})
    assert response.status_code == 401 and response.json["error"] == "invalid_client"


def test_an_unknown_client_in_basic_is_refused(client):
    response = client.post("/oauth2/default/v1/revoke", data={"token": "x"},
                           headers=basic("0oaNoSuchClient00001"))
    assert response.status_code == 401


def test_basic_plus_a_body_client_id_is_the_usual_path(client, public_client_id):
    """Not the browser SDK's shape: the ordinary checks answer (a Basic header that
    names no secret is invalid_client)."""
    response = client.post("/oauth2/default/v1/revoke", headers=basic(public_client_id),
                           data={"token": "x", "client_id": public_client_id})
    assert response.status_code == 401 and response.json["error"] == "invalid_client"
