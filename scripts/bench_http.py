"""What every `make bench` measurement shares: one HTTP client (used against this
project's mock, the peers and the trivial WSGI app alike), processes started on
loopback and always stopped, the load tool, resident memory and medians."""

from __future__ import annotations

import http.client
import math
import os
import re
import shutil
import socket
import statistics
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

READY_TIMEOUT = 30.0


class Client:
    """One keep-alive HTTP/1.1 connection, as a test's client holds; reconnects once
    when the server closed an idle connection under it."""

    def __init__(self, base: str, timeout: float = 30):
        parts = urlsplit(base)
        self.host, self.port, self.timeout = parts.hostname, parts.port, timeout
        self.conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)

    def call(self, method: str, path: str, body=None, headers=None):
        """(status, headers, body bytes); `path` may be a full URL on the same server."""
        if path.startswith("http"):
            parts = urlsplit(path)
            path = parts.path + ("?" + parts.query if parts.query else "")
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                return response.status, response.headers, response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.conn.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.conn.close()


def query_param(location: str | None, name: str) -> str | None:
    values = parse_qs(urlsplit(location or "").query).get(name)
    return values[0] if values else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answers_200(base: str, path: str) -> bool:
    try:
        conn = http.client.HTTPConnection(urlsplit(base).hostname, urlsplit(base).port, timeout=2)
        conn.request("GET", path)
        ok = conn.getresponse().status == 200
        conn.close()
        return ok
    except OSError:
        return False


class Server:
    """A server process on loopback: started, timed to its first 200, always stopped."""

    def __init__(self, argv: list[str], *, env: dict | None = None, cwd: Path | None = None):
        self.argv, self.env, self.cwd = argv, env, cwd
        self.proc: subprocess.Popen | None = None

    def start(self, base: str, ready_path: str) -> float:
        """Spawn and poll `ready_path` until 200; the milliseconds that took."""
        began = time.perf_counter()
        self.proc = subprocess.Popen(self.argv, env=self.env, cwd=self.cwd,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        while not answers_200(base, ready_path):
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.argv[0]} exited with {self.proc.returncode} before answering")
            if time.perf_counter() - began > READY_TIMEOUT:
                raise RuntimeError(f"{self.argv[0]} did not answer {ready_path} in {READY_TIMEOUT:.0f}s")
            time.sleep(0.005)
        return (time.perf_counter() - began) * 1000

    def stop(self) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def memory_mb(self) -> float | None:
        return memory_mb(self.proc.pid) if self.proc else None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def memory_mb(pid: int) -> float | None:
    """Memory of the process and its children, as PSS: each page shared between them
    (a pre-fork master and its workers share most of theirs) counts once, split
    between its sharers, where adding up RSS would count it in every process. Every
    server is measured the same way. RSS where the kernel gives no PSS."""
    try:
        kids = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    except OSError:
        kids = []
    total = 0
    for each in [str(pid), *kids]:
        try:
            rollup = Path(f"/proc/{each}/smaps_rollup").read_text()
            found = re.search(r"^Pss:\s+(\d+)", rollup, re.MULTILINE)
        except OSError:
            try:
                found = re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{each}/status").read_text())
            except OSError:
                continue
        total += int(found.group(1)) if found else 0
    return total / 1024 if total else None


# ------------------------------------------------------------------ load


WRK_ARGS = ("-t1", "-c8")


def load_tool() -> str:
    return f"wrk {' '.join(WRK_ARGS)}" if shutil.which("wrk") else "python http.client, 4 threads"


def requests_per_s(url: str, seconds: float) -> float:
    """GET throughput of one URL: wrk when installed, else this module's client."""
    wrk = shutil.which("wrk")
    if wrk:
        out = subprocess.run([wrk, *WRK_ARGS, f"-d{max(1, round(seconds))}s", url],
                             capture_output=True, text=True, timeout=seconds + 30).stdout
        found = re.search(r"Requests/sec:\s+([\d.]+)", out)
        if found is None:
            raise RuntimeError(f"could not read wrk's output:\n{out}")
        non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
        if non2xx:
            raise RuntimeError(f"{url}: {non2xx.group(1)} failed responses under load")
        return float(found.group(1))
    parts = urlsplit(url)
    path = parts.path + ("?" + parts.query if parts.query else "")

    def get(client: Client) -> bool:
        return client.call("GET", path)[0] == 200

    return per_second(f"{parts.scheme}://{parts.netloc}", get, threads=4, seconds=seconds)


def per_second(base: str, work: Callable[[Client], bool], *, threads: int,
               total: int | None = None, seconds: float | None = None) -> float:
    """Completed `work` calls per second over `threads` clients: `total` calls, or as many
    as fit in `seconds`. A failed call fails the figure."""
    done, errors = [0] * threads, []
    stop_at = [None]

    def run(index: int) -> None:
        client = Client(base)
        try:
            while True:
                if total is not None and done[index] >= total // threads:
                    return
                if stop_at[0] is not None and time.perf_counter() >= stop_at[0]:
                    return
                if not work(client):
                    raise AssertionError("a call did not succeed")
                done[index] += 1
        except Exception as error:  # reported below: a failed run is not a figure
            errors.append(error)
        finally:
            client.close()

    workers = [threading.Thread(target=run, args=(n,)) for n in range(threads)]
    began = time.perf_counter()
    if seconds is not None:
        stop_at[0] = began + seconds
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - began
    if errors:
        raise RuntimeError(f"load run failed: {errors[0]!r}")
    return sum(done) / elapsed


def timed_ms(work: Callable[[], object], count: int) -> list[float]:
    samples = []
    for _ in range(count):
        began = time.perf_counter()
        work()
        samples.append((time.perf_counter() - began) * 1000)
    return samples


def median(samples: list[float]) -> float:
    return statistics.median(samples)


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile (p99 of 200 samples is the 198th smallest)."""
    ordered = sorted(samples)
    rank = min(len(ordered), max(1, math.ceil(pct / 100 * len(ordered))))
    return ordered[rank - 1]


def clean_env(**extra: str) -> dict[str, str]:
    """This environment minus a developer's Okta settings, plus `extra`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OKTA_", "MOCK_OKTA_"))}
    env.update(extra)
    return env
