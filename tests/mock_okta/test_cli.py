"""`python -m mock_okta`: arguments, start-up, and a real process serving HTTP."""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import threading
import urllib.request

import pytest

from mock_okta import __main__ as cli
from mock_okta.config import DEFAULT_DB_PATH
from tests.mock_okta.support.process import START_TIMEOUT, child_env, read_lines


@pytest.fixture
def clean_env(monkeypatch):
    for name in list(os.environ):
        if name.startswith("MOCK_OKTA_"):
            monkeypatch.delenv(name)
    # main() sets this with setdefault; pin it so the test leaves os.environ as it was.
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")


# --- parse_args ------------------------------------------------------------

def test_defaults(clean_env):
    args = cli.parse_args([])
    assert args.host == "127.0.0.1"
    assert args.port == 8080
    assert args.db == DEFAULT_DB_PATH
    assert args.no_demo_user is False
    assert args.threads == 8


def test_db_default_comes_from_the_environment(clean_env, monkeypatch):
    monkeypatch.setenv("MOCK_OKTA_DB", "/env/org.sqlite3")
    assert cli.parse_args([]).db == "/env/org.sqlite3"
    assert cli.parse_args(["--db", "/cli/org.sqlite3"]).db == "/cli/org.sqlite3"


def test_flags(clean_env):
    args = cli.parse_args(["--host", "0.0.0.0", "--port", "0", "--db", ":memory:",
                           "--no-demo-user", "--threads", "2"])
    assert (args.host, args.port, args.db, args.no_demo_user, args.threads) == (
        "0.0.0.0", 0, ":memory:", True, 2)


@pytest.mark.parametrize("port", ["65535", "0", "1"])
def test_port_range_edges_are_accepted(clean_env, port):
    assert cli.parse_args(["--port", port]).port == int(port)


@pytest.mark.parametrize(
    "argv",
    [["--port", "65536"], ["--port", "-1"], ["--port", "abc"], ["--port", ""],
     ["--threads", "0"], ["--threads", "x"], ["--unknown"]],
    ids=["port-too-big", "port-negative", "port-text", "port-empty", "threads-zero",
         "threads-text", "unknown-flag"],
)
def test_bad_arguments_exit_with_usage(clean_env, capsys, argv):
    with pytest.raises(SystemExit) as caught:
        cli.parse_args(argv)
    assert caught.value.code == 2
    assert "usage: mock-okta" in capsys.readouterr().err


# --- main(), in process, with the server stubbed out -----------------------

class _StubServer:
    """serving/prefork.py's server, announcing a port without listening or forking."""

    apps: list = []

    def __init__(self, app, **kwargs):
        self.kwargs = kwargs
        _StubServer.apps.append((app, kwargs))

    def run(self):
        self.kwargs["ready"]("http://127.0.0.1:49999")


@pytest.fixture
def stub_server(monkeypatch):
    from mock_okta.serving import prefork

    _StubServer.apps = []
    monkeypatch.setattr(prefork, "PreforkServer", _StubServer)
    yield _StubServer
    for app, _ in _StubServer.apps:
        app.extensions["mock_okta"].store.close()


def test_main_serves_the_app_it_announces(clean_env, stub_server, tmp_path, capsys):
    db = tmp_path / "org.sqlite3"
    assert cli.main(["--port", "0", "--db", str(db), "--threads", "3"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("mock-okta: serving http://127.0.0.1:49999 ")
    assert "issuer http://127.0.0.1:49999/oauth2/default" in out
    assert str(db) in out
    (app, kwargs), = stub_server.apps
    assert kwargs["host"] == "127.0.0.1" and kwargs["port"] == 0 and kwargs["threads"] == 3
    assert app.extensions["mock_okta"].settings.db_path == str(db)
    assert db.is_file()


def test_main_seeds_the_demo_user(clean_env, stub_server, tmp_path):
    from mock_okta.directory.users import get_user

    cli.main(["--port", "0", "--db", str(tmp_path / "org.sqlite3")])
    (app, _), = stub_server.apps
    assert get_user(app.extensions["mock_okta"].store, "demo.user@example.com") is not None


def test_no_demo_user_flag(clean_env, stub_server, tmp_path):
    from mock_okta.directory.users import get_user

    cli.main(["--port", "0", "--db", str(tmp_path / "org.sqlite3"), "--no-demo-user"])
    (app, _), = stub_server.apps
    assert get_user(app.extensions["mock_okta"].store, "demo.user@example.com") is None


def test_main_rejects_a_bad_environment(clean_env, stub_server, monkeypatch, capsys):
    monkeypatch.setenv("MOCK_OKTA_PASSWORD_HASH_ITERATIONS", "0")
    assert cli.main(["--db", ":memory:"]) == 2
    err = capsys.readouterr().err
    assert "MOCK_OKTA_PASSWORD_HASH_ITERATIONS" in err
    assert stub_server.apps == []


# --- a real process --------------------------------------------------------

def test_serves_discovery_over_http(tmp_path):
    db = tmp_path / "x.sqlite3"
    with open(tmp_path / "stderr.txt", "w") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "mock_okta", "--host", "127.0.0.1", "--port", "0",
             "--db", str(db)],
            cwd=tmp_path, env=child_env(), stdout=subprocess.PIPE, stderr=stderr, text=True)
    try:
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=read_lines, args=(process.stdout, lines), daemon=True).start()
        first = lines.get(timeout=START_TIMEOUT)
        assert first is not None, (tmp_path / "stderr.txt").read_text()
        match = re.match(r"mock-okta: serving http://127\.0\.0\.1:(\d+) ", first)
        assert match, first
        port = int(match.group(1))
        assert port != 0

        url = f"http://127.0.0.1:{port}/oauth2/default/.well-known/openid-configuration"
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.status == 200
            assert response.headers.get_content_type() == "application/json"
            document = json.loads(response.read())
        assert document["issuer"] == f"http://127.0.0.1:{port}/oauth2/default"
        assert document["authorization_endpoint"].startswith(f"http://127.0.0.1:{port}/")
        assert db.is_file()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            process.stdout.close()
    assert process.returncode is not None


def test_bad_environment_exits_2_without_a_traceback(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mock_okta", "--port", "0", "--db", str(tmp_path / "x.sqlite3")],
        cwd=tmp_path, env=child_env(MOCK_OKTA_PASSWORD_HASH_ITERATIONS="abc"),
        capture_output=True, text=True, timeout=START_TIMEOUT)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "mock-okta: MOCK_OKTA_PASSWORD_HASH_ITERATIONS must be a whole number, got 'abc'")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "x.sqlite3").exists()


def test_bad_port_exits_2_without_a_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "mock_okta", "--port", "70000"],
                            cwd=tmp_path, env=child_env(), capture_output=True, text=True,
                            timeout=START_TIMEOUT)
    assert result.returncode == 2
    assert "--port must be between 0 and 65535" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_seed_in_the_config_file_is_one_line_and_exit_2(tmp_path, clean_env, capsys):
    path = tmp_path / "org.json"
    path.write_text(json.dumps({"users": [{"profile": {"login": "nope"}}]}))
    assert cli.main(["--port", "0", "--db", ":memory:", "--config", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"mock-okta: config file {path}: users[0]: login: ")
    assert "Traceback" not in err
