"""SQLite state: one connection shared by the server's threads.

A single connection guarded by a lock keeps `:memory:` databases usable from
waitress's worker threads and is plenty fast for a development org; every
write happens inside `transaction()`, so a failed request leaves nothing
half-written.

Transactions nest: each module writes only its own tables, so a change that
spans owners (deleting a user) opens one transaction and asks each owner in
turn; an owner's own `transaction()` or `run()` then joins it.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from mock_okta.storage import migrations


def fold(value):
    """The case fold behind case-insensitive search and unique names; the owners store
    folded copies (users.profile_key, groups.name_key, ...) for SQL to compare."""
    return value.casefold() if isinstance(value, str) else value


def digest(secret: str) -> str:
    """Bearer secrets (codes, session ids, tokens) are stored only as hashes."""
    return hashlib.sha256(secret.encode()).hexdigest()


class Store:
    def __init__(self, path: str, *, backfill: Sequence[Callable[[Store], None]] = ()):
        """Open (or create) the database and bring it up to the schema. `backfill`: the
        owners' functions that fill a column a newer version derives from older ones,
        run when an older file is upgraded (storage/migrations.py)."""
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()
        self._depth = 0                     # open savepoints (nested transactions)
        self._seeded: sqlite3.Connection | None = None   # see snapshot()
        self._changes_at_snapshot = -1
        with self._lock:
            if path != ":memory:":
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA synchronous=NORMAL")

        def fill() -> None:
            for owner_fill in backfill:
                owner_fill(self)

        with self.transaction() as conn:
            migrations.upgrade(conn, fill)

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing. Inside another transaction (on this thread: the lock is
        held until it ends) it is a savepoint, and the outer one still decides."""
        with self._lock:
            if self._conn.in_transaction:
                yield from self._savepoint()
                return
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._conn
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextmanager
    def joined(self) -> Iterator[sqlite3.Connection]:
        """A transaction, or inside one simply a part of it (no savepoint): for writes
        that are never retried alone, whose failure fails the caller's whole change."""
        with self._lock:
            if self._conn.in_transaction:
                yield self._conn
                return
            with self.transaction() as conn:
                yield conn

    def _savepoint(self) -> Iterator[sqlite3.Connection]:
        self._depth += 1
        name = f"nested_{self._depth}"
        self._conn.execute(f"SAVEPOINT {name}")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute(f"ROLLBACK TO {name}")
            self._conn.execute(f"RELEASE {name}")
            raise
        finally:
            self._depth -= 1
        self._conn.execute(f"RELEASE {name}")

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

    def put_setting(self, key: str, value: str) -> None:
        """Replace a persisted setting (an import brings the org's ids)."""
        self.run("INSERT INTO settings (key, value) VALUES (?, ?)"
                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))

    # --- the seeded state, which reset brings back -----------------------------
    # A page-for-page copy of the database in a private in-memory connection, made
    # and brought back with SQLite's backup API: no index is rebuilt, so a restore
    # takes well under a millisecond for hundreds of users, and nothing at all when
    # no row changed since the last snapshot or restore.

    def snapshot(self) -> None:
        """Remember the whole database as the seeded state that `restore()` brings back."""
        with self._lock:
            if self._seeded is None:
                self._seeded = sqlite3.connect(":memory:", check_same_thread=False,
                                               isolation_level=None)
            self._conn.backup(self._seeded)
            self._changes_at_snapshot = self._conn.total_changes

    def restore(self) -> bool:
        """Bring back the seeded state; False when nothing had changed since."""
        with self._lock:
            if self._seeded is None:
                raise RuntimeError("restore() needs a snapshot() first")
            if self._conn.total_changes == self._changes_at_snapshot:
                return False
            self._seeded.backup(self._conn)
            self._changes_at_snapshot = self._conn.total_changes
            return True

    def insert_seeded(self, table: str, row: dict) -> None:
        """Insert a row that belongs to the seeded state (a lazily made first
        signing key), so that restore() keeps it instead of dropping it."""
        sql = f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})"
        with self._lock:
            unchanged = self._conn.total_changes == self._changes_at_snapshot
            with self.transaction() as conn:
                conn.execute(sql, tuple(row.values()))
            if self._seeded is not None:
                self._seeded.execute(sql, tuple(row.values()))
                if unchanged:
                    self._changes_at_snapshot = self._conn.total_changes

    def close(self) -> None:
        with self._lock:
            self._conn.close()
