"""`make bench` browser section: the whole journey a developer clicks through, timed.

Starts `python -m mock_okta` and the example site (`python -m app`) on free loopback
ports with fresh state, as e2e/conftest.py does, and drives Chromium (Playwright; the
executable named in .venv/chromium-path, see scripts/ensure_browser.py) through
home -> "Log In" -> the org's hosted sign-in page -> dashboard -> "Log Out" -> home,
in a fresh browser context per run. Reports the median (and first) run, its steps,
the two servers' start and the browser's launch."""

from __future__ import annotations

import os
import re
import secrets
import sys
import tempfile
import time
from pathlib import Path

from bench_http import Server, clean_env, free_port, median
from bench_targets import DEMO_LOGIN, DEMO_PASSWORD, ROOT

CHOICE_FILE = ROOT / ".venv" / "chromium-path"
STEP_TIMEOUT_MS = 15_000
API_TOKEN = "00BenchBrowserApiToken"


def chromium_choice() -> str | None:
    """The e2e suite's Chromium: "playwright" (its own) or an executable path; None if unset.
    E2E_CHROMIUM wins over the file, as in e2e/conftest.py."""
    if os.environ.get("E2E_CHROMIUM", "").strip():
        return os.environ["E2E_CHROMIUM"].strip()
    if CHOICE_FILE.exists():
        choice = CHOICE_FILE.read_text().strip()
        return choice or None
    return None


def start_servers(tmp: Path) -> tuple[list[Server], str, str, float]:
    """The org and the site, pointed at each other: (servers, org, site, ms until both answer)."""
    org_port, site_port = free_port(), free_port()
    org, site = f"http://127.0.0.1:{org_port}", f"http://127.0.0.1:{site_port}"
    common = {"PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
    mock = Server([sys.executable, "-m", "mock_okta", "--host", "127.0.0.1", "--port", str(org_port),
                   "--db", str(tmp / "okta.sqlite3")], cwd=tmp, env=clean_env(
        MOCK_OKTA_REDIRECT_URIS=f"{site}/authorization-code/callback",
        MOCK_OKTA_POST_LOGOUT_REDIRECT_URIS=f"{site}/", MOCK_OKTA_API_TOKEN=API_TOKEN, **common))
    app = Server([sys.executable, "-m", "app", "--host", "127.0.0.1", "--port", str(site_port)],
                 cwd=tmp, env=clean_env(OKTA_ISSUER=f"{org}/oauth2/default", OKTA_ORG_URL=org,
                                        OKTA_API_TOKEN=API_TOKEN,
                                        SECRET_KEY=secrets.token_urlsafe(32), **common))
    servers = [mock]
    began = time.perf_counter()
    mock.start(org, "/oauth2/default/.well-known/openid-configuration")
    servers.append(app)
    app.start(site, "/")
    return servers, org, site, (time.perf_counter() - began) * 1000


def journey(browser, org: str, site: str) -> dict[str, float]:
    """One sign-in and sign-out in a fresh context: milliseconds per step and in all."""
    from playwright.sync_api import expect

    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        marks = {}
        began = time.perf_counter()

        def mark(name: str) -> None:
            marks[name] = (time.perf_counter() - began) * 1000

        page.goto(site + "/")
        expect(page.locator("a#login")).to_be_visible()
        mark("home")
        page.locator("a#login").click()
        expect(page).to_have_url(re.compile(re.escape(org) + r"/login/login\.htm"))
        expect(page.locator("#okta-signin-username")).to_be_visible()
        mark("sign_in_page")
        page.locator("#okta-signin-username").fill(DEMO_LOGIN)
        page.locator("#okta-signin-password").fill(DEMO_PASSWORD)
        page.locator("#okta-signin-submit").click()
        expect(page).to_have_url(re.compile(re.escape(site) + r"/dashboard"))
        expect(page.locator("#user-first-name")).to_have_text("Demo")
        mark("dashboard")
        page.locator("form button#logout").click()
        expect(page.locator("a#login")).to_be_visible()
        expect(page).to_have_url(re.compile(re.escape(site) + r"/(\?.*)?$"))
        mark("signed_out_home")
        return {"total_ms": marks["signed_out_home"], "steps_ms": steps(marks)}
    finally:
        context.close()


def steps(marks: dict[str, float]) -> dict[str, float]:
    """Cumulative marks -> each step's own duration."""
    out, previous = {}, 0.0
    for name, at in marks.items():
        out[name] = at - previous
        previous = at
    return out


def run_browser(runs: int, log=print) -> dict:
    choice = chromium_choice()
    if choice is None:
        return {"skipped": f"no Chromium chosen ({CHOICE_FILE} missing): run `make browser` first"}
    sys.path.insert(0, str(ROOT))
    from playwright.sync_api import sync_playwright

    from e2e.chromium import CHROMIUM_FLAGS, MANAGED

    with tempfile.TemporaryDirectory() as tmp:
        servers: list[Server] = []
        try:
            servers, org, site, servers_ms = start_servers(Path(tmp))
            with sync_playwright() as playwright:
                launch = {"args": list(CHROMIUM_FLAGS), "headless": True}
                if choice != MANAGED:
                    launch["executable_path"] = choice
                began = time.perf_counter()
                browser = playwright.chromium.launch(**launch)
                launch_ms = (time.perf_counter() - began) * 1000
                try:
                    results = []
                    for n in range(runs):
                        log(f"  journey {n + 1}/{runs} ...")
                        results.append(journey(browser, org, site))
                finally:
                    browser.close()
        finally:
            for server in reversed(servers):
                server.stop()
    totals = [r["total_ms"] for r in results]
    middle = sorted(results, key=lambda r: r["total_ms"])[(len(results) - 1) // 2]
    return {"runs": runs, "journey_median_ms": median(totals), "journey_first_ms": totals[0],
            "journey_min_ms": min(totals), "median_run_steps_ms": middle["steps_ms"],
            "servers_start_ms": servers_ms, "browser_launch_ms": launch_ms,
            "chromium": choice}
