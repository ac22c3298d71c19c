"""Credential operations and the create options that go with them
(recovery question, groupIds, nextLogin=changePassword)."""

from __future__ import annotations

import pytest

from mock_okta.directory import lifecycle, passwords
from mock_okta.directory.groups import groups_of
from mock_okta.directory.status import set_status
from mock_okta.directory.users import get_user
from tests.mock_okta.support import PASSWORD

NEW = "Fresh-Meadow-77"
QUESTION = {"question": "Favourite colour?", "answer": "Ultramarine"}


@pytest.fixture
def store(app):
    return app.extensions["mock_okta"].store


def post(client, api_headers, user_id, name, body=None, query=""):
    kwargs = {"json": body} if body is not None else {}
    return client.post(f"/api/v1/users/{user_id}/credentials/{name}{query}",
                       headers=api_headers, **kwargs)


def err(response, status, code, cause=None):
    assert response.status_code == status, response.json
    assert response.json["errorCode"] == code
    if cause is not None:
        assert cause in [c["errorSummary"] for c in response.json["errorCauses"]]
    return response.json


def change(old=PASSWORD, new=NEW, **extra):
    return {"oldPassword": {"value": old}, "newPassword": {"value": new}, **extra}


def authn(client, login, password):
    return client.post("/api/v1/authn", json={"username": login, "password": password})


# --- change_password ----------------------------------------------------------

def test_change_password_swaps_the_password(client, api_headers, make_user, store):
    user = make_user()
    response = post(client, api_headers, user["id"], "change_password", change())
    assert response.status_code == 200
    assert response.json == {"password": {}, "provider": {"type": "OKTA", "name": "OKTA"}}
    stored = get_user(store, user["id"])
    assert passwords.verify_password(NEW, stored.password_hash)
    assert stored.password_changed > 0
    assert authn(client, user["profile"]["login"], NEW).status_code == 200


@pytest.mark.parametrize("status", ["RECOVERY", "PASSWORD_EXPIRED"])
def test_change_password_ends_recovery_and_expiry(client, api_headers, make_user, store, status):
    user = make_user()
    set_status(store, get_user(store, user["id"]), status)
    assert post(client, api_headers, user["id"], "change_password", change()).status_code == 200
    assert get_user(store, user["id"]).status == "ACTIVE"


@pytest.mark.parametrize("body, cause", [
    (change(old="Wrong-Password-1"), "oldPassword: The credentials provided were incorrect."),
    (change(new="weak"), "password: Password requirements were not met. Password requirements: "
     "at least 8 characters, a lowercase letter, an uppercase letter, a number, no parts of "
     "your username."),
    (change(new=PASSWORD), "password: Password cannot be your current password"),
])
def test_change_password_failures_are_e0000014(client, api_headers, make_user, store, body,
                                               cause):
    user = make_user()
    before = get_user(store, user["id"]).password_hash
    response = post(client, api_headers, user["id"], "change_password", body)
    body = err(response, 403, "E0000014", cause)
    assert body["errorSummary"] == "Update of credentials failed"
    assert get_user(store, user["id"]).password_hash == before


@pytest.mark.parametrize("body, field", [
    ({}, "oldPassword"), ({"oldPassword": {"value": PASSWORD}}, "newPassword"),
    ({"oldPassword": PASSWORD, "newPassword": {"value": NEW}}, "oldPassword"),
    (change(old=5), "oldPassword"), (change(revokeSessions="yes"), "revokeSessions"),
])
def test_change_password_bad_bodies_are_e0000001(client, api_headers, make_user, body, field):
    user = make_user()
    response = post(client, api_headers, user["id"], "change_password", body)
    assert err(response, 400, "E0000001")["errorSummary"] == f"Api validation failed: {field}"


@pytest.mark.parametrize("status", ["SUSPENDED", "DEPROVISIONED", "LOCKED_OUT", "PROVISIONED"])
def test_change_password_wrong_status_is_e0000038(client, api_headers, make_user, store, status):
    user = make_user()
    set_status(store, get_user(store, user["id"]), status)
    err(post(client, api_headers, user["id"], "change_password", change()), 403, "E0000038")


