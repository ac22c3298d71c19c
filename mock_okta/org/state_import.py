"""Import: a new org starts from an export file (org/state_export.py's document).

Everything goes in through the tables' owners, with the same checks as the API's
(profiles, apps, groups, policies) plus the file's own (ids, statuses, times, keys),
in one transaction: a bad entry is reported by its position and nothing is kept.
Ids, statuses and times are kept as they were, so tokens and links made before the
export still name the same users and verify against the same keys.
"""

from __future__ import annotations

import re

from mock_okta.clock import parse_iso
from mock_okta.directory import apps, groups, policies, users
from mock_okta.directory.app_spec import parse_app
from mock_okta.directory.password_import import read_password, stored_hash
from mock_okta.directory.passwords import hash_password
from mock_okta.errors import ValidationFailed
from mock_okta.org.keys import restore_key
from mock_okta.org.seed import group_names_to_ids
from mock_okta.org.servers import ORG_SERVER_ID

USER_STATUSES = ("STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED",
                 "LOCKED_OUT", "SUSPENDED", "DEPROVISIONED")
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_USER_TIMES = {"created": "created", "lastUpdated": "last_updated", "activated": "activated",
               "statusChanged": "status_changed", "lastLogin": "last_login",
               "passwordChanged": "password_changed"}


def _fail(where: str, message: str) -> ValidationFailed:
    return ValidationFailed(where, [f"{where}: {message}"])


def start_from_file(org, settings) -> dict[str, int]:
    """At start-up: the file's mistakes stop it, named like the configuration file's."""
    try:
        return import_state(org, settings.imported)
    except ValidationFailed as error:
        raise ValueError(f"import file {settings.import_path}: {'; '.join(error.causes)}") \
            from None


def import_state(org, document: dict) -> dict[str, int]:
    """Write the document into `org`, which must hold nothing yet; counts of what came in."""
    store = org.store
    with store.transaction():
        if users.list_all(store) or groups.list_all(store) or _apps_present(store):
            raise _fail("import", "the database already holds an org; an import starts a "
                        "new one (use a new --db, or :memory:)")
        _org_ids(org, document.get("mockOkta") or {})
        _keys(store, ORG_SERVER_ID, (document.get("orgAuthorizationServer") or {}).get("keys"),
              "orgAuthorizationServer.keys")
        for i, server in enumerate(document.get("authorizationServers") or []):
            _keys(store, server["id"], server.get("keys"), f"authorizationServers[{i}].keys")
        counts = {"apps": _each(document, "apps", _app, store),
                  "groups": _each(document, "groups", _group, store),
                  "users": _each(document, "users", _user, store, org.settings),
                  "policies": _each(document, "policies", _policy, store)}
    for server in (org.org_server, *org.servers.values()):
        server.keyring.refresh()
    return counts


def _apps_present(store) -> bool:
    return bool(apps.list_apps(store, limit=1))


def _org_ids(org, header: dict) -> None:
    """The org's ids (the `idp` claim, the user type) stay those of the exported org."""
    for key, attribute, setting in (("orgId", "org_id", "org_id"),
                                    ("userTypeId", "user_type_id", "user_type_id")):
        value = header.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not _ID.fullmatch(value):
            raise _fail(f"mockOkta.{key}", "must be an id (letters and digits)")
        org.store.put_setting(setting, value)
        setattr(org, attribute, value)


def _each(document: dict, key: str, one, *args) -> int:
    entries = document.get(key)
    entries = [] if entries is None else entries
    if not isinstance(entries, list):
        raise _fail(key, "must be a list")
    for i, entry in enumerate(entries):
        where = f"{key}[{i}]"
        if not isinstance(entry, dict):
            raise _fail(where, "must be an object")
        try:
            one(entry, *args)
        except ValidationFailed as error:
            raise ValidationFailed(where, [f"{where}: {cause}" for cause in error.causes]) \
                from None
    return len(entries)


def _keys(store, server_id: str, keys: object, where: str) -> None:
    if keys is None:
        return
    if not isinstance(keys, list):
        raise _fail(where, "must be a list")
    if keys and sum(1 for key in keys if isinstance(key, dict)
                    and key.get("status") == "ACTIVE") != 1:
        raise _fail(where, "exactly one key must be ACTIVE (the one that signs)")
    for i, key in enumerate(keys):
        at = f"{where}[{i}]"
        if not isinstance(key, dict):
            raise _fail(at, "must be an object")
        kid, pem, created = key.get("kid"), key.get("privateKey"), parse_iso(key.get("created"))
        if not isinstance(kid, str) or not _ID.fullmatch(kid):
            raise _fail(f"{at}.kid", "must be a key id (letters, digits, - and _)")
        if not isinstance(pem, str) or created is None:
            raise _fail(at, "privateKey (PEM) and created (an ISO-8601 time) are required")
        try:
            restore_key(store, server_id, kid, pem, key.get("status"), created)
        except ValidationFailed as error:
            raise ValidationFailed(at, [f"{at}.{cause}" for cause in error.causes]) from None


