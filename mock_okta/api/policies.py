"""Policies API (`/api/v1/policies…`) for the policies that decide MFA, and an
app's authentication policy (`PUT /api/v1/apps/{appId}/policies/{policyId}`)."""

from __future__ import annotations

from flask import jsonify, request

from mock_okta.api import bp, query_flag, require_api_token
from mock_okta.directory import policies as core
from mock_okta.directory.apps import get_app
from mock_okta.directory.policy_json import policy_json, rule_json
from mock_okta.directory.policy_spec import RULE_TYPES
from mock_okta.errors import ApiError
from mock_okta.org import current_org
from mock_okta.web.request_body import json_object

_STATUS = {"activate": "ACTIVE", "deactivate": "INACTIVE"}


def _policy_or_404(policy_id: str) -> core.Policy:
    policy = core.get_policy(current_org().store, policy_id)
    if policy is None:
        raise ApiError.not_found(policy_id, "Policy")
    return policy


def _rule_or_404(policy: core.Policy, rule_id: str) -> core.Rule:
    rule = core.get_rule(current_org().store, policy.id, rule_id)
    if rule is None:
        raise ApiError.not_found(rule_id, "PolicyRule")
    return rule


def _policy(policy: core.Policy):
    return jsonify(policy_json(policy, current_org().url()))


def _rule(rule: core.Rule):
    return jsonify(rule_json(rule, current_org().url()))


@bp.get("/policies")
@require_api_token
def list_policies():
    policy_type = request.args.get("type")
    if policy_type is None:
        raise ApiError.validation("type", ["type: The field cannot be left blank"])
    if policy_type not in RULE_TYPES:
        return jsonify([])  # a type Okta has and the mock does not enforce holds nothing here
    org = current_org()
    status = request.args.get("status")
    return jsonify([policy_json(p, org.url()) for p in core.list_policies(org.store, policy_type)
                    if status is None or p.status == status])


@bp.post("/policies")
@require_api_token
def create_policy():
    activate = query_flag("activate", True)
    return _policy(core.create_policy(current_org().store, json_object(), activate=activate))


@bp.get("/policies/<policy_id>")
@require_api_token
def get_policy(policy_id):
    return _policy(_policy_or_404(policy_id))


@bp.put("/policies/<policy_id>")
@require_api_token
def replace_policy(policy_id):
    policy = _policy_or_404(policy_id)
    return _policy(core.update_policy(current_org().store, policy, json_object()))


@bp.delete("/policies/<policy_id>")
@require_api_token
def delete_policy(policy_id):
    core.delete_policy(current_org().store, _policy_or_404(policy_id))
    return "", 204


@bp.post("/policies/<policy_id>/lifecycle/<operation>")
@require_api_token
def activate_policy(policy_id, operation):
    """`activate` and `deactivate` (the SDK's activate_policy / deactivate_policy)."""
    if operation not in _STATUS:
        raise ApiError.path_not_found()
    core.set_policy_status(current_org().store, _policy_or_404(policy_id), _STATUS[operation])
    return "", 204


@bp.get("/policies/<policy_id>/rules")
@require_api_token
def list_policy_rules(policy_id):
    policy = _policy_or_404(policy_id)
    org = current_org()
    return jsonify([rule_json(rule, org.url()) for rule in core.list_rules(org.store, policy.id)])


@bp.post("/policies/<policy_id>/rules")
@require_api_token
def create_policy_rule(policy_id):
    activate = query_flag("activate", True)
    policy = _policy_or_404(policy_id)
    return _rule(core.create_rule(current_org().store, policy, json_object(), activate=activate))


@bp.get("/policies/<policy_id>/rules/<rule_id>")
@require_api_token
def get_policy_rule(policy_id, rule_id):
    return _rule(_rule_or_404(_policy_or_404(policy_id), rule_id))


@bp.put("/policies/<policy_id>/rules/<rule_id>")
@require_api_token
def replace_policy_rule(policy_id, rule_id):
    policy = _policy_or_404(policy_id)
    rule = _rule_or_404(policy, rule_id)
    return _rule(core.update_rule(current_org().store, policy, rule, json_object()))


@bp.delete("/policies/<policy_id>/rules/<rule_id>")
@require_api_token
def delete_policy_rule(policy_id, rule_id):
    core.delete_rule(current_org().store, _rule_or_404(_policy_or_404(policy_id), rule_id))
    return "", 204


@bp.post("/policies/<policy_id>/rules/<rule_id>/lifecycle/<operation>")
@require_api_token
def activate_policy_rule(policy_id, rule_id, operation):
    if operation not in _STATUS:
        raise ApiError.path_not_found()
    rule = _rule_or_404(_policy_or_404(policy_id), rule_id)
    core.set_rule_status(current_org().store, rule, _STATUS[operation])
    return "", 204


@bp.put("/apps/<app_id>/policies/<policy_id>")
@require_api_token
def assign_application_policy(app_id, policy_id):
    if get_app(current_org().store, app_id) is None:
        raise ApiError.not_found(app_id, "AppInstance")
    core.assign_to_app(current_org().store, app_id, _policy_or_404(policy_id))
    return "", 204
