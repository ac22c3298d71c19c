"""A database file written before a column was added still opens: Store adds the column."""

from __future__ import annotations

import sqlite3

from mock_okta.storage import Store
from mock_okta.storage.migrations import add_missing_columns


def test_an_older_file_gets_the_new_columns(tmp_path):
    path = tmp_path / "org.db"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE session_tokens (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL,"
                " auth_time REAL NOT NULL, expires REAL NOT NULL)")
    old.execute("INSERT INTO session_tokens VALUES ('h', 'u', 1, 2)")
    old.commit()
    old.close()
    store = Store(str(path))
    try:
        row = store.one("SELECT * FROM session_tokens WHERE token_hash = 'h'")
        assert row["amr"] is None and row["user_id"] == "u"
        store.run("INSERT INTO session_tokens (token_hash, user_id, auth_time, expires, amr)"
                  " VALUES ('i', 'u', 1, 2, '[\"pwd\"]')")
    finally:
        store.close()


def test_a_current_file_needs_nothing(tmp_path):
    store = Store(str(tmp_path / "org.db"))
    store.close()
    conn = sqlite3.connect(tmp_path / "org.db")   # no function of the mock's registered
    assert add_missing_columns(conn) == []
    conn.close()
