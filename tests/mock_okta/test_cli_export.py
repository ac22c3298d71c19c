"""`mock-okta export FILE`, `--import FILE` and `--export-on-exit FILE` with real
processes: a team exports an org, commits the file, and every run starts from it."""

from __future__ import annotations

import json
import queue
import re
import signal
import subprocess
import sys
import threading
import urllib.request

import pytest

from mock_okta import __main__ as cli
from tests.mock_okta.support.process import START_TIMEOUT, child_env, read_lines

PASSWORD = "Correct-Horse-42"
API = {"Authorization": "SSWS dev-token", "Content-Type": "application/json",
       "Accept": "application/json"}


class Server:
    """`python -m mock_okta` on a free loopback port, stopped by the test."""

    def __init__(self, tmp_path, *args):
        self.stderr = tmp_path / f"stderr-{len(list(tmp_path.iterdir()))}.txt"
        with open(self.stderr, "w") as stderr:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "mock_okta", "--port", "0", "--no-demo-user", *args],
                cwd=tmp_path, env=child_env(MOCK_OKTA_API_TOKEN="dev-token"),
                stdout=subprocess.PIPE, stderr=stderr, text=True)
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=read_lines, args=(self.process.stdout, self.lines),
                         daemon=True).start()
        first = self.lines.get(timeout=START_TIMEOUT)
        assert first is not None, self.stderr.read_text()
        self.url = re.match(r"mock-okta: serving (http://127\.0\.0\.1:\d+) ", first).group(1)

    def call(self, method, path, body=None):
        request = urllib.request.Request(self.url + path, method=method, headers=API,
                                         data=json.dumps(body).encode() if body else None)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def stop(self, how=signal.SIGTERM) -> str:
        """Stop it; what it printed after the start line."""
        self.process.send_signal(how)
        try:
            self.process.wait(timeout=20)
        finally:
            if self.process.poll() is None:
                self.process.kill()
                self.process.wait()
        out = []
        while (line := self.lines.get(timeout=5)) is not None:
            out.append(line)
        self.process.stdout.close()
        return "".join(out)


def test_export_then_import_then_export_on_exit(tmp_path):
    first = Server(tmp_path, "--db", str(tmp_path / "first.db"))
    try:
        status, ada = first.call("POST", "/api/v1/users?activate=true", {
            "profile": {"login": "ada@example.com", "email": "ada@example.com",
                        "firstName": "Ada", "lastName": "Lovelace"},
            "credentials": {"password": {"value": PASSWORD}}})
        assert status == 200, ada
        result = subprocess.run([sys.executable, "-m", "mock_okta", "export", "org.json",
                                 "--url", first.url], cwd=tmp_path, env=child_env(),
                                capture_output=True, text=True, timeout=START_TIMEOUT)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("mock-okta export: wrote 1 users, 0 groups")
    finally:
        first.stop()
    assert json.loads((tmp_path / "org.json").read_text())["users"][0]["id"] == ada["id"]

    # No --db: the file is the state, and the default database is left alone.
    second = Server(tmp_path, "--import", "org.json", "--export-on-exit", "after.json")
    try:
        status, body = second.call("POST", "/api/v1/authn", {"username": "ADA@example.com",
                                                             "password": PASSWORD})
        assert status == 200 and body["status"] == "SUCCESS", body
        assert body["_embedded"]["user"]["id"] == ada["id"]
        status, _ = second.call("POST", "/api/v1/groups", {"profile": {"name": "Later"}})
        assert status == 200
    finally:
        printed = second.stop(signal.SIGTERM)
    assert second.process.returncode == 0, second.stderr.read_text()
    assert "mock-okta: exported the org to after.json" in printed
    after = json.loads((tmp_path / "after.json").read_text())
    assert [g["profile"]["name"] for g in after["groups"]] == ["Later"]
    assert not (tmp_path / ".mock-okta").exists()


def test_export_from_nowhere_is_one_line_and_exit_1(tmp_path, capsys):
    assert cli.main(["export", str(tmp_path / "org.json"), "--url", "http://127.0.0.1:9"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("mock-okta export: cannot read http://127.0.0.1:9/_mock/export (")
    assert "Traceback" not in err and not (tmp_path / "org.json").exists()


@pytest.mark.parametrize("content, message", [
    (None, "cannot read it (No such file or directory)"),
    ("{not json", "not valid JSON"),
    ('{"users": []}', "not an export of mock-okta"),
    ('{"mockOkta": {"format": 1}, "users": [{"id": "00u1", "status": "HAPPY"}]}',
     "users[0]: status: must be one of"),
])
def test_a_bad_import_file_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch, content,
                                                  message):
    for name in ("MOCK_OKTA_DB", "MOCK_OKTA_CONFIG", "MOCK_OKTA_IMPORT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")
    path = tmp_path / "org.json"
    if content is not None:
        path.write_text(content)
    assert cli.main(["--port", "0", "--import", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"mock-okta: import file {path}: ") and message in err, err
    assert "Traceback" not in err
