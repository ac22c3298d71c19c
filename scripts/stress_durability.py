#!/usr/bin/env python3
"""Durability: every write the org acknowledged survives a SIGKILL (`make stress`).

Each round starts `python -m mock_okta --port 0 --db FILE --no-demo-user` on the same
file, checks that every write acknowledged so far (a 2xx answer) is there through
the API, then runs a write storm from several threads (users created, staged or
with a password; group memberships; profile updates) and SIGKILLs the server at a
random moment in the middle of it. After every kill, the stock sqlite3 command-line
tool must find the file sound (`PRAGMA integrity_check` prints `ok`): a state file
is one any SQLite opens. A last start checks the last round's writes.

Loopback only, bounded (rounds, threads, seconds); the servers are killed in
`finally`. Prints a summary and exits 1 on any lost write or failed check, 2 when
the sqlite3 tool is missing and cannot be installed (as root: apt-get install sqlite3).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TOKEN = "00MockOktaDevelopmentApiToken"    # mock_okta.config.DEFAULT_API_TOKEN
PASSWORD = "Correct-Horse-42"
TIMEOUT = 10
START_TIMEOUT = 30


def log(message: str) -> None:
    print(f"[stress_durability] {message}", flush=True)


def sqlite_cli() -> str | None:
    """The stock sqlite3 tool, installed with apt-get when missing and we are root."""
    found = shutil.which("sqlite3")
    if found or os.geteuid() != 0 or not shutil.which("apt-get"):
        return found
    log("installing the sqlite3 command-line tool with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for cmd in (["apt-get", "update", "-q"],
                ["apt-get", "install", "-y", "-q", "--no-install-recommends", "sqlite3"]):
        try:
            if subprocess.run(cmd, env=env, timeout=600).returncode != 0:
                return None
        except subprocess.TimeoutExpired:
            return None
    return shutil.which("sqlite3")


def integrity(cli: str, db: Path) -> str:
    done = subprocess.run([cli, str(db), "PRAGMA integrity_check"], capture_output=True,
                          text=True, timeout=60)
    return (done.stdout + done.stderr).strip()


class Server:
    """`python -m mock_okta` on a free loopback port, over the given file."""

    def __init__(self, db: Path):
        env = {k: v for k, v in os.environ.items() if not k.startswith("MOCK_OKTA_")}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mock_okta", "--port", "0", "--db", str(db),
             "--no-demo-user"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env=env, cwd=ROOT)
        self.url = self._url()

    def _url(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        seen = []
        while time.monotonic() < deadline:
            line = self.process.stdout.readline()
            if not line:
                break
            seen.append(line)
            if line.startswith("mock-okta: serving "):
                threading.Thread(target=self.process.stdout.read, daemon=True).start()
                return line.split()[2]
        self.kill()
        raise SystemExit("mock-okta did not start:\n" + "".join(seen[-20:]))

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


@dataclass
class Ledger:
    """Every acknowledged write, and the one each thread had in flight when the server died."""
    users: dict[str, str] = field(default_factory=dict)           # id -> login
    members: dict[str, set[str]] = field(default_factory=dict)    # group id -> user ids
    nick: dict[str, str] = field(default_factory=dict)            # id -> last acknowledged
    in_flight_nick: dict[str, str] = field(default_factory=dict)  # id -> sent, unanswered
    writes: int = 0
    errors: list[str] = field(default_factory=list)               # 5xx answers
    lock: threading.Lock = field(default_factory=threading.Lock)

    def user(self, user_id: str, login: str) -> None:
        with self.lock:
            self.users[user_id] = login
            self.writes += 1

    def member(self, group: str, user_id: str) -> None:
        with self.lock:
            self.members[group].add(user_id)
            self.writes += 1

    def sending_nick(self, user_id: str, nick: str) -> None:
        with self.lock:
            self.in_flight_nick[user_id] = nick

    def nick_set(self, user_id: str, nick: str) -> None:
        with self.lock:
            self.nick[user_id] = nick
            self.writes += 1


def storm(url: str, token: str, ledger: Ledger, groups: list[str], tag: str,
          stop: threading.Event, rng: random.Random) -> None:
    """One thread's writes until the server stops answering (or `stop`)."""
    api = requests.Session()
    api.headers.update({"Authorization": f"SSWS {token}", "Accept": "application/json"})
    mine: list[str] = []
    number = 0
    try:
        while not stop.is_set():
            number += 1
            choice = rng.random()
            if choice < 0.5 or not mine:
                login = f"Storm.{tag}.{number}@Example.com"
                body = {"profile": {"login": login, "email": login, "firstName": "Storm",
                                    "lastName": f"N{number}"}}
                activate = number % 2 == 0
                if activate:
                    body["credentials"] = {"password": {"value": PASSWORD}}
                answer = api.post(f"{url}/api/v1/users?activate={str(activate).lower()}",
                                  json=body, timeout=TIMEOUT)
                if answer.status_code == 200:
                    user_id = answer.json()["id"]
                    mine.append(user_id)
                    ledger.user(user_id, login)
            elif choice < 0.75:
                user_id, group = rng.choice(mine), rng.choice(groups)
                answer = api.put(f"{url}/api/v1/groups/{group}/users/{user_id}", timeout=TIMEOUT)
                if answer.status_code == 204:
                    ledger.member(group, user_id)
            else:
                user_id, nick = rng.choice(mine), f"nick-{tag}-{number}"
                ledger.sending_nick(user_id, nick)
                answer = api.post(f"{url}/api/v1/users/{user_id}",
                                  json={"profile": {"nickName": nick}}, timeout=TIMEOUT)
                if answer.status_code == 200:
                    ledger.nick_set(user_id, nick)
            if answer.status_code >= 500:
                with ledger.lock:
                    ledger.errors.append(f"{answer.status_code}: {answer.text[:300]}")
    except requests.RequestException:
        pass    # the server was killed: what was in flight is unacknowledged
    finally:
        api.close()


