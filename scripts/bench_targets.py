"""The servers `make bench` measures the same way: this project's mock (`python -m
mock_okta`), the peers (bench_peers.py) and a trivial WSGI app under the same server
with the same threads (the ceiling for discovery/JWKS). Also the raw
RS256 signature, the floor a login pays for its tokens."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from bench_http import (
    Client,
    Server,
    clean_env,
    free_port,
    median,
    per_second,
    query_param,
    requests_per_s,
    timed_ms,
)

ROOT = Path(__file__).resolve().parent.parent
CLIENT_ID = "0oaBenchClient000001"
CLIENT_SECRET = "bench-client-secret"
REDIRECT_URI = "http://127.0.0.1:5999/authorization-code/callback"
DEMO_LOGIN, DEMO_PASSWORD = "demo.user@example.com", "Sunny-Meadow-42"


@dataclass(frozen=True)
class Counts:
    startups: int = 5
    load_seconds: float = 8   # per URL, over two rounds
    logins: int = 60          # sequential, for the median
    parallel_logins: int = 400  # over 4 client threads
    signatures: int = 500


QUICK = Counts(startups=2, load_seconds=2, logins=15, parallel_logins=80, signatures=100)


class Target:
    """A server to measure: how to start it, where discovery is, how one login goes."""

    name = "?"
    discovery_path = "/.well-known/openid-configuration"
    logs_in = True

    def argv(self, port: int, workdir: Path) -> list[str]:
        raise NotImplementedError

    def env(self) -> dict[str, str] | None:
        return None

    def login(self, client: Client, meta: dict) -> bool:
        raise NotImplementedError


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    digest = hashlib.sha256(verifier.encode()).digest()
    return verifier, base64.urlsafe_b64encode(digest).decode().rstrip("=")


def basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


class Ours(Target):
    """This project: Okta's Authentication API (the password check) -> sessionToken ->
    authorize (PKCE) -> token, as a browserless test signs in."""

    name = "mock_okta (ours)"
    discovery_path = "/oauth2/default/.well-known/openid-configuration"

    def argv(self, port, workdir):
        return [sys.executable, "-m", "mock_okta", "--host", "127.0.0.1", "--port", str(port),
                "--db", str(workdir / "okta.sqlite3")]

    def env(self):
        return clean_env(MOCK_OKTA_CLIENT_ID=CLIENT_ID, MOCK_OKTA_CLIENT_SECRET=CLIENT_SECRET,
                         MOCK_OKTA_REDIRECT_URIS=REDIRECT_URI, PYTHONPATH=str(ROOT))

    def login(self, client, meta):
        status, _, body = client.call(
            "POST", "/api/v1/authn", json.dumps({"username": DEMO_LOGIN, "password": DEMO_PASSWORD}),
            {"Content-Type": JSON, "Accept": JSON})
        if status != 200:
            return False
        verifier, challenge = pkce()
        query = urlencode({"client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI,
                           "response_type": "code", "scope": "openid profile email",
                           "state": "s", "nonce": "n", "code_challenge": challenge,
                           "code_challenge_method": "S256", "prompt": "none",
                           "sessionToken": json.loads(body)["sessionToken"]})
        status, headers, _ = client.call("GET", f"{meta['authorization_endpoint']}?{query}")
        code = query_code(headers)
        form = urlencode({"grant_type": "authorization_code", "code": code,
                          "redirect_uri": REDIRECT_URI, "code_verifier": verifier})
        status, _, body = client.call("POST", meta["token_endpoint"], form, {
            "Authorization": basic(CLIENT_ID, CLIENT_SECRET), "Content-Type": FORM})
        return status == 200 and "id_token" in json.loads(body)


class OursWorkers(Ours):
    """The same, with both cores: `mock-okta --workers 2` (state shared in the file)."""

    name = "mock_okta --workers 2"

    def argv(self, port, workdir):
        return [*super().argv(port, workdir), "--workers", "2"]


def query_code(headers) -> str | None:
    return query_param(headers.get("Location"), "code")


class TrivialWsgi(Target):
    """A WSGI app answering a small fixed JSON, under our server with our thread count."""

    name = "trivial WSGI (granian)"
    logs_in = False

    def argv(self, port, workdir):
        return [sys.executable, str(ROOT / "scripts" / "bench_wsgi.py"), str(port), str(server_threads())]


def server_threads() -> int:
    """The worker threads `python -m mock_okta` runs with by default."""
    sys.path.insert(0, str(ROOT))
    from mock_okta.__main__ import parse_args

    return parse_args([]).threads


class _Running:
    """One target's server for the load rounds, with what it has measured so far."""

    def __init__(self, target: Target, tmp: Path):
        self.target, self.port = target, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = Server(target.argv(self.port, tmp), env=target.env(), cwd=tmp)
        self.meta: dict = {}
        self.samples: dict[str, list[float]] = {}

    def add(self, figure: str, value: float) -> None:
        self.samples.setdefault(figure, []).append(value)


