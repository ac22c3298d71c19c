"""/login and /authorization-code/callback against a scriptable IdP: the happy path, every
kind of bad answer, and an unreachable IdP."""

import base64
import hashlib
import time

import pytest

from app import create_app

CALLBACK = "http://localhost/authorization-code/callback"
CLIENT_ID = "0oaMockFlaskSite0001"
ISSUER_PLACEHOLDER = object()  # replaced by "{issuer}/" in the test


def start_login(client, helpers, path="/login"):
    response = client.get(path)
    assert response.status_code == 302, response.get_data(as_text=True)
    return helpers.query_of(response.headers["Location"]), response.headers["Location"]


def finish(client, state, code="code-123"):
    return client.get(f"/authorization-code/callback?code={code}&state={state}")


@pytest.fixture
def idp(fake_idp):
    fake_idp.serve_oidc()
    fake_idp.user()
    return fake_idp


def test_login_redirects_to_the_authorization_endpoint_with_pkce(fake_client, idp, helpers):
    params, location = start_login(fake_client, helpers)
    assert location.startswith(f"{idp.issuer}/v1/authorize?")
    assert params["response_type"] == "code"
    assert params["client_id"] == helpers.CLIENT_ID
    assert params["redirect_uri"] == CALLBACK
    assert params["scope"] == "openid profile email"
    assert params["code_challenge_method"] == "S256"
    assert len(params["code_challenge"]) == 43
    assert params["state"] and params["nonce"]


def test_discovery_is_fetched_once_and_lazily(idp, helpers):
    client = create_app(helpers.site_config(OKTA_ISSUER=idp.issuer)).test_client()
    discovery = "/oauth2/default/.well-known/openid-configuration"
    assert idp.requests_to(discovery) == []
    client.get("/")
    assert idp.requests_to(discovery) == []
    start_login(client, helpers)
    start_login(client, helpers)
    assert len(idp.requests_to(discovery)) == 1


def test_successful_sign_in(fake_client, idp, helpers):
    params, _ = start_login(fake_client, helpers)
    id_token = idp.id_token({"nonce": params["nonce"]})
    idp.token_response(id_token)
    with fake_client.session_transaction() as session:
        session["left-over"] = "from before sign-in"

    response = finish(fake_client, params["state"])

    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    with fake_client.session_transaction() as session:
        user = session["user"]
        assert session["id_token"] == id_token
        assert "left-over" not in session  # a new session at sign-in
        assert not [k for k in session if k.startswith("_state_")]
    assert {k: user[k] for k in ("id", "login", "email", "firstName", "lastName", "status")} == {
        "id": "00uFakeUser000000001", "login": "fay@example.com", "email": "fay@example.com",
        "firstName": "Fay", "lastName": "Kidp", "status": "ACTIVE"}
    assert abs(user["fetched_at"] - time.time()) < 5
    page = fake_client.get("/dashboard").get_data(as_text=True)
    assert '<span id="user-first-name">Fay</span>' in page


def test_token_request_uses_basic_auth_pkce_and_the_same_redirect_uri(fake_client, idp, helpers):
    params, _ = start_login(fake_client, helpers)
    idp.token_response(idp.id_token({"nonce": params["nonce"]}))
    finish(fake_client, params["state"], code="the-code")
    [token_request] = idp.requests_to("/oauth2/default/v1/token")
    form = helpers.query_of("?" + token_request["body"])
    assert token_request["headers"]["Authorization"] == helpers.basic_auth(
        helpers.CLIENT_ID, helpers.CLIENT_SECRET)
    assert form["grant_type"] == "authorization_code"
    assert form["code"] == "the-code"
    assert form["redirect_uri"] == CALLBACK
    challenge = base64.urlsafe_b64encode(
        hashlib.sha256(form["code_verifier"].encode()).digest()).rstrip(b"=").decode()
    assert challenge == params["code_challenge"]
    assert "client_secret" not in form
    [users_request] = idp.requests_to("/api/v1/users/00uFakeUser000000001")
    assert users_request["headers"]["Authorization"] == f"SSWS {helpers.API_TOKEN}"


@pytest.mark.parametrize("next_path, landing", [
    ("/", "/"),
    ("/dashboard?tab%3D2", "/dashboard?tab=2"),
    ("//evil.com", "/dashboard"),
    ("https://evil.com", "/dashboard"),
])
def test_sign_in_returns_to_a_safe_next(fake_client, idp, helpers, next_path, landing):
    params, _ = start_login(fake_client, helpers, f"/login?next={next_path}")
    idp.token_response(idp.id_token({"nonce": params["nonce"]}))
    assert finish(fake_client, params["state"]).headers["Location"] == landing


def test_two_tabs_signing_in_each_return_to_their_own_page(fake_client, idp, helpers):
    first, _ = start_login(fake_client, helpers, "/login?next=/first")
    second, _ = start_login(fake_client, helpers, "/login?next=/second")
    idp.token_response(idp.id_token({"nonce": first["nonce"]}))
    assert finish(fake_client, first["state"]).headers["Location"] == "/first"


