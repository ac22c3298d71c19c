#!/usr/bin/env python3
"""Soak: minutes of mixed traffic against one `python -m mock_okta` process, its
memory (PSS: the master's and its workers') sampled throughout (`make stress`).

The traffic is what a test suite sends all day: headless logins (authn → authorize →
token), userinfo and introspection with the tokens, discovery and JWKS, Users API
creates, reads and searches, the System Log, and a reset now and then. It passes when
no answer was a 5xx and memory stopped growing after warm-up: the highest sample of
the last third of the run is within `--allow-mb` of the highest sample of the first
third (caches, the request log and SQLite's page cache fill early and then hold, and a
forked worker stops sharing the master's pages as it touches them: about two minutes).

Loopback only, bounded by `--minutes`; the server is stopped in `finally`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_http import Client, Server, free_port, memory_mb  # noqa: E402  (beside this script)
from bench_targets import CLIENT_ID, CLIENT_SECRET, Ours, basic  # noqa: E402

TOKEN = "00MockOktaDevelopmentApiToken"    # mock_okta.config.DEFAULT_API_TOKEN
API = {"Authorization": f"SSWS {TOKEN}", "Accept": "application/json",
       "Content-Type": "application/json"}
DISCOVERY = "/oauth2/default/.well-known/openid-configuration"
SEARCH = quote('profile.lastName eq "User7"')


@dataclass
class Tally:
    requests: int = 0
    resets: int = 0            # a login a reset overtook may fail: its code is gone
    server_errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, what: str, status: int) -> None:
        with self.lock:
            self.requests += 1
            if status >= 500:
                self.server_errors.append(f"{what} answered {status}")


def grew(samples: list[float], allow_mb: float) -> tuple[bool, float, float]:
    """(grew, warm-up peak, late peak): the last third's peak against the first third's."""
    third = max(1, len(samples) // 3)
    early, late = max(samples[:third]), max(samples[-third:])
    return late > early + allow_mb, early, late


def one_round(client: Client, meta: dict, tally: Tally, rng: random.Random, serial: int) -> None:
    """A login and what a suite does with its tokens, then some directory work."""
    seen, resets = _Recording(client), tally.resets
    if not Ours().login(seen, meta) and (tally.resets == resets or max(seen.statuses) >= 500):
        tally.count(f"login ({' → '.join(map(str, seen.statuses))})",
                    max(seen.statuses) if max(seen.statuses) >= 500 else 599)
    status, _, body = client.call("POST", "/api/v1/users?activate=true", json.dumps({
        "profile": {"login": f"soak{serial}@example.com", "email": f"soak{serial}@example.com",
                    "firstName": "Soak", "lastName": f"User{serial % 50}"},
        "credentials": {"password": {"value": "Correct-Horse-42"}}}), API)
    tally.count("create user", status)
    for path in (DISCOVERY, "/oauth2/default/v1/keys",
                 "/api/v1/users?search=" + SEARCH,
                 "/api/v1/users?q=soak&limit=20", "/api/v1/logs?limit=20",
                 f"/api/v1/users/soak{serial}@example.com"):
        tally.count(path.split("?")[0], client.call("GET", path, None, API)[0])
    form = urlencode({"token": "not-a-token", "token_type_hint": "access_token"})
    status = client.call("POST", meta["introspection_endpoint"], form, {
        "Authorization": basic(CLIENT_ID, CLIENT_SECRET),
        "Content-Type": "application/x-www-form-urlencoded"})[0]
    tally.count("introspect", status)
    if rng.random() < 0.02:   # counted before and after: any login it overlaps sees a change
        with tally.lock:
            tally.resets += 1
        tally.count("reset", client.call("POST", "/_mock/reset", b"")[0])
        with tally.lock:
            tally.resets += 1


class _Recording:
    """The client, remembering each answer's status (a failed login says where it broke)."""

    def __init__(self, client: Client):
        self.client, self.statuses = client, []

    def call(self, *args):
        answer = self.client.call(*args)
        self.statuses.append(answer[0])
        return answer


def soak(minutes: float, threads: int, allow_mb: float, sample_every: float) -> int:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as workdir, Server(
            Ours().argv(port, Path(workdir)), env=Ours().env()) as server:
        server.start(base, DISCOVERY)
        meta = json.loads(Client(base).call("GET", DISCOVERY)[2])
        tally, samples, stop = Tally(), [], time.monotonic() + minutes * 60
        serials = iter(range(10**9))
        serial_lock = threading.Lock()

        def traffic(seed: int) -> None:
            client, rng = Client(base), random.Random(seed)
            try:
                while time.monotonic() < stop:
                    with serial_lock:
                        serial = next(serials)
                    one_round(client, meta, tally, rng, serial)
            except Exception as error:  # a dead client is a failure of the run, reported
                tally.server_errors.append(f"client stopped: {error!r}")
            finally:
                client.close()

        workers = [threading.Thread(target=traffic, args=(n,)) for n in range(threads)]
        for worker in workers:
            worker.start()
        while time.monotonic() < stop:
            samples.append(memory_mb(server.proc.pid) or 0.0)
            time.sleep(sample_every)
        for worker in workers:
            worker.join()
    growth, early, late = grew(samples, allow_mb)
    print(f"soak: {minutes:g} min, {threads} client threads, {tally.requests:,} requests, "
          f"{len(tally.server_errors)} server errors; memory (PSS) {len(samples)} samples, "
          f"warm-up peak {early:.1f} MB, late peak {late:.1f} MB, last {samples[-1]:.1f} MB")
    for error in tally.server_errors[:10]:
        print(f"  {error}")
    if growth:
        print(f"soak: FAILED: memory grew {late - early:.1f} MB after warm-up "
              f"(allowed {allow_mb:g})")
    return 1 if growth or tally.server_errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--allow-mb", type=float, default=8.0,
                        help="growth allowed after warm-up (default: %(default)s MB)")
    parser.add_argument("--sample-every", type=float, default=2.0, help="seconds")
    args = parser.parse_args(argv)
    if not 0 < args.minutes <= 60 or not 1 <= args.threads <= 32:
        parser.error("--minutes must be in (0, 60] and --threads in [1, 32]")
    return soak(args.minutes, args.threads, args.allow_mb, args.sample_every)


if __name__ == "__main__":
    sys.exit(main())
