"""Benchmarks for the mock org, against a real `python -m mock_okta` process.

Measures the figures DESIGN.md sets as the bar: start-up to first discovery
answer, idle memory, discovery/JWKS throughput, and a whole headless login
(authn -> authorize -> token) both alone and with 4 client threads. Loopback
only, bounded in count; prints a table and exits non-zero if a bar is missed
(with --check).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.client
import json
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_kit  # noqa: E402  (beside this script)

CLIENT_ID = "0oaBenchClient000001"
CLIENT_SECRET = "bench-client-secret"
REDIRECT_URI = "http://127.0.0.1:5999/authorization-code/callback"
DEMO_LOGIN, DEMO_PASSWORD = "demo.user@example.com", "Sunny-Meadow-42"
DISCOVERY = "/oauth2/default/.well-known/openid-configuration"

BARS = {  # name: (limit, "max" or "min")
    "startup_ms": (300, "max"),
    "idle_rss_mb": (60, "max"),
    "discovery_rps": (3000, "min"),
    "jwks_rps": (3000, "min"),
    "login_median_ms": (5, "max"),
    "login_rps_4_threads": (200, "min"),
    # The same through `--workers 2` (gunicorn, two processes sharing the file).
    "login_rps_4_threads_2_workers": (None, "min"),
    # The kit, as a test suite pays for it (scripts/bench_kit.py).
    "kit_session_start_ms": (None, "max"),
    "kit_reset_ms_300_users": (5, "max"),
    "kit_login_ms": (None, "max"),
}


def start_mock(db: str, workers: int = 1) -> tuple[subprocess.Popen, str, float]:
    env = dict(os.environ, MOCK_OKTA_CLIENT_ID=CLIENT_ID, MOCK_OKTA_CLIENT_SECRET=CLIENT_SECRET,
               MOCK_OKTA_REDIRECT_URIS=REDIRECT_URI, PYTHONPATH=str(ROOT))
    began = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "mock_okta", "--port", "0", "--db", db,
                             "--workers", str(workers)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
                            cwd=ROOT)
    line = proc.stdout.readline()
    if not line.startswith("mock-okta: serving "):
        proc.kill()
        raise SystemExit(f"mock-okta did not start: {line!r}")
    url = line.split()[2]
    host, port = urlsplit(url).hostname, urlsplit(url).port
    while True:
        try:
            conn = http.client.HTTPConnection(host, port, timeout=5)
            conn.request("GET", DISCOVERY)
            if conn.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.002)
    return proc, url, (time.perf_counter() - began) * 1000


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        proc.kill()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Client:
    """One keep-alive HTTP connection, as a test client would hold."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        self.conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)

    def call(self, method, path, body=None, headers=None):
        self.conn.request(method, path, body=body, headers=headers or {})
        response = self.conn.getresponse()
        return response.status, response.getheader("Location"), response.read()


def throughput(url: str, work, total: int, threads: int) -> float:
    """Requests (or logins) per second for `total` calls of `work` over `threads`."""
    per_thread = total // threads
    errors = []

    def run():
        client = Client(url)
        try:
            for _ in range(per_thread):
                work(client)
        except Exception as error:  # reported below; a failed run is not a figure
            errors.append(error)

    workers = [threading.Thread(target=run) for _ in range(threads)]
    began = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise SystemExit(f"benchmark request failed: {errors[0]!r}")
    return per_thread * threads / elapsed


def wrk_path() -> str | None:
    """wrk (C) keeps the load generator from eating the server's CPU; as root
    on Debian it is installed on demand, else the Python client is used."""
    found = shutil.which("wrk")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    return shutil.which("wrk")