def test_a_callback_cannot_be_replayed(fake_client, idp, helpers):
    params, _ = start_login(fake_client, helpers)
    idp.token_response(idp.id_token({"nonce": params["nonce"]}))
    assert finish(fake_client, params["state"]).status_code == 302
    replay = finish(fake_client, params["state"])
    assert replay.status_code == 400
    assert "expired or was already used" in replay.get_data(as_text=True)


def _claims(case, nonce):
    now = int(time.time())
    return {
        "wrong audience": {"nonce": nonce, "aud": "0oaSomeOtherClient01"},
        "audience list without us": {"nonce": nonce, "aud": ["0oaSomeOtherClient01"]},
        # Authlib's default checks accept this one (azp only); the site pins aud itself.
        "other audience, azp us": {"nonce": nonce, "aud": "0oaSomeOtherClient01",
                                   "azp": CLIENT_ID},
        "audience list, azp us": {"nonce": nonce, "aud": ["0oaSomeOtherClient01", "api://x"],
                                  "azp": CLIENT_ID},
        "issuer with a trailing slash": {"nonce": nonce, "iss": ISSUER_PLACEHOLDER},
        "not yet valid": {"nonce": nonce, "iat": now + 3600, "exp": now + 7200, "nbf": now + 3600},
        "wrong issuer": {"nonce": nonce, "iss": "https://evil.example.com/oauth2/default"},
        "expired": {"nonce": nonce, "iat": now - 7200, "exp": now - 3600},
        "wrong nonce": {"nonce": "not-the-nonce"},
        "no nonce": {},
        "no subject": {"nonce": nonce, "sub": None},
    }[case]


@pytest.mark.parametrize("case", [
    "wrong audience", "audience list without us", "other audience, azp us",
    "audience list, azp us", "wrong issuer", "issuer with a trailing slash", "not yet valid",
    "expired", "wrong nonce",
    "no nonce", "no subject",
])
def test_id_tokens_with_bad_claims_are_refused(fake_client, idp, helpers, case):
    params, _ = start_login(fake_client, helpers)
    claims = _claims(case, params["nonce"])
    if claims.get("iss") is ISSUER_PLACEHOLDER:
        claims["iss"] = idp.issuer + "/"
    idp.token_response(idp.id_token(claims))
    response = finish(fake_client, params["state"])
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<h1>Sign-in failed</h1>" in page
    assert "could not be verified" in page
    with fake_client.session_transaction() as session:
        assert "user" not in session


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
@pytest.mark.parametrize("case", ["other key, same kid", "other key, unknown kid",
                                  "HS256 with the secret", "alg none", "tampered payload",
                                  "not a jwt"])
def test_forged_id_tokens_are_refused(fake_client, idp, helpers, other_rsa_key, case):
    params, _ = start_login(fake_client, helpers)
    claims = {"nonce": params["nonce"]}
    if case == "other key, same kid":
        token = idp.id_token(claims, key=other_rsa_key)
    elif case == "other key, unknown kid":
        token = idp.id_token(claims, key=other_rsa_key, kid="unknown-kid")
    elif case == "HS256 with the secret":
        token = idp.id_token(claims, key=helpers.CLIENT_SECRET, alg="HS256")
    elif case == "alg none":
        token = idp.id_token(claims, key=None, alg="none")
    elif case == "tampered payload":
        header, _, signature = idp.id_token(claims).split(".")
        other_payload = idp.id_token({**claims, "sub": "00uSomeoneElse000001"}).split(".")[1]
        token = ".".join([header, other_payload, signature])
    else:
        token = "definitely-not-a-jwt"
    idp.token_response(token)
    response = finish(fake_client, params["state"])
    assert response.status_code == 400, response.get_data(as_text=True)
    assert "<h1>Sign-in failed</h1>" in response.get_data(as_text=True)
    with fake_client.session_transaction() as session:
        assert "user" not in session


def test_token_endpoint_error_is_a_400_page(fake_client, idp, helpers):
    params, _ = start_login(fake_client, helpers)
    idp.json("/oauth2/default/v1/token", {"error": "invalid_grant",
              "error_description": "The authorization code is invalid or has expired."}, status=400)
    response = finish(fake_client, params["state"])
    assert response.status_code == 400
    assert "invalid_grant" in response.get_data(as_text=True)


def test_token_response_without_id_token_is_refused(fake_client, idp, helpers):
    params, _ = start_login(fake_client, helpers)
    idp.token_response(None)
    response = finish(fake_client, params["state"])
    assert response.status_code == 400
    assert "did not return an ID token" in response.get_data(as_text=True)


@pytest.mark.parametrize("status, content_type, body", [
    (500, "text/html", b"<h1>oops</h1>"),
    (503, "application/json", b'{"error":"temporarily_unavailable"}'),
    (200, "text/html", b"<html>a proxy page</html>"),
])
def test_token_endpoint_failure_is_a_502_page(fake_client, idp, helpers, status, content_type,
                                              body):
    params, _ = start_login(fake_client, helpers)
    idp.routes["/oauth2/default/v1/token"] = (status, content_type, body)
    response = finish(fake_client, params["state"])
    assert response.status_code == 502
    assert "<h1>The sign-in service is unavailable</h1>" in response.get_data(as_text=True)


