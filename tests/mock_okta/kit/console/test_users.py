"""Console: users. Search, create, profile, password, lifecycle, groups, sessions."""

from __future__ import annotations

import pytest

from mock_okta.directory import outbox
from mock_okta.directory.passwords import verify_password
from mock_okta.directory.users import get_user
from tests.mock_okta.support import PASSWORD
from tests.mock_okta.support.console import CONSOLE

HOSTILE = '<script>alert("x")</script>'
NEW_PASSWORD = "Quiet-Harbor-77"


def create(console, **fields):
    form = {"firstName": "Grace", "lastName": "Hopper", "email": "grace@example.com",
            "password": NEW_PASSWORD, "activate": "on", **fields}
    return console.act("/users", form, on="/users")


def test_create_an_active_user_with_a_password(console, org):
    shown = create(console)
    assert shown.notice == "Created grace@example.com (ACTIVE)."
    user = get_user(org.store, "grace@example.com")
    assert shown.location == f"{CONSOLE}/users/{user.id}"
    assert user.status == "ACTIVE" and verify_password(NEW_PASSWORD, user.password_hash)


def test_create_without_a_password_mails_the_activation_link(console, org):
    shown = create(console, password="")
    assert "PROVISIONED" in shown.notice
    [mail] = outbox.list(org.store, to="grace@example.com")
    assert "/welcome/" in mail.link


def test_create_staged_when_not_activated(console, org):
    form = {"firstName": "Grace", "lastName": "Hopper", "email": "grace@example.com"}
    console.act("/users", form, on="/users")
    assert get_user(org.store, "grace@example.com").status == "STAGED"


@pytest.mark.parametrize(("fields", "message"), [
    ({"email": "not-an-email"}, "email: Does not match required pattern"),
    ({"firstName": ""}, "firstName: The field cannot be left blank"),
    ({"password": "short"}, "Password requirements were not met"),
])
def test_bad_input_is_a_message_on_the_users_page(console, fields, message):
    shown = create(console, **fields)
    assert shown.location == f"{CONSOLE}/users"
    assert message in shown.error


def test_a_duplicate_login_is_refused_in_oktas_words(console):
    create(console)
    shown = create(console)
    assert "An object with this field already exists" in shown.error


def test_search_by_q_and_by_filter(console, make_user):
    make_user(first="Zelda", email="zelda@example.com")
    make_user(first="Ada", email="ada@example.com")
    found = console.page("/users", query_string={"q": "zel"}).find(id="users-table")["_text"]
    assert "zelda@example.com" in found and "ada@example.com" not in found
    by_filter = console.page("/users", query_string={"filter": 'profile.login eq "ada@example.com"'})
    text = by_filter.find(id="users-table")["_text"]
    assert "ada@example.com" in text and "zelda@example.com" not in text


def test_a_bad_filter_is_a_readable_400_page(console):
    response = console.get("/users", status=400, query_string={"filter": "status eq"})
    assert response.mimetype == "text/html"
    assert "Invalid search criteria" in response.get_data(as_text=True)


def test_a_hostile_profile_value_is_escaped_everywhere(console, org, make_user):
    user = make_user(first=HOSTILE, last=HOSTILE)
    console.act(f"/users/{user['id']}/profile", {"mobilePhone": HOSTILE},
                on=f"/users/{user['id']}")
    for path in ("/users", f"/users/{user['id']}"):
        html = console.get(path).get_data(as_text=True)
        assert HOSTILE not in html
        assert "&lt;script&gt;" in html


def test_edit_the_profile(console, org, make_user):
    user = make_user()
    shown = console.act(f"/users/{user['id']}/profile",
                        {"firstName": "Augusta", "mobilePhone": "+1 555 0100"},
                        on=f"/users/{user['id']}")
    assert shown.notice == "Profile saved."
    profile = get_user(org.store, user["id"]).profile
    assert profile["firstName"] == "Augusta" and profile["mobilePhone"] == "+1 555 0100"
    assert profile["lastName"] == "Lovelace"   # not in the form: kept


def test_a_bad_profile_edit_is_a_message(console, make_user):
    user = make_user()
    shown = console.act(f"/users/{user['id']}/profile", {"email": "nope"},
                        on=f"/users/{user['id']}")
    assert "email" in shown.error


def test_set_a_password_then_sign_in_with_it(console, org, make_user):
    user = make_user()
    shown = console.act(f"/users/{user['id']}/password", {"password": NEW_PASSWORD},
                        on=f"/users/{user['id']}")
    assert shown.notice == "Password set."
    assert verify_password(NEW_PASSWORD, get_user(org.store, user["id"]).password_hash)


def test_a_weak_password_is_refused_with_the_policy(console, make_user):
    user = make_user()
    shown = console.act(f"/users/{user['id']}/password", {"password": "abc"},
                        on=f"/users/{user['id']}")
    assert "Password requirements were not met" in shown.error


