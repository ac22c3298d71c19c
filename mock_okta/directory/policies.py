"""Policies (Policies API) and the decision they make at each sign-in: is a
second factor required, and which factors must or may be enrolled.

Okta's evaluation: the ACTIVE policies of a type in priority order (1 first),
the first whose conditions match the user and that has an ACTIVE rule matching
the user wins, with that rule; each type has a default (`system`) policy last,
whose default rule matches everyone. The app's own authentication policy
(ACCESS_POLICY, assigned to the app) can ask for a second factor too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from mock_okta.clock import now
from mock_okta.directory import policy_spec
from mock_okta.directory.groups import get_group, user_groups
from mock_okta.errors import ValidationFailed
from mock_okta.ids import okta_id
from mock_okta.storage import Store

SIGN_ON, MFA_ENROLL, ACCESS = "OKTA_SIGN_ON", "MFA_ENROLL", "ACCESS_POLICY"
_DEFAULTS = {
    SIGN_ON: ({"name": "Default Policy", "conditions": {}},
              {"name": "Default Rule", "actions": {"signon": {"requireFactor": False}}}),
    # Okta's default enrolment rule asks the first time a user is challenged.
    MFA_ENROLL: ({"name": "Default Policy", "conditions": {}, "settings": {"factors": {
        key: {"enroll": {"self": "OPTIONAL"}} for key in policy_spec.FACTOR_KEYS}}},
                 {"name": "Default Rule", "actions": {"enroll": {"self": "CHALLENGE"}}}),
}


@dataclass
class Policy:
    id: str
    type: str
    status: str
    priority: int
    system: bool
    body: dict
    created: float
    last_updated: float


@dataclass
class Rule:
    id: str
    policy_id: str
    status: str
    priority: int
    system: bool
    body: dict
    created: float
    last_updated: float


@dataclass(frozen=True)
class MfaDecision:
    """What the policies ask of one sign-in."""

    require_factor: bool = False
    prompt_mode: str = "ALWAYS"
    factor_lifetime: int = 15
    enrollment: dict[str, str] = field(default_factory=dict)  # policy key → OPTIONAL|REQUIRED
    enroll_when: str = "CHALLENGE"
    denied: bool = False


def _policy(row) -> Policy:
    return Policy(row["id"], row["type"], row["status"], row["priority"], bool(row["system"]),
                  json.loads(row["body"]), row["created"], row["last_updated"])


def _rule(row) -> Rule:
    return Rule(row["id"], row["policy_id"], row["status"], row["priority"], bool(row["system"]),
                json.loads(row["body"]), row["created"], row["last_updated"])


def ensure_defaults(store: Store) -> None:
    """The default policy (and rule) of each type, as every Okta org has them."""
    with store.transaction():
        for policy_type, (policy_body, rule_body) in _DEFAULTS.items():
            if store.one("SELECT 1 FROM policies WHERE type = ? AND system = 1", (policy_type,)):
                continue
            clean = policy_spec.policy({"type": policy_type, **policy_body})
            policy = _insert_policy(store, clean, "ACTIVE", system=True)
            _insert_rule(store, policy, policy_spec.rule(policy_type, rule_body), "ACTIVE",
                         system=True)


def list_policies(store: Store, policy_type: str) -> list[Policy]:
    rows = store.all("SELECT * FROM policies WHERE type = ? ORDER BY system, priority, created",
                     (policy_type,))
    return [_policy(row) for row in rows]


def get_policy(store: Store, policy_id: str) -> Policy | None:
    row = store.one("SELECT * FROM policies WHERE id = ?", (policy_id,))
    return _policy(row) if row else None


def _check_groups(store: Store, clean: dict) -> None:
    for group_id in clean["conditions"]["people"]["groups"]["include"]:
        if get_group(store, group_id) is None:
            raise ValidationFailed("conditions", [
                f"conditions.people.groups.include: group {group_id} does not exist"])


def _next_priority(store: Store, table: str, where: str, params: tuple) -> int:
    row = store.one(f"SELECT MAX(priority) AS p FROM {table} WHERE system = 0 AND {where}",
                    params)
    return (row["p"] or 0) + 1


def _insert_policy(store: Store, clean: dict, status: str, *, system: bool = False) -> Policy:
    priority = clean.pop("priority") or (
        999 if system else _next_priority(store, "policies", "type = ?", (clean["type"],)))
    stamp = now()
    policy = Policy(okta_id("00p"), clean.pop("type"), status, priority, system, clean, stamp,
                    stamp)
    store.run("INSERT INTO policies (id, type, status, priority, system, body, created,"
              " last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              (policy.id, policy.type, status, priority, int(system), json.dumps(clean), stamp,
               stamp))
    return policy


def create_policy(store: Store, body: object, *, activate: bool = True) -> Policy:
    clean = policy_spec.policy(body)
    _check_groups(store, clean)
    return _insert_policy(store, clean, "ACTIVE" if activate else "INACTIVE")


def update_policy(store: Store, policy: Policy, body: object) -> Policy:
    clean = policy_spec.policy(body)
    if clean.pop("type") != policy.type:
        raise ValidationFailed("type", ["type: A policy's type cannot be changed"])
    _check_groups(store, clean)
    policy.priority = policy.priority if policy.system else clean.pop("priority") or \
        policy.priority
    clean.pop("priority", None)
    policy.body, policy.last_updated = clean, now()
    store.run("UPDATE policies SET priority = ?, body = ?, last_updated = ? WHERE id = ?",
              (policy.priority, json.dumps(clean), policy.last_updated, policy.id))
    return policy


def _not_default(item: Policy | Rule, what: str) -> None:
    if item.system:
        raise ValidationFailed(what, [f"{what}: The default {what} cannot be changed this way"])


def set_policy_status(store: Store, policy: Policy, status: str) -> None:
    _not_default(policy, "policy")
    store.run("UPDATE policies SET status = ?, last_updated = ? WHERE id = ?",
              (status, now(), policy.id))


def delete_policy(store: Store, policy: Policy) -> None:
    _not_default(policy, "policy")
    with store.transaction():
        store.run("DELETE FROM policy_rules WHERE policy_id = ?", (policy.id,))
        store.run("DELETE FROM app_policies WHERE policy_id = ?", (policy.id,))
        store.run("DELETE FROM policies WHERE id = ?", (policy.id,))


def list_rules(store: Store, policy_id: str) -> list[Rule]:
    rows = store.all("SELECT * FROM policy_rules WHERE policy_id = ?"
                     " ORDER BY system, priority, created", (policy_id,))
    return [_rule(row) for row in rows]


def get_rule(store: Store, policy_id: str, rule_id: str) -> Rule | None:
    row = store.one("SELECT * FROM policy_rules WHERE id = ? AND policy_id = ?",
                    (rule_id, policy_id))
    return _rule(row) if row else None


def _insert_rule(store: Store, policy: Policy, clean: dict, status: str, *,
                 system: bool = False) -> Rule:
    priority = clean.pop("priority") or (
        999 if system else _next_priority(store, "policy_rules", "policy_id = ?", (policy.id,)))
    stamp = now()
    rule = Rule(okta_id("0pr"), policy.id, status, priority, system, clean, stamp, stamp)
    store.run("INSERT INTO policy_rules (id, policy_id, status, priority, system, body, created,"
              " last_updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
              (rule.id, policy.id, status, priority, int(system), json.dumps(clean), stamp,
               stamp))
    return rule


def create_rule(store: Store, policy: Policy, body: object, *, activate: bool = True) -> Rule:
    clean = policy_spec.rule(policy.type, body)
    _check_groups(store, clean)
    return _insert_rule(store, policy, clean, "ACTIVE" if activate else "INACTIVE")


def update_rule(store: Store, policy: Policy, rule: Rule, body: object) -> Rule:
    clean = policy_spec.rule(policy.type, body)
    _check_groups(store, clean)
    if rule.system:  # Okta lets the default rule's actions change, nothing else
        clean["name"], clean["conditions"] = rule.body["name"], rule.body["conditions"]
    rule.priority = rule.priority if rule.system else clean.pop("priority") or rule.priority
    clean.pop("priority", None)
    rule.body, rule.last_updated = clean, now()
    store.run("UPDATE policy_rules SET priority = ?, body = ?, last_updated = ? WHERE id = ?",
              (rule.priority, json.dumps(clean), rule.last_updated, rule.id))
    return rule


def set_rule_status(store: Store, rule: Rule, status: str) -> None:
    _not_default(rule, "rule")
    store.run("UPDATE policy_rules SET status = ?, last_updated = ? WHERE id = ?",
              (status, now(), rule.id))


def delete_rule(store: Store, rule: Rule) -> None:
    _not_default(rule, "rule")
    store.run("DELETE FROM policy_rules WHERE id = ?", (rule.id,))


def assign_to_app(store: Store, client_id: str, policy: Policy) -> None:
    if policy.type != ACCESS:
        raise ValidationFailed("policy", ["policy: Only an ACCESS_POLICY can be an app's "
                                          "authentication policy"])
    store.run("INSERT INTO app_policies (client_id, policy_id) VALUES (?, ?)"
              " ON CONFLICT (client_id) DO UPDATE SET policy_id = excluded.policy_id",
              (client_id, policy.id))


def _matches(conditions: dict, user_id: str, group_ids: set[str]) -> bool:
    people = conditions.get("people", {})
    if user_id in people.get("users", {}).get("exclude", []):
        return False
    include = people.get("groups", {}).get("include", [])
    return not include or bool(group_ids.intersection(include))


def _winning_rule(store: Store, policies: list[Policy], user_id: str,
                  group_ids: set[str]) -> Rule | None:
    for policy in policies:
        if policy.status != "ACTIVE" or not _matches(policy.body["conditions"], user_id,
                                                     group_ids):
            continue
        for rule in list_rules(store, policy.id):
            if rule.status == "ACTIVE" and _matches(rule.body["conditions"], user_id, group_ids):
                return rule
    return None


def decide(store: Store, user_id: str, client_id: str | None = None) -> MfaDecision:
    """What the sign-on, enrolment and (for `client_id`) app policies ask of this user."""
    group_ids = {group.id for group in user_groups(store, user_id)}
    signon = _winning_rule(store, list_policies(store, SIGN_ON), user_id, group_ids)
    actions = signon.body["actions"]["signon"] if signon else {}
    require, denied = actions.get("requireFactor", False), actions.get("access") == "DENY"
    if client_id:
        row = store.one("SELECT policy_id FROM app_policies WHERE client_id = ?", (client_id,))
        app_policy = get_policy(store, row["policy_id"]) if row else None
        app_rule = _winning_rule(store, [app_policy], user_id, group_ids) if app_policy else None
        if app_rule:
            app = app_rule.body["actions"]["appSignOn"]
            denied = denied or app["access"] == "DENY"
            require = require or app["verificationMethod"]["factorMode"] == "2FA"
    enrollment, enroll_when = {}, "CHALLENGE"
    enrol_policies = list_policies(store, MFA_ENROLL)
    enrol_rule = _winning_rule(store, enrol_policies, user_id, group_ids)
    if enrol_rule:
        settings = next(policy for policy in enrol_policies
                        if policy.id == enrol_rule.policy_id).body["settings"]["factors"]
        enrollment = {key: value["enroll"]["self"] for key, value in settings.items()
                      if value["enroll"]["self"] != "NOT_ALLOWED"}
        enroll_when = enrol_rule.body["actions"]["enroll"]["self"]
    return MfaDecision(require, actions.get("factorPromptMode", "ALWAYS"),
                       actions.get("factorLifetime", 15), enrollment, enroll_when, denied)


def apps_assigned(store: Store, policy: Policy) -> list[str]:
    """Client ids of the apps whose authentication policy this is."""
    return [row["client_id"] for row in store.all(
        "SELECT client_id FROM app_policies WHERE policy_id = ? ORDER BY client_id",
        (policy.id,))]
