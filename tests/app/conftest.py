"""Fixtures for the site's tests.

* `app` / `client`: the site with hermetic settings (no `.env`, no process environment).
* `sign_in_as(client, **profile)`: puts a user snapshot in the session, as the callback would.
* `fake_idp`: a tiny scriptable HTTP server for the IdP answers the real mock never gives
  (garbage discovery, 500s, forged or mis-addressed ID tokens). Real HTTP, real Authlib.
* `live_okta` / `live_app` / `make_user` / `headless_sign_in`: the real mock org in a thread.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from app import create_app

TEST_SECRET_KEY = "test-secret-key"
CLIENT_ID = "0oaMockFlaskSite0001"
CLIENT_SECRET = "s3cret-for-tests"
API_TOKEN = "test-token"
PASSWORD = "Correct-Horse-Battery-9"


def closed_port_url() -> str:
    """An http URL on loopback where nothing listens (bound, then released)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    return f"http://127.0.0.1:{port}"


def site_config(**overrides) -> dict:
    config = {
        "TESTING": True,
        "SECRET_KEY": TEST_SECRET_KEY,
        "OKTA_ISSUER": closed_port_url() + "/oauth2/default",
        "OKTA_CLIENT_ID": CLIENT_ID,
        "OKTA_CLIENT_SECRET": CLIENT_SECRET,
        "OKTA_API_TOKEN": API_TOKEN,
        "OKTA_HTTP_TIMEOUT": "5",
    }
    config.update(overrides)
    return config


@pytest.fixture
def app():
    return create_app(site_config())


@pytest.fixture
def client(app):
    return app.test_client()


def user_snapshot(**fields) -> dict:
    snap = {
        "id": "00uTestUser000000001",
        "login": "ada@example.com",
        "email": "ada@example.com",
        "firstName": "Ada",
        "lastName": "Lovelace",
        "status": "ACTIVE",
        "fetched_at": int(time.time()),
    }
    snap.update(fields)
    return snap


@pytest.fixture
def sign_in_as():
    def sign_in(client, id_token: str | None = "header.payload.signature", **fields) -> dict:
        snap = user_snapshot(**fields)
        with client.session_transaction() as session:
            session["user"] = snap
            if id_token is not None:
                session["id_token"] = id_token
        return snap

    return sign_in


def csrf_token_of(client) -> str:
    """The CSRF token the site rendered into its forms for this client's session."""
    page = client.get("/logout").get_data(as_text=True)
    marker = 'name="csrf_token" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


def query_of(url: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}


def path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


# --- a scriptable IdP ------------------------------------------------------------------------


class FakeIdP:
    """Routes map a path to (status, content_type, body) or to a function of the request."""

    def __init__(self, url: str, key):
        self.url = url
        self.issuer = f"{url}/oauth2/default"
        self.key = key
        self.kid = "fake-kid-1"
        self.routes: dict = {}
        self.requests: list[dict] = []

    def json(self, path: str, body, status: int = 200) -> None:
        self.routes[path] = (status, "application/json", json.dumps(body).encode())

    def serve_oidc(self, **discovery_overrides) -> dict:
        base = self.issuer
        discovery = {
            "issuer": base,
            "authorization_endpoint": f"{base}/v1/authorize",
            "token_endpoint": f"{base}/v1/token",
            "jwks_uri": f"{base}/v1/keys",
            "end_session_endpoint": f"{base}/v1/logout",
            "id_token_signing_alg_values_supported": ["RS256"],
        }
        discovery.update(discovery_overrides)
        discovery = {k: v for k, v in discovery.items() if v is not None}
        self.json("/oauth2/default/.well-known/openid-configuration", discovery)
        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update(kid=self.kid, alg="RS256", use="sig")
        self.json("/oauth2/default/v1/keys", {"keys": [jwk]})
        return discovery

    def id_token(self, claims: dict, key=..., kid: str | None = None, alg="RS256") -> str:
        now = int(time.time())
        body = {"iss": self.issuer, "aud": CLIENT_ID, "iat": now, "exp": now + 3600,
                "sub": "00uFakeUser000000001"}
        body.update(claims)
        body = {k: v for k, v in body.items() if v is not None}
        signing_key = self.key if key is ... else key
        return jwt.encode(body, signing_key, algorithm=alg, headers={"kid": kid or self.kid})

    def token_response(self, id_token: str | None) -> None:
        body = {"access_token": "fake-access-token", "token_type": "Bearer", "expires_in": 3600,
                "scope": "openid profile email"}
        if id_token is not None:
            body["id_token"] = id_token
        self.json("/oauth2/default/v1/token", body)

    def user(self, user_id="00uFakeUser000000001", **profile) -> dict:
        body = {"id": user_id, "status": "ACTIVE",
                "profile": {"firstName": "Fay", "lastName": "Kidp", "email": "fay@example.com",
                            "login": "fay@example.com", **profile}}
        self.json(f"/api/v1/users/{user_id}", body)
        return body

    def requests_to(self, path: str) -> list[dict]:
        return [r for r in self.requests if r["path"] == path]


def _handler_for(idp: FakeIdP):
    class Handler(BaseHTTPRequestHandler):
        def _serve(self):
            length = int(self.headers.get("Content-Length") or 0)
            record = {"method": self.command, "path": urlsplit(self.path).path,
                      "query": urlsplit(self.path).query, "headers": dict(self.headers),
                      "body": self.rfile.read(length).decode()}
            idp.requests.append(record)
            route = idp.routes.get(record["path"])
            if callable(route):
                route = route(record)
            not_found = (404, "application/json", b'{"errorCode":"E0000007"}')
            status, content_type, body = route or not_found
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _serve

        def log_message(self, *args):  # keep pytest output clean
            pass

    return Handler


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that timed out on purpose is not news (and would print after the test)


@pytest.fixture(scope="session")
def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def other_rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def fake_idp(rsa_key):
    server = _QuietServer(("127.0.0.1", 0), None)
    idp = FakeIdP(f"http://127.0.0.1:{server.server_address[1]}", rsa_key)
    server.RequestHandlerClass = _handler_for(idp)
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


def basic_auth(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


@pytest.fixture(scope="session")
def helpers():
    """Plain functions the test modules share (conftest modules are not importable by name)."""
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
