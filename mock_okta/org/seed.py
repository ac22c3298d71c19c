"""What a new (or restarted) org holds before anyone calls it: the site's app
from MOCK_OKTA_CLIENT_*, the configuration file's apps, groups and users, and
the demo user; and seed documents posted to /_mock/seed later on.

A seed document is `{"groups": [...], "users": [...], "apps": [...],
"policies": [...]}` in Okta's shapes: groups as `POST /api/v1/groups` takes them,
users as `POST /api/v1/users` (profile, `credentials.password.value`) plus the
kit's `groups` (names) and `activate` (default true), apps as `POST /api/v1/apps`
with their `client_id`, policies as `POST /api/v1/policies` plus the kit's `rules`
(each as `POST …/rules` takes it) and, for an ACCESS_POLICY, `apps` (client ids it
is assigned to); their group conditions may name groups instead of giving ids.
Seeding is idempotent (an existing group name, login or policy name is left as
it is) and atomic (a bad entry is reported by position and nothing is kept).
"""

from __future__ import annotations

import logging

from mock_okta.config import ClientSettings, Settings
from mock_okta.directory import policies
from mock_okta.directory.app_spec import parse_app
from mock_okta.directory.apps import Client, save_client, seed_app
from mock_okta.directory.groups import add_member, create_group, group_named
from mock_okta.directory.users import create_user, get_user
from mock_okta.errors import ValidationFailed
from mock_okta.storage import Store

log = logging.getLogger("mock_okta")


def register_from_settings(store: Store, settings: ClientSettings) -> Client:
    """Create or refresh the app configured at start-up (the site's client)."""
    return save_client(store, Client(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        name=settings.name,
        redirect_uris=list(settings.redirect_uris),
        post_logout_redirect_uris=list(settings.post_logout_redirect_uris),
    ))


def seed(store: Store, settings: Settings) -> None:
    policies.ensure_defaults(store)
    for client in settings.clients:
        register_from_settings(store, client)
    for spec in settings.apps:  # from the configuration file; these win on a clash
        seed_app(store, spec)
    if settings.seed:
        try:
            apply_seed(store, settings.seed, hash_iterations=settings.password_hash_iterations)
        except ValidationFailed as error:
            raise ValueError(f"config file {settings.config_path}: {'; '.join(error.causes)}") \
                from None
    demo = settings.demo_user
    if demo and get_user(store, demo.login) is None:
        profile = {"login": demo.login, "email": demo.login,
                   "firstName": demo.first_name, "lastName": demo.last_name}
        try:
            create_user(store, profile, password=demo.password, activate=True,
                        hash_iterations=settings.password_hash_iterations)
        except ValidationFailed as error:
            log.warning("demo user not created: %s", "; ".join(error.causes))


_USER_KEYS = {"profile", "credentials", "groups", "activate"}
SEED_KEYS = ("groups", "users", "apps", "policies")


def apply_seed(store: Store, document: object, *, hash_iterations: int) -> dict[str, int]:
    """Create what the document holds and is not there yet; counts of what was created."""
    if not isinstance(document, dict) or set(document) - set(SEED_KEYS):
        raise ValidationFailed("seed", ["seed: must be an object with groups, users, apps "
                                        "and/or policies"])
    lists = {}
    for key in SEED_KEYS:
        lists[key] = document.get(key, [])
        if not isinstance(lists[key], list):
            raise ValidationFailed(key, [f"{key}: must be a list"])
    created = dict.fromkeys(SEED_KEYS, 0)
    with store.transaction():
        for i, entry in enumerate(lists["groups"]):
            created["groups"] += _at(f"groups[{i}]", _seed_group, store, entry)
        for i, entry in enumerate(lists["users"]):
            created["users"] += _at(f"users[{i}]", _seed_user, store, entry, hash_iterations)
        for i, entry in enumerate(lists["apps"]):
            created["apps"] += _at(f"apps[{i}]", _seed_app, store, entry)
        for i, entry in enumerate(lists["policies"]):
            created["policies"] += _at(f"policies[{i}]", _seed_policy, store, entry)
    return created


