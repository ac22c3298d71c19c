"""Browser journeys through both real servers.

Each test gets fresh processes: `python -m mock_okta` on a free port with a
new SQLite file, and `python -m app` on another free port pointed at it. The
browser is pytest-playwright's Chromium (one per session, a fresh context per
test); which Chromium is decided by scripts/ensure_browser.py (see there) and
passed in as E2E_CHROMIUM or the file .venv/chromium-path.

A missing browser fails the run: these tests must never be skipped.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from e2e.chromium import CHROMIUM_FLAGS, MANAGED, SYSTEM_CHROMIUMS

ROOT = Path(__file__).resolve().parent.parent
BROWSER_CHOICE_FILE = ROOT / ".venv" / "chromium-path"
HOW_TO_INSTALL = (
    "No Chromium for the e2e suite. Run `make test` (it provisions one via "
    "scripts/ensure_browser.py), or install one yourself: "
    "`.venv/bin/python -m playwright install chromium`, or `apt-get install chromium`; "
    "or set E2E_CHROMIUM to a Chromium executable."
)
READY_TIMEOUT = 20.0
STOP_GRACE = 5.0
API_TOKEN = "00e2eTestApiToken" + secrets.token_hex(8)
ISOLATED_PREFIXES = ("OKTA_", "MOCK_OKTA_")


# --------------------------------------------------------------------------- browser


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


def _choose_chromium(managed_path: str) -> str | None:
    """`playwright`, a Chromium path, or None when there is none."""
    choice = os.environ.get("E2E_CHROMIUM", "").strip()
    if not choice and BROWSER_CHOICE_FILE.exists():
        choice = BROWSER_CHOICE_FILE.read_text().strip()
    if choice:
        if choice == MANAGED or os.access(choice, os.X_OK):
            return choice
        pytest.fail(f"E2E_CHROMIUM / {BROWSER_CHOICE_FILE} names {choice!r}, which is not executable. "
                    + HOW_TO_INSTALL, pytrace=False)
    # Not provisioned (pytest run by hand): the same preference, without installing.
    if managed_path and os.path.exists(managed_path):
        return MANAGED
    return next((path for path in SYSTEM_CHROMIUMS if os.access(path, os.X_OK)), None)


@pytest.fixture(scope="session")
def e2e_chromium(playwright) -> str:
    choice = _choose_chromium(playwright.chromium.executable_path)
    if choice is None:
        pytest.fail(HOW_TO_INSTALL, pytrace=False)
    return choice


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args, e2e_chromium):
    args = dict(browser_type_launch_args)
    if e2e_chromium != MANAGED:
        args["executable_path"] = e2e_chromium
    args["args"] = [*browser_type_launch_args.get("args", []), *CHROMIUM_FLAGS]
    return args


@pytest.fixture(scope="session")
def base_url():
    # The servers move to new free ports for every test, so pages are opened
    # with absolute URLs from `servers`. (This also replaces pytest-playwright's
    # fallback fixture, a method that pytest 9.2 warns about.)
    return None


@pytest.fixture(scope="session", autouse=True)
def _expect_timeout():
    from playwright.sync_api import expect

    expect.set_options(timeout=10_000)


# --------------------------------------------------------------------------- servers


@dataclass
class Servers:
    site: str  # base URL of the Flask site, no trailing slash
    org: str  # base URL of the mock Okta org
    api_token: str

    @property
    def issuer(self) -> str:
        return f"{self.org}/oauth2/default"


class _Process:
    def __init__(self, name: str, argv: list[str], env: dict[str, str], cwd: Path):
        self.name = name
        self.log_path = cwd / f"{name}.log"
        self._log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(
            argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT
        )

    def output(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(STOP_GRACE)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1) as response:
            return response.status < 500
    except urllib.error.HTTPError as exc:
        return exc.code < 500
    except OSError:
        return False


def _wait_ready(process: _Process, url: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while not _answers(url):
        if process.proc.poll() is not None:
            pytest.fail(
                f"{process.name} exited with code {process.proc.returncode} before answering "
                f"{url}:\n{process.output()}",
                pytrace=False,
            )
        if time.monotonic() > deadline:
            pytest.fail(
                f"{process.name} did not answer {url} within {READY_TIMEOUT:.0f}s:\n{process.output()}",
                pytrace=False,
            )
        time.sleep(0.05)


def _base_env() -> dict[str, str]:
    """This environment minus any Okta settings a developer's shell may carry."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(ISOLATED_PREFIXES)}
    env.pop("SECRET_KEY", None)
    env["PYTHONUNBUFFERED"] = "1"
    # Importable even without `pip install -e .`.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _start_org(tmp_path: Path, site: str, processes: list) -> str:
    """`python -m mock_okta` on a free port, its app redirecting to `site`; its base URL."""
    org_port = _free_port()
    org = f"http://127.0.0.1:{org_port}"
    mock_env = {
        **_base_env(),
        "MOCK_OKTA_REDIRECT_URIS": f"{site}/authorization-code/callback",
        "MOCK_OKTA_POST_LOGOUT_REDIRECT_URIS": f"{site}/",
        "MOCK_OKTA_API_TOKEN": API_TOKEN,
    }
    # cwd is the test's own directory, so neither process reads the
    # developer's ./.env or ./.mock-okta/.
    mock = _Process(
        "mock_okta",
        [sys.executable, "-m", "mock_okta", "--host", "127.0.0.1", "--port", str(org_port),
         "--db", str(tmp_path / "okta.sqlite3")],
        mock_env,
        tmp_path,
    )
    processes.append(mock)
    _wait_ready(mock, f"{org}/oauth2/default/.well-known/openid-configuration")
    return org


