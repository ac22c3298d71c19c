"""SQLite state: one connection per process, shared by its server's threads.

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
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0                     # open savepoints (nested transactions)
        self._seeded: sqlite3.Connection | None = None   # see snapshot()
        self._seeded_image: bytes | None = None          # the same across fork: see close()
        # (data_version, total_changes) when the database last equalled the seeded state.
        self._unchanged_at: tuple[int, int] | None = None
        self._connect()
        if path != ":memory:":
            with self._lock:
                self._conn.execute("PRAGMA journal_mode=WAL")

        def fill() -> None:
            for owner_fill in backfill:
                owner_fill(self)

        with self.transaction() as conn:
            migrations.upgrade(conn, fill)

    def _connect(self) -> None:
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._conn.row_factory = sqlite3.Row
        if self.path != ":memory:":
            self._conn.execute("PRAGMA synchronous=NORMAL")

    def data_version(self) -> int:
        """Changes when another connection (another worker process) commits; never for
        this one's own writes. One cheap call: the per-request check of shared state."""
        with self._lock:
            return self._conn.execute("PRAGMA data_version").fetchone()[0]

    def _mark(self) -> tuple[int, int]:
        return (self._conn.execute("PRAGMA data_version").fetchone()[0],
                self._conn.total_changes)

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

    def snapshot(self, share_as: str | None = None) -> None:
        """Remember the whole database as the seeded state that `restore()` brings back;
        `share_as`: also write it beside the file, for other processes (load_shared)."""
        with self._lock:
            if self._seeded is None:
                self._seeded = sqlite3.connect(":memory:", check_same_thread=False,
                                               isolation_level=None)
            self._conn.backup(self._seeded)
            self._unchanged_at = self._mark()
            if share_as is not None:
                self._write_shared(share_as, self._seeded.serialize())

    def _shared_path(self, name: str) -> Path:
        return Path(f"{self.path}-seeded-{name}")

    def _write_shared(self, name: str, image: bytes) -> None:
        partial = Path(f"{self._shared_path(name)}.partial")
        partial.write_bytes(image)
        partial.replace(self._shared_path(name))    # whole or absent, never half-written
        for older in self._shared_path(name).parent.glob(f"{Path(self.path).name}-seeded-*"):
            if older.name != self._shared_path(name).name and not older.name.endswith(".partial"):
                older.unlink(missing_ok=True)

    def load_shared(self, name: str) -> bool:
        """Another process's snapshot (`snapshot(share_as=name)`); False until written."""
        try:
            image = self._shared_path(name).read_bytes()
        except FileNotFoundError:
            return False
        with self._lock:
            self._seeded_image = image
            self._load_image()
            self._unchanged_at = None
        return True

    def _load_image(self) -> None:
        self._seeded = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        # Bytes 18-19 of the header say WAL when the file is; a memory database cannot
        # have a WAL, so the image is marked as a rollback-journal one.
        image = bytearray(self._seeded_image)
        image[18:20] = b"\x01\x01"
        self._seeded.deserialize(bytes(image))

    def restore(self, then: Callable[[sqlite3.Connection], None] | None = None) -> bool:
        """Bring back the seeded state; False when nothing had changed since. The
        shortcut holds only if no process wrote: data_version sees the others' commits,
        total_changes this connection's own. `then(conn)` writes after the copy (a
        note for other workers) without spoiling the shortcut for the next reset."""
        with self._lock:
            if self._seeded is None:
                raise RuntimeError("restore() needs a snapshot() first")
            copied = self._mark() != self._unchanged_at
            if copied:
                self._seeded.backup(self._conn)
            if then is not None:
                with self.transaction() as conn:
                    then(conn)
            self._unchanged_at = self._mark()
            return copied

    def insert_seeded(self, table: str, row: dict) -> None:
        """Insert a row that belongs to the seeded state (a lazily made first
        signing key), so that restore() keeps it instead of dropping it."""
        sql = f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})"
        with self._lock:
            unchanged = self._unchanged_at is not None and self._mark() == self._unchanged_at
            with self.transaction() as conn:
                conn.execute(sql, tuple(row.values()))
            if self._seeded is not None:
                self._seeded.execute(sql, tuple(row.values()))
                if unchanged:
                    self._unchanged_at = self._mark()

    # --- fork (mock-okta --workers N) ------------------------------------------------
    # SQLite forbids using a connection across fork(): the master closes both, keeping
    # the seeded state as bytes, and each worker reopens (serving/prefork.py).

    def close_for_fork(self) -> None:
        with self._lock:
            if self._seeded is not None:
                self._seeded_image = self._seeded.serialize()
                self._seeded.close()
                self._seeded = None
            self._conn.close()

    def reopen(self) -> None:
        """A fresh connection in a forked worker; its first reset always copies (what
        other workers did before it opened is unknown)."""
        with self._lock:
            self._connect()
            if self._seeded_image is not None:
                self._load_image()
            self._unchanged_at = None

    def close(self) -> None:
        with self._lock:
            self._conn.close()
