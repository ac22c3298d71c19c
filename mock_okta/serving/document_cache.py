"""Serve discovery documents and key sets from memory after the first rendering.

They change only when the org's configuration or keys do, yet clients fetch
them constantly; answering from a cache skips Flask's per-request work.
Each entry is the Flask response itself, so there is one source of truth.
"""

from __future__ import annotations

import re
import threading

from mock_okta.ids import opaque_token

# Org server: /.well-known/{doc}, /oauth2/v1/keys. Custom servers:
# /oauth2/{id}/.well-known/{doc}, /.well-known/oauth-authorization-server/oauth2/{id},
# /oauth2/{id}/v1/keys.
_CACHEABLE = re.compile(
    r"^(/oauth2/[^/]+)?/\.well-known/(openid-configuration|oauth-authorization-server)$"
    r"|^/\.well-known/oauth-authorization-server/oauth2/[^/]+$"
    r"|^/oauth2(/[^/]+)?/v1/keys$")
_REQUEST_ID = "X-Okta-Request-Id"


class DocumentCache:
    """WSGI middleware; `clear()` whenever keys or servers change."""

    def __init__(self, app, max_entries: int = 256, bypass=lambda: False):
        self.app = app
        self._bypass = bypass   # True while the app must see every request (armed faults)
        self._max_entries = max_entries
        self._entries: dict[tuple, tuple[str, list, bytes]] = {}
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if (environ["REQUEST_METHOD"] != "GET" or environ.get("QUERY_STRING")
                or not _CACHEABLE.match(path) or self._bypass()):
            return self.app(environ, start_response)
        # The documents embed the org URL, which may come from the Host header.
        key = (path, environ.get("HTTP_HOST"), environ.get("wsgi.url_scheme"))
        entry = self._entries.get(key)
        if entry is None:
            entry = self._render(environ)
            if entry[0].startswith("200 "):
                with self._lock:
                    if len(self._entries) < self._max_entries:
                        self._entries[key] = entry
        status, headers, body = entry
        start_response(status, headers + [(_REQUEST_ID, opaque_token(nbytes=20))])
        return [body]

    def _render(self, environ) -> tuple[str, list, bytes]:
        captured = {}

        def capture(status, headers, exc_info=None):
            captured["status"], captured["headers"] = status, headers
            return lambda data: None

        chunks = self.app(environ, capture)
        try:
            body = b"".join(chunks)
        finally:
            if hasattr(chunks, "close"):
                chunks.close()
        headers = [(k, v) for k, v in captured["headers"] if k != _REQUEST_ID]
        return captured["status"], headers, body