def wrk_rps(wrk: str, url: str, seconds: int = 4) -> float:
    out = subprocess.run([wrk, "-t2", "-c8", f"-d{seconds}s", url], capture_output=True,
                         text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    raise SystemExit(f"could not read wrk output:\n{out}")


def get_ok(path):
    def work(client):
        status, _, _ = client.call("GET", path)
        assert status == 200, status
    return work


def login(client: Client) -> None:
    """authn -> authorize (sessionToken) -> token, as a browserless test logs in."""
    status, _, body = client.call("POST", "/api/v1/authn",
                                  json.dumps({"username": DEMO_LOGIN, "password": DEMO_PASSWORD}),
                                  {"Content-Type": "application/json", "Accept": "application/json"})
    assert status == 200, body
    token = json.loads(body)["sessionToken"]
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")
    query = urlencode({"client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI,
                       "response_type": "code", "scope": "openid profile email",
                       "state": "s", "nonce": "n", "code_challenge": challenge,
                       "code_challenge_method": "S256", "sessionToken": token, "prompt": "none"})
    status, location, _ = client.call("GET", f"/oauth2/default/v1/authorize?{query}")
    assert status == 302, status
    code = parse_qs(urlsplit(location).query)["code"][0]
    basic = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
    form = urlencode({"grant_type": "authorization_code", "code": code,
                      "redirect_uri": REDIRECT_URI, "code_verifier": verifier})
    status, _, body = client.call("POST", "/oauth2/default/v1/token", form, {
        "Authorization": f"Basic {basic}", "Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200, body


def login_latency_ms(url: str, count: int) -> float:
    client = Client(url)
    samples = []
    for _ in range(count):
        began = time.perf_counter()
        login(client)
        samples.append((time.perf_counter() - began) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=6000, help="per throughput run")
    parser.add_argument("--logins", type=int, default=400, help="per login run")
    parser.add_argument("--check", action="store_true", help="exit 1 if a bar is missed")
    args = parser.parse_args()

    results = {}
    startups = []
    for _ in range(5):
        proc, _, elapsed = start_mock(":memory:")
        startups.append(elapsed)
        stop(proc)
    results["startup_ms"] = statistics.median(startups)

    with tempfile.TemporaryDirectory() as tmp:
        proc, url, _ = start_mock(str(Path(tmp) / "bench.sqlite3"))
        try:
            login(Client(url))  # warm: keys generated, demo user cached
            time.sleep(0.5)
            results["idle_rss_mb"] = rss_mb(proc.pid)
            wrk = wrk_path()
            for name, path in (("discovery_rps", DISCOVERY), ("jwks_rps", "/oauth2/default/v1/keys")):
                results[name] = (wrk_rps(wrk, url + path) if wrk
                                 else throughput(url, get_ok(path), args.requests, 4))
            load_tool = "wrk -t2 -c8" if wrk else "python http.client, 4 threads"
            results["login_median_ms"] = login_latency_ms(url, args.logins // 2)
            results["login_rps_4_threads"] = throughput(url, login, args.logins, 4)
        finally:
            stop(proc)
        proc, url, _ = start_mock(str(Path(tmp) / "workers.sqlite3"), workers=2)
        try:
            for _ in range(8):   # warm both workers (keys loaded, demo user cached)
                login(Client(url))
            results["login_rps_4_threads_2_workers"] = throughput(url, login, args.logins, 4)
        finally:
            stop(proc)

    results["kit_session_start_ms"] = bench_kit.session_start_ms()
    results["kit_reset_ms_300_users"], results["kit_login_ms"] = bench_kit.reset_and_login_ms()

    missed = []
    print(f"discovery/JWKS load from: {load_tool}; logins from python http.client")
    print(f"{'figure':<22}{'value':>10}  bar")
    for name, value in results.items():
        limit, kind = BARS[name]
        if limit is None:  # measured, no bar
            print(f"{name:<22}{value:>10.1f}  (no bar)")
            continue
        ok = value <= limit if kind == "max" else value >= limit
        missed += [] if ok else [name]
        print(f"{name:<22}{value:>10.1f}  {'<=' if kind == 'max' else '>='} {limit}"
              f"{'' if ok else '  MISSED'}")
    return 1 if (missed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