def test_unreachable_token_endpoint_is_a_502_page(fake_idp, helpers):
    fake_idp.serve_oidc(token_endpoint=helpers.closed_port_url() + "/token")
    client = create_app(helpers.site_config(OKTA_ISSUER=fake_idp.issuer)).test_client()
    params, _ = start_login(client, helpers)
    assert finish(client, params["state"]).status_code == 502


@pytest.mark.parametrize("user_route", [
    (404, "application/json", b'{"errorCode":"E0000007","errorSummary":"Not found"}'),
    (401, "application/json", b'{"errorCode":"E0000011","errorSummary":"Invalid token provided"}'),
    (200, "application/json", b'{"id":"00uSomeoneElse000001","profile":{}}'),
])
def test_users_api_failure_during_sign_in_is_a_502_page(fake_client, idp, helpers, user_route):
    params, _ = start_login(fake_client, helpers)
    idp.token_response(idp.id_token({"nonce": params["nonce"]}))
    idp.routes["/api/v1/users/00uFakeUser000000001"] = user_route
    response = finish(fake_client, params["state"])
    assert response.status_code == 502
    assert "account details could not be loaded" in response.get_data(as_text=True)
    with fake_client.session_transaction() as session:
        assert "user" not in session


# --- answers that never reach the IdP --------------------------------------------------------

@pytest.mark.parametrize("query, shown", [
    ("error=access_denied&state=x"
     "&error_description=User+is+not+assigned+to+the+client+application.",
     "User is not assigned to the client application."),
    ("error=login_required&state=x", "No description was given."),
    ("error=&error_description=", "No description was given."),
    ("error=x&error_description=%3Cscript%3Ealert(1)%3C/script%3E",
     "&lt;script&gt;alert(1)&lt;/script&gt;"),
])
def test_oauth_error_in_the_callback_is_a_400_page(client, query, shown):
    response = client.get(f"/authorization-code/callback?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<h1>Sign-in failed</h1>" in page
    assert shown in page
    assert "<script>alert" not in page


@pytest.mark.parametrize("query", ["", "code=abc", "state=abc", "code=&state=", "code=abc&state="])
def test_incomplete_callback_is_a_400_page(client, query):
    response = client.get(f"/authorization-code/callback?{query}")
    assert response.status_code == 400
    assert "incomplete" in response.get_data(as_text=True)


def test_unknown_state_is_a_400_page(client):
    response = client.get("/authorization-code/callback?code=abc&state=never-issued")
    assert response.status_code == 400
    assert "expired or was already used" in response.get_data(as_text=True)


def test_state_from_another_session_is_refused(fake_idp, helpers):
    fake_idp.serve_oidc()
    app = create_app(helpers.site_config(OKTA_ISSUER=fake_idp.issuer))
    victim, attacker = app.test_client(), app.test_client()
    params, _ = start_login(attacker, helpers)
    response = finish(victim, params["state"])
    assert response.status_code == 400
    assert fake_idp.requests_to("/oauth2/default/v1/token") == []


# --- IdP down or broken before the browser even leaves -------------------------------------

@pytest.mark.parametrize("path", ["/login", "/register", "/login?next=/dashboard"])
def test_unreachable_idp_is_a_502_page(client, path):
    response = client.get(path)
    page = response.get_data(as_text=True)
    assert response.status_code == 502
    assert "<h1>The sign-in service is unavailable</h1>" in page
    assert "Traceback" not in page


@pytest.mark.parametrize("route", [
    (500, "text/html", b"<h1>down</h1>"),
    (404, "application/json", b'{"errorCode":"E0000022"}'),
    (200, "text/html", b"<html>captive portal</html>"),
    (200, "application/json", b"[]"),
    (200, "application/json", b'{"issuer": "x"}'),  # no authorization_endpoint
])
def test_broken_discovery_is_a_502_page(fake_client, fake_idp, route):
    fake_idp.routes["/oauth2/default/.well-known/openid-configuration"] = route
    for path in ("/login", "/register"):
        assert fake_client.get(path).status_code == 502


def test_repeated_login_clicks_keep_the_cookie_small(fake_client, idp, helpers):
    # Browsers drop cookies over 4 KB, which would silently break every later sign-in.
    states = [start_login(fake_client, helpers)[0]["state"] for _ in range(20)]
    cookie = fake_client.get_cookie("flask_site_session")
    assert len(cookie.value) < 3000
    # The newest attempts still work; the oldest were forgotten (a 400 page, not a 500).
    assert finish(fake_client, states[0]).status_code == 400
    latest = helpers.query_of(fake_client.get("/login").headers["Location"])
    idp.token_response(idp.id_token({"nonce": latest["nonce"]}))
    assert finish(fake_client, latest["state"]).status_code == 302
