"""/v1/logout: end the org session, validate the post-logout URI, echo state."""

import jwt
import pytest

from tests.mock_okta.support import POST_LOGOUT_URI, authorize_params

LOGOUT = "/oauth2/default/v1/logout"


def test_logout_ends_the_session_and_returns_with_state(client, tokens):
    _, body = tokens()  # the flow signed the browser in (sid cookie)
    response = client.get(LOGOUT, query_string={
        "id_token_hint": body["id_token"], "post_logout_redirect_uri": POST_LOGOUT_URI,
        "state": "bye"})
    assert response.status_code == 302
    assert response.headers["Location"] == POST_LOGOUT_URI + "?state=bye"
    assert "sid=;" in response.headers["Set-Cookie"]
    # The next authorize needs credentials again.
    again = client.get("/oauth2/default/v1/authorize", query_string=authorize_params())
    assert again.headers["Location"].startswith("/login/login.htm")


def test_logout_without_post_logout_uri_goes_to_sign_in(client, tokens):
    _, body = tokens()
    response = client.get(LOGOUT, query_string={"id_token_hint": body["id_token"]})
    assert response.headers["Location"].startswith("/login/login.htm")


def test_logout_without_a_session_is_not_an_error(client, tokens):
    _, body = tokens()
    client.delete_cookie("sid")
    response = client.get(LOGOUT, query_string={
        "id_token_hint": body["id_token"], "post_logout_redirect_uri": POST_LOGOUT_URI})
    assert response.status_code == 302
    assert response.headers["Location"] == POST_LOGOUT_URI


def test_expired_hint_still_logs_out(client, app, tokens):
    user, body = tokens()
    authz = app.extensions["mock_okta"].servers["default"]
    claims = jwt.decode(body["id_token"], options={"verify_signature": False})
    claims.update(iat=claims["iat"] - 7200, exp=claims["exp"] - 7200)
    expired = authz.keyring.sign(claims)
    response = client.get(LOGOUT, query_string={"id_token_hint": expired,
                                                "post_logout_redirect_uri": POST_LOGOUT_URI})
    assert response.status_code == 302
    assert "sid=;" in response.headers["Set-Cookie"]


@pytest.mark.parametrize("hint, uri, text", [
    (None, POST_LOGOUT_URI, "id_token_hint"),
    ("garbage", POST_LOGOUT_URI, "not a valid ID token"),
    ("VALID", "http://evil.example/", "Logout redirect URI"),
    ("VALID", POST_LOGOUT_URI + "extra", "Logout redirect URI"),
])
def test_bad_logout_requests_are_html_400_pages(client, tokens, hint, uri, text):
    _, body = tokens()
    hint = body["id_token"] if hint == "VALID" else hint
    query = {k: v for k, v in {"id_token_hint": hint, "post_logout_redirect_uri": uri}.items() if v}
    response = client.get(LOGOUT, query_string=query)
    assert response.status_code == 400
    assert "Location" not in response.headers
    assert text in response.get_data(as_text=True)
    # Nothing ended: the org session still answers authorize without a form.
    again = client.get("/oauth2/default/v1/authorize", query_string=authorize_params())
    assert "code=" in again.headers["Location"]


def test_hint_signed_by_someone_else_is_refused(client, tokens):
    from cryptography.hazmat.primitives.asymmetric import rsa
    _, body = tokens()
    claims = jwt.decode(body["id_token"], options={"verify_signature": False})
    forged = jwt.encode(claims, rsa.generate_private_key(public_exponent=65537, key_size=2048),
                        algorithm="RS256",
                        headers={"kid": jwt.get_unverified_header(body["id_token"])["kid"]})
    response = client.get(LOGOUT, query_string={"id_token_hint": forged})
    assert response.status_code == 400
