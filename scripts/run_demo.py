#!/usr/bin/env python3
"""`make run`: start the mock Okta org and the Flask site together.

Starts `python -m mock_okta` and `python -m app` on loopback, waits until both
answer, prints where they are and the demo login, and keeps them running
until Ctrl-C (SIGINT) or SIGTERM, which it forwards to both. If either
process dies on its own, the other is stopped and the exit code is non-zero.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT = 30.0
STOP_GRACE = 5.0


# The Server header each process answers with (set by each server): readiness
# counts only an answer from our own process, never another server on the port.
SERVER_NAMES = {"mock_okta": "mock-okta", "app": "okta-flask-site"}
PORT_FLAGS = {"mock_okta": "--mock-port", "app": "--site-port"}


class Child:
    def __init__(self, name: str, argv: list[str], env: dict[str, str], ready_url: str):
        self.name, self.ready_url = name, ready_url
        # Own session: the terminal's Ctrl-C reaches only this launcher, which
        # then stops the children in order instead of racing them.
        self.proc = subprocess.Popen(argv, cwd=ROOT, env=env, start_new_session=True)

    def answers(self) -> bool:
        return answers_as(self.ready_url, SERVER_NAMES[self.name])

    def stop(self) -> None:
        if self.proc.poll() is not None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(STOP_GRACE)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def demo_login() -> tuple[str, str]:
    try:
        from mock_okta.config import DemoUser
    except ImportError:
        return "demo.user@example.com", "Sunny-Meadow-42"
    user = DemoUser()
    return user.login, user.password


def answers_as(url: str, server_name: str) -> bool:
    """`url` answers, and from a server that names itself `server_name`."""
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            status, server = response.status, response.headers.get("Server")
    except urllib.error.HTTPError as exc:
        status, server = exc.code, exc.headers.get("Server")
    except (OSError, ValueError):
        return False
    return status < 500 and server == server_name


def port_in_use(host: str, port: int) -> bool:
    """Whether something already listens there (as the server itself would bind)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def taken_port_message(host: str, ports: dict[str, int]) -> str | None:
    """One line naming the first taken port and the flag that moves it."""
    for name, port in ports.items():
        if port_in_use(host, port):
            flag = PORT_FLAGS[name]
            return (f"run_demo: port {port} on {host} is already in use (needed by {name}); "
                    f"stop what uses it, or choose another: make run ARGS='{flag} {port + 1}'")
    return None


def wait_ready(children: list[Child], stop: threading.Event) -> Child | None:
    """Poll until every child answers; return the first one that died, if any."""
    deadline = time.monotonic() + READY_TIMEOUT
    pending = list(children)
    while pending and not stop.is_set():
        for child in list(pending):
            if child.proc.poll() is not None:
                return child
            if child.answers():
                pending.remove(child)
        if time.monotonic() > deadline:
            names = ", ".join(c.name for c in pending)
            print(f"run_demo: {names} did not answer within {READY_TIMEOUT:.0f}s", file=sys.stderr)
            return pending[0]
        stop.wait(0.1)
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--mock-port", type=int, default=8080)
    parser.add_argument("--site-port", type=int, default=5000)
    args = parser.parse_args(argv)

    org = f"http://{args.host}:{args.mock_port}"
    site = f"http://{args.host}:{args.site_port}"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    if (args.host, args.mock_port, args.site_port) != ("127.0.0.1", 8080, 5000):
        # Both sides' defaults already point at each other on the default
        # address; elsewhere, say where the other one is. Anything set in the
        # environment wins (the site also reads ./.env, below the environment).
        env.setdefault("MOCK_OKTA_REDIRECT_URIS", f"{site}/authorization-code/callback")
        env.setdefault("MOCK_OKTA_POST_LOGOUT_REDIRECT_URIS", f"{site}/")
        env.setdefault("OKTA_ISSUER", f"{org}/oauth2/default")
        env.setdefault("OKTA_ORG_URL", org)

    taken = taken_port_message(args.host, {"mock_okta": args.mock_port, "app": args.site_port})
    if taken:
        print(taken, file=sys.stderr)
        return 2

    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())

    py = sys.executable
    host = ["--host", args.host]
    children = [
        Child(
            "mock_okta",
            [py, "-m", "mock_okta", *host, "--port", str(args.mock_port)],
            env,
            f"{org}/oauth2/default/.well-known/openid-configuration",
        )
    ]
    try:
        children.append(
            Child("app", [py, "-m", "app", *host, "--port", str(args.site_port)], env, f"{site}/")
        )
        dead = wait_ready(children, stop)
        if dead is None and not stop.is_set():
            login, password = demo_login()
            print(
                "\n"
                f"  Mock Okta org : {org}   (issuer {org}/oauth2/default)\n"
                f"  Flask site    : {site}\n"
                f"  Dev console   : {org}/_mock/console\n"
                f"  Demo login    : {login}  /  {password}\n"
                "  Press Ctrl-C to stop both.\n",
                flush=True,
            )
        while dead is None and not stop.is_set():
            dead = next((c for c in children if c.proc.poll() is not None), None)
            stop.wait(0.2)
        exit_code = dead.proc.poll() if dead is not None else None
    finally:
        for child in reversed(children):
            child.stop()

    if dead is not None:
        why = "did not start" if exit_code is None else f"exited with code {exit_code}"
        print(f"run_demo: {dead.name} {why}; stopped everything.", file=sys.stderr)
        return exit_code if exit_code and exit_code > 0 else 1
    print("run_demo: stopped both.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
