"""An independent, strict OIDC relying party (pyoidc's `oic`) against a live mock.

pyoidc checks the discovery issuer against the one it asked for, verifies ID
token signatures with the published keys, and checks iss, aud, exp, iat and
the nonce it sent. It shares no code with Authlib, so agreement here means
the mock speaks the protocol, not one library's reading of it.
"""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

import pytest
import requests
from oic.oic import Client
from oic.oic.message import AuthorizationResponse, RegistrationResponse
from oic.utils.authn.client import CLIENT_AUTHN_METHOD

from mock_okta import create_app
from mock_okta.config import ClientSettings, DemoUser, Settings
from mock_okta.server import run_in_thread

CLIENT_ID = "0oaPyoidcClient00001"
CLIENT_SECRET = "pyoidc-client-secret-0123456789abcdef"
REDIRECT_URI = "http://127.0.0.1:5999/cb"
POST_LOGOUT_URI = "http://127.0.0.1:5999/"
DEMO = DemoUser()


@pytest.fixture(scope="module")
def org():
    settings = Settings(db_path=":memory:", api_token="compat-token", demo_user=DEMO,
                        clients=[ClientSettings(client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                                                redirect_uris=[REDIRECT_URI],
                                                post_logout_redirect_uris=[POST_LOGOUT_URI])])
    live = run_in_thread(create_app(settings))
    yield live
    live.stop()


@pytest.fixture
def rp(org):
    client = Client(client_id=CLIENT_ID, client_authn_method=CLIENT_AUTHN_METHOD)
    client.provider_config(f"{org.url}/oauth2/default")
    client.store_registration_info(RegistrationResponse(
        client_id=CLIENT_ID, client_secret=CLIENT_SECRET, redirect_uris=[REDIRECT_URI],
        token_endpoint_auth_method="client_secret_basic"))
    client.redirect_uris = [REDIRECT_URI]
    return client


def sign_in(org, rp, scope=("openid", "profile", "email")):
    """Browserless: authn for a sessionToken, then the RP's own authorize request."""
    token = requests.post(f"{org.url}/api/v1/authn", timeout=10,
                          json={"username": DEMO.login, "password": DEMO.password}).json()
    state, nonce = secrets.token_urlsafe(12), secrets.token_urlsafe(12)
    pkce_args, verifier = rp.add_code_challenge()
    args = {"client_id": CLIENT_ID, "response_type": "code", "scope": list(scope),
            "nonce": nonce, "redirect_uri": REDIRECT_URI, "state": state,
            "sessionToken": token["sessionToken"], **pkce_args}
    url = rp.construct_AuthorizationRequest(request_args=args).request(rp.authorization_endpoint)
    redirect = requests.get(url, allow_redirects=False, timeout=10)
    assert redirect.status_code == 302
    response = rp.parse_response(AuthorizationResponse, info=urlsplit(redirect.headers["Location"]).query,
                                 sformat="urlencoded")
    assert response["state"] == state
    tokens = rp.do_access_token_request(
        state=state, request_args={"code": response["code"], "code_verifier": verifier},
        authn_method="client_secret_basic")
    return state, tokens


def test_discovery_satisfies_a_strict_rp(org, rp):
    # provider_config() raises if the document's issuer differs from the one asked for.
    assert rp.provider_info["issuer"] == f"{org.url}/oauth2/default"
    assert rp.provider_info["code_challenge_methods_supported"] == ["S256"]


def test_the_rp_really_checks_signatures(org, rp):
    """A control: the same claims signed by another key are refused by pyoidc."""
    import jwt as pyjwt
    from cryptography.hazmat.primitives.asymmetric import rsa
    from oic.oic.message import IdToken
    _, tokens = sign_in(org, rp)
    genuine = tokens["id_token"].jwt
    forged = pyjwt.encode(pyjwt.decode(genuine, options={"verify_signature": False}),
                          rsa.generate_private_key(public_exponent=65537, key_size=2048),
                          algorithm="RS256", headers=pyjwt.get_unverified_header(genuine))
    IdToken().from_jwt(genuine, keyjar=rp.keyjar)
    with pytest.raises(Exception):
        IdToken().from_jwt(forged, keyjar=rp.keyjar)


def test_code_flow_with_pkce_gives_a_verified_id_token(org, rp):
    _, tokens = sign_in(org, rp)
    id_token = tokens["id_token"]  # already verified: signature, iss, aud, exp, nonce
    assert id_token["iss"] == f"{org.url}/oauth2/default"
    assert id_token["aud"] == [CLIENT_ID] or id_token["aud"] == CLIENT_ID
    assert id_token["sub"].startswith("00u")
    assert tokens["token_type"] == "Bearer"


def test_userinfo_for_the_same_subject(org, rp):
    state, tokens = sign_in(org, rp)
    info = rp.do_user_info_request(state=state, method="GET")
    assert info["sub"] == tokens["id_token"]["sub"]
    assert info["email"] == DEMO.login
    assert info["given_name"] == DEMO.first_name


def test_end_session_request_returns_to_the_registered_uri(org, rp):
    state, tokens = sign_in(org, rp)
    request = rp.construct_EndSessionRequest(state=state, request_args={
        "post_logout_redirect_uri": POST_LOGOUT_URI, "state": "bye",
        "id_token_hint": tokens["id_token"].jwt})
    url = request.request(rp.provider_info["end_session_endpoint"])
    response = requests.get(url, allow_redirects=False, timeout=10)
    assert response.status_code == 302
    assert response.headers["Location"] == POST_LOGOUT_URI + "?state=bye"
