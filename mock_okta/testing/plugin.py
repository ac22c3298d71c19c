"""The pytest plugin (entry point `pytest11`, active once the kit is installed).

Fixtures:
* `okta_org`: a live org reset to its seeded state before the test (an `OktaOrg`);
* `okta_org_session`: the same org without the reset, for session-scoped setup.

The org starts once per test session (once per worker under pytest-xdist) on a
free loopback port, on a thread. `--mock-okta-process` starts it as a
subprocess instead; `--mock-okta-url URL` (or MOCK_OKTA_URL) uses an org that is
already running, with `--mock-okta-api-token` (or MOCK_OKTA_API_TOKEN).

Only pytest and the standard library are imported here: the plugin loads in
every pytest run of an environment where the kit is installed.
"""

from __future__ import annotations

import os

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("mock-okta", "the local Okta org (mock_okta)")
    group.addoption("--mock-okta-url", default=os.environ.get("MOCK_OKTA_URL"),
                    help="use the org running at this URL instead of starting one "
                         "(default: $MOCK_OKTA_URL)")
    group.addoption("--mock-okta-api-token", default=os.environ.get("MOCK_OKTA_API_TOKEN"),
                    help="that org's API token (default: $MOCK_OKTA_API_TOKEN, else the "
                         "development token)")
    group.addoption("--mock-okta-process", action="store_true",
                    help="start the org as a subprocess (python -m mock_okta) rather than "
                         "on a thread")


@pytest.fixture(scope="session")
def okta_org_session(pytestconfig: pytest.Config):
    """The session's org, as left by the previous test (prefer `okta_org`)."""
    from mock_okta.testing.server import connect_org, start_org, start_org_process

    url = pytestconfig.getoption("mock_okta_url")
    if url:
        yield connect_org(url, pytestconfig.getoption("mock_okta_api_token"))
    elif pytestconfig.getoption("mock_okta_process"):
        with start_org_process() as org:
            yield org
    else:
        with start_org() as org:
            yield org


@pytest.fixture
def okta_org(okta_org_session):
    """A live org in its seeded state: what earlier tests made is gone."""
    okta_org_session.reset()
    return okta_org_session
