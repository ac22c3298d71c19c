"""What the org writes to the System Log: Okta's event types, actors, targets and
outcomes for everything it does, in the LogEvent shape."""

from __future__ import annotations

import uuid

import pytest

from mock_okta.directory import system_log
from mock_okta.directory.event_types import CATALOG
from tests.mock_okta.support import (
    CLIENT_ID,
    PASSWORD,
    REDIRECT_URI,
    Pkce,
    authorize_params,
    basic_auth,
    redirect_params,
    session_token,
)
from tests.mock_okta.support.pages import (
    NEW_PASSWORD,
    csrf_token,
    post_login,
    post_register,
    register_form,
)
from tests.mock_okta.support.system_log import event_types, log_events, stored_events, target_ids
from tests.mock_okta.support.token import SERVICE_ID, SERVICE_SECRET, basic, register_standard_apps


def _types_after(client, api_headers, action) -> list[str]:
    """The event types an action added (the log is read by type, in order)."""
    before = len(log_events(client, api_headers))
    action()
    return [event["eventType"] for event in log_events(client, api_headers)[before:]]


def test_a_fresh_org_has_an_empty_log_despite_its_seeded_users(client, api_headers):
    assert log_events(client, api_headers) == []


def test_a_user_created_by_the_api_is_logged_as_okta_logs_it(client, api_headers, make_user):
    user = make_user(first="Ada", last="Lovelace")
    create, activate = log_events(client, api_headers)
    assert create["eventType"] == "user.lifecycle.create"
    assert create["displayMessage"] == "Create okta user"
    assert activate["eventType"] == "user.lifecycle.activate"
    assert create["target"] == [{"id": user["id"], "type": "User",
                                 "alternateId": user["profile"]["login"],
                                 "displayName": "Ada Lovelace", "detailEntry": None}]
    # The API token acted: Okta's system principal, and the token named in the transaction.
    assert create["actor"]["type"] == "SystemPrincipal"
    assert create["transaction"]["type"] == "WEB"
    assert create["transaction"]["detail"]["requestApiTokenId"].startswith("00T")


def test_the_log_event_has_okta_s_shape_and_types(client, api_headers, make_user):
    make_user()
    event = log_events(client, api_headers)[0]
    assert set(event) == {
        "uuid", "published", "eventType", "version", "severity", "legacyEventType",
        "displayMessage", "actor", "client", "outcome", "target", "transaction",
        "debugContext", "authenticationContext", "securityContext", "request"}
    assert event["version"] == "0" and event["severity"] == "INFO"
    assert uuid.UUID(event["uuid"]).version == 1          # time-based, as Okta's are
    assert event["outcome"] == {"result": "SUCCESS", "reason": None}
    assert event["published"].endswith("Z") and len(event["published"]) == 24
    assert event["authenticationContext"]["authenticationStep"] == 0
    assert event["client"]["zone"] == "null" and event["client"]["ipAddress"] == "127.0.0.1"
    assert event["request"]["ipChain"][0] == {"ip": "127.0.0.1", "geographicalContext": None,
                                              "version": "V4", "source": None}


def test_the_request_id_is_the_response_header_and_the_transaction_id(client, api_headers):
    response = client.post("/api/v1/groups", json={"profile": {"name": "Pilots"}},
                           headers=api_headers)
    request_id = response.headers["X-Okta-Request-Id"]
    (event,) = log_events(client, api_headers)
    assert event["debugContext"]["debugData"]["requestId"] == request_id
    assert event["transaction"]["id"] == request_id
    assert event["debugContext"]["debugData"]["requestUri"] == "/api/v1/groups"


def test_user_agent_is_parsed_as_okta_does(client, api_headers):
    agent = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
             "(KHTML, like Gecko) Chrome/120.0 Safari/537.36")
    client.post("/api/v1/groups", json={"profile": {"name": "Pilots"}},
                headers={**api_headers, "User-Agent": agent})
    (event,) = log_events(client, api_headers)
    assert event["client"]["userAgent"] == {"rawUserAgent": agent, "os": "Mac OS X",
                                            "browser": "CHROME"}
    assert event["client"]["device"] == "Computer"


LIFECYCLE_CASES = [
    ("deactivate", ["user.lifecycle.deactivate"]),
    ("suspend", ["user.lifecycle.suspend"]),
    ("reset_password", ["user.account.reset_password"]),
    ("expire_password", ["user.account.expire_password"]),
]


