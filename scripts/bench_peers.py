"""The peers `make bench` compares this project with: other local OIDC mock servers,
installed outside the repository (default ~/.cache/anchors; `--peers DIR`), started on a
free loopback port and driven with the same client as ours (bench_http.Client).

Their logins check no password and take two requests (authorize -> code -> token);
ours is three (authn with the password check -> authorize -> token).

Install them once (npm and Python 3):
    make bench-peers PEERS=DIR
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from urllib.parse import urlencode

from bench_targets import FORM, Counts, Target, basic, measure_all, pkce, query_code

DEFAULT_DIR = Path(os.path.expanduser("~/.cache/anchors"))
REDIRECT = "http://localhost:9/cb"
INSTALL_HINT = __doc__.split("Install them once (npm and Python 3):\n")[1].strip()


def authorize_query(**extra: str) -> str:
    return urlencode({"response_type": "code", "client_id": "c", "redirect_uri": REDIRECT,
                      "scope": "openid", "state": "st", "nonce": "n", **extra})


def _token(client, meta, form: dict, headers: dict | None = None) -> dict:
    status, _, body = client.call("POST", meta["token_endpoint"], urlencode(form),
                                  {"Content-Type": FORM, **(headers or {})})
    return json.loads(body) if status == 200 else {}


class Peer(Target):
    executable = ""  # relative to the peers' directory

    def __init__(self, directory: Path):
        self.directory = directory

    @property
    def command(self) -> Path:
        return self.directory / self.executable

    def installed(self) -> bool:
        return os.access(self.command, os.X_OK)


class Oauth2MockServer(Peer):
    """npm oauth2-mock-server: authorize redirects with a code at once."""

    name = "oauth2-mock-server (node)"
    executable = "node_modules/.bin/oauth2-mock-server"

    def argv(self, port, workdir):
        return [str(self.command), "-a", "127.0.0.1", "-p", str(port)]

    def login(self, client, meta):
        _, headers, _ = client.call("GET", f"{meta['authorization_endpoint']}?{authorize_query()}")
        tokens = _token(client, meta, {"grant_type": "authorization_code", "code": query_code(headers),
                                       "redirect_uri": REDIRECT, "client_id": "c"},
                        {"Authorization": basic("c", "s")})
        return "id_token" in tokens


class OidcProviderMock(Peer):
    """PyPI oidc-provider-mock: the authorize page's form POSTs the subject (no password)."""

    name = "oidc-provider-mock (python)"
    executable = "venv/bin/oidc-provider-mock"

    def argv(self, port, workdir):
        return [str(self.command), "-H", "127.0.0.1", "-p", str(port)]

    def login(self, client, meta):
        _, headers, _ = client.call(
            "POST", f"{meta['authorization_endpoint']}?{authorize_query(scope='openid email')}",
            urlencode({"sub": "alice"}), {"Content-Type": FORM})
        tokens = _token(client, meta, {"grant_type": "authorization_code", "code": query_code(headers),
                                       "redirect_uri": REDIRECT}, {"Authorization": basic("c", "s")})
        return "id_token" in tokens


class MongoOidcMockProvider(Peer):
    """npm @mongodb-js/oidc-mock-provider: authorize redirects at once; PKCE required;
    issues access tokens (its ID token is optional). It answers discovery before its
    signing key exists, so its first token may come some time after its start-up figure."""

    name = "oidc-mock-provider (node, mongodb)"
    executable = "node_modules/.bin/oidc-mock-provider"

    def argv(self, port, workdir):
        return [str(self.command), "-p", str(port), "-h", "127.0.0.1", "-l", "false"]

    def login(self, client, meta):
        verifier, challenge = pkce()
        query = authorize_query(code_challenge=challenge, code_challenge_method="S256")
        _, headers, _ = client.call("GET", f"{meta['authorization_endpoint']}?{query}")
        tokens = _token(client, meta, {"grant_type": "authorization_code", "code": query_code(headers),
                                       "redirect_uri": REDIRECT, "client_id": "c",
                                       "code_verifier": verifier})
        return "access_token" in tokens


PEER_CLASSES = (Oauth2MockServer, OidcProviderMock, MongoOidcMockProvider)


def peers_in(directory: Path) -> list[Peer]:
    return [cls(directory) for cls in PEER_CLASSES]


def missing_note(directory: Path) -> str:
    lines = [line.strip().replace("DIR", str(directory)) for line in INSTALL_HINT.splitlines()]
    return f"peers not installed in {directory}; install them with:\n" + "\n".join(
        "    " + line for line in lines)


def split_installed(directory: Path) -> tuple[list[Peer], dict[str, dict]]:
    """(the peers installed in `directory`, {name: {"missing": path}} for the others)."""
    installed, missing = [], {}
    for peer in peers_in(directory):
        if peer.installed():
            installed.append(peer)
        else:
            missing[peer.name] = {"missing": str(peer.command)}
    return installed, missing


def peers_result(directory: Path, measured: dict[str, dict], missing: dict[str, dict]) -> dict:
    """{"dir", "installed", "note", "servers": {name: figures | {"missing"} | {"error"}}}."""
    servers = {peer.name: measured.get(peer.name) or missing[peer.name] for peer in peers_in(directory)}
    installed = bool(measured)
    return {"dir": str(directory), "installed": installed,
            "note": None if installed else missing_note(directory), "servers": servers}


def run_peers(directory: Path, counts: Counts | None, log=print) -> dict:
    """The peers alone (bench.py measures them interleaved with ours instead)."""
    installed, missing = split_installed(directory)
    measured = measure_all(installed, counts, log=log) if installed else {}
    return peers_result(directory, measured, missing)
