"""POST /api/v1/users/{id}/lifecycle/*: allowed states, results, answers, tokens."""

from __future__ import annotations

import re

import pytest

from mock_okta.directory import lifecycle, passwords
from mock_okta.directory.status import set_status
from mock_okta.directory.users import get_user
from mock_okta.errors import ValidationFailed
from tests.mock_okta.support import PASSWORD

TOKEN = re.compile(r"^[0-9A-Za-z]{20}$")
STATUSES = ("STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "LOCKED_OUT", "PASSWORD_EXPIRED",
            "SUSPENDED", "DEPROVISIONED")


@pytest.fixture
def store(app):
    return app.extensions["mock_okta"].store


@pytest.fixture
def user_in(store, make_user):
    """A user (with a password) put straight into `status`."""

    def make(status, password=PASSWORD):
        user = get_user(store, make_user()["id"])
        if password is None:
            store.run("UPDATE users SET password_hash = NULL WHERE id = ?", (user.id,))
            user.password_hash = None
        if status != "ACTIVE":
            set_status(store, user, status)
        return user

    return make


def op(client, api_headers, user_id, name, query=""):
    return client.post(f"/api/v1/users/{user_id}/lifecycle/{name}{query}", headers=api_headers)


def status_of(store, user_id):
    return get_user(store, user_id).status


def assert_error(response, status, code, summary=None, cause=None):
    assert response.status_code == status, response.json
    assert response.json["errorCode"] == code
    if summary:
        assert response.json["errorSummary"] == summary
    if cause:
        assert response.json["errorCauses"] == [{"errorSummary": cause}]


# Every (operation, from-status) pair: the resulting status, or Okta's error.
E38 = (403, "E0000038")
TABLE = {
    "activate": {"STAGED": "ACTIVE", "DEPROVISIONED": "ACTIVE", "ACTIVE": (403, "E0000016")},
    "reactivate": {"PROVISIONED": "PROVISIONED", "RECOVERY": "RECOVERY"},
    "suspend": {"ACTIVE": "SUSPENDED", "*": (400, "E0000001")},
    "unsuspend": {"SUSPENDED": "ACTIVE", "*": (400, "E0000001")},
    "unlock": {"LOCKED_OUT": "ACTIVE", "*": (403, "E0000032")},
    "reset_password": {"ACTIVE": "RECOVERY", "RECOVERY": "RECOVERY",
                       "PASSWORD_EXPIRED": "RECOVERY", "LOCKED_OUT": "RECOVERY"},
    "expire_password": {"ACTIVE": "PASSWORD_EXPIRED", "PASSWORD_EXPIRED": "PASSWORD_EXPIRED"},
}
CASES = [(name, status, rules.get(status, rules.get("*", E38)))
         for name, rules in TABLE.items() for status in STATUSES]


@pytest.mark.parametrize("name, start, outcome", CASES)
def test_lifecycle_table(client, api_headers, store, user_in, name, start, outcome):
    user = user_in(start)
    before = get_user(store, user.id)
    response = op(client, api_headers, user.id, name)
    if isinstance(outcome, tuple):
        assert_error(response, *outcome)
        after = get_user(store, user.id)
        assert (after.status, after.last_updated) == (before.status, before.last_updated)
    else:
        assert response.status_code == 200, response.json
        assert status_of(store, user.id) == outcome


def test_activate_without_a_password_provisions(client, api_headers, store, user_in):
    user = user_in("STAGED", password=None)
    response = op(client, api_headers, user.id, "activate")
    assert response.json == {}
    assert status_of(store, user.id) == "PROVISIONED"


def test_activate_with_send_email_false_returns_the_link(client, api_headers, store, user_in):
    user = user_in("STAGED", password=None)
    body = op(client, api_headers, user.id, "activate", "?sendEmail=false").json
    assert TOKEN.match(body["activationToken"])
    assert body["activationUrl"] == f"http://localhost/welcome/{body['activationToken']}"
    assert lifecycle.token_user(store, body["activationToken"], "activation").id == user.id


def test_reactivate_replaces_the_activation_token(client, api_headers, store, user_in):
    user = user_in("STAGED", password=None)
    first = op(client, api_headers, user.id, "activate", "?sendEmail=false").json
    second = op(client, api_headers, user.id, "reactivate", "?sendEmail=false").json
    assert first["activationToken"] != second["activationToken"]
    assert lifecycle.token_user(store, first["activationToken"], "activation") is None
    assert lifecycle.token_user(store, second["activationToken"], "activation").id == user.id


def test_activation_token_is_single_use_and_survives_a_weak_password(store, user_in, app):
    user = user_in("STAGED", password=None)
    token = lifecycle.activate(store, user)
    with pytest.raises(ValidationFailed):
        lifecycle.finish_activation(store, token, "weak", 1)
    done = lifecycle.finish_activation(store, token, "Brand-New-Pass-9", 1)
    assert done.status == "ACTIVE"
    assert passwords.verify_password("Brand-New-Pass-9", get_user(store, user.id).password_hash)
    with pytest.raises(LookupError):
        lifecycle.finish_activation(store, token, "Other-New-Pass-9", 1)


def test_expired_tokens_do_not_work(store, user_in):
    user = user_in("ACTIVE")
    token = lifecycle.reset_password(store, user)
    store.run("UPDATE user_tokens SET expires = 0")
    with pytest.raises(LookupError):
        lifecycle.finish_reset(store, token, "Brand-New-Pass-9", 1)


