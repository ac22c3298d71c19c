"""Policies API (`/api/v1/policies…`): the subset that decides MFA, in Okta's shapes,
and `PUT /api/v1/apps/{appId}/policies/{policyId}`."""

from __future__ import annotations

import pytest

from tests.mock_okta.support import CLIENT_ID
from tests.mock_okta.support.api import assert_okta_error

SIGN_ON_RULE = {"name": "Require a factor", "actions": {"signon": {
    "access": "ALLOW", "requireFactor": True, "factorPromptMode": "ALWAYS"}}}


@pytest.fixture
def group(client, api_headers):
    response = client.post("/api/v1/groups", headers=api_headers,
                           json={"profile": {"name": "Admins"}})
    return response.json


def create_policy(client, headers, **body):
    body = {"type": "OKTA_SIGN_ON", "name": "MFA policy", **body}
    return client.post("/api/v1/policies", headers=headers, json=body)


def test_every_org_has_default_policies(client, api_headers):
    for policy_type in ("OKTA_SIGN_ON", "MFA_ENROLL"):
        listed = client.get("/api/v1/policies", headers=api_headers,
                            query_string={"type": policy_type}).json
        assert [(p["name"], p["system"], p["status"]) for p in listed] == [
            ("Default Policy", True, "ACTIVE")]
        rules = client.get(f"/api/v1/policies/{listed[0]['id']}/rules", headers=api_headers).json
        assert [(r["name"], r["system"]) for r in rules] == [("Default Rule", True)]
    sign_on = client.get("/api/v1/policies?type=OKTA_SIGN_ON", headers=api_headers).json[0]
    rule = client.get(sign_on["_links"]["rules"]["href"].replace("http://localhost", ""),
                      headers=api_headers).json[0]
    assert rule["actions"]["signon"]["requireFactor"] is False


def test_list_needs_a_type(client, api_headers):
    assert_okta_error(client.get("/api/v1/policies", headers=api_headers), 400, "E0000001")
    assert client.get("/api/v1/policies?type=PASSWORD", headers=api_headers).json == []


def test_create_a_group_sign_on_policy_with_a_rule(client, api_headers, group):
    response = create_policy(client, api_headers, conditions={
        "people": {"groups": {"include": [group["id"]]}}})
    assert response.status_code == 200
    policy = response.json
    assert policy["id"].startswith("00p") and policy["status"] == "ACTIVE"
    assert policy["priority"] == 1 and policy["system"] is False
    assert policy["conditions"]["people"]["groups"]["include"] == [group["id"]]
    assert set(policy["_links"]) == {"self", "rules", "deactivate"}
    rule = client.post(f"/api/v1/policies/{policy['id']}/rules", headers=api_headers,
                       json=SIGN_ON_RULE)
    assert rule.status_code == 200
    assert rule.json["id"].startswith("0pr") and rule.json["type"] == "SIGN_ON"
    assert rule.json["actions"]["signon"]["factorPromptMode"] == "ALWAYS"
    listed = client.get("/api/v1/policies?type=OKTA_SIGN_ON", headers=api_headers).json
    assert [p["name"] for p in listed] == ["MFA policy", "Default Policy"]


def test_lifecycle_replace_and_delete(client, api_headers):
    policy = create_policy(client, api_headers).json
    path = f"/api/v1/policies/{policy['id']}"
    assert client.post(f"{path}/lifecycle/deactivate", headers=api_headers).status_code == 204
    assert client.get(path, headers=api_headers).json["status"] == "INACTIVE"
    replaced = client.put(path, headers=api_headers,
                          json={"type": "OKTA_SIGN_ON", "name": "Renamed"})
    assert replaced.json["name"] == "Renamed"
    rule = client.post(f"{path}/rules?activate=false", headers=api_headers,
                       json=SIGN_ON_RULE).json
    assert rule["status"] == "INACTIVE"
    rule_path = f"{path}/rules/{rule['id']}"
    assert client.post(f"{rule_path}/lifecycle/activate", headers=api_headers).status_code == 204
    assert client.get(rule_path, headers=api_headers).json["status"] == "ACTIVE"
    assert client.delete(rule_path, headers=api_headers).status_code == 204
    assert_okta_error(client.get(rule_path, headers=api_headers), 404, "E0000007")
    assert client.delete(path, headers=api_headers).status_code == 204
    assert_okta_error(client.get(path, headers=api_headers), 404, "E0000007")


def test_the_default_policy_cannot_be_deleted(client, api_headers):
    default = client.get("/api/v1/policies?type=OKTA_SIGN_ON", headers=api_headers).json[0]
    assert_okta_error(client.delete(f"/api/v1/policies/{default['id']}", headers=api_headers),
                      400, "E0000001")


def test_the_default_rule_can_require_a_factor_for_everyone(client, api_headers):
    default = client.get("/api/v1/policies?type=OKTA_SIGN_ON", headers=api_headers).json[0]
    rules_path = f"/api/v1/policies/{default['id']}/rules"
    rule = client.get(rules_path, headers=api_headers).json[0]
    updated = client.put(f"{rules_path}/{rule['id']}", headers=api_headers,
                         json={**SIGN_ON_RULE, "name": "ignored"})
    assert updated.json["name"] == "Default Rule"
    assert updated.json["actions"]["signon"]["requireFactor"] is True


