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
from jwkest import BadSignature
from oic.oic import Client
from oic.oic.message import AuthorizationResponse, RegistrationResponse
from oic.utils.authn.client import CLIENT_AUTHN_METHOD

from mock_okta import create_app
from mock_okta.config import DemoUser, Settings
from mock_okta.serving.server import run_in_thread

CLIENT_ID = "0oaPyoidcClient00001"
CLIENT_SECRET = "pyoidc-client-secret-0123456789abcdef"
REDIRECT_URI = "http://127.0.0.1:5999/cb"
POST_LOGOUT_URI = "http://127.0.0.1:5999/"
DEMO = DemoUser()


@pytest.fixture(scope="module")
def org():
    settings = Settings(db_path=":memory:", api_token="compat-token", demo_user=DEMO, clients=[])
    live = run_in_thread(create_app(settings))
    # Registered the way a team would: through Okta's Apps API, with refresh tokens allowed.
    created = requests.post(f"{live.url}/api/v1/apps", timeout=10,
                            headers={"Authorization": "SSWS compat-token"}, json={
        "name": "oidc_client", "label": "pyoidc", "signOnMode": "OPENID_CONNECT",
        "credentials": {"oauthClient": {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                                        "token_endpoint_auth_method": "client_secret_basic"}},
        "settings": {"oauthClient": {"application_type": "web", "redirect_uris": [REDIRECT_URI],
                                     "post_logout_redirect_uris": [POST_LOGOUT_URI],
                                     "response_types": ["code"],
                                     "grant_types": ["authorization_code", "refresh_token"]}}})
    assert created.status_code == 200, created.text
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
    with pytest.raises(BadSignature):
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


def test_refresh_rotates_and_keeps_the_subject(org, rp):
    state, first = sign_in(org, rp, scope=("openid", "profile", "offline_access"))
    assert "refresh_token" in first
    refreshed = rp.do_access_token_refresh(state=state, authn_method="client_secret_basic")
    assert refreshed["access_token"] != first["access_token"]
    assert refreshed["refresh_token"] != first["refresh_token"]  # rotation
    assert refreshed["id_token"]["sub"] == first["id_token"]["sub"]


def introspect(rp, token, hint):
    from oic.extension.client import Client as ExtensionClient
    extension = ExtensionClient(client_id=CLIENT_ID, client_authn_method=CLIENT_AUTHN_METHOD)
    extension.provider_info = rp.provider_info
    extension.client_secret = CLIENT_SECRET
    extension.introspection_endpoint = rp.provider_info["introspection_endpoint"]
    extension.revocation_endpoint = rp.provider_info["revocation_endpoint"]
    return extension, extension.do_token_introspection(
        request_args={"token": token, "token_type_hint": hint},
        authn_method="client_secret_basic")


def test_introspect_then_revoke_then_inactive(org, rp):
    _, tokens = sign_in(org, rp)
    extension, active = introspect(rp, tokens["access_token"], "access_token")
    assert active["active"] is True
    assert active["client_id"] == CLIENT_ID and active["username"] == DEMO.login
    status = extension.do_token_revocation(
        request_args={"token": tokens["access_token"], "token_type_hint": "access_token"},
        authn_method="client_secret_basic")
    assert status == 200
    _, after = introspect(rp, tokens["access_token"], "access_token")
    assert after["active"] is False
