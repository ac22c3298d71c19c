"""Deleting a user asks every owner to drop its rows, in one transaction: no table
keeps a row about the user, and a failure half-way deletes nothing."""

from __future__ import annotations

import pytest

from mock_okta.clock import now
from mock_okta.directory import (
    credentials,
    factors,
    groups,
    lifecycle,
    sessions,
    signon,
    tokens,
)
from mock_okta.directory.deletion import delete_user
from mock_okta.directory.users import create_user, get_user
from mock_okta.storage import Store
from tests.mock_okta.support import PASSWORD


def _user_columns() -> list[tuple[str, str]]:
    """(table, column) for every table that records a user: `users.id`, else `user_id`."""
    store = Store(":memory:")
    try:
        names = [row["name"] for row in store.all(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        found = [("users", "id")]
        for name in sorted(names):
            columns = {row["name"] for row in store.all(f"PRAGMA table_info({name})")}
            if "user_id" in columns:
                found.append((name, "user_id"))
        return found
    finally:
        store.close()


USER_COLUMNS = _user_columns()


@pytest.fixture
def store(app):
    return app.extensions["mock_okta"].store


@pytest.fixture
def user(store):
    """A user with a row in every table that can hold one (extend it for a new table)."""
    user = create_user(store, {"login": "gone@example.com", "email": "gone@example.com",
                               "firstName": "Gone", "lastName": "Soon"},
                       password=PASSWORD, activate=True, hash_iterations=1)
    sessions.start_session(store, user)
    sessions.issue_session_token(store, user)
    signon.start_transaction(store, user, "PASSWORD_EXPIRED")
    signon.primary_auth(store, user.login, "Wrong-Password-1")            # a failure counted
    lifecycle.issue_token(store, user, lifecycle.RESET, lifecycle.RESET_LIFETIME)
    credentials.set_recovery_question(store, user, "Favourite colour?", "green",
                                      hash_iterations=1)
    groups.add_member(store, groups.create_group(store, {"name": "Pilots"}), user.id)
    totp = factors.enroll(store, user, "token:software:totp", "GOOGLE", None)
    with pytest.raises(factors.PasscodeRejected):                         # a failure counted
        factors.verify_at_sign_in(store, user, factors.activate(store, totp, factors.passcodes
                                  .code_for_step(totp.secret, factors.passcodes.step_of(now()))),
                                  passcode="000000")
    tokens.save_code(store, "a-code", tokens.CodeRecord(
        server_id="default", client_id="0oaApp", user_id=user.id, redirect_uri="http://x/cb",
        scope="openid", nonce=None, code_challenge=None, code_challenge_method=None,
        auth_time=int(now()), amr=["pwd"]))
    tokens.record(store, [tokens.TokenRecord(
        key="AT.gone", kind=tokens.ACCESS, server_id="default", client_id="0oaApp",
        user_id=user.id, scope="openid", issued=now(), expires=now() + 3600,
        grant_id="grant-gone")])
    return user


def _rows(store, table: str, column: str, user_id: str) -> int:
    return store.one(f"SELECT count(*) AS n FROM {table} WHERE {column} = ?", (user_id,))["n"]


@pytest.mark.parametrize("table, column", USER_COLUMNS, ids=[t for t, _ in USER_COLUMNS])
def test_deleting_a_user_leaves_no_row_behind(store, user, table, column):
    assert _rows(store, table, column, user.id) > 0, "the fixture must reach this table"
    delete_user(store, user)
    assert _rows(store, table, column, user.id) == 0


def test_a_deleted_users_tokens_stay_revoked(store, user):
    delete_user(store, user)
    assert tokens.access_token_revoked(store, "AT.gone")  # a JWT that still verifies is refused
    assert tokens.find(store, "AT.gone", tokens.ACCESS).user_id is None


def test_a_failing_owner_deletes_nothing(store, user, monkeypatch):
    def broken(store, user_id):
        raise RuntimeError("disk full")

    monkeypatch.setattr(tokens, "forget_user", broken)   # the last owner asked
    with pytest.raises(RuntimeError):
        delete_user(store, user)
    for table, column in USER_COLUMNS:
        assert _rows(store, table, column, user.id) > 0, table
    assert get_user(store, user.id) is not None


def test_the_users_api_deletes_through_the_owners(client, api_headers, store, user):
    for _ in range(2):  # deactivate, then delete
        assert client.delete(f"/api/v1/users/{user.id}", headers=api_headers).status_code == 204
    assert all(_rows(store, table, column, user.id) == 0 for table, column in USER_COLUMNS)
