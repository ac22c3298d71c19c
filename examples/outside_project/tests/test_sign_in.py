"""Sign users in through a local Okta org and call this project's own API.

`okta_org` comes from the kit's pytest plugin: a live org on a free loopback
port, reset to its seeded state before each test.
"""

import pytest

from app import create_app
from mock_okta.testing import SignInFailed


@pytest.fixture
def api(okta_org):
    return create_app(issuer=okta_org.issuer()).test_client()


def test_a_signed_in_user_calls_the_api(okta_org, api):
    user = okta_org.create_user("ann@example.com", firstName="Ann", groups=["Admins"])
    tokens = okta_org.sign_in("ann@example.com")

    response = api.get("/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})

    assert response.status_code == 200
    assert response.json == {"login": "ann@example.com", "user_id": user["id"]}


def test_a_forged_token_is_refused(okta_org, api):
    okta_org.create_user("eve@example.com")
    okta_org.forge("bad_signature", token="access_token")
    tokens = okta_org.sign_in("eve@example.com")

    response = api.get("/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})

    assert response.status_code == 401


def test_an_expired_session_sends_the_user_to_sign_in_again(okta_org, api):
    okta_org.create_user("dee@example.com", firstName="Dee")
    tokens = okta_org.sign_in("dee@example.com")
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert api.get("/profile", headers=headers).json == {"name": "Dee User"}

    okta_org.advance_clock(3601)  # past the access token's hour, without sleeping

    response = api.get("/profile", headers=headers)
    assert response.status_code == 401
    assert response.json == {"error": "your session has ended: sign in again"}


def test_a_suspended_user_cannot_sign_in(okta_org):
    okta_org.create_user("bo@example.com", status="SUSPENDED")
    with pytest.raises(SignInFailed):
        okta_org.sign_in("bo@example.com")


def test_every_test_starts_from_the_seeded_org(okta_org):
    okta_org.api("GET", "users/ann@example.com", expect=404)


def test_a_token_from_another_issuer_is_refused(okta_org, api):
    okta_org.create_user("cy@example.com")
    tokens = okta_org.sign_in("cy@example.com", server="org")  # the org server's issuer

    response = api.get("/me", headers={"Authorization": f"Bearer {tokens['access_token']}"})

    assert response.status_code == 401


def test_this_projects_app_is_its_own(okta_org):
    import app

    assert app.__file__.endswith("outside_project/app/__init__.py")
