#!/usr/bin/env python3
"""Pick the Chromium that the e2e suite drives, installing one if needed.

Run it with the project's virtualenv Python (it needs the `playwright`
package).  It writes its choice to `.venv/chromium-path` (or --out): either
the word `playwright` (use Playwright's own build, no executable_path) or the
absolute path of a system Chromium.  e2e/conftest.py reads that file; the
environment variable E2E_CHROMIUM, when set, wins over both.

Order, first that works:
  0. E2E_CHROMIUM from the environment, or the choice written by an earlier
     run if that browser still launches (so an offline machine does not retry
     the download on every `make test`; `make clean` forgets the choice).
  a. a Playwright-managed Chromium already installed (~/.cache/ms-playwright
     or PLAYWRIGHT_BROWSERS_PATH) for the installed Playwright version;
  b. `python -m playwright install chromium`, bounded by a hard timeout;
  c. a system Chromium (/usr/bin/chromium, or `chromium` on PATH);
  d. as root with apt-get: `apt-get install chromium` (Debian), then (c);
  e. otherwise exit 2 with a message saying what to install.

Why the download (b) is tried before a system Chromium (c), even where one is
installed: Playwright's own build is the one its protocol client is tested
against, so it is preferred wherever it can be had.  Trying costs little where
it cannot: on this offline machine the download fails on DNS in about 3 s
(measured: 3.1 s wall for `playwright install chromium`), and the outcome is
remembered (step 0), so the attempt is paid once, not on every run.  The
timeout (E2E_PLAYWRIGHT_INSTALL_TIMEOUT, default 60 s) only bites on a slow
network; then the system Chromium is used instead.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / ".venv" / "chromium-path"
sys.path.insert(0, str(ROOT))  # one launch recipe for this script and the e2e suite
from e2e.chromium import CHROMIUM_FLAGS, MANAGED, SYSTEM_CHROMIUMS  # noqa: E402

HOW_TO_INSTALL = """\
No Chromium for the e2e suite. Install one of:
  * Playwright's build:   .venv/bin/python -m playwright install chromium
  * Debian/Ubuntu:        sudo apt-get install chromium
then run `make test` again, or point E2E_CHROMIUM at a Chromium executable."""


def log(message: str) -> None:
    print(f"[ensure_browser] {message}", flush=True)


def launches(executable: str | None) -> str | None:
    """Launch headless Chromium once; return None on success, else the error text."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError as exc:  # the venv is not installed
        return f"the playwright package is missing ({exc})"
    options: dict = {"args": list(CHROMIUM_FLAGS), "timeout": 30_000}
    if executable:
        options["executable_path"] = executable
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(**options)
            browser.close()
    except Error as exc:
        return str(exc).strip().splitlines()[0]
    return None


def managed_executable() -> str | None:
    """Path of the Playwright-managed Chromium if it is installed, else None."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        path = p.chromium.executable_path
    return path if path and os.path.exists(path) else None


def try_managed() -> bool:
    path = managed_executable()
    if not path:
        return False
    error = launches(None)
    if error:
        log(f"Playwright's Chromium at {path} does not launch: {error}")
        return False
    log(f"using Playwright's Chromium ({path})")
    return True


def try_playwright_install(timeout: float) -> bool:
    log(f"trying `playwright install chromium` (timeout {timeout:.0f}s)")
    started = time.monotonic()
    # A session of its own, so a timeout kills the node driver and its
    # download helpers too, not only the Python wrapper.
    proc = subprocess.Popen(
        [sys.executable, "-m", "playwright", "install", "chromium"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        log(f"download gave up after {time.monotonic() - started:.1f}s (timeout)")
        return False
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        errors = [line.strip() for line in output.splitlines() if line.strip().startswith("Error:")]
        log(f"download failed after {elapsed:.1f}s: {(errors or [f'exit code {proc.returncode}'])[0]}")
        return False
    log(f"downloaded Playwright's Chromium in {elapsed:.1f}s")
    return try_managed()


def system_chromium() -> str | None:
    found = [c for c in SYSTEM_CHROMIUMS if os.access(c, os.X_OK)]
    on_path = shutil.which("chromium")
    if on_path:
        found.append(on_path)
    return found[0] if found else None


def try_system() -> str | None:
    path = system_chromium()
    if not path:
        return None
    error = launches(path)
    if error:
        log(f"system Chromium {path} does not launch: {error}")
        return None
    log(f"using system Chromium ({path})")
    return path


def try_apt() -> str | None:
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None
    log("installing Debian's chromium with apt-get")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    started = time.monotonic()
    for cmd in (
        ["apt-get", "update", "-q"],
        ["apt-get", "install", "-y", "-q", "--no-install-recommends", "chromium"],
    ):
        try:
            result = subprocess.run(cmd, env=env, timeout=900)
        except subprocess.TimeoutExpired:
            log(f"`{' '.join(cmd)}` timed out")
            return None
        if result.returncode != 0:
            log(f"`{' '.join(cmd)}` failed with exit code {result.returncode}")
            return None
    log(f"apt-get finished in {time.monotonic() - started:.1f}s")
    return try_system()


def remembered(out: Path) -> str | None:
    """The choice from E2E_CHROMIUM or an earlier run, if it still launches."""
    choice = os.environ.get("E2E_CHROMIUM", "").strip()
    source = "E2E_CHROMIUM"
    if not choice and out.exists():
        choice, source = out.read_text().strip(), str(out)
    if not choice:
        return None
    if launches(None if choice == MANAGED else choice) is None:
        log(f"using {choice} (from {source})")
        return choice
    if source == "E2E_CHROMIUM":
        sys.exit(f"E2E_CHROMIUM={choice} does not launch a Chromium")
    log(f"the remembered choice {choice} no longer launches; choosing again")
    return None


def choose(install_timeout: float) -> str | None:
    if try_managed():
        return MANAGED
    if try_playwright_install(install_timeout):
        return MANAGED
    return try_system() or try_apt()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="file to write the choice to")
    parser.add_argument(
        "--install-timeout",
        type=float,
        default=float(os.environ.get("E2E_PLAYWRIGHT_INSTALL_TIMEOUT", "60")),
        help="seconds to allow `playwright install chromium` (default 60)",
    )
    args = parser.parse_args(argv)

    choice = remembered(args.out) or choose(args.install_timeout)
    if not choice:
        print(HOW_TO_INSTALL, file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(choice + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
