"""Helpers for the site's tests: its hermetic configuration, the constants the test org
shares with it, a user snapshot as the callback stores it, and URL and page readers.
The fixtures that use them are in tests/app/conftest.py; the scriptable IdP is in
tests/app/fake_idp.py."""

from __future__ import annotations

import base64
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

TEST_SECRET_KEY = "test-secret-key"
CLIENT_ID = "0oaMockFlaskSite0001"
CLIENT_SECRET = "s3cret-for-tests"
API_TOKEN = "test-token"
PASSWORD = "Correct-Horse-Battery-9"


def closed_port_url() -> str:
    """An http URL on loopback where nothing listens (bound, then released)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    return f"http://127.0.0.1:{port}"


def site_config(**overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET_KEY,
        "OKTA_ISSUER": closed_port_url() + "/oauth2/default",
        "OKTA_CLIENT_ID": CLIENT_ID,
        "OKTA_CLIENT_SECRET": CLIENT_SECRET,
        "OKTA_API_TOKEN": API_TOKEN,
        "OKTA_HTTP_TIMEOUT": "5",
    }
    config.update(overrides)
    return config


def user_snapshot(**fields) -> dict:
    snap = {
        "id": "00uTestUser000000001",
        "login": "ada@example.com",
        "email": "ada@example.com",
        "firstName": "Ada",
        "lastName": "Lovelace",
        "status": "ACTIVE",
        "fetched_at": int(time.time()),
    }
    snap.update(fields)
    return snap


def csrf_token_of(client) -> str:
    """The CSRF token the site rendered into its forms for this client's session."""
    page = client.get("/logout").get_data(as_text=True)
    marker = 'name="csrf_token" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def basic_auth(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


class SiteClock:
    """The site's clock in a test (config CLOCK): real time plus however far the test has
    moved the org's clock, so both sides agree on when tokens expire."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset

    def advance(self, org, seconds: int) -> None:
        """Move the org's clock (the kit's /_mock/clock) and this one together."""
        org.advance_clock(seconds)
        self.offset += seconds
