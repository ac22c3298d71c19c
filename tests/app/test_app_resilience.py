"""The site against an org that fails: driven through the kit's fault injection."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import requests

from app import create_app
from tests.app.support import API_TOKEN, PASSWORD, path_and_query


def arm(live_okta, **fault):
    response = requests.post(f"{live_okta.url}/_mock/faults", json=fault, timeout=10)
    assert response.status_code == 201, response.text


def test_the_issuer_down_at_start_is_a_clear_page_then_the_site_recovers(live_okta, helpers):
    site = create_app(helpers.site_config(OKTA_ISSUER=f"{live_okta.url}/oauth2/default"))\
        .test_client()
    arm(live_okta, endpoint="discovery", kind="http_error", status=503, count=2)
    for _ in range(2):
        down = site.get("/login")
        assert down.status_code == 502
        assert "The sign-in service is unavailable" in down.get_data(as_text=True)
    back = site.get("/login")
    assert back.status_code == 302 and "/oauth2/default/v1/authorize?" in back.headers["Location"]


def test_a_token_endpoint_outage_is_a_502_and_the_next_sign_in_works(live_okta, live_client,
                                                                     make_user, headless_sign_in):
    user = make_user()
    arm(live_okta, endpoint="token", kind="oauth_error", error="temporarily_unavailable")
    down = headless_sign_in(live_client, user["profile"]["login"])
    # A 503 answer reaches the site as an HTTP error: the unavailable page, not a refusal.
    assert down.status_code == 502
    assert "The sign-in service is unavailable" in down.get_data(as_text=True)
    with live_client.session_transaction() as session:
        assert "user" not in session
    assert headless_sign_in(live_client, user["profile"]["login"]).status_code == 302


def test_a_code_issued_to_another_client_is_refused(live_okta, live_client, make_user):
    """The code is real and unexpired, but the org minted it for another app."""
    other = requests.post(f"{live_okta.url}/api/v1/apps", timeout=10,
                          headers={"Authorization": f"SSWS {API_TOKEN}"}, json={
        "name": "oidc_client", "label": "Other", "signOnMode": "OPENID_CONNECT",
        "credentials": {"oauthClient": {"token_endpoint_auth_method": "client_secret_basic"}},
        "settings": {"oauthClient": {
            "application_type": "web", "grant_types": ["authorization_code"],
            "response_types": ["code"],
            "redirect_uris": ["http://localhost/authorization-code/callback"]}}}).json()
    user = make_user()
    started = live_client.get("/login")
    state = parse_qs(urlsplit(started.headers["Location"]).query)["state"][0]
    token = requests.post(f"{live_okta.url}/api/v1/authn", timeout=10, json={
        "username": user["profile"]["login"], "password": PASSWORD}).json()["sessionToken"]
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())\
        .decode().rstrip("=")
    answered = requests.get(f"{live_okta.url}/oauth2/default/v1/authorize", timeout=10,
                            allow_redirects=False, params={
        "client_id": other["credentials"]["oauthClient"]["client_id"], "response_type": "code",
        "scope": "openid", "state": state, "nonce": "n",
        "redirect_uri": "http://localhost/authorization-code/callback",
        "code_challenge": challenge, "code_challenge_method": "S256", "sessionToken": token})
    assert answered.status_code == 302
    response = live_client.get(path_and_query(answered.headers["Location"]))
    assert response.status_code == 400
    with live_client.session_transaction() as session:
        assert "user" not in session


def test_temporarily_unavailable_with_400_is_the_unavailable_page_too(live_okta, live_client,
                                                                      make_user,
                                                                      headless_sign_in):
    user = make_user()
    arm(live_okta, endpoint="token", kind="oauth_error", error="temporarily_unavailable",
        status=400)
    down = headless_sign_in(live_client, user["profile"]["login"])
    assert down.status_code == 502 and "temporarily_unavailable" in down.get_data(as_text=True)
