"""Start an org for a test session: on a thread of this process (fast, the
default), in a subprocess (`python -m mock_okta`, for suites that want the org
out of their process), or not at all (an org already running at a URL)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from mock_okta.config import DEFAULT_API_TOKEN, ClientSettings, Settings, from_env
from mock_okta.testing.org import Client, OktaOrg

_START_TIMEOUT = 30.0


def _client(settings: ClientSettings) -> Client:
    return Client(settings.client_id, settings.client_secret, settings.redirect_uris[0])


@contextmanager
def start_org(settings: Settings | None = None) -> Iterator[OktaOrg]:
    """An org on a free loopback port, on a thread; stopped on exit."""
    from mock_okta import create_app
    from mock_okta.serving.server import run_in_thread

    settings = settings or from_env(db_path=":memory:")
    os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on loopback
    server = run_in_thread(create_app(settings))
    org = OktaOrg(server.url, settings.api_token, _client(settings.clients[0]))
    try:
        yield org
    finally:
        org.http.close()  # no keep-alive connection left for the server to serve while stopping
        server.stop()


@contextmanager
def start_org_process(extra_args: tuple[str, ...] = ()) -> Iterator[OktaOrg]:
    """`python -m mock_okta --port 0 --db :memory:` in a subprocess; stopped on exit."""
    process = subprocess.Popen(
        [sys.executable, "-m", "mock_okta", "--port", "0", "--db", ":memory:", *extra_args],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = _serving_url(process)
        settings = from_env()
        org = OktaOrg(url, settings.api_token, _client(settings.clients[0]))
        yield org
        org.http.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def connect_org(url: str, api_token: str | None = None, client: Client | None = None) -> OktaOrg:
    """An org that is already running (a CI service, `make run`)."""
    settings = from_env()
    return OktaOrg(url.rstrip("/"), api_token or settings.api_token or DEFAULT_API_TOKEN,
                   client or _client(settings.clients[0]))


def _serving_url(process: subprocess.Popen) -> str:
    """The URL from the CLI's start-up line ("mock-okta: serving http://... (issuer ...")."""
    deadline = time.monotonic() + _START_TIMEOUT
    seen = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if line.startswith("mock-okta: serving "):
            # Keep reading what it prints, so a full pipe never blocks the org.
            threading.Thread(target=process.stdout.read, daemon=True).start()
            return line.split()[2]
    process.kill()
    raise RuntimeError("mock-okta did not start:\n" + "".join(seen[-20:]))