def test_enrollment_policy_settings(client, api_headers):
    response = create_policy(client, api_headers, type="MFA_ENROLL", settings={"factors": {
        "google_otp": {"enroll": {"self": "REQUIRED"}},
        "okta_push": {"enroll": {"self": "NOT_ALLOWED"}}}})
    assert response.status_code == 200
    assert response.json["settings"]["factors"] == {
        "google_otp": {"enroll": {"self": "REQUIRED"}, "consent": {"type": "NONE"}}}
    rule = client.post(f"/api/v1/policies/{response.json['id']}/rules", headers=api_headers,
                       json={"name": "At login", "actions": {"enroll": {"self": "LOGIN"}}})
    assert rule.json["type"] == "MFA_ENROLL" and rule.json["actions"]["enroll"]["self"] == "LOGIN"


def test_an_app_gets_an_access_policy(client, api_headers):
    policy = create_policy(client, api_headers, type="ACCESS_POLICY", name="2FA app").json
    client.post(f"/api/v1/policies/{policy['id']}/rules", headers=api_headers, json={
        "name": "2FA", "actions": {"appSignOn": {"access": "ALLOW",
                                                 "verificationMethod": {"factorMode": "2FA"}}}})
    path = f"/api/v1/apps/{CLIENT_ID}/policies/{policy['id']}"
    assert client.put(path, headers=api_headers).status_code == 204
    assert_okta_error(client.put(f"/api/v1/apps/0oaNoSuchApp/policies/{policy['id']}",
                                 headers=api_headers), 404, "E0000007")
    sign_on = create_policy(client, api_headers, name="not an app policy").json
    assert_okta_error(client.put(f"/api/v1/apps/{CLIENT_ID}/policies/{sign_on['id']}",
                                 headers=api_headers), 400, "E0000001")


@pytest.mark.parametrize("body", [
    {"type": {}, "name": "x"}, {"type": ["OKTA_SIGN_ON"], "name": "x"},   # found by stress-fuzz
    {"type": "PASSWORD", "name": "x"}, {"type": "OKTA_SIGN_ON"}, {"type": "OKTA_SIGN_ON",
                                                                  "name": " "},
    {"type": "OKTA_SIGN_ON", "name": "x", "priority": 0},
    {"type": "OKTA_SIGN_ON", "name": "x", "conditions": {"people": {"groups": {
        "include": ["00gNoSuchGroup000000"]}}}},
    {"type": "OKTA_SIGN_ON", "name": "x", "conditions": {"network": {"connection": "ZONE"}}},
    {"type": "OKTA_SIGN_ON", "name": "x", "conditions": {"people": {"groups": {
        "exclude": ["00g1"]}}}},
    {"type": "MFA_ENROLL", "name": "x", "settings": {"factors": {
        "okta_push": {"enroll": {"self": "REQUIRED"}}}}},
    {"type": "MFA_ENROLL", "name": "x", "settings": {"factors": {
        "google_otp": {"enroll": {"self": "SOMETIMES"}}}}},
])
def test_bad_policies_are_refused_by_name(client, api_headers, body):
    assert_okta_error(client.post("/api/v1/policies", headers=api_headers, json=body),
                      400, "E0000001")


@pytest.mark.parametrize("rule", [
    {"actions": {"signon": {"requireFactor": True}}, "name": "no prompt mode"},
    {"actions": {"signon": {"requireFactor": "yes"}}, "name": "not a boolean"},
    {"actions": {"signon": {"access": "MAYBE"}}, "name": "bad access"},
    {"actions": {}},
    {"name": "wrong type", "type": "MFA_ENROLL"},
])
def test_bad_rules_are_refused(client, api_headers, rule):
    policy = create_policy(client, api_headers).json
    response = client.post(f"/api/v1/policies/{policy['id']}/rules", headers=api_headers,
                           json=rule)
    assert_okta_error(response, 400, "E0000001")


def test_unknown_ids_bad_bodies_and_no_token(client, api_headers):
    assert_okta_error(client.get("/api/v1/policies/00pNoSuchPolicy00000", headers=api_headers),
                      404, "E0000007")
    policy = create_policy(client, api_headers).json
    assert_okta_error(client.get(f"/api/v1/policies/{policy['id']}/rules/0prNoSuchRule",
                                 headers=api_headers), 404, "E0000007")
    assert_okta_error(client.post(f"/api/v1/policies/{policy['id']}/lifecycle/explode",
                                  headers=api_headers), 404, "E0000008")
    assert_okta_error(client.post("/api/v1/policies", headers=api_headers, data="{",
                                  content_type="application/json"), 400, "E0000003")
    assert_okta_error(client.post("/api/v1/policies?activate=perhaps", headers=api_headers,
                                  json={"type": "OKTA_SIGN_ON", "name": "x"}), 400, "E0000001")
    assert_okta_error(client.get("/api/v1/policies?type=OKTA_SIGN_ON"), 403, "E0000005")
