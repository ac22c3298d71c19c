"""A state file written by an older version (data/state_v0.sql: okta_fold() indexes,
no folded columns) is upgraded when the org opens it, in one transaction."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest

from mock_okta.directory import groups, users
from mock_okta.storage import Store
from mock_okta.storage.migrations import VERSION, statements

V0_DUMP = Path(__file__).parent / "data" / "state_v0.sql"
OLD_INDEXES = {"users_login_ci", "users_email_ci", "users_first_name_ci", "users_last_name_ci"}


def write_v0(path: Path) -> None:
    """The file as the older version left it: it registered okta_fold to write it."""
    conn = sqlite3.connect(path)
    conn.create_function("okta_fold", 1, str.casefold, deterministic=True)
    conn.executescript(V0_DUMP.read_text(encoding="utf-8"))
    conn.close()


def indexes(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM sqlite_master"
                                               " WHERE type = 'index'")}
    finally:
        conn.close()


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "state.db"
    write_v0(path)
    return path


@pytest.fixture
def settings(settings, path):
    return dataclasses.replace(settings, db_path=str(path), demo_user=None)


def test_the_fixture_is_the_old_format(path):
    plain = sqlite3.connect(path)
    assert plain.execute("PRAGMA user_version").fetchone() == (0,)
    with pytest.raises(sqlite3.OperationalError, match="okta_fold"):
        plain.execute("PRAGMA integrity_check").fetchall()
    plain.close()
    assert OLD_INDEXES <= indexes(path)


def test_opening_upgrades_the_file(app, path):
    app.extensions["mock_okta"].store.close()
    plain = sqlite3.connect(path)     # no function registered
    try:
        assert plain.execute("PRAGMA user_version").fetchone() == (VERSION,)
        assert plain.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert plain.execute("PRAGMA foreign_key_check").fetchall() == []
        keys = plain.execute("SELECT json_extract(profile_key, '$.login'),"
                             " json_extract(profile_key, '$.firstName') FROM users ORDER BY 1")
        assert keys.fetchall() == [("ada@example.com", "ada"),
                                   ("demo.user@example.com", "émile")]
        described = plain.execute("SELECT name, description_key FROM groups ORDER BY name")
        assert described.fetchall() == [("Engineers", "people who build things"),
                                         ("Everyone", "all users in your organization")]
    finally:
        plain.close()
    have = indexes(path)
    assert not OLD_INDEXES & have
    assert {"users_login_folded", "users_email_folded", "users_first_name_folded",
            "users_last_name_folded"} <= have


@pytest.mark.parametrize("query, found", [
    ('search=profile.login eq "Demo.User@Example.COM"', ["Demo.User@Example.COM"]),
    ('search=profile.login eq "demo.user@example.com"', ["Demo.User@Example.COM"]),
    ('search=profile.email sw "DEMO.USER@"', ["Demo.User@Example.COM"]),
    ('search=profile.department eq "engineering"', ["ada@example.com"]),
    ("q=ÉMILE", ["Demo.User@Example.COM"]),
    ("q=LOVE", ["ada@example.com"]),
])
def test_search_finds_case_variants_after_the_upgrade(client, api_headers, query, found):
    response = client.get(f"/api/v1/users?{query}", headers=api_headers)
    assert response.status_code == 200, response.json
    assert [user["profile"]["login"] for user in response.json] == found


def test_group_search_by_description_after_the_upgrade(client, api_headers):
    response = client.get('/api/v1/groups?search=profile.description sw "PEOPLE who"',
                          headers=api_headers)
    assert [group["profile"]["name"] for group in response.json] == ["Engineers"]


def test_the_upgraded_org_takes_writes(client, api_headers, make_user):
    """Writes to users no longer need okta_fold (the old indexes would call it)."""
    user = make_user(email="New.Person@Example.com")
    response = client.get('/api/v1/users?search=profile.login eq "new.person@example.COM"',
                          headers=api_headers)
    assert [found["id"] for found in response.json] == [user["id"]]


def test_a_failed_upgrade_leaves_the_old_file_as_it_was(path):
    def fails(store):
        raise RuntimeError("owner failed")

    with pytest.raises(RuntimeError, match="owner failed"):
        Store(str(path), backfill=(users.fill_profile_keys, fails))
    plain = sqlite3.connect(path)
    try:
        assert plain.execute("PRAGMA user_version").fetchone() == (0,)
        columns = {row[1] for row in plain.execute("PRAGMA table_info(users)")}
        assert "profile_key" not in columns
    finally:
        plain.close()
    assert OLD_INDEXES <= indexes(path)


def test_an_upgraded_file_is_not_filled_again(path):
    filled = []
    Store(str(path), backfill=(users.fill_profile_keys, filled.append)).close()
    Store(str(path), backfill=(filled.append,)).close()
    assert len(filled) == 1


def test_the_fills_cover_only_rows_without_keys(path):
    store = Store(str(path), backfill=(users.fill_profile_keys, groups.fill_description_keys))
    try:
        assert users.fill_profile_keys(store) == 0
        assert groups.fill_description_keys(store) == 0
    finally:
        store.close()


def test_a_new_file_starts_at_the_current_version(tmp_path):
    Store(str(tmp_path / "new.db")).close()
    plain = sqlite3.connect(tmp_path / "new.db")
    assert plain.execute("PRAGMA user_version").fetchone() == (VERSION,)
    plain.close()


def test_statements_splits_past_semicolons_in_comments():
    assert statements("CREATE TABLE a (x -- one; two\n);\nCREATE INDEX i ON a (x);\n") == [
        "CREATE TABLE a (x -- one; two\n);", "CREATE INDEX i ON a (x);"]


def test_a_file_from_a_newer_version_is_refused_untouched(tmp_path):
    path = tmp_path / "newer.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {VERSION + 1}")
    conn.close()
    with pytest.raises(ValueError, match="newer mock-okta"):
        Store(str(path))
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone() == (0,)
    conn.close()
