"""A replayed authorization code fails and revokes what the code was
exchanged for (RFC 6749 4.1.2), refreshed tokens included."""

import time

import pytest

from tests.mock_okta.support import REDIRECT_URI, Pkce
from tests.mock_okta.support.token import (
    INTROSPECT,
    TOKEN,
    USERINFO,
    WEB_ID,
    WEB_SECRET,
    authorization_code,
    basic,
    register_standard_apps,
)

CODE_INVALID = {"error": "invalid_grant",
                "error_description": "The authorization code is invalid or has expired."}


@pytest.fixture(autouse=True)
def apps(app):
    register_standard_apps(app)


@pytest.fixture
def issued(client, make_user):
    """A code for a fresh user, and a way to redeem it."""
    pkce = Pkce.new()
    code = authorization_code(client, make_user()["profile"]["login"], client_id=WEB_ID,
                              scope="openid profile offline_access", pkce=pkce)

    def redeem(verifier=pkce.verifier, headers=None):
        return client.post(TOKEN, headers=headers or basic(WEB_ID, WEB_SECRET), data={
            "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI,
            "code_verifier": verifier})

    return redeem


def active(client, token) -> bool:
    return client.post(INTROSPECT, data={"token": token},
                       headers=basic(WEB_ID, WEB_SECRET)).json["active"]


def refresh(client, token):
    return client.post(TOKEN, headers=basic(WEB_ID, WEB_SECRET),
                       data={"grant_type": "refresh_token", "refresh_token": token})


def test_replay_fails_and_revokes_the_tokens_issued(client, issued):
    tokens = issued().json
    assert active(client, tokens["access_token"]) and active(client, tokens["refresh_token"])
    replay = issued()
    assert replay.status_code == 400 and replay.json == CODE_INVALID
    assert not active(client, tokens["access_token"])
    assert not active(client, tokens["refresh_token"])
    userinfo = client.get(USERINFO, headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert userinfo.status_code == 401
    assert refresh(client, tokens["refresh_token"]).json["error"] == "invalid_grant"


def test_replay_revokes_refreshed_tokens_too(client, issued):
    first = issued().json
    second = refresh(client, first["refresh_token"]).json
    issued()
    assert not active(client, second["access_token"])
    assert not active(client, second["refresh_token"])


def test_replay_by_another_client_also_revokes(client, app, issued):
    from tests.mock_okta.support.token import register
    register(app, "0oaAttacker000000001", secret="attacker-secret")
    tokens = issued().json
    replay = issued(headers=basic("0oaAttacker000000001", "attacker-secret"))
    assert replay.json == CODE_INVALID
    assert not active(client, tokens["access_token"])


def test_replay_after_a_failed_redemption_is_still_invalid(client, issued):
    assert issued(verifier="y" * 50).json["error"] == "invalid_grant"
    assert issued().json == CODE_INVALID


def test_other_grants_survive_a_replay(client, make_user, issued):
    from tests.mock_okta.support.token import code_flow
    _, other = code_flow(client, make_user())
    issued()
    issued()
    assert active(client, other["access_token"]) and active(client, other["refresh_token"])


def test_spent_codes_are_forgotten_after_a_day(client, issued, monkeypatch):
    tokens = issued().json
    later = time.time() + 24 * 3600 + 1
    monkeypatch.setattr("mock_okta.directory.tokens.now", lambda: later)
    assert issued().json == CODE_INVALID
    monkeypatch.undo()
    # Past the memory the replay is just an unknown code: nothing more to revoke.
    assert active(client, tokens["refresh_token"])
