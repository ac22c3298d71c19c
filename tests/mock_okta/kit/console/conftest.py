import pytest

from tests.mock_okta.support.console import Console


@pytest.fixture
def console(client):
    return Console(client)


@pytest.fixture
def org(app):
    return app.extensions["mock_okta"]
