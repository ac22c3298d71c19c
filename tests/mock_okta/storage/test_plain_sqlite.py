"""A state file the mock wrote opens with plain SQLite: no function of the mock's is
registered here, as none is in the stock sqlite3 tool, and every check, index and
query still works (storage/schema.py keeps to SQLite's built-ins)."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest

from mock_okta.storage.migrations import VERSION

# Each index of the schema, with a query it answers (and the row count it finds in
# the state file below). A new index needs a line here.
INDEX_QUERIES = {
    "signing_keys_server": ("SELECT kid FROM signing_keys WHERE server_id = ? AND status = ?",
                            ("default", "ACTIVE"), None),
    "org_sessions_user": ("SELECT id_hash FROM org_sessions WHERE user_id = ?", ("x",), 0),
    "users_status_id": ("SELECT id FROM users WHERE status = ? AND id > ?", ("STAGED", ""), 1),
    "users_last_updated": ("SELECT id FROM users WHERE last_updated > ?", (0,), 4),
    "users_login": ("SELECT id FROM users WHERE json_extract(profile, '$.login') = ?",
                    ("Mixed.Case@Example.COM",), 1),
    "users_email": ("SELECT id FROM users WHERE json_extract(profile, '$.email') = ?",
                    ("Mixed.Case@Example.COM",), 1),
    "users_first_name": ("SELECT id FROM users WHERE json_extract(profile, '$.firstName') = ?",
                         ("Émile",), 1),
    "users_last_name": ("SELECT id FROM users WHERE json_extract(profile, '$.lastName') = ?",
                        ("ZOLA",), 1),
    "users_login_folded": ("SELECT id FROM users WHERE json_extract(profile_key, '$.login') = ?",
                           ("mixed.case@example.com",), 1),
    "users_email_folded": ("SELECT id FROM users WHERE json_extract(profile_key, '$.email') = ?",
                           ("mixed.case@example.com",), 1),
    "users_first_name_folded": (
        "SELECT id FROM users WHERE json_extract(profile_key, '$.firstName') = ?", ("émile",), 1),
    "users_last_name_folded": (
        "SELECT id FROM users WHERE json_extract(profile_key, '$.lastName') = ?", ("zola",), 1),
    "user_tokens_user": ("SELECT token_hash FROM user_tokens WHERE user_id = ? AND kind = ?",
                         ("x", "reset"), 0),
    "group_members_user": ("SELECT group_id FROM group_members WHERE user_id = ?", ("x",), 0),
    "tokens_grant": ("SELECT token_key FROM tokens WHERE grant_id = ?", ("x",), 0),
    "tokens_expires": ("SELECT token_key FROM tokens WHERE expires < ?", (0,), 0),
    "factors_user": ("SELECT id FROM factors WHERE user_id = ? ORDER BY created", ("x",), 0),
    "log_events_published": ("SELECT seq FROM log_events WHERE published_ms > ?", (0,), None),
    "hook_deliveries_due": ("SELECT id FROM hook_deliveries WHERE status = ? AND due < ?",
                            ("PENDING", 0), 0),
}


@pytest.fixture
def path(tmp_path):
    return tmp_path / "state.db"


@pytest.fixture
def settings(settings, path):
    return dataclasses.replace(settings, db_path=str(path))


@pytest.fixture
def state_file(app, client, api_headers, make_user, path):
    """Users (the demo user and three more), a group and a membership, written by the
    mock through its API; then closed."""
    user = make_user(first="Émile", last="ZOLA", email="Mixed.Case@Example.COM")
    make_user()
    staged = {"profile": {"firstName": "Sam", "lastName": "Staged", "email": "sam@example.com",
                          "login": "sam@example.com"}}
    assert client.post("/api/v1/users?activate=false", json=staged,
                       headers=api_headers).status_code == 200
    group = client.post("/api/v1/groups", json={"profile": {"name": "Readers",
                                                            "description": "Who READS"}},
                        headers=api_headers).json
    assert client.put(f"/api/v1/groups/{group['id']}/users/{user['id']}",
                      headers=api_headers).status_code == 204
    assert client.get("/oauth2/default/v1/keys").status_code == 200   # a signing key
    app.extensions["mock_okta"].store.close()
    return path


@pytest.fixture
def plain(state_file):
    conn = sqlite3.connect(state_file)   # registers nothing: as the sqlite3 CLI opens it
    yield conn
    conn.close()


def test_integrity_and_foreign_key_checks_pass(plain):
    assert plain.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert plain.execute("PRAGMA foreign_key_check").fetchall() == []
    assert plain.execute("PRAGMA user_version").fetchone() == (VERSION,)


def test_the_schema_names_no_function_of_the_mock(plain):
    sql = " ".join(row[0] for row in plain.execute("SELECT sql FROM sqlite_master"
                                                   " WHERE sql IS NOT NULL"))
    assert "okta_fold" not in sql
    assert plain.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall() == []


def test_every_index_has_a_query_here(plain):
    indexes = {row[0] for row in plain.execute(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")}
    assert indexes == set(INDEX_QUERIES)


@pytest.mark.parametrize("index", sorted(INDEX_QUERIES))
def test_each_index_answers_its_query(plain, index):
    sql, params, count = INDEX_QUERIES[index]
    plan = " ".join(row[3] for row in plain.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    assert f"INDEX {index} " in plan + " ", plan
    rows = plain.execute(sql, params).fetchall()
    if count is not None:
        assert len(rows) == count
    else:
        assert rows


def test_a_plain_connection_can_write_users_and_groups(plain):
    """Nothing a write touches (index, constraint) calls a function it lacks."""
    with plain:
        plain.execute("UPDATE users SET profile_key = profile_key, profile = profile")
        plain.execute("UPDATE groups SET description_key = description_key")
    assert plain.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
