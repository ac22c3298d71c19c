"""`make run` (scripts/run_demo.py): a taken port is one clear line, a foreign
server is never mistaken for ours, and a normal start prints the banner."""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "run_demo.py"


def load_run_demo():
    spec = importlib.util.spec_from_file_location("run_demo", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_demo(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOCK_OKTA_", "OKTA_"))}
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("taken, flag", [("mock", "--mock-port"), ("site", "--site-port")])
def test_a_taken_port_is_named_in_one_line(taken, flag):
    mock_port, site_port = free_port(), free_port()
    busy = mock_port if taken == "mock" else site_port
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", busy))
        listener.listen()
        result = run_demo("--mock-port", str(mock_port), "--site-port", str(site_port))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"port {busy} on 127.0.0.1 is already in use" in lines[0]
    assert f"make run ARGS='{flag} {busy + 1}'" in lines[0]
    assert "Traceback" not in result.stdout + result.stderr


class _Foreign(BaseHTTPRequestHandler):
    def version_string(self):
        return "foreign-server"

    def do_GET(self):
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_an_answer_from_another_server_is_not_ours():
    run_demo_module = load_run_demo()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Foreign)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        assert run_demo_module.answers_as(url, "mock-okta") is False
        assert run_demo_module.answers_as(url, "foreign-server") is True
    finally:
        server.shutdown()
        server.server_close()


def test_a_normal_start_prints_the_banner_and_stops_on_ctrl_c():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MOCK_OKTA_", "OKTA_"))}
    mock_port, site_port = free_port(), free_port()
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--mock-port", str(mock_port), "--site-port", str(site_port)],
        cwd=ROOT, env={**env, "MOCK_OKTA_DB": ":memory:"}, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True)
    try:
        banner = []
        for line in process.stdout:
            banner.append(line)
            if "Press Ctrl-C" in line:
                break
        text = "".join(banner)
        assert f"Mock Okta org : http://127.0.0.1:{mock_port}" in text
        assert f"Flask site    : http://127.0.0.1:{site_port}" in text
        assert f"Dev console   : http://127.0.0.1:{mock_port}/_mock/console" in text
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
