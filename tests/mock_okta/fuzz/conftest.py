"""The fuzzing suite's live org and its request count.

Each fuzzing test records how many requests it sent as the `fuzz_requests` user
property; the summary adds them up (pytest-xdist carries user properties from
its workers), so `make test` and `make stress` print how many were tried."""

from __future__ import annotations

import pytest

from mock_okta import create_app
from mock_okta.config import ClientSettings, DemoUser, Settings
from mock_okta.testing import start_org
from tests.mock_okta.support import (
    API_TOKEN,
    CLIENT_ID,
    CLIENT_SECRET,
    POST_LOGOUT_URI,
    REDIRECT_URI,
)

FUZZ_REQUESTS = "fuzz_requests"


@pytest.fixture(scope="module")
def live_org():
    with start_org() as org:
        yield org


@pytest.fixture(scope="module")
def fuzz_app():
    """One org for a module's properties: hypothesis runs many examples per test, and
    what one example leaves behind (users, sessions, tokens) is more for the next to meet."""
    app = create_app(Settings(
        db_path=":memory:", api_token=API_TOKEN,
        clients=[ClientSettings(client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                                redirect_uris=[REDIRECT_URI],
                                post_logout_redirect_uris=[POST_LOGOUT_URI])],
        demo_user=DemoUser()))
    yield app
    app.extensions["mock_okta"].store.close()


def pytest_terminal_summary(terminalreporter):
    # Counts are recorded during the test or at its teardown: the teardown report holds all.
    totals: dict[str, int] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "teardown":
                continue
            count = sum(value for name, value in report.user_properties if name == FUZZ_REQUESTS)
            if count:
                module = report.nodeid.split("::")[0].rsplit("/", 1)[-1].removesuffix(".py")
                totals[module] = totals.get(module, 0) + count
    if totals:
        parts = ", ".join(f"{module} {count:,}" for module, count in sorted(totals.items()))
        terminalreporter.write_line(
            f"fuzzing: {sum(totals.values()):,} requests tried ({parts})")