def pages(api: requests.Session, url: str) -> list[dict]:
    found = []
    while url:
        answer = api.get(url, timeout=TIMEOUT)
        answer.raise_for_status()
        found += answer.json()
        url = answer.links.get("next", {}).get("url")
    return found


def missing(url: str, token: str, ledger: Ledger) -> list[str]:
    """Acknowledged writes the org does not show."""
    with requests.Session() as api:
        api.headers.update({"Authorization": f"SSWS {token}", "Accept": "application/json"})
        users = {user["id"]: user for user in pages(api, f"{url}/api/v1/users?limit=200")}
        lost = []
        for user_id, login in ledger.users.items():
            user = users.get(user_id)
            if user is None or user["profile"]["login"] != login:
                lost.append(f"user {user_id} ({login})")
                continue
            if user_id in ledger.nick:
                allowed = {ledger.nick[user_id], ledger.in_flight_nick.get(user_id)}
                if user["profile"].get("nickName") not in allowed:
                    lost.append(f"profile update of {user_id}: {user['profile'].get('nickName')}"
                                f" is none of {sorted(filter(None, allowed))}")
        for group, acked in ledger.members.items():
            held = {user["id"] for user in pages(api, f"{url}/api/v1/groups/{group}/users"
                                                      "?limit=200")}
            lost += [f"membership of {user_id} in {group}" for user_id in acked - held]
        return lost


def run(rounds: int, threads: int, cli: str, db: Path, token: str, rng: random.Random) -> int:
    ledger = Ledger()
    groups: list[str] = []
    problems: list[str] = []
    for number in range(1, rounds + 2):    # the last start only checks
        server = Server(db)
        try:
            problems += missing(server.url, token, ledger)
            if number > rounds:
                server.process.terminate()
                server.process.wait(timeout=30)
                break
            if not groups:
                for name in ("Storm A", "Storm B"):
                    answer = requests.post(f"{server.url}/api/v1/groups", timeout=TIMEOUT,
                                           json={"profile": {"name": name}},
                                           headers={"Authorization": f"SSWS {token}"})
                    answer.raise_for_status()
                    groups.append(answer.json()["id"])
                    ledger.members[groups[-1]] = set()
            before, stop = ledger.writes, threading.Event()
            workers = [threading.Thread(target=storm, args=(
                server.url, token, ledger, groups, f"r{number}t{n}", stop,
                random.Random(rng.random()))) for n in range(threads)]
            for worker in workers:
                worker.start()
            time.sleep(rng.uniform(0.4, 2.0))     # a random moment mid-storm
            server.kill()
            stop.set()
            for worker in workers:
                worker.join(timeout=TIMEOUT + 5)
        finally:
            server.kill()
        checked = integrity(cli, db)
        log(f"round {number}: killed after {ledger.writes - before} acknowledged writes;"
            f" sqlite3 integrity_check: {checked}")
        if checked != "ok":
            problems.append(f"round {number}: sqlite3 integrity_check said {checked!r}")
        if ledger.writes == before:
            problems.append(f"round {number}: killed before any write was acknowledged")
    problems += [f"the org answered {error}" for error in ledger.errors]
    final = integrity(cli, db)
    if final != "ok":
        problems.append(f"after the last start: sqlite3 integrity_check said {final!r}")
    members = sum(len(held) for held in ledger.members.values())
    log(f"{rounds} rounds, {ledger.writes} acknowledged writes ({len(ledger.users)} users,"
        f" {members} memberships, {len(ledger.nick)} profiles updated):"
        f" {'all present' if not problems else f'{len(problems)} problems'}")
    for problem in problems[:50]:
        log(f"  {problem}")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=6)
    parser.add_argument("--seed", type=int, default=None, help="repeat a run's kill moments")
    args = parser.parse_args(argv)
    if not 1 <= args.rounds <= 20 or not 1 <= args.threads <= 32:
        parser.error("--rounds must be 1-20 and --threads 1-32")
    cli = sqlite_cli()
    if cli is None:
        print("stress_durability: the sqlite3 command-line tool is missing; install it"
              " (Debian/Ubuntu: apt-get install sqlite3) and run again", file=sys.stderr)
        return 2
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    log(f"seed {seed}; sqlite3 at {cli}")
    with tempfile.TemporaryDirectory(prefix="mock-okta-durability-") as tmp:
        return run(args.rounds, args.threads, cli, Path(tmp) / "state.db", DEFAULT_TOKEN,
                   random.Random(seed))


if __name__ == "__main__":
    sys.exit(main())
