"""`python -m app`: argument handling, loopback by default, and a real waitress start."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import waitress

from app.__main__ import main

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def served(monkeypatch, tmp_path):
    """Capture what main() would hand to waitress instead of serving forever."""
    calls = []
    monkeypatch.setattr(waitress, "serve", lambda app, **kw: calls.append((app, kw)))
    monkeypatch.chdir(tmp_path)  # no stray .env
    return calls


def test_defaults_bind_loopback_port_5000(served):
    assert main([]) == 0
    [(app, options)] = served
    assert options == {"host": "127.0.0.1", "port": 5000, "threads": 8, "ident": "okta-flask-site"}
    assert app.name == "app"


def test_host_and_port_options(served):
    assert main(["--host", "0.0.0.0", "--port", "8000", "--threads", "2"]) == 0
    assert served[0][1] == {"host": "0.0.0.0", "port": 8000, "threads": 2, "ident": "okta-flask-site"}


@pytest.mark.parametrize("argv", [["--port", "http"], ["--port", "0"], ["--port", "65536"],
                                  ["--port", "-1"], ["--threads", "0"], ["--threads", "many"],
                                  ["--bogus"]])
def test_bad_arguments_exit_with_usage(served, capsys, argv):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert "usage: python -m app" in capsys.readouterr().err
    assert served == []


def test_bad_configuration_is_a_message_not_a_traceback(served, monkeypatch, capsys):
    monkeypatch.setenv("OKTA_ISSUER", "not-a-url")
    assert main([]) == 2
    err = capsys.readouterr().err
    assert "configuration error: OKTA_ISSUER must be an absolute http(s) URL" in err
    assert "Traceback" not in err
    assert served == []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serves_pages_with_waitress(tmp_path):
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO), "SECRET_KEY": "k",
           "OKTA_ISSUER": "http://127.0.0.1:9/oauth2/default"}
    process = subprocess.Popen([sys.executable, "-m", "app", "--port", str(port)], cwd=tmp_path,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                response = requests.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except requests.ConnectionError:
                assert process.poll() is None, process.stdout.read()
                assert time.monotonic() < deadline, "site did not start"
                time.sleep(0.05)
        assert response.status_code == 200
        assert 'id="login"' in response.text
        login = requests.get(f"http://127.0.0.1:{port}/login", timeout=10)
        assert login.status_code == 502  # IdP down: a page, not a crash
        assert "The sign-in service is unavailable" in login.text
        assert requests.get(f"http://127.0.0.1:{port}/", timeout=2).status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)