def measure_all(targets: list[Target], counts: Counts, log=print) -> dict[str, dict]:
    """Each target's figures, measured in interleaved rounds (every target once per round,
    so a burst of load elsewhere on the machine falls on all of them alike):
    start-up (median of fresh starts), idle memory, discovery and JWKS req/s (mean of
    rounds), one login (median) and logins/s with 4 client threads (mean of rounds).
    A target that fails gets {"error": ...}; the others go on."""
    errors: dict[str, str] = {}
    startups: dict[str, list[float]] = {t.name: [] for t in targets}
    for round_ in range(counts.startups):
        log(f"  start-up round {round_ + 1}/{counts.startups}")
        for target in targets:
            if target.name in errors:
                continue
            try:
                with tempfile.TemporaryDirectory() as tmp, \
                        Server(target.argv(port := free_port(), Path(tmp)), env=target.env(),
                               cwd=Path(tmp)) as server:
                    startups[target.name].append(
                        server.start(f"http://127.0.0.1:{port}", target.discovery_path))
            except Exception as error:  # reported as the target's result
                errors[target.name] = f"{type(error).__name__}: {error}"
    live = [t for t in targets if t.name not in errors]
    with tempfile.TemporaryDirectory() as tmp:
        running = []
        try:
            for target in live:
                workdir = Path(tmp) / str(len(running))
                workdir.mkdir()
                running.append(_Running(target, workdir))
                _guard(errors, target, lambda r=running[-1]: _warm(r))
            time.sleep(0.5)
            for each in running:
                if each.target.name not in errors:
                    each.add("idle_memory_mb", each.server.memory_mb())
            rounds = 2
            for round_ in range(rounds):
                log(f"  load round {round_ + 1}/{rounds}")
                for each in running:
                    if each.target.name not in errors:
                        _guard(errors, each.target, lambda e=each: _load(e, counts, rounds))
            for each in running:
                if each.target.name not in errors:
                    each.add("memory_after_load_mb", each.server.memory_mb())
        finally:
            for each in running:
                each.server.stop()
    results = {}
    for target in targets:
        if target.name in errors:
            results[target.name] = {"error": errors[target.name]}
            continue
        each = next(r for r in running if r.target is target)
        figures = {"startup_ms": median(startups[target.name])}
        for figure, values in each.samples.items():
            figures[figure] = (median(values) if figure == "login_ms"
                               else sum(values) / len(values))
        results[target.name] = figures
    return results


def _guard(errors: dict, target: Target, work) -> None:
    try:
        work()
    except Exception as error:  # reported as the target's result
        errors[target.name] = f"{type(error).__name__}: {error}"


def _warm(each: _Running) -> None:
    each.server.start(each.base, each.target.discovery_path)
    if each.target.logs_in:  # keys made, caches filled
        client = Client(each.base)
        each.meta = json.loads(client.call("GET", each.target.discovery_path)[2])
        _first_login(each.target, client, each.meta)
        client.close()


def _load(each: _Running, counts: Counts, rounds: int) -> None:
    target, meta = each.target, each.meta
    seconds = counts.load_seconds / rounds
    each.add("discovery_rps", requests_per_s(each.base + target.discovery_path, seconds))
    if not target.logs_in:
        return
    each.add("jwks_rps", requests_per_s(meta["jwks_uri"], seconds))
    client = Client(each.base)
    for sample in timed_ms(lambda: _must(target.login(client, meta), target), counts.logins // rounds):
        each.add("login_ms", sample)
    client.close()
    each.add("logins_per_s_4_threads", per_second(
        each.base, lambda c: target.login(c, meta), threads=4, total=counts.parallel_logins // rounds))


def _first_login(target: Target, client: Client, meta: dict, patience: float = 10) -> None:
    """One login, retried for a while: a server may answer discovery before it can sign
    (oidc-mock-provider makes its key after it listens)."""
    deadline = time.perf_counter() + patience
    while not target.login(client, meta):
        if time.perf_counter() > deadline:
            raise RuntimeError(f"{target.name}: no login succeeded within {patience:.0f}s of start")
        time.sleep(0.05)


def _must(ok: bool, target: Target) -> None:
    if not ok:
        raise RuntimeError(f"{target.name}: a login failed")


def rs256_sign_ms(count: int) -> float:
    """Median milliseconds of one RS256 signature (cryptography, RSA-2048) over a
    token-sized payload: the floor every login pays for its ID and access tokens."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    payload = secrets.token_bytes(600)
    for _ in range(5):
        key.sign(payload, padding.PKCS1v15(), hashes.SHA256())
    return median(timed_ms(lambda: key.sign(payload, padding.PKCS1v15(), hashes.SHA256()), count))
