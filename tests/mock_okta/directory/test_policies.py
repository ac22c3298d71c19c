"""What the policies decide for one sign-in (directory/policies.py `decide`), and
policies from a seed (/_mock/seed) and from the configuration file."""

from __future__ import annotations

import json

import pytest

from mock_okta import create_app
from mock_okta.config import environment
from mock_okta.directory import policies
from mock_okta.directory.groups import add_member, create_group
from mock_okta.directory.users import create_user
from tests.mock_okta.support import CLIENT_ID, PASSWORD

REQUIRE = {"name": "MFA", "actions": {"signon": {"access": "ALLOW", "requireFactor": True,
                                                 "factorPromptMode": "ALWAYS"}}}


@pytest.fixture
def store(app):
    return app.extensions["mock_okta"].store


@pytest.fixture
def user(store):
    return create_user(store, {"login": "ann@example.com", "email": "ann@example.com",
                               "firstName": "Ann", "lastName": "Lee"},
                       password=PASSWORD, activate=True, hash_iterations=1)


def test_by_default_no_factor_is_required_and_every_factor_is_optional(store, user):
    decision = policies.decide(store, user.id)
    assert not decision.require_factor and not decision.denied
    assert decision.enrollment == dict.fromkeys(
        ["okta_otp", "google_otp", "okta_sms", "okta_email", "okta_question"], "OPTIONAL")
    assert decision.enroll_when == "CHALLENGE"


def test_an_org_wide_rule(store, user):
    policy = policies.create_policy(store, {"type": "OKTA_SIGN_ON", "name": "Everyone"})
    policies.create_rule(store, policy, REQUIRE)
    assert policies.decide(store, user.id).require_factor


def test_a_group_rule_applies_to_members_only(store, user):
    admins = create_group(store, {"name": "Admins"})
    policy = policies.create_policy(store, {"type": "OKTA_SIGN_ON", "name": "Admins", "conditions":
                                            {"people": {"groups": {"include": [admins.id]}}}})
    policies.create_rule(store, policy, REQUIRE)
    assert not policies.decide(store, user.id).require_factor
    add_member(store, admins, user.id)
    assert policies.decide(store, user.id).require_factor


def test_excluded_users_inactive_rules_and_policies_without_rules_do_nothing(store, user):
    empty = policies.create_policy(store, {"type": "OKTA_SIGN_ON", "name": "No rules"})
    assert not policies.decide(store, user.id).require_factor
    rule = policies.create_rule(store, empty, {**REQUIRE, "conditions": {
        "people": {"users": {"exclude": [user.id]}}}})
    assert not policies.decide(store, user.id).require_factor
    policies.update_rule(store, empty, rule, REQUIRE)
    assert policies.decide(store, user.id).require_factor
    policies.set_rule_status(store, rule, "INACTIVE")
    assert not policies.decide(store, user.id).require_factor


def test_the_first_policy_by_priority_wins(store, user):
    first = policies.create_policy(store, {"type": "OKTA_SIGN_ON", "name": "First"})
    policies.create_rule(store, first, {"name": "No MFA", "actions": {"signon": {}}})
    second = policies.create_policy(store, {"type": "OKTA_SIGN_ON", "name": "Second"})
    policies.create_rule(store, second, REQUIRE)
    assert not policies.decide(store, user.id).require_factor
    policies.set_policy_status(store, first, "INACTIVE")
    assert policies.decide(store, user.id).require_factor


def test_an_apps_access_policy_requires_a_factor_for_that_app(store, user):
    policy = policies.create_policy(store, {"type": "ACCESS_POLICY", "name": "2FA"})
    policies.create_rule(store, policy, {"name": "2FA", "actions": {"appSignOn": {
        "verificationMethod": {"factorMode": "2FA"}}}})
    policies.assign_to_app(store, CLIENT_ID, policy)
    assert policies.decide(store, user.id, CLIENT_ID).require_factor
    assert not policies.decide(store, user.id, "0oaAnotherApp").require_factor
    assert not policies.decide(store, user.id).require_factor


def test_a_deny_rule_denies(store, user):
    policy = policies.create_policy(store, {"type": "OKTA_SIGN_ON", "name": "Deny"})
    policies.create_rule(store, policy, {"name": "Deny", "actions": {"signon": {
        "access": "DENY"}}})
    assert policies.decide(store, user.id).denied


def test_an_enrollment_policy(store, user):
    policy = policies.create_policy(store, {"type": "MFA_ENROLL", "name": "Google", "settings": {
        "factors": {"google_otp": {"enroll": {"self": "REQUIRED"}},
                    "okta_sms": {"enroll": {"self": "NOT_ALLOWED"}}}}})
    policies.create_rule(store, policy, {"name": "At login",
                                         "actions": {"enroll": {"self": "LOGIN"}}})
    decision = policies.decide(store, user.id)
    assert decision.enrollment == {"google_otp": "REQUIRED"}
    assert decision.enroll_when == "LOGIN"


SEEDED = {"groups": [{"profile": {"name": "Admins"}}],
          "users": [{"profile": {"login": "root@example.com", "email": "root@example.com",
                                 "firstName": "Root", "lastName": "Admin"},
                     "credentials": {"password": {"value": PASSWORD}}, "groups": ["Admins"]}],
          "policies": [{"type": "OKTA_SIGN_ON", "name": "MFA for admins",
                        "conditions": {"people": {"groups": {"include": ["Admins"]}}},
                        "rules": [REQUIRE]}]}


def _requires(client, api_headers, login) -> bool:
    org = client.application.extensions["mock_okta"]
    user_id = client.get(f"/api/v1/users/{login}", headers=api_headers).json["id"]
    return policies.decide(org.store, user_id).require_factor


def test_a_seed_sets_a_group_policy_by_group_name(client, api_headers):
    response = client.post("/_mock/seed", json=SEEDED)
    assert response.status_code == 200 and response.json["created"]["policies"] == 1
    assert _requires(client, api_headers, "root@example.com")
    assert client.post("/_mock/seed", json=SEEDED).json["created"]["policies"] == 0
    client.post("/_mock/reset")
    assert _requires(client, api_headers, "root@example.com")


def test_a_bad_seeded_policy_is_refused_by_position(client):
    response = client.post("/_mock/seed", json={"policies": [{"type": "OKTA_SIGN_ON",
                                                              "name": "x", "rules": [{}]}]})
    assert response.status_code == 400
    assert response.json["errorCauses"][0]["errorSummary"].startswith("policies[0]: name")


def test_the_config_file_sets_policies(tmp_path, settings, api_headers):
    path = tmp_path / "org.json"
    path.write_text(json.dumps(SEEDED))
    client = create_app(environment.from_env({"MOCK_OKTA_CONFIG": str(path)}, db_path=":memory:",
                                             api_token=settings.api_token)).test_client()
    assert _requires(client, api_headers, "root@example.com")


def test_a_bad_policy_in_the_config_file_stops_start_up(tmp_path):
    path = tmp_path / "org.json"
    path.write_text(json.dumps({"policies": [{"type": "OKTA_SIGN_ON", "name": "x",
                                              "conditions": {"network": {"connection": "ZONE"}}}]}))
    with pytest.raises(ValueError, match=r"org.json: policies\[0\]: conditions.network"):
        create_app(environment.from_env({"MOCK_OKTA_CONFIG": str(path)}, db_path=":memory:"))