@pytest.mark.parametrize(("operation", "expected"), LIFECYCLE_CASES,
                         ids=[case[0] for case in LIFECYCLE_CASES])
def test_user_lifecycle_operations_are_logged(client, api_headers, make_user, operation,
                                              expected):
    user = make_user()
    path = f"/api/v1/users/{user['id']}/lifecycle/{operation}"
    added = _types_after(client, api_headers,
                         lambda: client.post(path, headers=api_headers))
    assert added == expected


def test_the_whole_lifecycle_of_a_user(client, api_headers):
    response = client.post("/api/v1/users?activate=false", headers=api_headers, json={
        "profile": {"firstName": "Kay", "lastName": "Oh", "email": "kay@example.com",
                    "login": "kay@example.com"}, "credentials": {"password": {"value": PASSWORD}}})
    user_id = response.get_json()["id"]
    for operation in ("activate", "suspend", "unsuspend", "deactivate"):
        assert client.post(f"/api/v1/users/{user_id}/lifecycle/{operation}",
                           headers=api_headers).status_code == 200, operation
    assert client.delete(f"/api/v1/users/{user_id}", headers=api_headers).status_code == 204
    events = log_events(client, api_headers)
    assert [event["eventType"] for event in events] == [
        "user.lifecycle.create", "user.lifecycle.activate", "user.lifecycle.suspend",
        "user.lifecycle.unsuspend", "user.lifecycle.deactivate",
        "user.lifecycle.delete.initiated", "user.lifecycle.delete.completed"]
    assert all(target_ids(event) == {user_id} for event in events)
    assert events[4]["legacyEventType"] == "core.user.config.user_deactivated"


def test_profile_and_password_changes(client, api_headers, make_user):
    user = make_user()
    added = _types_after(client, api_headers, lambda: client.post(
        f"/api/v1/users/{user['id']}", headers=api_headers,
        json={"profile": {"nickName": "Lace"}}))
    assert added == ["user.account.update_profile"]
    added = _types_after(client, api_headers, lambda: client.post(
        f"/api/v1/users/{user['id']}/credentials/change_password", headers=api_headers,
        json={"oldPassword": {"value": PASSWORD}, "newPassword": {"value": NEW_PASSWORD}}))
    assert added == ["user.account.update_password"]


def test_a_refused_change_logs_nothing(client, api_headers, make_user):
    user = make_user()
    added = _types_after(client, api_headers, lambda: client.post(
        f"/api/v1/users/{user['id']}/credentials/change_password", headers=api_headers,
        json={"oldPassword": {"value": "wrong"}, "newPassword": {"value": NEW_PASSWORD}}))
    assert added == []


def test_groups_and_memberships(client, api_headers, make_user):
    user = make_user()
    group = client.post("/api/v1/groups", json={"profile": {"name": "Pilots"}},
                        headers=api_headers).get_json()
    base = f"/api/v1/groups/{group['id']}"
    client.put(f"{base}/users/{user['id']}", headers=api_headers)
    client.put(f"{base}/users/{user['id']}", headers=api_headers)   # no change: no event
    client.delete(f"{base}/users/{user['id']}", headers=api_headers)
    client.put(base, json={"profile": {"name": "Aviators"}}, headers=api_headers)
    client.delete(base, headers=api_headers)
    events = [e for e in log_events(client, api_headers) if e["eventType"].startswith("group.")]
    assert [event["eventType"] for event in events] == [
        "group.lifecycle.create", "group.user_membership.add", "group.user_membership.remove",
        "group.profile.update", "group.lifecycle.delete"]
    add = events[1]
    assert {(t["type"], t["id"]) for t in add["target"]} == {
        ("User", user["id"]), ("UserGroup", group["id"])}
    assert add["displayMessage"] == "Add user to group membership"


