"""`mock-okta --workers 2`: granian forks two worker processes that share the
database file, and every piece of the org's state is right whichever answers.

Every request here goes over a connection of its own (`Connection: close`), so the
kernel hands them to both workers; /_mock/requests names the worker of each."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import jwt
import pytest
import requests

from mock_okta.testing.server import connect_org
from tests.mock_okta.serving.test_signup_race import race
from tests.mock_okta.support.process import START_TIMEOUT, child_env

ROUNDS = 24   # requests per check: enough that both workers answer some


class Served:
    def __init__(self, tmp_path: Path, *extra: str):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mock_okta", "--workers", "2", "--threads", "4",
             "--port", "0", *extra], cwd=tmp_path, env=child_env(),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.first_line = self.process.stdout.readline()
        if not self.first_line.startswith("mock-okta: serving "):
            self.process.kill()
            raise AssertionError(self.first_line + self.process.stdout.read())
        self.url = self.first_line.split()[2]
        self.org = connect_org(self.url)
        self.org.http.headers["Connection"] = "close"   # a new connection every time
        self._until_both_workers_answer()

    def _until_both_workers_answer(self) -> None:
        """The start-up line comes once the socket is bound, before the workers are forked:
        the first requests may all go to the worker that was ready first."""
        for _ in range(100):
            for _ in range(5):
                self.org.http.get(f"{self.url}/_mock/clock", timeout=START_TIMEOUT)
            if len(self.workers()) == 2:
                return
        raise AssertionError("one worker answered 500 requests: the other never started")

    def workers(self) -> set[int]:
        return {entry["worker"] for entry in self.org.recent_requests(1000)}

    def stop(self) -> str:
        """SIGTERM, as docker stop; what the process printed after its first line."""
        self.process.send_signal(signal.SIGTERM)
        try:
            rest, _ = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        return rest


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("workers")
    server = Served(tmp_path, "--db", str(tmp_path / "org.sqlite3"))
    yield server
    server.stop()


@pytest.fixture
def org(served):
    served.org.reset()
    return served.org


def claims(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


def test_both_workers_answer_and_sign_ins_work(served, org):
    for _ in range(ROUNDS // 3):
        assert org.sign_in("demo.user@example.com", "Sunny-Meadow-42")["id_token"]
    assert len(served.workers()) == 2


def test_a_moved_clock_is_every_workers_clock(served, org):
    org.advance_clock(3600)
    for _ in range(ROUNDS):
        assert org.http.get(f"{org.url}/_mock/clock").json()["offsetSeconds"] == 3600
    id_token = org.sign_in("demo.user@example.com", "Sunny-Meadow-42")["id_token"]
    assert claims(id_token)["iat"] > time.time() + 3500
    assert len(served.workers()) == 2


def test_a_fault_armed_for_three_fails_three_answers_across_workers(served, org):
    org.fail("api", status=503, count=3, path="/api/v1/users", method="GET")
    statuses = [org.http.get(f"{org.url}/api/v1/users", headers=org._token()).status_code
                for _ in range(ROUNDS)]
    assert statuses.count(503) == 3 and statuses.count(200) == ROUNDS - 3
    assert org.http.get(f"{org.url}/_mock/faults", headers=org._token()).json() == []
    assert len(served.workers()) == 2


def test_a_forgery_armed_for_two_forges_two_answers_across_workers(served, org):
    org.forge("wrong_iss", count=2)
    issuers = [claims(org.sign_in("demo.user@example.com", "Sunny-Meadow-42")["id_token"])["iss"]
               for _ in range(6)]
    assert sum(issuer != org.issuer() for issuer in issuers) == 2
    assert len(served.workers()) == 2


def test_a_key_rotation_in_one_worker_changes_every_workers_keys(served, org):
    keys_url = f"{org.url}/oauth2/default/v1/keys"
    before = {org.http.get(keys_url).text for _ in range(ROUNDS)}   # cached by both
    assert len(before) == 1
    org.api("POST", "authorizationServers/default/credentials/lifecycle/keyRotate",
            json={"use": "sig"})
    after = {org.http.get(keys_url).text for _ in range(ROUNDS)}
    assert len(after) == 1 and after != before
    jwks = jwt.PyJWKSet.from_json(after.pop())
    for _ in range(6):
        token = org.sign_in("demo.user@example.com", "Sunny-Meadow-42")["id_token"]
        key = jwks[jwt.get_unverified_header(token)["kid"]]
        assert jwt.decode(token, key.key, algorithms=["RS256"], audience=org.client.client_id,
                          options={"verify_iat": False})["iss"] == org.issuer()
    assert len(served.workers()) == 2


def test_a_reset_in_one_worker_is_the_reset_every_worker_sees(served, org):
    user = org.create_user("reset.me@example.com")
    org.advance_clock(600)
    org.fail("token", count=5)
    org.reset()
    for _ in range(ROUNDS // 2):
        assert org.http.get(f"{org.url}/api/v1/users/{user['id']}",
                            headers=org._token()).status_code == 404
        assert org.http.get(f"{org.url}/_mock/clock").json()["offsetSeconds"] == 0
    assert org.sign_in("demo.user@example.com", "Sunny-Meadow-42")["access_token"]
    assert len(served.workers()) == 2


def test_requests_of_every_worker_are_in_one_log(served, org):
    for _ in range(ROUNDS):
        org.http.get(f"{org.url}/.well-known/openid-configuration")
    log = org.recent_requests(1000)
    assert sum(entry["path"] == "/.well-known/openid-configuration" for entry in log) == ROUNDS
    assert len(served.workers()) == 2


def test_racing_sign_ups_make_one_user_per_login_across_workers(served, org):
    report = race.race(org.url, org.api_token, logins=3, api_attempts=120, page_attempts=24,
                       threads=16, seed=11)
    assert report.problems == []
    assert sum(attempt.created for attempt in report.attempts) == 3
    logins = {user["profile"]["login"].casefold() for user in org.api("GET", "users?limit=200")}
    assert {name.casefold() for name in report.logins} <= logins
    assert len(served.workers()) == 2


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


def test_workers_die_with_a_killed_master(tmp_path):
    """SIGKILL leaves the master no chance to stop its workers: they go by themselves,
    so no orphan goes on answering on the port or writing to the file."""
    server = Served(tmp_path, "--db", str(tmp_path / "org.sqlite3"))
    workers = server.workers()
    server.process.kill()
    server.process.communicate(timeout=30)
    deadline = time.monotonic() + 10
    while [pid for pid in workers if _alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)]


def test_sigterm_stops_master_and_workers_and_exports_on_exit(tmp_path):
    export = tmp_path / "export.json"
    server = Served(tmp_path, "--db", ":memory:", "--export-on-exit", str(export))
    assert ", as a temporary file " in server.first_line and "2 workers" in server.first_line
    shared = Path(server.first_line.split("as a temporary file ")[1].split()[0])
    assert shared.is_file()
    server.org.create_user("kept@example.com")
    for _ in range(ROUNDS):
        server.org.http.get(f"{server.url}/_mock/clock")
    workers = server.workers()
    assert len(workers) == 2
    rest = server.stop()
    assert server.process.returncode == 0, rest
    assert not [pid for pid in workers if _alive(pid)]
    assert "Traceback" not in rest
    document = json.loads(export.read_text())
    assert "kept@example.com" in {user["profile"]["login"] for user in document["users"]}
    assert not shared.parent.exists()   # the temporary file's folder went at exit


def test_one_worker_keeps_its_log_in_memory_without_a_worker_field(tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "mock_okta", "--port", "0", "--db",
                                ":memory:"], cwd=tmp_path, env=child_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith("mock-okta: serving ") and "workers" not in line
        url = line.split()[2]
        requests.get(f"{url}/_mock/clock", timeout=START_TIMEOUT)
        log = requests.get(f"{url}/_mock/requests", timeout=START_TIMEOUT).json()
        assert log and "worker" not in log[0]
    finally:
        process.terminate()
        process.communicate(timeout=30)


@pytest.mark.parametrize("argv, message", [
    (["--workers", "0"], "--workers must be at least 1, got 0"),
    (["--workers", "-3"], "--workers must be at least 1, got -3"),
    (["--workers", "abc"], "argument --workers: invalid int value: 'abc'"),
    (["--workers", "2", "--https"], "--https serves from one process: use --workers 1"),
])
def test_bad_workers_exit_2_with_a_clear_message(tmp_path, argv, message):
    result = subprocess.run([sys.executable, "-m", "mock_okta", "--port", "0", *argv],
                            cwd=tmp_path, env=child_env(), capture_output=True, text=True,
                            timeout=START_TIMEOUT)
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
