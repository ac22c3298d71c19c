"""The fuzzing suite's orgs: a live one for schemathesis, an in-process one for the
hypothesis properties. Each test records how many requests it sent (Tally.record);
tests/conftest.py prints the total."""

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
