"""The recent-requests log kept in the store (the `request_log` table), for an org
served by several worker processes: /_mock/requests shows every worker's requests,
whichever worker is asked. One process keeps the log in memory instead
(serving/request_log.py), which costs no write per request."""

from __future__ import annotations

import json

from mock_okta.storage import Store


class StoredEntries:
    """The RequestLog's entries, bounded to the newest `max_entries`."""

    def __init__(self, store: Store, max_entries: int = 1000):
        self._store = store
        self._max = max_entries

    def append(self, entry: dict) -> None:
        with self._store.transaction() as conn:
            seq = conn.execute("INSERT INTO request_log (entry) VALUES (?)",
                               (json.dumps(entry),)).lastrowid
            if seq % 100 == 0:   # trim now and then, not on every request
                conn.execute("DELETE FROM request_log WHERE seq <= ?", (seq - self._max,))

    def recent(self, limit: int) -> list[dict]:
        """Newest first."""
        limit = min(limit, self._max)
        return [json.loads(row["entry"]) for row in self._store.all(
            "SELECT entry FROM request_log ORDER BY seq DESC LIMIT ?", (limit,))]

    def clear(self) -> None:
        self._store.run("DELETE FROM request_log")
