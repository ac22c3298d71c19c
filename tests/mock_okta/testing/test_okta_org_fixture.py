"""The pytest plugin's `okta_org`: a live org, reset before each test, with
factories and browserless sign-in helpers that speak Okta's APIs."""

from __future__ import annotations

import jwt
import pytest
import requests

from mock_okta.testing import DEFAULT_PASSWORD, OrgError, SignInFailed
from tests.mock_okta.support.hook_receiver import hook_receiver, settled


def test_reset_forgets_what_the_test_made(okta_org):
    user = okta_org.create_user("gone@example.com")
    okta_org.create_group("Temporary")
    okta_org.reset()
    okta_org.api("GET", f"users/{user['id']}", expect=404)
    assert [g["profile"]["name"] for g in okta_org.api("GET", "groups")] == ["Everyone"]
    # The seeded demo user and app are back, untouched.
    assert okta_org.api("GET", "users/demo.user@example.com")["status"] == "ACTIVE"


def test_signing_keys_survive_resets_unless_rotated(okta_org):
    keys = f"{okta_org.issuer()}/v1/keys"
    seeded = requests.get(keys, timeout=10).json()["keys"][0]["kid"]
    okta_org.create_user()
    okta_org.reset()
    assert requests.get(keys, timeout=10).json()["keys"][0]["kid"] == seeded
    rotated = okta_org.api("POST", "authorizationServers/default/credentials/lifecycle/keyRotate",
                           json={"use": "sig"})
    assert seeded not in [key["kid"] for key in rotated if key["status"] == "ACTIVE"]
    okta_org.reset()
    assert [key["kid"] for key in requests.get(keys, timeout=10).json()["keys"]] == [seeded]


@pytest.mark.parametrize("status", ["ACTIVE", "STAGED", "PROVISIONED", "SUSPENDED",
                                    "DEPROVISIONED", "PASSWORD_EXPIRED", "LOCKED_OUT"])
def test_create_user_in_any_status(okta_org, status):
    user = okta_org.create_user(status=status, firstName="Grace")
    assert user["status"] == status and user["profile"]["firstName"] == "Grace"
    assert okta_org.api("GET", f"users/{user['id']}")["status"] == status


def test_create_user_rejects_an_unknown_status(okta_org):
    with pytest.raises(ValueError, match="status must be one of"):
        okta_org.create_user(status="HAPPY")


def test_create_user_with_groups_by_name_or_id(okta_org):
    admins = okta_org.create_group("Admins")
    user = okta_org.create_user(groups=[admins["id"], "Readers"])
    names = sorted(g["profile"]["name"] for g in okta_org.api("GET", f"users/{user['id']}/groups"))
    assert names == ["Admins", "Everyone", "Readers"]


def test_factory_errors_carry_okta_answer(okta_org):
    okta_org.create_user("twice@example.com")
    with pytest.raises(OrgError, match="E0000001"):
        okta_org.create_user("twice@example.com")


def test_sign_in_with_the_seeded_app_gives_verified_tokens(okta_org):
    user = okta_org.create_user("ann@example.com", firstName="Ann")
    tokens = okta_org.sign_in("ann@example.com")
    assert tokens["token_type"] == "Bearer" and tokens["scope"] == "openid profile email"
    jwks = jwt.PyJWKClient(f"{okta_org.issuer()}/v1/keys")
    claims = jwt.decode(tokens["id_token"], jwks.get_signing_key_from_jwt(tokens["id_token"]),
                        algorithms=["RS256"], audience=okta_org.client.client_id,
                        issuer=okta_org.issuer())
    assert claims["sub"] == user["id"] and claims["name"] == "Ann User"


@pytest.mark.parametrize("auth_method", ["client_secret_basic", "none"])
def test_sign_in_through_a_created_app(okta_org, auth_method):
    app = okta_org.create_app("Orders", redirect_uris=["http://localhost:3000/callback"],
                              auth_method=auth_method,
                              application_type="web" if auth_method != "none" else "browser")
    client = okta_org.client_of(app)
    assert (client.client_secret is None) == (auth_method == "none")
    okta_org.create_user("bo@example.com")
    tokens = okta_org.sign_in("bo@example.com", client=client, server="org",
                              scope="openid groups")
    claims = jwt.decode(tokens["id_token"], options={"verify_signature": False})
    assert claims["aud"] == client.client_id and claims["iss"] == okta_org.url
    assert claims["groups"] == ["Everyone"]


def test_sign_in_with_a_wrong_password_fails_clearly(okta_org):
    okta_org.create_user("cy@example.com")
    with pytest.raises(SignInFailed, match="cy@example.com could not sign in: 401"):
        okta_org.sign_in("cy@example.com", "Not-The-Password-1")


def test_signed_in_session_holds_the_org_session(okta_org):
    okta_org.create_user("di@example.com")
    session = okta_org.signed_in_session("di@example.com", DEFAULT_PASSWORD)
    me = session.get(f"{okta_org.url}/api/v1/sessions/me", timeout=10)
    assert me.status_code == 200 and me.json()["login"] == "di@example.com"


def test_outbox_latest_mail_and_its_link(okta_org):
    okta_org.create_user("ed@example.com", status="PROVISIONED")
    mail = okta_org.latest_mail("ed@example.com")
    assert mail["link"].startswith(f"{okta_org.url}/welcome/")
    with pytest.raises(OrgError, match="no mail to nobody@example.com"):
        okta_org.latest_mail("nobody@example.com")


def test_seed_from_a_file_survives_resets(tmp_path):
    # Its own org: a seed changes the seeded state for the rest of a session.
    from mock_okta.testing import start_org

    path = tmp_path / "seed.json"
    path.write_text('{"users": [{"profile": {"login": "seeded@example.com", '
                    '"email": "seeded@example.com", "firstName": "Seed", "lastName": "Ed"}, '
                    f'"credentials": {{"password": {{"value": "{DEFAULT_PASSWORD}"}}}}}}]}}')
    with start_org() as org:
        assert org.seed(path) == {"groups": 0, "users": 1, "apps": 0, "policies": 0}
        org.reset()
        assert org.sign_in("seeded@example.com")["access_token"]


def test_hook_deliveries_reads_what_an_event_hook_received(okta_org):
    with hook_receiver() as receiver:
        hook = okta_org.api("POST", "eventHooks", json={
            "name": "Provision", "events": {"type": "EVENT_TYPE",
                                            "items": ["user.lifecycle.create"]},
            "channel": {"type": "HTTP", "version": "1.0.0", "config": {"uri": receiver.url}}})
        okta_org.api("POST", f"eventHooks/{hook['id']}/lifecycle/verify")
        user = okta_org.create_user("hooked@example.com")
        (record,) = settled(lambda: okta_org.hook_deliveries(hook["id"]))
    assert record["eventType"] == "user.lifecycle.create" and record["status"] == "DELIVERED"
    (post,) = receiver.posts()
    assert post.body["data"]["events"][0]["target"][0]["id"] == user["id"]
    assert okta_org.hook_deliveries("whoSomeOtherHook00") == []
