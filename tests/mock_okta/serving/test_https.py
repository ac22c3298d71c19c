"""`--https`: a local CA and a localhost certificate kept on disk, and a live TLS server."""

from __future__ import annotations

import json
import os
import queue
import re
import socket
import ssl
import stat
import subprocess
import sys
import threading
import urllib.request
from unittest import mock

import pytest
import requests
from cryptography import x509

from mock_okta import create_app
from mock_okta.config import Settings
from mock_okta.serving.tls import TlsServer, ensure_certificate
from tests.mock_okta.support.process import START_TIMEOUT, child_env, read_lines


@pytest.fixture
def no_ca_env(monkeypatch):
    for name in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def live_tls(tmp_path):
    app = create_app(Settings(db_path=":memory:", demo_user=None))
    server = TlsServer(app, ensure_certificate(tmp_path / "tls")).start()
    yield server
    server.stop()
    app.extensions["mock_okta"].store.close()


def _sans(path):
    cert = x509.load_pem_x509_certificate(path.read_bytes())
    sans = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    return {str(v) for v in sans.get_values_for_type(x509.DNSName)} | {
        str(v) for v in sans.get_values_for_type(x509.IPAddress)}


def test_certificate_is_created_once_and_kept(tmp_path):
    files = ensure_certificate(tmp_path / "tls")
    assert {"localhost", "127.0.0.1", "::1"} <= _sans(files.cert)
    assert stat.S_IMODE(files.key.stat().st_mode) == 0o600
    before = {p.name: p.read_bytes() for p in (tmp_path / "tls").iterdir()}
    ensure_certificate(tmp_path / "tls")
    assert {p.name: p.read_bytes() for p in (tmp_path / "tls").iterdir()} == before


def test_a_new_host_name_reissues_the_certificate_not_the_authority(tmp_path):
    files = ensure_certificate(tmp_path / "tls")
    ca, cert = files.ca.read_bytes(), files.cert.read_bytes()
    ensure_certificate(tmp_path / "tls", ["okta.compose.test"])
    assert files.ca.read_bytes() == ca and files.cert.read_bytes() != cert
    assert "okta.compose.test" in _sans(files.cert)


@pytest.mark.parametrize("name", ["cert.pem", "key.pem", "ca.pem", "ca-key.pem"])
def test_damaged_files_are_replaced(tmp_path, name):
    files = ensure_certificate(tmp_path / "tls")
    (tmp_path / "tls" / name).write_text("garbage")
    files = ensure_certificate(tmp_path / "tls")
    x509.load_pem_x509_certificate(files.cert.read_bytes())
    assert _sans(files.cert) >= {"localhost"}


def test_discovery_over_https_with_the_ca(live_tls, no_ca_env):
    for host in ("127.0.0.1", "localhost"):
        url = f"https://{host}:{live_tls.port}/.well-known/openid-configuration"
        response = requests.get(url, verify=str(live_tls.files.ca), timeout=10)
        assert response.status_code == 200
        assert response.json()["issuer"] == f"https://{host}:{live_tls.port}"
        assert response.json()["jwks_uri"].startswith("https://")


def test_without_trusting_the_ca_verification_fails(live_tls, no_ca_env):
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(f"{live_tls.url}/.well-known/openid-configuration", timeout=10)


def test_bad_clients_do_not_block_the_server(live_tls, no_ca_env):
    silent = socket.create_connection(("127.0.0.1", live_tls.port))   # never says a word
    plain = socket.create_connection(("127.0.0.1", live_tls.port))
    plain.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")                # HTTP to a TLS port
    try:
        response = requests.get(f"{live_tls.url}/oauth2/default/v1/keys",
                                verify=str(live_tls.files.ca), timeout=5)
        assert response.status_code == 200
    finally:
        silent.close()
        plain.close()


def test_cli_https_prints_the_ca_and_serves_tls(tmp_path, no_ca_env):
    db = tmp_path / "org.sqlite3"
    process = subprocess.Popen(
        [sys.executable, "-m", "mock_okta", "--port", "0", "--db", str(db), "--https"],
        cwd=tmp_path, env=child_env(), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        text=True)
    try:
        lines: queue.Queue = queue.Queue()
        threading.Thread(target=read_lines, args=(process.stdout, lines), daemon=True).start()
        first, second = lines.get(timeout=START_TIMEOUT), lines.get(timeout=START_TIMEOUT)
        port = int(re.match(r"mock-okta: serving https://127\.0\.0\.1:(\d+) ", first).group(1))
        ca = str((tmp_path / "tls" / "ca.pem").resolve())
        for variable in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "NODE_EXTRA_CA_CERTS"):
            assert f"{variable}={ca} " in second
        discovery = f"https://127.0.0.1:{port}/oauth2/default/.well-known/openid-configuration"
        issuer = f"https://127.0.0.1:{port}/oauth2/default"
        # The advice works as given: requests (the site) reads REQUESTS_CA_BUNDLE ...
        with mock.patch.dict(os.environ, {"REQUESTS_CA_BUNDLE": ca}):
            assert requests.get(discovery, timeout=10).json()["issuer"] == issuer
        # ... and Python's ssl (urllib, aiohttp) reads SSL_CERT_FILE.
        with mock.patch.dict(os.environ, {"SSL_CERT_FILE": ca}):
            context = ssl.create_default_context()
            with urllib.request.urlopen(discovery, context=context, timeout=10) as answer:
                assert json.load(answer)["issuer"] == issuer
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()
