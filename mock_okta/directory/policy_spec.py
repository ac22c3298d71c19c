"""The subset of Okta's policies the mock enforces, checked as the Policies API
takes them (pure functions: JSON in, a clean dict out, or ValidationFailed).

* `OKTA_SIGN_ON` (Classic global session policy), rules of type `SIGN_ON` with
  `actions.signon` `{access: ALLOW|DENY, requireFactor, factorPromptMode:
  ALWAYS|DEVICE|SESSION, factorLifetime, rememberDeviceByDefault}`.
* `MFA_ENROLL`, `settings.factors.{google_otp, okta_otp, okta_sms, okta_email,
  okta_question}.enroll.self` = `NOT_ALLOWED|OPTIONAL|REQUIRED`, rules of type
  `MFA_ENROLL` with `actions.enroll.self` = `LOGIN|CHALLENGE|NEVER`.
* `ACCESS_POLICY` (an app's authentication policy, assigned with
  `PUT /api/v1/apps/{appId}/policies/{policyId}`), rules of type `ACCESS_POLICY`
  with `actions.appSignOn` `{access, verificationMethod: {factorMode: 1FA|2FA}}`.

Conditions: `people.groups.include` (group ids) and `people.users.exclude`
(user ids), on policies and rules. Anything else Okta has is refused by name,
so a test never believes a condition is enforced when it is not.
"""

from __future__ import annotations

from mock_okta.directory.factor_catalog import KINDS
from mock_okta.errors import ValidationFailed

RULE_TYPES = {"OKTA_SIGN_ON": "SIGN_ON", "MFA_ENROLL": "MFA_ENROLL",
              "ACCESS_POLICY": "ACCESS_POLICY"}
ENROLL_SELF = ("NOT_ALLOWED", "OPTIONAL", "REQUIRED")
ENROLL_WHEN = ("LOGIN", "CHALLENGE", "NEVER")
PROMPT_MODES = ("ALWAYS", "DEVICE", "SESSION")
FACTOR_KEYS = tuple(kind.policy_key for kind in KINDS)


def _fail(field: str, message: str):
    raise ValidationFailed(field, [f"{field}: {message}"])


