"""Fixtures for the Okta SDK compatibility tests: a live mock org on a thread and
an `okta.client.Client` pointed at it.

The SDK is imported inside the fixtures (it takes seconds to import), so the
other compatibility tests in this folder do not pay for it.
"""

from __future__ import annotations

import os

import pytest

from mock_okta import create_app
from mock_okta.config import Settings
from mock_okta.serving.server import run_in_thread
from tests.compat.sdk_support import LOCKOUT_ATTEMPTS


@pytest.fixture(scope="module")
def sdk_org():
    """One org per test module; tests keep to their own users (unique logins)."""
    from .sdk_support import API_TOKEN
    settings = Settings(db_path=":memory:", api_token=API_TOKEN, demo_user=None,
                        lockout_attempts=LOCKOUT_ATTEMPTS)
    app = create_app(settings)
    with run_in_thread(app) as live:
        yield live
    app.extensions["mock_okta"].store.close()


@pytest.fixture
def okta_env(monkeypatch):
    """Keep a developer's own SDK settings (OKTA_CLIENT_TOKEN, ...) out of the tests."""
    for name in list(os.environ):
        if name.startswith("OKTA_CLIENT_") or name.startswith("OKTA_TESTING_"):
            monkeypatch.delenv(name)
    return monkeypatch


@pytest.fixture
def sdk(sdk_org, okta_env):
    """The official client, configured the way an application would configure it."""
    # The SDK refuses http:// org URLs unless this is set; the constructor dict cannot
    # carry it (it is merged under `client`, the setting lives under `testing`).
    okta_env.setenv("OKTA_TESTING_TESTINGDISABLEHTTPSCHECK", "true")
    from okta.client import Client

    from .sdk_support import API_TOKEN
    return Client({"orgUrl": sdk_org.url, "token": API_TOKEN})
