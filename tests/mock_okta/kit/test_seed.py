"""Seeding: POST /_mock/seed and the configuration file's groups and users."""

from __future__ import annotations

import json

import pytest

from mock_okta import create_app
from mock_okta.config import environment
from tests.mock_okta.support import PASSWORD

ADA = {"profile": {"login": "ada@example.com", "email": "ada@example.com", "firstName": "Ada",
                   "lastName": "Lovelace"},
       "credentials": {"password": {"value": PASSWORD}}, "groups": ["Engineers"]}
SEED = {"groups": [{"profile": {"name": "Admins", "description": "People who run things"}}],
        "users": [ADA, {"profile": {"login": "bo@example.com", "email": "bo@example.com",
                                    "firstName": "Bo", "lastName": "Staged"},
                        "activate": False}]}


def group_names(client, api_headers):
    return sorted(g["profile"]["name"] for g in client.get("/api/v1/groups", headers=api_headers).json)


def test_seed_creates_and_becomes_what_reset_brings_back(client, api_headers, make_user):
    response = client.post("/_mock/seed", json=SEED)
    assert response.status_code == 200
    assert response.json == {"created": {"groups": 1, "users": 2, "apps": 0, "policies": 0}}
    ada = client.get("/api/v1/users/ada@example.com", headers=api_headers).json
    assert ada["status"] == "ACTIVE"
    assert client.get("/api/v1/users/bo@example.com", headers=api_headers).json["status"] == "STAGED"
    assert [g["profile"]["name"] for g in client.get(f"/api/v1/users/{ada['id']}/groups",
                                                     headers=api_headers).json] \
        == ["Everyone", "Engineers"]
    later = make_user()
    client.post("/_mock/reset")
    assert client.get(f"/api/v1/users/{later['id']}", headers=api_headers).status_code == 404
    assert client.get("/api/v1/users/ada@example.com", headers=api_headers).status_code == 200
    assert group_names(client, api_headers) == ["Admins", "Engineers", "Everyone"]


def test_seeding_twice_creates_nothing_more(client):
    client.post("/_mock/seed", json=SEED)
    assert client.post("/_mock/seed", json=SEED).json == {
        "created": {"groups": 0, "users": 0, "apps": 0, "policies": 0}}


def test_a_seeded_app_authenticates(client):
    app = {"name": "oidc_client", "label": "Seeded", "signOnMode": "OPENID_CONNECT",
           "credentials": {"oauthClient": {"client_id": "0oaSeededApp00000001",
                                           "token_endpoint_auth_method": "client_secret_basic",
                                           "client_secret": "seeded-app-secret-0001"}},
           "settings": {"oauthClient": {"application_type": "service",
                                        "grant_types": ["client_credentials"]}}}
    assert client.post("/_mock/seed", json={"apps": [app]}).json["created"]["apps"] == 1
    token = client.post("/oauth2/default/v1/token", auth=("0oaSeededApp00000001", "seeded-app-secret-0001"),
                        data={"grant_type": "client_credentials"})
    # Authenticated: what is left to refuse is the scope (default has no custom scopes).
    assert token.status_code == 400 and token.json["error"] == "invalid_scope"
    wrong = client.post("/oauth2/default/v1/token", auth=("0oaSeededApp00000001", "wrong-secret"),
                        data={"grant_type": "client_credentials"})
    assert wrong.status_code == 401 and wrong.json["error"] == "invalid_client"


@pytest.mark.parametrize("document, field", [
    ({"people": []}, "seed"),
    ({"users": {}}, "users"),
    ({"users": [ADA, {"profile": {"login": "x"}}]}, "users[1]"),
    ({"users": [{**ADA, "groups": "Engineers"}]}, "users[0]"),
    ({"users": [{**ADA, "activate": "yes"}]}, "users[0]"),
    ({"users": [{**ADA, "status": "ACTIVE"}]}, "users[0]"),
    ({"groups": [{"profile": {}}]}, "groups[0]"),
    ({"apps": [{"name": "oidc_client"}]}, "apps[0]"),
])
def test_a_bad_seed_is_refused_by_position_and_keeps_nothing(client, api_headers, document, field):
    if isinstance(document, dict) and "users" in document and isinstance(document["users"], list):
        document = {"groups": [{"profile": {"name": "Kept-Only-If-All-Good"}}], **document}
    response = client.post("/_mock/seed", json=document)
    assert response.status_code == 400 and response.json["errorCode"] == "E0000001"
    assert response.json["errorSummary"] == f"Api validation failed: {field}"
    assert group_names(client, api_headers) == ["Everyone"]
    assert client.get("/api/v1/users/ada@example.com", headers=api_headers).status_code == 404


def test_a_seed_body_that_is_not_json_is_refused(client):
    response = client.post("/_mock/seed", data="{", content_type="application/json")
    assert response.status_code == 400 and response.json["errorCode"] == "E0000003"


def test_the_config_file_seeds_groups_and_users(tmp_path, settings, api_headers):
    path = tmp_path / "org.json"
    path.write_text(json.dumps(SEED))
    seeded = environment.from_env({"MOCK_OKTA_CONFIG": str(path)}, db_path=":memory:",
                                  api_token=settings.api_token)
    client = create_app(seeded).test_client()
    assert client.get("/api/v1/users/ada@example.com", headers=api_headers).status_code == 200
    assert group_names(client, api_headers) == ["Admins", "Engineers", "Everyone"]
    client.post("/_mock/reset")
    assert client.get("/api/v1/users/bo@example.com", headers=api_headers).status_code == 200


def test_a_bad_user_in_the_config_file_stops_start_up_naming_it(tmp_path):
    path = tmp_path / "org.json"
    path.write_text(json.dumps({"users": [ADA, {"profile": {"login": "nope"}}]}))
    with pytest.raises(ValueError, match=r"config file .*org.json: users\[1\]: login: "):
        create_app(environment.from_env({"MOCK_OKTA_CONFIG": str(path)}, db_path=":memory:"))


def test_the_config_file_seed_must_be_lists(tmp_path):
    path = tmp_path / "org.json"
    path.write_text(json.dumps({"users": {"login": "x"}}))
    with pytest.raises(ValueError, match="config file .*org.json: users must be a list"):
        environment.from_env({"MOCK_OKTA_CONFIG": str(path)})
