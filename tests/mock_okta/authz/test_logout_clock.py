"""/v1/logout judges the hint's times on the org's clock (/_mock/clock), as tokens
carry the org's time: a clock moved forward must not make new hints 'invalid'."""

import jwt

from tests.mock_okta.support import POST_LOGOUT_URI

LOGOUT = "/oauth2/default/v1/logout"


def test_a_hint_issued_after_the_clock_moved_forward_logs_out(client, tokens):
    client.post("/_mock/clock", json={"advanceSeconds": 3 * 86400})
    _, body = tokens()   # iat is three days after the real clock
    response = client.get(LOGOUT, query_string={
        "id_token_hint": body["id_token"], "post_logout_redirect_uri": POST_LOGOUT_URI})
    assert response.status_code == 302
    assert response.headers["Location"] == POST_LOGOUT_URI
    assert "sid=;" in response.headers["Set-Cookie"]


def test_a_hint_from_the_orgs_future_is_refused_once_the_clock_goes_back(client, tokens):
    client.post("/_mock/clock", json={"advanceSeconds": 3 * 86400})
    _, body = tokens()
    client.post("/_mock/clock", json={"real": True})
    response = client.get(LOGOUT, query_string={
        "id_token_hint": body["id_token"], "post_logout_redirect_uri": POST_LOGOUT_URI})
    assert response.status_code == 400
    assert "not a valid ID token" in response.get_data(as_text=True)


def test_a_hint_from_another_issuer_is_refused(client, app, tokens):
    _, body = tokens()
    authz = app.extensions["mock_okta"].servers["default"]
    claims = jwt.decode(body["id_token"], options={"verify_signature": False})
    claims["iss"] = "https://elsewhere.example/oauth2/default"
    response = client.get(LOGOUT, query_string={"id_token_hint": authz.keyring.sign(claims),
                                                "post_logout_redirect_uri": POST_LOGOUT_URI})
    assert response.status_code == 400
    assert "Location" not in response.headers
