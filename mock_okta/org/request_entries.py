"""The recent-requests log kept in the store (the `request_log` table), for an org
served by several worker processes: /_mock/requests shows every worker's requests,
whichever worker is asked. One process keeps the log in memory instead
(serving/request_log.py), which costs no write per request.

A write per request would cost more than a cached discovery answer itself (it
took a worker from ~45,000 to ~8,000 answers a second), so each worker gathers
its entries and writes them together every FLUSH_EVERY seconds; a reader waits
that long first, so what any worker had answered before the read is there.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time

from mock_okta.storage import Store

FLUSH_EVERY = 0.05


class StoredEntries:
    """The RequestLog's entries, bounded to the newest `max_entries`."""

    def __init__(self, store: Store, max_entries: int = 1000):
        self._store = store
        self._max = max_entries
        self._pending: list[str] = []
        self._lock = threading.Lock()
        self._flusher_pid: int | None = None   # the flusher is a thread of one process

    def append(self, entry: dict) -> None:
        with self._lock:
            self._pending.append(json.dumps(entry))
            if self._flusher_pid != os.getpid():   # first entry in this (forked) worker
                self._flusher_pid = os.getpid()
                threading.Thread(target=self._flush_forever, name="request-log",
                                 daemon=True).start()

    def _flush_forever(self) -> None:
        while True:
            time.sleep(FLUSH_EVERY)
            try:
                self.flush()
            except sqlite3.ProgrammingError:   # the store was closed: the org is gone
                return

    def flush(self) -> None:
        with self._lock:
            batch, self._pending = self._pending, []
        if not batch:
            return
        with self._store.transaction() as conn:
            conn.executemany("INSERT INTO request_log (entry) VALUES (?)",
                             [(entry,) for entry in batch])
            conn.execute("DELETE FROM request_log WHERE seq <= (SELECT MAX(seq) FROM"
                         " request_log) - ?", (self._max,))

    def recent(self, limit: int) -> list[dict]:
        """Newest first, once every worker has written what it answered before."""
        self.flush()
        time.sleep(FLUSH_EVERY * 1.5)
        limit = min(limit, self._max)
        return [json.loads(row["entry"]) for row in self._store.all(
            "SELECT entry FROM request_log ORDER BY seq DESC LIMIT ?", (limit,))]

    def clear(self) -> None:
        with self._lock:
            self._pending = []
        self._store.run("DELETE FROM request_log")