def test_change_password_can_revoke_sessions(client, api_headers, make_user, store, sign_in):
    user = make_user()
    sign_in(user["profile"]["login"])
    assert store.one("SELECT COUNT(*) AS n FROM org_sessions WHERE user_id = ?",
                     (user["id"],))["n"] == 1
    post(client, api_headers, user["id"], "change_password", change(revokeSessions=True))
    assert store.one("SELECT COUNT(*) AS n FROM org_sessions WHERE user_id = ?",
                     (user["id"],))["n"] == 0


# --- recovery question --------------------------------------------------------

def test_change_recovery_question(client, api_headers, make_user):
    user = make_user()
    body = {"password": {"value": PASSWORD}, "recovery_question": QUESTION}
    response = post(client, api_headers, user["id"], "change_recovery_question", body)
    assert response.status_code == 200
    assert response.json["recovery_question"] == {"question": "Favourite colour?"}
    got = client.get(f"/api/v1/users/{user['id']}", headers=api_headers).json
    assert got["credentials"]["recovery_question"] == {"question": "Favourite colour?"}
    assert "Ultramarine" not in client.get(f"/api/v1/users/{user['id']}",
                                           headers=api_headers).get_data(as_text=True)


@pytest.mark.parametrize("body, status, code", [
    ({"password": {"value": "Wrong-Pass-1"}, "recovery_question": QUESTION}, 403, "E0000014"),
    ({"recovery_question": QUESTION}, 400, "E0000001"),
    ({"password": {"value": PASSWORD}}, 400, "E0000001"),
    ({"password": {"value": PASSWORD}, "recovery_question": {"question": "Q?"}}, 400, "E0000001"),
    ({"password": {"value": PASSWORD}, "recovery_question": {"question": "Q?", "answer": "abc"}},
     400, "E0000001"),
    ({"password": {"value": PASSWORD},
      "recovery_question": {"question": "Your pet: Rex?", "answer": "rex?"}}, 400, "E0000001"),
])
def test_bad_recovery_question_changes(client, api_headers, make_user, body, status, code):
    user = make_user()
    err(post(client, api_headers, user["id"], "change_recovery_question", body), status, code)
    got = client.get(f"/api/v1/users/{user['id']}", headers=api_headers).json
    assert "recovery_question" not in got["credentials"]


# --- forgot_password ----------------------------------------------------------

@pytest.fixture
def with_question(client, api_headers):
    def create(login="fay@example.com"):
        body = {"profile": {"firstName": "Fay", "lastName": "Forget", "email": login,
                            "login": login},
                "credentials": {"password": {"value": PASSWORD}, "recovery_question": QUESTION}}
        response = client.post("/api/v1/users", json=body, headers=api_headers)
        assert response.status_code == 200, response.json
        return response.json
    return create


def test_create_with_a_recovery_question(with_question):
    user = with_question()
    assert user["credentials"]["recovery_question"] == {"question": "Favourite colour?"}


def test_forgot_password_link_keeps_status(client, api_headers, with_question, store):
    user = with_question()
    response = post(client, api_headers, user["id"], "forgot_password", query="?sendEmail=false")
    url = response.json["resetPasswordUrl"]
    assert url.startswith("http://localhost/signin/reset-password/")
    assert get_user(store, user["id"]).status == "ACTIVE"
    token = url.rsplit("/", 1)[1]
    assert lifecycle.token_user(store, token, "reset").id == user["id"]
    assert post(client, api_headers, user["id"], "forgot_password").json == {}


def test_forgot_password_needs_a_recovery_question(client, api_headers, make_user):
    user = make_user()
    body = err(post(client, api_headers, user["id"], "forgot_password"), 403, "E0000034")
    assert body["errorSummary"] == "Forgot password not allowed on specified user."


def test_forgot_password_with_the_answer_sets_the_password(client, api_headers, with_question,
                                                          store):
    user = with_question()
    body = {"password": {"value": NEW}, "recovery_question": {"answer": " ultramarine "}}
    response = post(client, api_headers, user["id"], "forgot_password", body)
    assert response.status_code == 200
    assert response.json["recovery_question"] == {"question": "Favourite colour?"}
    assert passwords.verify_password(NEW, get_user(store, user["id"]).password_hash)


