"""Okta revokes tokens when their app or user goes away."""

import pytest

from tests.mock_okta.support import CLIENT_ID, basic_auth

INTROSPECT = "/oauth2/default/v1/introspect"
USERINFO = "/oauth2/default/v1/userinfo"


def active(client, token):
    return client.post(INTROSPECT, data={"token": token}, headers=basic_auth()).json["active"]


def test_deactivating_the_app_revokes_its_tokens(client, app, tokens):
    _, body = tokens()
    assert active(client, body["access_token"]) is True
    from mock_okta.directory.apps import set_app_status
    store = app.extensions["mock_okta"].store
    set_app_status(store, CLIENT_ID, "INACTIVE")
    set_app_status(store, CLIENT_ID, "ACTIVE")  # coming back does not revive old tokens
    assert active(client, body["access_token"]) is False
    response = client.get(USERINFO, headers={"Authorization": f"Bearer {body['access_token']}"})
    assert response.status_code == 401


@pytest.mark.parametrize("how", ["suspend", "deactivate"])
def test_suspending_or_deactivating_the_user_revokes_their_tokens(client, api_headers, tokens,
                                                                  how):
    user, body = tokens()
    response = client.post(f"/api/v1/users/{user['id']}/lifecycle/{how}", headers=api_headers)
    assert response.status_code == 200
    assert active(client, body["access_token"]) is False


def test_unrelated_tokens_stay_active(client, api_headers, tokens):
    first_user, first = tokens()
    _, second = tokens()
    client.post(f"/api/v1/users/{first_user['id']}/lifecycle/suspend", headers=api_headers)
    assert active(client, second["access_token"]) is True
