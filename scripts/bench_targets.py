"""The servers `make bench` measures the same way: this project's mock (`python -m
mock_okta` under waitress), the peers (bench_peers.py) and a trivial WSGI app under the
same waitress with the same threads (the ceiling for discovery/JWKS). Also the raw
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
    load_seconds: float = 4
    logins: int = 60          # sequential, for the median
    parallel_logins: int = 400  # over 4 client threads
    signatures: int = 500


QUICK = Counts(startups=2, load_seconds=1, logins=15, parallel_logins=80, signatures=100)


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


def query_code(headers) -> str | None:
    return query_param(headers.get("Location"), "code")


class TrivialWsgi(Target):
    """A WSGI app answering a small fixed JSON, under waitress with our thread count."""

    name = "trivial WSGI (waitress)"
    logs_in = False

    def argv(self, port, workdir):
        return [sys.executable, str(ROOT / "scripts" / "bench_wsgi.py"), str(port), str(waitress_threads())]


def waitress_threads() -> int:
    """The worker threads `python -m mock_okta` runs with by default."""
    sys.path.insert(0, str(ROOT))
    from mock_okta.__main__ import parse_args

    return parse_args([]).threads


def measure(target: Target, counts: Counts) -> dict:
    """Start-up (median of `counts.startups` fresh starts), idle memory, discovery and
    JWKS throughput, one login's median and logins/s with 4 client threads."""
    startups = []
    for _ in range(counts.startups):
        with tempfile.TemporaryDirectory() as tmp:
            port = free_port()
            with Server(target.argv(port, Path(tmp)), env=target.env(), cwd=Path(tmp)) as server:
                startups.append(server.start(f"http://127.0.0.1:{port}", target.discovery_path))
    figures = {"startup_ms": median(startups)}
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with Server(target.argv(port, Path(tmp)), env=target.env(), cwd=Path(tmp)) as server:
            server.start(base, target.discovery_path)
            client = Client(base)
            status, _, body = client.call("GET", target.discovery_path)
            meta = json.loads(body) if target.logs_in else {}
            if target.logs_in:  # warm: keys, caches
                _first_login(target, client, meta)
            client.close()
            time.sleep(0.5)
            figures["idle_rss_mb"] = server.rss_mb()
            figures["discovery_rps"] = requests_per_s(base + target.discovery_path, counts.load_seconds)
            if not target.logs_in:
                return figures
            figures["jwks_rps"] = requests_per_s(meta["jwks_uri"], counts.load_seconds)
            client = Client(base)
            samples = timed_ms(lambda: _must(target.login(client, meta), target), counts.logins)
            client.close()
            figures["login_ms"] = median(samples)
            figures["logins_per_s_4_threads"] = per_second(
                base, lambda c: target.login(c, meta), threads=4, total=counts.parallel_logins)
            figures["rss_after_load_mb"] = server.rss_mb()
    return figures


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