@pytest.mark.parametrize("body, status, code", [
    ({"password": {"value": NEW}, "recovery_question": {"answer": "Crimson"}}, 403, "E0000014"),
    ({"password": {"value": "weak"}, "recovery_question": {"answer": "Ultramarine"}}, 403,
     "E0000014"),
    ({"password": {"value": NEW}}, 400, "E0000001"),
])
def test_forgot_password_with_bad_answers(client, api_headers, with_question, store, body,
                                         status, code):
    user = with_question()
    before = get_user(store, user["id"]).password_hash
    err(post(client, api_headers, user["id"], "forgot_password", body), status, code)
    assert get_user(store, user["id"]).password_hash == before


def test_forgot_password_bad_json(client, api_headers, with_question):
    user = with_question()
    response = client.post(f"/api/v1/users/{user['id']}/credentials/forgot_password",
                           data="{bad", content_type="application/json", headers=api_headers)
    err(response, 400, "E0000003")


@pytest.mark.parametrize("name", ["change_password", "change_recovery_question",
                                  "forgot_password"])
def test_unknown_user_is_404(client, api_headers, name):
    err(post(client, api_headers, "00uNoSuchUser0000000", name, {}), 404, "E0000007")


@pytest.mark.parametrize("name", ["change_password", "change_recovery_question",
                                  "forgot_password"])
def test_credentials_need_a_token(client, make_user, name):
    user = make_user()
    assert client.post(f"/api/v1/users/{user['id']}/credentials/{name}").status_code == 403


# --- create: groupIds, nextLogin --------------------------------------------

def new_user(login="gil@example.com", password=PASSWORD, **extra):
    body = {"profile": {"firstName": "Gil", "lastName": "Group", "email": login, "login": login},
            **extra}
    if password:
        body["credentials"] = {"password": {"value": password}}
    return body


def count_users(store):
    return store.one("SELECT COUNT(*) AS n FROM users")["n"]


def test_create_with_group_ids(client, api_headers, store):
    ids = [client.post("/api/v1/groups", json={"profile": {"name": n}},
                       headers=api_headers).json["id"] for n in ("Alpha", "Beta")]
    response = client.post("/api/v1/users", json=new_user(groupIds=ids + ids[:1]),
                           headers=api_headers)
    assert response.status_code == 200
    assert groups_of(store, response.json["id"]) == ["Everyone", "Alpha", "Beta"]


@pytest.mark.parametrize("group_ids, status, code", [
    (["00gNoSuchGroup000000"], 404, "E0000007"),
    ("00g1", 400, "E0000001"),
    ([1, 2], 400, "E0000001"),
    ([f"00g{n:017d}" for n in range(21)], 400, "E0000093"),
])
def test_bad_group_ids_create_nothing(client, api_headers, store, group_ids, status, code):
    before = count_users(store)
    response = client.post("/api/v1/users", json=new_user(groupIds=group_ids),
                           headers=api_headers)
    err(response, status, code)
    assert count_users(store) == before


def test_next_login_change_password_expires_at_once(client, api_headers, store):
    response = client.post("/api/v1/users?nextLogin=changePassword&activate=true",
                           json=new_user(), headers=api_headers)
    assert response.status_code == 200
    assert response.json["status"] == "PASSWORD_EXPIRED"
    assert response.json["activated"] is not None


@pytest.mark.parametrize("query, body, code", [
    ("?nextLogin=changePassword", new_user(password=None), "E0000124"),
    ("?nextLogin=changePassword&activate=false", new_user(), "E0000125"),
    ("?nextLogin=somethingElse", new_user(), "E0000001"),
])
def test_next_login_refusals(client, api_headers, store, query, body, code):
    before = count_users(store)
    err(client.post(f"/api/v1/users{query}", json=body, headers=api_headers), 400, code)
    assert count_users(store) == before


@pytest.mark.parametrize("question", [
    "x", {"question": "Q?"}, {"question": "", "answer": "long enough"},
    {"question": "Q?", "answer": 5},
])
def test_create_with_a_bad_recovery_question_creates_nothing(client, api_headers, store,
                                                            question):
    before = count_users(store)
    body = new_user()
    body["credentials"]["recovery_question"] = question
    err(client.post("/api/v1/users", json=body, headers=api_headers), 400, "E0000001")
    assert count_users(store) == before
