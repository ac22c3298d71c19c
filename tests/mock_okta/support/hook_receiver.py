"""A small event-hook endpoint on 127.0.0.1 for tests: it answers Okta's
verification GET (echoing the challenge, unless told to get it wrong), answers
each POST with the next status of a script (then 200), and keeps every request."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: dict | None


@dataclass
class Receiver:
    url: str
    statuses: list[int] = field(default_factory=list)   # answers to the next POSTs
    slow_posts: int = 0          # this many POSTs are answered only after `slowness` seconds
    slowness: float = 0.0
    echo_challenge: bool = True
    requests: list[Received] = field(default_factory=list)

    def posts(self) -> list[Received]:
        return [r for r in self.requests if r.method == "POST"]


def _handler(receiver: Receiver):
    class Handler(BaseHTTPRequestHandler):
        def _keep(self, body):
            receiver.requests.append(Received(self.command, self.path,
                                              {k.lower(): v for k, v in self.headers.items()},
                                              body))

        def do_GET(self):
            self._keep(None)
            challenge = self.headers.get("X-Okta-Verification-Challenge", "")
            answer = challenge if receiver.echo_challenge else "not-" + challenge
            payload = json.dumps({"verification": answer}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            self._keep(json.loads(self.rfile.read(length)))
            if receiver.slow_posts:
                receiver.slow_posts -= 1
                time.sleep(receiver.slowness)
            self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    return Handler


@contextmanager
def hook_receiver(**options) -> Iterator[Receiver]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), None)
    receiver = Receiver(url=f"http://127.0.0.1:{server.server_address[1]}/okta/events",
                        **options)
    server.RequestHandlerClass = _handler(receiver)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()


def settled(read, *, timeout: float = 15.0) -> list[dict]:
    """Wait until the delivery record `read()` holds rows and none is PENDING."""
    deadline = time.monotonic() + timeout
    while True:
        rows = read()
        if rows and all(row["status"] != "PENDING" for row in rows):
            return rows
        if time.monotonic() > deadline:
            raise AssertionError(f"deliveries did not settle: {rows}")
        time.sleep(0.05)