def _app(entry: dict, store) -> None:
    status = entry.get("status", "ACTIVE")
    if status not in ("ACTIVE", "INACTIVE"):
        raise _fail("status", "must be ACTIVE or INACTIVE")
    spec = parse_app({key: value for key, value in entry.items() if key != "status"})
    if spec.client_id is None:
        raise _fail("credentials.oauthClient.client_id", "is required in an export file")
    apps.create_app(store, spec, activate=status == "ACTIVE")


def _group(entry: dict, store) -> None:
    group_id = entry.get("id")
    if group_id is not None and (not isinstance(group_id, str) or not _ID.fullmatch(group_id)):
        raise _fail("id", "must be an id (letters and digits)")
    if group_id is not None and groups.get_group(store, group_id) is not None:
        raise _fail("id", f"{group_id} appears twice")
    groups.create_group(store, entry.get("profile"), group_id=group_id)


def _user(entry: dict, store, settings) -> None:
    user_id, status = entry.get("id"), entry.get("status", "ACTIVE")
    if not isinstance(user_id, str) or not _ID.fullmatch(user_id):
        raise _fail("id", "must be an id (letters and digits)")
    same = users.get_user(store, user_id)
    if same is not None and same.id == user_id:
        raise _fail("id", f"{user_id} appears twice")
    if status not in USER_STATUSES:
        raise _fail("status", f"must be one of {', '.join(USER_STATUSES)}")
    if not isinstance(entry.get("profile"), dict):
        raise _fail("profile", "must be an object")
    times = {}
    for key, attribute in _USER_TIMES.items():
        value = entry.get(key)
        times[attribute] = parse_iso(value)
        if value is not None and times[attribute] is None:
            raise _fail(key, "must be an ISO-8601 time with a zone, or null")
    if times["created"] is None or times["last_updated"] is None:
        raise _fail("created", "created and lastUpdated are required")
    user = users.User(id=user_id, status=status, profile=dict(entry["profile"]),
                      password_hash=_password(entry, settings), **times)
    users.restore_user(store, user)
    names = entry.get("groups", [])
    if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
        raise _fail("groups", "must be a list of group names")
    for name in names:
        group = groups.group_named(store, name)
        if group is None or group.built_in:
            raise _fail("groups", f"no group named {name!r} in the file's groups")
        groups.add_member(store, group, user_id)


def _password(entry: dict, settings) -> str | None:
    """The stored hash from Okta's hashed password object (an export), or from a plain
    `value` a hand-written fixture may give (hashed as the org hashes, policy checked)."""
    credentials = entry.get("credentials") or {}
    if not isinstance(credentials, dict):
        raise _fail("credentials", "must be an object")
    password = credentials.get("password")
    if isinstance(password, dict) and password.get("hash") is not None:
        return stored_hash(password["hash"], min_iterations=1)
    value, _ = read_password(password)
    if value is None:
        return None
    users.check_password(value, str(entry["profile"].get("login", "")))
    return hash_password(value, settings.password_hash_iterations)


def _policy(entry: dict, store) -> None:
    status = entry.get("status", "ACTIVE")
    rules, assigned = entry.get("rules", []), entry.get("apps", [])
    if status not in ("ACTIVE", "INACTIVE"):
        raise _fail("status", "must be ACTIVE or INACTIVE")
    if not isinstance(rules, list) or not isinstance(assigned, list):
        raise _fail("rules", "rules and apps must be lists")
    body = {key: value for key, value in entry.items() if key not in ("status", "rules", "apps")}
    body["conditions"] = group_names_to_ids(store, body.get("conditions"))
    policy = policies.create_policy(store, body, activate=status == "ACTIVE")
    for i, rule in enumerate(rules):
        if not isinstance(rule, dict) or rule.get("status", "ACTIVE") not in ("ACTIVE",
                                                                               "INACTIVE"):
            raise _fail(f"rules[{i}]", "must be an object whose status is ACTIVE or INACTIVE")
        body = {key: value for key, value in rule.items() if key != "status"}
        body["conditions"] = group_names_to_ids(store, rule.get("conditions"))
        policies.create_rule(store, policy, body, activate=rule.get("status", "ACTIVE") == "ACTIVE")
    for client_id in assigned:
        if not isinstance(client_id, str) or apps.get_app(store, client_id) is None:
            raise _fail("apps", f"no app {client_id!r} in the file's apps")
        policies.assign_to_app(store, client_id, policy)