@pytest.fixture
def servers(request, tmp_path) -> Servers:
    site_port = _free_port()
    site = f"http://127.0.0.1:{site_port}"
    processes: list[_Process] = []
    request.node.stash[_PROCESSES] = processes
    try:
        org = _start_org(tmp_path, site, processes)
        site_env = {
            **_base_env(),
            "OKTA_ISSUER": f"{org}/oauth2/default",
            "OKTA_ORG_URL": org,
            "OKTA_API_TOKEN": API_TOKEN,
            "SECRET_KEY": secrets.token_urlsafe(32),
        }
        site_proc = _Process(
            "app",
            [sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(site_port)],
            site_env,
            tmp_path,
        )
        processes.append(site_proc)
        _wait_ready(site_proc, f"{site}/")
        yield Servers(site=site, org=org, api_token=API_TOKEN)
    finally:
        for process in reversed(processes):
            process.stop()


class SiteClock:
    """The site's clock (its config CLOCK): real time plus how far the test moved the org's."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


@dataclass
class ClockedServers(Servers):
    """The org as a process, the site on a thread of the test with a clock that moves with
    the org's: for journeys where tokens expire. Call start_site(**settings) before browsing."""

    clock: SiteClock
    start_site: Callable[..., None]

    def advance_clocks(self, seconds: int) -> None:
        """Move the org's clock (the kit's /_mock/clock) and the site's together."""
        body = json.dumps({"advanceSeconds": seconds}).encode()
        request = urllib.request.Request(f"{self.org}/_mock/clock", data=body, method="POST",
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200
        self.clock.offset += seconds


@pytest.fixture
def clocked_servers(request, tmp_path) -> ClockedServers:
    from app import create_app  # the site in this process, to hand it a clock
    from mock_okta.serving.server import run_in_thread

    site_port = _free_port()
    site = f"http://127.0.0.1:{site_port}"
    processes: list[_Process] = []
    request.node.stash[_PROCESSES] = processes
    threads = []
    try:
        org = _start_org(tmp_path, site, processes)
        clock = SiteClock()

        def start(**settings: str) -> None:
            config = {"OKTA_ISSUER": f"{org}/oauth2/default", "OKTA_ORG_URL": org,
                      "OKTA_API_TOKEN": API_TOKEN, "SECRET_KEY": secrets.token_urlsafe(32),
                      "CLOCK": clock, **settings}
            threads.append(run_in_thread(create_app(config), port=site_port))

        yield ClockedServers(site=site, org=org, api_token=API_TOKEN, clock=clock, start_site=start)
    finally:
        for live in threads:
            live.stop()
        for process in reversed(processes):
            process.stop()


_PROCESSES = pytest.StashKey[list]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Attach both servers' output to a failing test's report."""
    report = yield
    if report.failed and call.when == "call":
        for process in item.stash.get(_PROCESSES, []):
            report.sections.append((f"{process.name} output", process.output()[-20_000:]))
    return report
