"""The org's recent requests, for a test or a person to look at (/_mock/requests).

A WSGI middleware, outermost, so cached discovery documents and keys count too.
It records what a request was, never what it carried: no query string, no body,
no headers but the request id; views mark tokens in paths (`mark_path`) and
name the client and user they served (`note`). The JWTs the org issued in its
answer are kept (`note(tokens=...)`), so the dev console can decode them.

Entries live in memory (one process), or in any holder of `append`, `recent` and
`clear` (org/request_entries.py keeps them in the store for `--workers N`, and
each entry then names the worker process that answered it).
"""

from __future__ import annotations

import os
import threading
import time
from collections import deque
from datetime import UTC, datetime

_CLIENT, _USER, _PATH = "mock_okta.client_id", "mock_okta.user_id", "mock_okta.log_path"
_TOKENS = "mock_okta.tokens"


def note(environ: dict, *, client_id: str | None = None, user_id: str | None = None,
         tokens: dict[str, str] | None = None) -> None:
    """Name the client or user a request acted for (the last one named wins), and
    the JWTs it issued by kind (`id_token`, `access_token`)."""
    if client_id:
        environ[_CLIENT] = client_id
    if user_id:
        environ[_USER] = user_id
    if tokens:
        environ[_TOKENS] = dict(tokens)


def mark_path(environ: dict, path: str) -> None:
    """The path to record instead of the real one (with its secrets masked)."""
    environ[_PATH] = path


class MemoryEntries:
    def __init__(self, max_entries: int = 1000):
        self._entries: deque[dict] = deque(maxlen=max_entries)
        self._lock = threading.Lock()

    def append(self, entry: dict) -> None:
        with self._lock:
            self._entries.append(entry)

    def recent(self, limit: int) -> list[dict]:
        """Newest first."""
        with self._lock:
            return list(reversed(self._entries))[:limit]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class RequestLog:
    def __init__(self, app, max_entries: int = 1000):
        self.app = app
        self.entries = MemoryEntries(max_entries)
        self.name_worker = False    # several workers: say which one answered

    def use(self, entries) -> None:
        """Keep the entries in `entries` from now on (shared by worker processes)."""
        self.entries, self.name_worker = entries, True

    def __call__(self, environ, start_response):
        started = time.perf_counter()
        seen = {}

        def capture(status, headers, exc_info=None):
            seen["status"] = int(status[:3])
            seen["request_id"] = next((v for k, v in headers if k == "X-Okta-Request-Id"), None)
            return start_response(status, headers, exc_info)

        try:
            return self.app(environ, capture)
        finally:
            self._record(environ, seen, started)

    def _record(self, environ, seen: dict, started: float) -> None:
        entry = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get(_PATH) or environ.get("PATH_INFO"),
            "status": seen.get("status", 500),
            "durationMs": round((time.perf_counter() - started) * 1000, 2),
            "clientId": environ.get(_CLIENT),
            "userId": environ.get(_USER),
            "requestId": seen.get("request_id"),
        }
        if environ.get(_TOKENS):
            entry["tokens"] = environ[_TOKENS]
        if self.name_worker:
            entry["worker"] = os.getpid()
        self.entries.append(entry)

    def recent(self, limit: int) -> list[dict]:
        """Newest first."""
        return self.entries.recent(limit)

    def clear(self) -> None:
        self.entries.clear()

    def forget(self) -> None:
        """After a reset: drop what this process holds (stored entries went with it)."""
        if isinstance(self.entries, MemoryEntries):
            self.entries.clear()
