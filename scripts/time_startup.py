"""Time create_app (and a live server's start/stop) with and without the lazy
URL-builder rules of mock_okta.serving.routing: the figures behind keeping
that override of Werkzeug's private `Rule._compile_builder`.

    .venv/bin/python scripts/time_startup.py [--runs 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from werkzeug.routing import Rule  # noqa: E402

import mock_okta  # noqa: E402
from mock_okta.config import Settings  # noqa: E402
from mock_okta.serving.routing import LazyBuilderRule  # noqa: E402
from mock_okta.serving.server import run_in_thread  # noqa: E402


def settings() -> Settings:
    return Settings(db_path=":memory:", demo_user=None)


def time_create_app(rule_class, runs: int) -> list[float]:
    mock_okta.LazyBuilderRule = rule_class  # what create_app installs as url_rule_class
    mock_okta.create_app(settings())  # warm imports and template loading
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        app = mock_okta.create_app(settings())
        times.append((time.perf_counter() - began) * 1000)
        app.extensions["mock_okta"].store.close()
    return times


def time_live_server(runs: int) -> list[float]:
    """Start, one request over a kept-alive connection, stop: what a compat test pays."""
    app = mock_okta.create_app(settings())
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        live = run_in_thread(app)
        with urllib.request.urlopen(live.url + "/oauth2/default/v1/keys") as response:
            response.read()
        live.stop()
        times.append((time.perf_counter() - began) * 1000)
    return times


def report(name: str, times: list[float]) -> None:
    print(f"{name:<34} median {statistics.median(times):7.1f} ms   "
          f"min {min(times):7.1f} ms   (n={len(times)})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    runs = parser.parse_args().runs
    report("create_app, Werkzeug's Rule", time_create_app(Rule, runs))
    report("create_app, LazyBuilderRule", time_create_app(LazyBuilderRule, runs))
    mock_okta.LazyBuilderRule = LazyBuilderRule
    report("live server start+request+stop", time_live_server(max(runs // 3, 5)))


if __name__ == "__main__":
    main()