def test_apps(client, api_headers):
    body = {"name": "oidc_client", "label": "Console", "signOnMode": "OPENID_CONNECT",
            "credentials": {"oauthClient": {"token_endpoint_auth_method": "client_secret_basic"}},
            "settings": {"oauthClient": {"redirect_uris": ["https://app.example.com/cb"],
                                         "grant_types": ["authorization_code"],
                                         "response_types": ["code"],
                                         "application_type": "web"}}}
    app = client.post("/api/v1/apps", json=body, headers=api_headers)
    assert app.status_code == 200, app.data
    app_id = app.get_json()["id"]
    client.put(f"/api/v1/apps/{app_id}", json=body, headers=api_headers)
    client.post(f"/api/v1/apps/{app_id}/lifecycle/deactivate", headers=api_headers)
    client.post(f"/api/v1/apps/{app_id}/lifecycle/activate", headers=api_headers)
    client.post(f"/api/v1/apps/{app_id}/lifecycle/deactivate", headers=api_headers)
    client.delete(f"/api/v1/apps/{app_id}", headers=api_headers)
    events = log_events(client, api_headers, filter=f'target.id eq "{app_id}"')
    assert [event["eventType"] for event in events] == [
        "application.lifecycle.create", "application.lifecycle.update",
        "application.lifecycle.deactivate", "application.lifecycle.activate",
        "application.lifecycle.deactivate", "application.lifecycle.delete"]
    assert events[0]["target"][0]["type"] == "AppInstance"


def test_a_sign_in_on_the_hosted_page(client, api_headers, make_user):
    user = make_user()
    post_login(client, user["profile"]["login"], PASSWORD)
    start, policy = log_events(client, api_headers)[-2:]
    assert start["eventType"] == "user.session.start"
    assert start["displayMessage"] == "User login to Okta"
    assert start["legacyEventType"] == "core.user_auth.login_success"
    assert start["actor"]["id"] == user["id"] and start["actor"]["type"] == "User"
    assert start["target"] is None
    assert start["authenticationContext"]["credentialType"] == "PASSWORD"
    assert policy["eventType"] == "policy.evaluate_sign_on"
    assert policy["outcome"]["result"] == "ALLOW"
    assert policy["transaction"]["id"] == start["transaction"]["id"]


def test_failed_sign_ins_and_lockout(app, api_headers, make_user, client):
    user = make_user()
    login = user["profile"]["login"]
    post_login(app.test_client(), "nobody@example.com", PASSWORD)
    for _ in range(10):   # the default policy locks out after 10 failures
        post_login(app.test_client(), login, "wrong-password")
    post_login(app.test_client(), login, PASSWORD)
    starts = stored_events(app, "user.session.start")
    assert starts[0]["actor"]["alternateId"] == "nobody@example.com"
    assert starts[0]["outcome"] == {"result": "FAILURE", "reason": "UNKNOWN_USER"}
    assert [e["outcome"]["reason"] for e in starts[1:]] == ["INVALID_CREDENTIALS"] * 10 + [
        "LOCKED_OUT"]
    assert all(e["severity"] == "WARN" for e in starts)
    assert {e["legacyEventType"] for e in starts} == {"core.user_auth.login_failed"}
    (lock,) = stored_events(app, "user.account.lock")
    assert lock["outcome"] == {"result": "FAILURE", "reason": "LOCKED_OUT"}
    assert lock["legacyEventType"] == "core.user_auth.account_locked"
    assert target_ids(lock) == {user["id"]}
    added = _types_after(client, api_headers, lambda: client.post(
        f"/api/v1/users/{user['id']}/lifecycle/unlock", headers=api_headers))
    assert added == ["user.account.unlock_by_admin"]


def test_sign_up_on_the_hosted_page_is_done_by_the_new_user(app, client, api_headers):
    post_register(client, register_form(email="grace@example.com"))
    create = stored_events(app, "user.lifecycle.create")[-1]
    assert create["actor"]["alternateId"] == "grace@example.com"
    assert create["actor"]["id"] == create["target"][0]["id"]


def test_sign_out_ends_the_session_in_the_log(app, client, make_user):
    user = make_user()
    post_login(client, user["profile"]["login"], PASSWORD)
    client.post("/login/signout", data={"csrf_token": csrf_token(client.get("/"))})
    (end,) = stored_events(app, "user.session.end")
    assert end["actor"]["id"] == user["id"]
    assert end["legacyEventType"] == "core.user_auth.logout_success"