@pytest.mark.parametrize(("steps", "status"), [
    (["suspend"], "SUSPENDED"),
    (["suspend", "unsuspend"], "ACTIVE"),
    (["deactivate"], "DEPROVISIONED"),
    (["deactivate", "activate"], "ACTIVE"),     # it has a password
    (["expire_password"], "PASSWORD_EXPIRED"),
    (["reset_password"], "RECOVERY"),
])
def test_lifecycle_actions(console, org, make_user, steps, status):
    user = make_user()
    for step in steps:
        shown = console.act(f"/users/{user['id']}/lifecycle/{step}", on=f"/users/{user['id']}")
        assert shown.error is None, shown.error
    assert get_user(org.store, user["id"]).status == status
    assert shown.page.find(id="user-status")["_text"] == status


def test_reset_password_mails_the_link(console, org, make_user):
    user = make_user()
    console.act(f"/users/{user['id']}/lifecycle/reset_password", on=f"/users/{user['id']}")
    [mail] = outbox.list(org.store, to=user["profile"]["email"])
    assert "/reset_password/" in mail.link


def test_unlock_a_user_who_is_not_locked_is_oktas_refusal(console, make_user):
    user = make_user()
    shown = console.act(f"/users/{user['id']}/lifecycle/unlock", on=f"/users/{user['id']}")
    assert shown.error


def test_an_unknown_operation_is_not_found(console, make_user):
    user = make_user()
    response = console.submit(f"/users/{user['id']}/lifecycle/explode", on=f"/users/{user['id']}")
    assert response.status_code == 404


def test_delete_takes_two_steps_as_in_okta(console, org, make_user):
    user = make_user()
    first = console.act(f"/users/{user['id']}/lifecycle/delete", on=f"/users/{user['id']}")
    assert get_user(org.store, user["id"]).status == "DEPROVISIONED"
    assert "Deactivated" in first.notice
    second = console.act(f"/users/{user['id']}/lifecycle/delete", on=f"/users/{user['id']}")
    assert get_user(org.store, user["id"]) is None
    assert second.location == f"{CONSOLE}/users"
    assert second.notice == f"Deleted {user['profile']['login']}."


def test_group_membership(console, client, api_headers, make_user):
    user = make_user()
    group = client.post("/api/v1/groups", json={"profile": {"name": "Engineers"}},
                        headers=api_headers).json
    page = f"/users/{user['id']}"
    shown = console.act(f"{page}/groups", {"group_id": group["id"]}, on=page)
    assert shown.notice == "Added to Engineers."
    assert "Engineers" in shown.page.find(id="user-groups")["_text"]
    members = client.get(f"/api/v1/groups/{group['id']}/users", headers=api_headers).json
    assert [m["id"] for m in members] == [user["id"]]
    shown = console.act(f"{page}/groups/{group['id']}/remove", on=page)
    assert "Engineers" not in shown.page.find(id="user-groups")["_text"]


def test_everyone_cannot_be_left(console, client, api_headers, make_user):
    user = make_user()
    everyone = client.get("/api/v1/groups?q=Everyone", headers=api_headers).json[0]
    shown = console.act(f"/users/{user['id']}/groups/{everyone['id']}/remove",
                        on=f"/users/{user['id']}")
    assert "built-in group" in shown.error


def test_adding_to_an_unknown_group_is_not_found(console, make_user):
    user = make_user()
    response = console.submit(f"/users/{user['id']}/groups", {"group_id": "00gNope"},
                              on=f"/users/{user['id']}")
    assert response.status_code == 404


def test_sessions_are_listed_and_cleared(console, org, make_user, sign_in):
    user = make_user()
    sign_in(user["profile"]["login"], PASSWORD)
    page = console.page(f"/users/{user['id']}")
    assert "No live session" not in page.find(id="user-sessions")["_text"]
    shown = console.act(f"/users/{user['id']}/sessions/clear", on=f"/users/{user['id']}")
    assert shown.notice == "Ended 1 session(s)."
    assert "No live session" in shown.page.find(id="user-sessions")["_text"]


def test_clearing_sessions_can_revoke_the_users_tokens(console, client, tokens):
    from tests.mock_okta.support import basic_auth
    user, answer = tokens()
    shown = console.act(f"/users/{user['id']}/sessions/clear", {"oauthTokens": "on"},
                        on=f"/users/{user['id']}")
    assert "revoked its tokens" in shown.notice
    introspected = client.post("/oauth2/default/v1/introspect", headers=basic_auth(),
                               data={"token": answer["access_token"]}).json
    assert introspected["active"] is False


def test_console_actions_reach_the_system_log_as_the_apis_do(console, client, api_headers):
    create(console)
    user_id = client.get("/api/v1/users/grace@example.com", headers=api_headers).json["id"]
    console.act(f"/users/{user_id}/lifecycle/suspend", on=f"/users/{user_id}")
    events = client.get("/api/v1/logs", headers=api_headers).json
    types = [e["eventType"] for e in events if any(t["id"] == user_id for t in e.get("target") or [])]
    assert "user.lifecycle.create" in types and "user.lifecycle.suspend" in types
