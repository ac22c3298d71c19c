"""SQLite state: one connection shared by the server's threads.

A single connection guarded by a lock keeps `:memory:` databases usable from
waitress's worker threads and is plenty fast for a development org; every
write happens inside `transaction()`, so a failed request leaves nothing
half-written.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mock_okta.storage.schema import SCHEMA


def fold(value):
    """The case fold behind case-insensitive search (SQL function `okta_fold`)."""
    return value.casefold() if isinstance(value, str) else value


def digest(secret: str) -> str:
    """Bearer secrets (codes, session ids, tokens) are stored only as hashes."""
    return hashlib.sha256(secret.encode()).hexdigest()


class Store:
    def __init__(self, path: str):
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._conn.create_function("okta_fold", 1, fold, deterministic=True)
        self._seeded_tables: list[str] = []
        self._changes_at_snapshot = -1
        with self._lock:
            if path != ":memory:":
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.executescript(SCHEMA)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    def one(self, sql: str, params: tuple = ()) -> sqlite3.Row | None:
        with self._lock:
            return self._conn.execute(sql, params).fetchone()

    def all(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()

    def run(self, sql: str, params: tuple = ()) -> int:
        """One write statement, atomic on its own (autocommit); returns rows changed."""
        with self._lock:
            return self._conn.execute(sql, params).rowcount

    def setting(self, key: str, make: Any) -> str:
        """Read a persisted setting, creating it with `make()` on first use."""
        with self.transaction() as conn:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
            if row:
                return row["value"]
            value = make()
            conn.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (key, value))
            return value

    # --- the seeded state, which reset brings back -----------------------------
    # A copy of every table lives in a private in-memory database attached to
    # this connection. Restoring is a DELETE and an INSERT ... SELECT per table:
    # a few milliseconds for hundreds of users, and nothing at all when no row
    # changed since the last snapshot or restore.

    def snapshot(self) -> None:
        """Remember every table's rows as the seeded state that `restore()` brings back."""
        with self._lock:
            if not self._seeded_tables:
                self._conn.execute("ATTACH DATABASE ':memory:' AS seeded")
            self._seeded_tables = [row[0] for row in self._conn.execute(
                "SELECT name FROM main.sqlite_master WHERE type = 'table'"
                " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
            for table in self._seeded_tables:
                self._conn.execute(f'DROP TABLE IF EXISTS seeded."{table}"')
                self._conn.execute(f'CREATE TABLE seeded."{table}" AS SELECT * FROM main."{table}"')
            self._changes_at_snapshot = self._conn.total_changes

    def restore(self) -> bool:
        """Bring back the seeded state; False when nothing had changed since."""
        with self._lock:
            if not self._seeded_tables:
                raise RuntimeError("restore() needs a snapshot() first")
            if self._conn.total_changes == self._changes_at_snapshot:
                return False
            with self.transaction() as conn:
                for table in self._seeded_tables:
                    conn.execute(f'DELETE FROM main."{table}"')
                    conn.execute(f'INSERT INTO main."{table}" SELECT * FROM seeded."{table}"')
            self._changes_at_snapshot = self._conn.total_changes
            return True

    def insert_seeded(self, table: str, row: dict) -> None:
        """Insert a row that belongs to the seeded state (a lazily made first
        signing key), so that restore() keeps it instead of dropping it."""
        columns, marks = ", ".join(row), ", ".join("?" for _ in row)
        values = tuple(row.values())
        with self._lock:
            unchanged = self._conn.total_changes == self._changes_at_snapshot
            with self.transaction() as conn:
                conn.execute(f"INSERT INTO main.{table} ({columns}) VALUES ({marks})", values)
                if table in self._seeded_tables:
                    conn.execute(f"INSERT INTO seeded.{table} ({columns}) VALUES ({marks})", values)
            if unchanged and table in self._seeded_tables:
                self._changes_at_snapshot = self._conn.total_changes

    def close(self) -> None:
        with self._lock:
            self._conn.close()
