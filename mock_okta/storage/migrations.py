"""Bringing a state file up to this version's schema, marked by PRAGMA user_version.

0  indexes called okta_fold(), a function only the mock registered, so the stock
   sqlite3 tool could not check or read the file ("unknown function: okta_fold()").
1  the folded values live in columns their owners write (users.profile_key,
   groups.description_key) and the indexes use SQLite's built-ins only.

Columns added since a table's first release are nullable (or have a default), so
an older file gets them with ALTER TABLE. What a new column derives from older
ones only its owner knows how to compute: Store takes the owners' `backfill`
functions and runs them here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from mock_okta.storage.schema import SCHEMA

VERSION = 1
# Version 0's indexes over okta_fold(): every write to `users` needed the function.
_FOLD_INDEXES = ("users_login_ci", "users_email_ci", "users_first_name_ci", "users_last_name_ci")


def statements(script: str) -> list[str]:
    """A script's statements one by one: executescript() would COMMIT the transaction
    the upgrade runs in. complete_statement() knows a `;` in a comment is not an end."""
    found, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    return found


_STATEMENTS = statements(SCHEMA)


def version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def upgrade(conn: sqlite3.Connection, backfill: Callable[[], None]) -> int:
    """Create what is missing and upgrade an older file; the caller holds a BEGIN
    IMMEDIATE transaction, so a second process opening the same file waits, then
    finds the work done. Returns the version the file was at."""
    was = version(conn)
    if was > VERSION:   # its format may have moved on in ways this version cannot see
        raise ValueError(f"the state file was written by a newer mock-okta (schema {was};"
                         f" this one knows up to {VERSION}): upgrade mock-okta or use"
                         " another --db")
    existing = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'"
                            " AND name NOT LIKE 'sqlite_%'").fetchone() is not None
    older = existing and was < VERSION
    if older:
        for index in _FOLD_INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS {index}")
    if existing:
        add_missing_columns(conn)
    for statement in _STATEMENTS:     # the tables a file lacks, and the indexes
        conn.execute(statement)
    if older:
        backfill()
    if was < VERSION:
        conn.execute(f"PRAGMA user_version = {VERSION}")
    return was


def add_missing_columns(conn: sqlite3.Connection) -> list[str]:
    """Bring a database file written by an older version up to the schema: a column
    added since (always nullable or with a default) is added to its table. Tables
    the file lacks altogether are left to the schema's CREATE TABLE."""
    fresh = sqlite3.connect(":memory:")
    fresh.executescript(SCHEMA)
    added = []
    tables = [row[0] for row in fresh.execute("SELECT name FROM sqlite_master WHERE type ="
                                              " 'table' AND name NOT LIKE 'sqlite_%'")]
    for table in tables:
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if not have:
            continue
        for _, name, kind, _notnull, default, _pk in fresh.execute(f"PRAGMA table_info({table})"):
            if name not in have:
                extra = f" DEFAULT {default}" if default is not None else ""
                conn.execute(f"ALTER TABLE {table} ADD COLUMN {name} {kind}{extra}")
                added.append(f"{table}.{name}")
    fresh.close()
    return added
