"""What a test arms and the org spends answer by answer (faults, forgeries).

Kept in the store (the `armed` table), not in memory: with `--workers N` every
worker process must see what any of them armed, and "the next 3 answers" must
mean 3 across all of them. An answer is spent by one conditional update, so two
workers can never both spend the last one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Generic, TypeVar

from mock_okta.storage import Store

Item = TypeVar("Item")   # a dataclass with `id` and `remaining`


class Armed(Generic[Item]):
    def __init__(self, store: Store, kind: str, item_type: type[Item],
                 parse: Callable[[dict, int], Item]):
        self._store, self._kind, self._type, self._parse = store, kind, item_type, parse
        self.armed = False      # read on every request: a plain bool, kept by refresh()

    def arm(self, body: dict) -> Item:
        """Check the body (ValidationFailed names what is wrong), then arm it."""
        item = self._parse(body, 0)
        with self._store.transaction() as conn:
            cursor = conn.execute("INSERT INTO armed (kind, body, remaining) VALUES (?, ?, ?)",
                                  (self._kind, json.dumps(asdict(item)), item.remaining))
            item.id = cursor.lastrowid
        self.armed = True
        return item

    def take(self, wanted: Callable[[Item], bool]) -> Item | None:
        """The first armed item `wanted` accepts, spending one of its answers."""
        for item in self.list():
            if not wanted(item):
                continue
            with self._store.transaction() as conn:
                left = conn.execute("UPDATE armed SET remaining = remaining - 1"
                                    " WHERE id = ? AND remaining > 0 RETURNING remaining",
                                    (item.id,)).fetchone()
                if left is not None and left[0] == 0:
                    conn.execute("DELETE FROM armed WHERE id = ?", (item.id,))
            if left is None:    # another worker spent its last answer first
                continue
            item.remaining = left[0]
            if item.remaining == 0:
                self.refresh()
            return item
        self.refresh()
        return None

    def list(self) -> list[Item]:
        rows = self._store.all("SELECT id, body, remaining FROM armed WHERE kind = ?"
                               " AND remaining > 0 ORDER BY id", (self._kind,))
        return [self._type(**{**json.loads(row["body"]), "id": row["id"],
                              "remaining": row["remaining"]}) for row in rows]

    def clear(self) -> None:
        self._store.run("DELETE FROM armed WHERE kind = ?", (self._kind,))
        self.armed = False

    def refresh(self) -> None:
        """Catch up with what other workers armed or spent."""
        self.armed = self._store.one("SELECT 1 FROM armed WHERE kind = ? AND remaining > 0"
                                     " LIMIT 1", (self._kind,)) is not None