def test_the_code_flow_logs_sso_authorize_and_grants(app, tokens):
    user, _ = tokens(scope="openid profile")
    assert [event["eventType"] for event in stored_events(app)][-4:] == [
        "user.authentication.sso", "app.oauth2.as.authorize.code",
        "app.oauth2.as.token.grant.access_token", "app.oauth2.as.token.grant.id_token"]
    sso = stored_events(app, "user.authentication.sso")[-1]
    assert sso["actor"]["id"] == user["id"] and sso["client"]["id"] == CLIENT_ID
    assert sso["target"][0]["type"] == "AppInstance" and sso["target"][0]["id"] == CLIENT_ID
    (grant,) = stored_events(app, "app.oauth2.as.token.grant.access_token")
    assert grant["actor"]["id"] == user["id"] and grant["client"]["id"] == CLIENT_ID
    assert grant["target"][0]["id"].startswith("AT.")
    assert grant["authenticationContext"]["credentialType"] == "OAuth 2.0"


def test_the_org_server_logs_app_oauth2_without_as(app, client, make_user):
    user = make_user()
    token = session_token(client, user["profile"]["login"])
    pkce = Pkce.new()
    response = client.get("/oauth2/v1/authorize",
                          query_string=authorize_params(pkce, sessionToken=token))
    code = redirect_params(response)["code"]
    response = client.post("/oauth2/v1/token", headers=basic_auth(), data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI,
        "code_verifier": pkce.verifier})
    assert response.status_code == 200, response.data
    types = {event["eventType"] for event in stored_events(app)}
    assert {"app.oauth2.authorize.code", "app.oauth2.token.grant.access_token",
            "app.oauth2.token.grant.id_token"} <= types
    assert not any(t.startswith("app.oauth2.as.") for t in types)


def test_client_credentials_are_granted_to_the_client(app, client):
    register_standard_apps(app)
    response = client.post("/oauth2/default/v1/token", headers=basic(SERVICE_ID, SERVICE_SECRET),
                           data={"grant_type": "client_credentials", "scope": "orders.read"})
    assert response.status_code == 200, response.data
    (grant,) = stored_events(app, "app.oauth2.as.token.grant.access_token")
    assert grant["actor"]["id"] == SERVICE_ID and grant["actor"]["type"] == "PublicClientApp"
    assert stored_events(app, "app.oauth2.as.token.grant.id_token") == []


def test_revocation_is_logged_by_the_client(app, client, tokens):
    _, issued = tokens()
    client.post("/oauth2/default/v1/revoke", headers=basic_auth(),
                data={"token": issued["access_token"]})
    (revoke,) = stored_events(app, "app.oauth2.as.token.revoke")
    assert revoke["actor"] == system_log.client_actor(CLIENT_ID, revoke["actor"]["displayName"])
    assert revoke["target"][0]["type"] == "access_token"


def test_key_rotation_is_logged(client, api_headers):
    response = client.post(
        "/api/v1/authorizationServers/default/credentials/lifecycle/keyRotate",
        json={"use": "sig"}, headers=api_headers)
    assert response.status_code == 200, response.data
    (event,) = log_events(client, api_headers, filter='eventType eq "app.oauth2.as.key.rollover"')
    assert target_ids(event) == {"default"}


def test_every_event_type_the_org_knows_has_a_display_message():
    assert all(kind.display for kind in CATALOG.values())


def test_record_refuses_an_unknown_event_type(app):
    with pytest.raises(KeyError):
        system_log.record(app.extensions["mock_okta"].store, "user.password.change")


def test_a_change_that_fails_leaves_no_event(app):
    store = app.extensions["mock_okta"].store
    with pytest.raises(RuntimeError), store.transaction():
        system_log.record(store, "group.lifecycle.create")
        raise RuntimeError("the change failed after its event was written")
    assert stored_events(app) == []


def test_reset_clears_the_log(client, api_headers, make_user):
    make_user()
    assert event_types(client, api_headers)
    assert client.post("/_mock/reset", headers=api_headers).status_code in (200, 204)
    assert log_events(client, api_headers) == []


def test_an_expired_password_changed_through_authn_is_logged_by_the_user(
        app, client, api_headers, make_user):
    user = make_user()
    client.post(f"/api/v1/users/{user['id']}/lifecycle/expire_password", headers=api_headers)
    state = client.post("/api/v1/authn", json={"username": user["profile"]["login"],
                                               "password": PASSWORD}).get_json()["stateToken"]
    done = client.post("/api/v1/authn/credentials/change_password", json={
        "stateToken": state, "oldPassword": PASSWORD, "newPassword": NEW_PASSWORD})
    assert done.status_code == 200
    (change,) = stored_events(app, "user.account.update_password")
    assert change["actor"]["id"] == user["id"] and target_ids(change) == {user["id"]}
