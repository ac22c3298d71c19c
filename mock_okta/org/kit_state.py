"""The kit's shared controls (the `kit_state` table): what every worker process of
one org must agree on but Okta has no table for. The clock offset (/_mock/clock),
and notes: a fresh random value written when a worker changed what the others
hold in memory (the signing keys it rotated, a reset), so they drop their copy."""

from __future__ import annotations

import sqlite3

from mock_okta.ids import opaque_token
from mock_okta.storage import Store

CLOCK = "clock_offset"   # seconds the org's clock is ahead of the real one
KEYS = "keys"            # note: a server's signing keys changed
RESETS = "resets"        # note: the org was reset
SEEDED = "seeded"        # note: /_mock/seed made a new seeded state (its file's name)


def read(store: Store) -> dict[str, str]:
    return {row["key"]: row["value"] for row in store.all("SELECT key, value FROM kit_state")}


def put(store: Store | sqlite3.Connection, key: str, value: str) -> None:
    run = store.execute if isinstance(store, sqlite3.Connection) else store.run
    run("INSERT INTO kit_state (key, value) VALUES (?, ?)"
        " ON CONFLICT (key) DO UPDATE SET value = excluded.value", (key, value))


def note(store: Store | sqlite3.Connection, key: str) -> str:
    """Tell the other workers that what `key` names changed."""
    value = opaque_token(nbytes=12)
    put(store, key, value)
    return value