def _object(value, field: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        _fail(field, "Does not match required type: object")
    return value


def _choice(value, field: str, choices: tuple[str, ...], default: str | None = None) -> str:
    if value is None and default is not None:
        return default
    if value not in choices:
        _fail(field, f"must be one of {', '.join(choices)}")
    return value


def _ids(value, field: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        _fail(field, "must be a list of ids")
    return list(dict.fromkeys(value))


def conditions(value, where: str = "conditions") -> dict:
    """`{"people": {"groups": {"include": [...]}, "users": {"exclude": [...]}}}` only."""
    value = _object(value, where)
    unknown = set(value) - {"people", "network", "authContext"}
    if unknown:
        _fail(where, f"the mock enforces people conditions only, not {', '.join(sorted(unknown))}")
    if value.get("network", {"connection": "ANYWHERE"}) != {"connection": "ANYWHERE"}:
        _fail(f"{where}.network", "the mock enforces ANYWHERE only")
    if value.get("authContext", {"authType": "ANY"}) != {"authType": "ANY"}:
        _fail(f"{where}.authContext", "the mock enforces ANY only")
    people = _object(value.get("people"), f"{where}.people")
    if set(people) - {"groups", "users"}:
        _fail(f"{where}.people", "only groups and users are supported")
    groups = _object(people.get("groups"), f"{where}.people.groups")
    users = _object(people.get("users"), f"{where}.people.users")
    if groups.get("exclude") or users.get("include"):
        _fail(f"{where}.people", "the mock supports groups.include and users.exclude only")
    return {"people": {"groups": {"include": _ids(groups.get("include"),
                                                  f"{where}.people.groups.include")},
                       "users": {"exclude": _ids(users.get("exclude"),
                                                 f"{where}.people.users.exclude")}}}


def policy(body: object) -> dict:
    """A policy as POST/PUT /api/v1/policies takes it (type, name, conditions, settings)."""
    body = _object(body, "policy")
    policy_type = body.get("type")
    if not isinstance(policy_type, str) or policy_type not in RULE_TYPES:
        _fail("type", f"the mock supports policy types {', '.join(RULE_TYPES)}")
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        _fail("name", "The field cannot be left blank")
    priority = body.get("priority")
    if priority is not None and (isinstance(priority, bool) or not isinstance(priority, int)
                                 or priority < 1):
        _fail("priority", "must be a whole number from 1")
    clean = {"type": policy_type, "name": name.strip(), "priority": priority,
             "description": body.get("description") if isinstance(body.get("description"), str)
             else None, "conditions": conditions(body.get("conditions"))}
    if policy_type == "MFA_ENROLL":
        clean["settings"] = enrollment_settings(body.get("settings"))
    return clean


def enrollment_settings(value) -> dict:
    settings = _object(value, "settings")
    factors = _object(settings.get("factors"), "settings.factors")
    clean = {}
    for key, entry in factors.items():
        where = f"settings.factors.{key}"
        enroll = _object(_object(entry, where).get("enroll"), f"{where}.enroll")
        self_ = _choice(enroll.get("self"), f"{where}.enroll.self", ENROLL_SELF, "NOT_ALLOWED")
        if key not in FACTOR_KEYS:
            if self_ != "NOT_ALLOWED":
                _fail(where, f"the mock has factors {', '.join(FACTOR_KEYS)} only")
            continue
        clean[key] = {"enroll": {"self": self_}, "consent": {"type": "NONE"}}
    return {"type": "FACTORS", "factors": clean}


def rule(policy_type: str, body: object) -> dict:
    """A rule as POST/PUT /api/v1/policies/{id}/rules takes it, for its policy's type."""
    body = _object(body, "rule")
    rule_type = RULE_TYPES[policy_type]
    if body.get("type", rule_type) != rule_type:
        _fail("type", f"a {policy_type} policy's rules are of type {rule_type}")
    name = body.get("name")
    if not isinstance(name, str) or not name.strip():
        _fail("name", "The field cannot be left blank")
    priority = body.get("priority")
    if priority is not None and (isinstance(priority, bool) or not isinstance(priority, int)
                                 or priority < 1):
        _fail("priority", "must be a whole number from 1")
    actions = _object(body.get("actions"), "actions")
    return {"type": rule_type, "name": name.strip(), "priority": priority,
            "conditions": conditions(body.get("conditions")),
            "actions": _ACTIONS[rule_type](actions)}


def _signon_actions(actions: dict) -> dict:
    signon = _object(actions.get("signon"), "actions.signon")
    access = _choice(signon.get("access"), "actions.signon.access", ("ALLOW", "DENY"), "ALLOW")
    require = signon.get("requireFactor", False)
    if not isinstance(require, bool):
        _fail("actions.signon.requireFactor", "must be true or false")
    clean = {"access": access, "requireFactor": require,
             "primaryFactor": "PASSWORD_IDP",
             "rememberDeviceByDefault": bool(signon.get("rememberDeviceByDefault", False)),
             "session": _object(signon.get("session"), "actions.signon.session") or {
                 "usePersistentCookie": False, "maxSessionIdleMinutes": 120,
                 "maxSessionLifetimeMinutes": 0}}
    if require:
        clean["factorPromptMode"] = _choice(signon.get("factorPromptMode"),
                                            "actions.signon.factorPromptMode", PROMPT_MODES)
        lifetime = signon.get("factorLifetime", 15)
        if isinstance(lifetime, bool) or not isinstance(lifetime, int) or lifetime < 1:
            _fail("actions.signon.factorLifetime", "must be a whole number of minutes")
        clean["factorLifetime"] = lifetime
    return {"signon": clean}


def _enroll_actions(actions: dict) -> dict:
    enroll = _object(actions.get("enroll"), "actions.enroll")
    return {"enroll": {"self": _choice(enroll.get("self"), "actions.enroll.self", ENROLL_WHEN,
                                       "CHALLENGE")}}


def _app_sign_on_actions(actions: dict) -> dict:
    app = _object(actions.get("appSignOn"), "actions.appSignOn")
    access = _choice(app.get("access"), "actions.appSignOn.access", ("ALLOW", "DENY"), "ALLOW")
    method = _object(app.get("verificationMethod"), "actions.appSignOn.verificationMethod")
    mode = _choice(method.get("factorMode"), "actions.appSignOn.verificationMethod.factorMode",
                   ("1FA", "2FA"), "2FA")
    return {"appSignOn": {"access": access, "verificationMethod": {
        "factorMode": mode, "type": "ASSURANCE", "reauthenticateIn": "PT0S"}}}


_ACTIONS = {"SIGN_ON": _signon_actions, "MFA_ENROLL": _enroll_actions,
            "ACCESS_POLICY": _app_sign_on_actions}
