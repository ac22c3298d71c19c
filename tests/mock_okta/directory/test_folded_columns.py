"""The owners keep their folded columns in step with what they fold: users.profile_key
with the profile, groups.description_key with the description (search reads them)."""

from __future__ import annotations

import json

import pytest

from mock_okta.directory import groups
from mock_okta.directory.user_profile import profile_key
from mock_okta.directory.users import create_user, fill_profile_keys, update_user
from mock_okta.storage import Store


@pytest.fixture
def store():
    store = Store(":memory:")
    yield store
    store.close()


def folded(store, user_id) -> dict:
    row = store.one("SELECT profile, profile_key FROM users WHERE id = ?", (user_id,))
    assert row["profile_key"] == profile_key(json.loads(row["profile"]))
    return json.loads(row["profile_key"])


def make(store, login="Mixed.Case@Example.COM", **extra):
    profile = {"login": login, "email": login, "firstName": "Émile", "lastName": "ZOLA", **extra}
    return create_user(store, profile, password=None, activate=False, hash_iterations=1)


def test_profile_key_folds_every_string_value_and_keeps_the_rest():
    assert json.loads(profile_key({"login": "A@B.COM", "nickName": "STRASSE", "age": 7,
                                   "admin": True, "tags": ["Ab", {"K": "Cd"}], "x": None})) == {
        "login": "a@b.com", "nickName": "strasse", "age": 7, "admin": True,
        "tags": ["ab", {"K": "cd"}], "x": None}
    assert json.loads(profile_key({"lastName": "Straße"}))["lastName"] == "strasse"


def test_create_writes_the_folded_profile(store):
    user = make(store, department="Engineering", employeeNumber="E-1")
    assert folded(store, user.id) == {
        "login": "mixed.case@example.com", "email": "mixed.case@example.com",
        "firstName": "émile", "lastName": "zola", "department": "engineering",
        "employeeNumber": "e-1", "mobilePhone": None, "secondEmail": None}


def test_partial_update_refolds(store):
    user = make(store, department="Engineering")
    update_user(store, user, {"department": "SALES", "nickName": "Zed"}, hash_iterations=1)
    key = folded(store, user.id)
    assert (key["department"], key["nickName"], key["lastName"]) == ("sales", "zed", "zola")


def test_partial_update_that_clears_an_attribute_drops_it(store):
    user = make(store, department="Engineering")
    update_user(store, user, {"department": None}, hash_iterations=1)
    assert "department" not in folded(store, user.id)


def test_full_update_replaces_the_folded_profile(store):
    user = make(store, department="Engineering")
    update_user(store, user, {"login": "Mixed.Case@Example.COM", "email": "Other@Example.COM",
                              "firstName": "ANN", "lastName": "Lee"},
                replace=True, hash_iterations=1)
    key = folded(store, user.id)
    assert "department" not in key
    assert (key["email"], key["firstName"]) == ("other@example.com", "ann")


def test_login_change_moves_the_folded_login(store):
    user = make(store)
    update_user(store, user, {"login": "New.Login@Example.COM"}, hash_iterations=1)
    assert folded(store, user.id)["login"] == "new.login@example.com"
    found = store.all("SELECT id FROM users WHERE json_extract(profile_key, '$.login') = ?",
                      ("mixed.case@example.com",))
    assert found == []


def test_fill_profile_keys_matches_what_create_writes(store):
    user = make(store, department="Engineering")
    written = store.one("SELECT profile_key FROM users WHERE id = ?", (user.id,))[0]
    with store.transaction() as conn:   # as an older version left the row
        conn.execute("UPDATE users SET profile_key = NULL")
    assert fill_profile_keys(store) == 1
    assert store.one("SELECT profile_key FROM users WHERE id = ?", (user.id,))[0] == written


def description_key(store, group_id):
    return store.one("SELECT description_key FROM groups WHERE id = ?", (group_id,))[0]


def test_group_description_key_follows_create_and_update(store):
    group = groups.create_group(store, {"name": "Readers", "description": "Who READS"})
    assert description_key(store, group.id) == "who reads"
    groups.update_group(store, group, {"name": "Readers", "description": "STRASSE People"})
    assert description_key(store, group.id) == "strasse people"
    groups.update_group(store, group, {"name": "Readers"})
    assert description_key(store, group.id) is None
    assert description_key(store, groups.everyone(store).id) == "all users in your organization"


def test_fill_description_keys_matches_what_create_writes(store):
    group = groups.create_group(store, {"name": "Readers", "description": "Who READS"})
    with store.transaction() as conn:
        conn.execute("UPDATE groups SET description_key = NULL")
    assert groups.fill_description_keys(store) == 2     # Readers and Everyone
    assert description_key(store, group.id) == "who reads"