def test_reset_password_link_and_finish(client, api_headers, store, user_in):
    user = user_in("ACTIVE")
    body = op(client, api_headers, user.id, "reset_password", "?sendEmail=false").json
    url = body["resetPasswordUrl"]
    assert url.startswith("http://localhost/reset_password/")
    token = url.rsplit("/", 1)[1]
    assert op(client, api_headers, user.id, "reset_password").json == {}  # new token...
    with pytest.raises(LookupError):                                     # ...old one dead
        lifecycle.finish_reset(store, token, "Brand-New-Pass-9", 1)
    token = lifecycle.reset_password(store, get_user(store, user.id))
    assert lifecycle.finish_reset(store, token, "Brand-New-Pass-9", 1).status == "ACTIVE"


def test_suspend_errors_say_why(client, api_headers, user_in):
    user = user_in("SUSPENDED")
    assert_error(op(client, api_headers, user.id, "suspend"), 400, "E0000001",
                 cause="Cannot suspend a user that is not active")
    user = user_in("ACTIVE")
    assert_error(op(client, api_headers, user.id, "unsuspend"), 400, "E0000001",
                 cause="Cannot unsuspend a user that is not suspended")
    assert_error(op(client, api_headers, user.id, "unlock"), 403, "E0000032",
                 "Unlock is not allowed for this user.", "The user is not locked out.")
    assert_error(op(client, api_headers, user.id, "activate"), 403, "E0000016",
                 "Activation failed because the user is already active")
    user = user_in("SUSPENDED")
    assert_error(op(client, api_headers, user.id, "activate"), 403, "E0000038",
                 "This operation is not allowed in the user's current status.")


def test_suspended_user_cannot_sign_in_until_unsuspended(client, api_headers, user_in):
    user = user_in("ACTIVE")
    creds = {"username": user.login, "password": PASSWORD}
    op(client, api_headers, user.id, "suspend")
    assert client.post("/api/v1/authn", json=creds).status_code == 401
    op(client, api_headers, user.id, "unsuspend")
    assert client.post("/api/v1/authn", json=creds).status_code == 200


def test_unlock_clears_failed_attempts(client, api_headers, store, user_in):
    user = user_in("LOCKED_OUT")
    store.run("INSERT INTO sign_in_failures (user_id, count, last) VALUES (?, 5, 0)", (user.id,))
    assert op(client, api_headers, user.id, "unlock").json == {}
    assert store.one("SELECT * FROM sign_in_failures WHERE user_id = ?", (user.id,)) is None


def test_expire_password_returns_the_whole_user(client, api_headers, user_in):
    user = user_in("ACTIVE")
    body = op(client, api_headers, user.id, "expire_password").json
    assert body["id"] == user.id
    assert body["status"] == "PASSWORD_EXPIRED"
    assert "changePassword" in body["_links"]


@pytest.mark.parametrize("path", ["expire_password?tempPassword=true",
                                  "expire_password_with_temp_password"])
def test_expire_with_temp_password(client, api_headers, store, user_in, path):
    user = user_in("ACTIVE")
    body = op(client, api_headers, user.id, path).json
    temp = body["tempPassword"]
    assert not passwords.policy_violations(temp, user.login)
    stored = get_user(store, user.id)
    assert stored.status == "PASSWORD_EXPIRED"
    assert passwords.verify_password(temp, stored.password_hash)


def test_expire_password_needs_a_password(client, api_headers, user_in):
    user = user_in("ACTIVE", password=None)
    assert_error(op(client, api_headers, user.id, "expire_password"), *E38)


def test_reset_factors_is_a_no_op(client, api_headers, store, user_in):
    user = user_in("ACTIVE")
    assert op(client, api_headers, user.id, "reset_factors").json == {}
    assert status_of(store, user.id) == "ACTIVE"


OPERATIONS = ["activate", "reactivate", "deactivate", "suspend", "unsuspend", "unlock",
              "reset_password", "expire_password", "expire_password_with_temp_password",
              "reset_factors"]


@pytest.mark.parametrize("name", OPERATIONS)
def test_unknown_user_is_404(client, api_headers, name):
    assert_error(op(client, api_headers, "00uNoSuchUser0000000", name), 404, "E0000007",
                 "Not found: Resource not found: 00uNoSuchUser0000000 (User)")


@pytest.mark.parametrize("name", OPERATIONS)
def test_lifecycle_needs_a_token(client, user_in, name):
    user = user_in("ACTIVE")
    assert client.post(f"/api/v1/users/{user.id}/lifecycle/{name}").status_code == 403


@pytest.mark.parametrize("name", ["activate", "reactivate", "reset_password"])
def test_bad_send_email_flag_changes_nothing(client, api_headers, store, user_in, name):
    user = user_in({"activate": "STAGED", "reactivate": "PROVISIONED"}.get(name, "ACTIVE"))
    before = status_of(store, user.id)
    response = op(client, api_headers, user.id, name, "?sendEmail=maybe")
    assert_error(response, 400, "E0000001")
    assert status_of(store, user.id) == before


def test_unknown_operation_is_404_path(client, api_headers, user_in):
    user = user_in("ACTIVE")
    assert_error(op(client, api_headers, user.id, "explode"), 404, "E0000008")


def test_lifecycle_is_post_only(client, api_headers, user_in):
    user = user_in("ACTIVE")
    response = client.get(f"/api/v1/users/{user.id}/lifecycle/suspend", headers=api_headers)
    assert response.status_code in (404, 405)
    assert response.json["errorCode"] in ("E0000008", "E0000022")
