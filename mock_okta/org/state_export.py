"""Export: the org's lasting state as one readable JSON document, which
`mock-okta --import FILE` starts from (org/state_import.py reads it back).

What it holds, in Okta's shapes where Okta has one: the custom authorization
servers as the configuration file takes them, each with its signing keys (private
keys included, so tokens issued before the export still verify after an import);
the org authorization server's keys; apps as `POST /api/v1/apps` takes them, with
their secrets; groups with their ids; users with their ids, status, times, profile,
group names and password as Okta's hashed password object (never in the clear); and
the policies that are not Okta's defaults. Sessions, tokens, mail, the System Log,
event hooks and factors are not state a team shares, and stay out.
"""

from __future__ import annotations

from mock_okta.clock import iso, now
from mock_okta.config import DEFAULT_REFRESH_TOKEN_LIFETIME
from mock_okta.directory import groups, policies, users
from mock_okta.directory.apps import list_apps
from mock_okta.directory.password_import import hash_object
from mock_okta.org.keys import stored_keys
from mock_okta.org.servers import OIDC_SCOPES, ORG_SERVER_ID, AuthServer

FORMAT = 1
POLICY_TYPES = (policies.SIGN_ON, policies.MFA_ENROLL, policies.ACCESS)


def export_state(org, org_url: str | None = None) -> dict:
    """The document; `org_url` only labels it (the org's URL is not state)."""
    store = org.store
    made = groups.list_all(store)
    names = {group.id: group.name for group in made}
    return {
        "mockOkta": {"format": FORMAT, "exported": iso(now()),
                     "orgUrl": org_url or org.settings.org_url,
                     "orgId": org.org_id, "userTypeId": org.user_type_id},
        "orgAuthorizationServer": {"keys": stored_keys(store, ORG_SERVER_ID)},
        "authorizationServers": [_server(store, server) for server in org.servers.values()],
        "apps": [_app(app) for app in _all_apps(store)],
        "groups": [_group(group) for group in made],
        "users": [_user(store, user) for user in users.list_all(store)],
        "policies": [_policy(store, policy, names) for policy_type in POLICY_TYPES
                     for policy in policies.list_policies(store, policy_type)
                     if not policy.system],
    }


def _server(store, server: AuthServer) -> dict:
    scopes = [{"name": scope, "metadataPublish": "ALL_CLIENTS" if scope in
               server.published_scopes else "NO_CLIENTS"}
              for scope in server.scopes if scope not in OIDC_SCOPES]
    entry = {"id": server.id, "name": server.name, "audiences": [server.configured_audience],
             "scopes": scopes}
    # Minutes where Okta's limits allow them; the kit's seconds otherwise (expiry tests).
    if server.access_token_lifetime % 60 == 0 and 5 <= server.access_token_lifetime // 60 <= 1440:
        entry["accessTokenLifetimeMinutes"] = server.access_token_lifetime // 60
    else:
        entry["accessTokenLifetimeSeconds"] = server.access_token_lifetime
    if server.refresh_token_lifetime != DEFAULT_REFRESH_TOKEN_LIFETIME:
        entry["refreshTokenLifetimeMinutes"] = max(1, server.refresh_token_lifetime // 60)
    entry["keys"] = stored_keys(store, server.id)
    return entry


def _all_apps(store) -> list:
    apps = []
    while page := list_apps(store, limit=200, after=apps[-1].client.client_id if apps else None):
        apps.extend(page)
    return apps


def _app(app) -> dict:
    client = app.client
    oauth = {"client_id": client.client_id,
             "token_endpoint_auth_method": client.token_endpoint_auth_method}
    if client.client_secret:
        oauth["client_secret"] = client.client_secret
    settings = {"application_type": client.application_type,
                "redirect_uris": list(client.redirect_uris),
                "post_logout_redirect_uris": list(client.post_logout_redirect_uris),
                "grant_types": list(client.grant_types),
                "response_types": list(client.response_types),
                "consent_method": app.consent_method}
    if client.jwks:
        settings["jwks"] = client.jwks
    return {"name": "oidc_client", "label": client.name, "signOnMode": "OPENID_CONNECT",
            "status": client.status, "credentials": {"oauthClient": oauth},
            "settings": {"oauthClient": settings}}


def _group(group: groups.Group) -> dict:
    profile = {"name": group.name}
    if group.description:
        profile["description"] = group.description
    return {"id": group.id, "profile": profile}


def _user(store, user: users.User) -> dict:
    entry = {"id": user.id, "status": user.status, "created": iso(user.created),
             "activated": iso(user.activated), "statusChanged": iso(user.status_changed),
             "lastLogin": iso(user.last_login), "lastUpdated": iso(user.last_updated),
             "passwordChanged": iso(user.password_changed), "profile": user.profile}
    password = hash_object(user.password_hash)
    if password is not None:
        entry["credentials"] = {"password": {"hash": password}}
    entry["groups"] = groups.groups_of(store, user.id)[1:]   # Everyone holds everybody
    return entry


def _named(conditions: dict, names: dict[str, str]) -> dict:
    """Group conditions name their groups, as a seed document does (import maps them back)."""
    include = conditions.get("people", {}).get("groups", {}).get("include", [])
    if not include:
        return conditions
    return {**conditions, "people": {"groups": {"include": [names.get(group_id, group_id)
                                                            for group_id in include]}}}


def _policy(store, policy: policies.Policy, names: dict[str, str]) -> dict:
    body = dict(policy.body)
    body["conditions"] = _named(body.get("conditions") or {}, names)
    rules = [{**rule.body, "conditions": _named(rule.body.get("conditions") or {}, names),
              "priority": rule.priority, "status": rule.status}
             for rule in policies.list_rules(store, policy.id) if not rule.system]
    return {"type": policy.type, "status": policy.status, "priority": policy.priority, **body,
            "rules": rules, "apps": policies.apps_assigned(store, policy)}
