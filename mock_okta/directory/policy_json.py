"""Policies and rules as the Policies API writes them."""

from __future__ import annotations

from mock_okta.clock import iso
from mock_okta.directory.factor_json import link
from mock_okta.directory.policies import Policy, Rule


def policy_json(policy: Policy, org_url: str) -> dict:
    base = f"{org_url}/api/v1/policies/{policy.id}"
    body = {"id": policy.id, "status": policy.status, "name": policy.body["name"],
            "description": policy.body.get("description"), "priority": policy.priority,
            "system": policy.system, "conditions": policy.body["conditions"],
            "created": iso(policy.created), "lastUpdated": iso(policy.last_updated),
            "type": policy.type}
    if "settings" in policy.body:
        body["settings"] = policy.body["settings"]
    links = {"self": link(base, "GET", "PUT", "DELETE"), "rules": link(f"{base}/rules", "GET",
                                                                        "POST")}
    if not policy.system:
        verb = "deactivate" if policy.status == "ACTIVE" else "activate"
        links[verb] = link(f"{base}/lifecycle/{verb}", "POST")
    body["_links"] = links
    return body


def rule_json(rule: Rule, org_url: str) -> dict:
    base = f"{org_url}/api/v1/policies/{rule.policy_id}/rules/{rule.id}"
    links = {"self": link(base, "GET", "PUT", "DELETE")}
    if not rule.system:
        verb = "deactivate" if rule.status == "ACTIVE" else "activate"
        links[verb] = link(f"{base}/lifecycle/{verb}", "POST")
    return {"id": rule.id, "status": rule.status, "name": rule.body["name"],
            "priority": rule.priority, "created": iso(rule.created),
            "lastUpdated": iso(rule.last_updated), "system": rule.system,
            "conditions": rule.body["conditions"], "actions": rule.body["actions"],
            "type": rule.body["type"], "_links": links}