def _at(where: str, seed_one, *args) -> int:
    """Run one entry's seeding; a failure names the entry."""
    try:
        return seed_one(*args)
    except ValidationFailed as error:
        raise ValidationFailed(where, [f"{where}: {cause}" for cause in error.causes]) from None


def _seed_group(store: Store, entry: object) -> int:
    profile = entry.get("profile") if isinstance(entry, dict) else None
    name = profile.get("name") if isinstance(profile, dict) else None
    if isinstance(name, str) and group_named(store, name) is not None:
        return 0
    create_group(store, profile)
    return 1


def _seed_user(store: Store, entry: object, hash_iterations: int) -> int:
    if not isinstance(entry, dict) or set(entry) - _USER_KEYS:
        raise ValidationFailed("user", [f"must be an object with some of {sorted(_USER_KEYS)}"])
    profile, groups = entry.get("profile"), entry.get("groups", [])
    if not isinstance(profile, dict) or not isinstance(profile.get("login"), str):
        raise ValidationFailed("login", ["login: The field cannot be left blank"])
    if not isinstance(groups, list) or not all(isinstance(name, str) for name in groups):
        raise ValidationFailed("groups", ["groups: must be a list of group names"])
    activate = entry.get("activate", True)
    if not isinstance(activate, bool):
        raise ValidationFailed("activate", ["activate: must be true or false"])
    if get_user(store, profile["login"]) is not None:
        return 0
    credentials = entry.get("credentials") or {}
    password = (credentials.get("password") or {}).get("value") \
        if isinstance(credentials, dict) else None
    user = create_user(store, profile, password=password, activate=activate,
                       hash_iterations=hash_iterations)
    for name in groups:
        group = group_named(store, name) or create_group(store, {"name": name})
        add_member(store, group, user.id)
    return 1


def _seed_app(store: Store, entry: object) -> int:
    spec = parse_app(entry if isinstance(entry, dict) else {})
    if spec.client_id is None:
        raise ValidationFailed("client_id", [
            "credentials.oauthClient.client_id is required in a seed"])
    seed_app(store, spec)
    return 1


def group_names_to_ids(store: Store, conditions: object) -> object:
    """The seed's group conditions may name groups: names become ids."""
    include = (((conditions or {}).get("people") or {}).get("groups") or {}).get("include") \
        if isinstance(conditions, dict) else None
    if not isinstance(include, list):
        return conditions
    ids = []
    for name_or_id in include:
        group = group_named(store, name_or_id) if isinstance(name_or_id, str) else None
        ids.append(group.id if group else name_or_id)
    people = {**conditions["people"], "groups": {**conditions["people"]["groups"],
                                                 "include": ids}}
    return {**conditions, "people": people}


def _seed_policy(store: Store, entry: object) -> int:
    if not isinstance(entry, dict):
        raise ValidationFailed("policy", ["must be an object"])
    body = {key: value for key, value in entry.items() if key not in ("rules", "apps")}
    body["conditions"] = group_names_to_ids(store, body.get("conditions"))
    if any(p.body["name"] == body.get("name")
           for p in policies.list_policies(store, str(body.get("type")))):
        return 0
    rules, apps = entry.get("rules", []), entry.get("apps", [])
    if not isinstance(rules, list) or not isinstance(apps, list):
        raise ValidationFailed("rules", ["rules and apps: must be lists"])
    policy = policies.create_policy(store, body)
    for rule in rules:
        if isinstance(rule, dict):
            rule = {**rule, "conditions": group_names_to_ids(store, rule.get("conditions"))}
        policies.create_rule(store, policy, rule)
    for client_id in apps:
        policies.assign_to_app(store, client_id, policy)
    return 1
