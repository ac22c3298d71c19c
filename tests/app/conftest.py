"""Fixtures for the site's tests.

* `app` / `client`: the site with hermetic settings (no `.env`, no process environment).
* `sign_in_as(client, **profile)`: puts a user snapshot in the session, as the callback would.
* `fake_idp`: a tiny scriptable HTTP server for the IdP answers the real mock never gives
  (garbage discovery, 500s, forged or mis-addressed ID tokens). Real HTTP, real Authlib.
* `live_okta` / `live_app` / `make_user` / `headless_sign_in`: the real mock org in a thread.

The plain helpers and constants are in tests/app/support.py, the IdP in tests/app/fake_idp.py.
"""

from __future__ import annotations

import threading
import time
import uuid
from types import SimpleNamespace

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from app import create_app
from tests.app.fake_idp import FakeIdP, QuietServer, handler_for
from tests.app.support import (
    API_TOKEN,
    CLIENT_ID,
    CLIENT_SECRET,
    PASSWORD,
    SiteClock,
    basic_auth,
    closed_port_url,
    csrf_token_of,
    path_and_query,
    query_of,
    site_config,
    user_snapshot,
)


@pytest.fixture
def app():
    return create_app(site_config())


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def sign_in_as():
    """Put a signed-in user in the session, as the callback would: the profile snapshot, the
    ID token and a grant (by default an access token valid for an hour)."""

    def sign_in(client, id_token: str | None = "header.payload.signature", grant=None,
                **fields) -> dict:
        snap = user_snapshot(**fields)
        with client.session_transaction() as session:
            session["user"] = snap
            session["grant"] = grant or {"expires_at": int(time.time()) + 3600,
                                         "access_token": "test-access-token"}
            if id_token is not None:
                session["id_token"] = id_token
        return snap

    return sign_in


# --- a scriptable IdP ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def other_rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def fake_idp(rsa_key):
    server = QuietServer(("127.0.0.1", 0), None)
    idp = FakeIdP(f"http://127.0.0.1:{server.server_address[1]}", rsa_key)
    server.RequestHandlerClass = handler_for(idp)
    # A short poll interval: shutdown() waits for the next poll, once per test.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    yield idp
    server.shutdown()
    server.server_close()


@pytest.fixture
def fake_app(fake_idp):
    return create_app(site_config(OKTA_ISSUER=fake_idp.issuer))


@pytest.fixture
def fake_client(fake_app):
    return fake_app.test_client()


@pytest.fixture(scope="session")
def helpers():
    """The helpers of tests/app/support.py as one object, for the tests written to take it."""
    return SimpleNamespace(
        site_config=site_config, user_snapshot=user_snapshot, csrf_token_of=csrf_token_of,
        query_of=query_of, path_and_query=path_and_query, closed_port_url=closed_port_url,
        basic_auth=basic_auth, CLIENT_ID=CLIENT_ID, CLIENT_SECRET=CLIENT_SECRET,
        API_TOKEN=API_TOKEN, PASSWORD=PASSWORD,
    )


# --- the real mock org, live in a thread -----------------------------------------------------


@pytest.fixture(scope="session")
def live_okta():
    # Imported here so the rest of the suite runs even where mock_okta is absent or broken.
    from mock_okta import create_app as create_mock
    from mock_okta.config import ClientSettings, Settings
    from mock_okta.serving.server import run_in_thread

    settings = Settings(
        db_path=":memory:",
        api_token=API_TOKEN,
        clients=[ClientSettings(
            client_id=CLIENT_ID,
            client_secret=CLIENT_SECRET,
            redirect_uris=["http://localhost/authorization-code/callback"],
            post_logout_redirect_uris=["http://localhost/"],
        )],
        demo_user=None,
    )
    live = run_in_thread(create_mock(settings))
    try:
        yield live
    finally:
        live.stop()


@pytest.fixture
def live_app(live_okta):
    return create_app(site_config(OKTA_ISSUER=f"{live_okta.url}/oauth2/default"))


@pytest.fixture
def live_client(live_app):
    return live_app.test_client()


@pytest.fixture
def make_user(live_okta):
    """Create an ACTIVE user with a unique login in the live org; returns the user JSON."""

    def make(first_name="Grace", last_name="Hopper", password=PASSWORD) -> dict:
        email = f"{first_name.lower()}.{uuid.uuid4().hex[:12]}@example.com"
        response = requests.post(
            f"{live_okta.url}/api/v1/users?activate=true",
            headers={"Authorization": f"SSWS {API_TOKEN}", "Accept": "application/json"},
            json={"profile": {"firstName": first_name, "lastName": last_name, "email": email,
                              "login": email},
                  "credentials": {"password": {"value": password}}},
            timeout=10,
        )
        assert response.status_code == 200, response.text
        return response.json()

    return make


@pytest.fixture
def headless_sign_in(live_okta):
    """Browserless sign-in: authn -> the site's /login -> authorize+sessionToken -> callback.

    Returns the site's response to the callback.
    """

    def sign_in(client, login: str, password: str = PASSWORD, next_path: str | None = None):
        authn = requests.post(f"{live_okta.url}/api/v1/authn",
                              json={"username": login, "password": password}, timeout=10)
        assert authn.status_code == 200, authn.text
        assert authn.json()["status"] == "SUCCESS"
        login_url = "/login" + (f"?next={next_path}" if next_path else "")
        started = client.get(login_url)
        assert started.status_code == 302
        authorize = started.headers["Location"] + "&sessionToken=" + authn.json()["sessionToken"]
        answered = requests.get(authorize, allow_redirects=False, timeout=10)
        assert answered.status_code == 302, answered.text
        callback = answered.headers["Location"]
        assert callback.startswith("http://localhost/authorization-code/callback?"), callback
        return client.get(path_and_query(callback))

    return sign_in


@pytest.fixture
def org(live_okta):
    """The live org through the kit's test client (Okta's APIs and the /_mock/ controls)."""
    from mock_okta.testing.org import Client, OktaOrg

    return OktaOrg(url=live_okta.url, api_token=API_TOKEN,
                   client=Client(CLIENT_ID, CLIENT_SECRET,
                                 "http://localhost/authorization-code/callback"))


@pytest.fixture
def site_clock(org):
    """A clock for the site that moves with the org's; the org's is set back afterwards."""
    clock = SiteClock()
    yield clock
    back = requests.post(f"{org.url}/_mock/clock", json={"real": True}, timeout=10)
    assert back.status_code == 200, back.text
