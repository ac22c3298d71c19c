"""/v1/authorize: Okta's error routing, sign-in hand-off, sessionToken and SSO."""

import pytest

from tests.mock_okta.support import CLIENT_ID, REDIRECT_URI, authorize_params, redirect_params, session_token

AUTHORIZE = "/oauth2/default/v1/authorize"


def error_page(response) -> str:
    assert response.status_code == 400
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


@pytest.mark.parametrize("overrides, code, text", [
    ({"client_id": "0oaUnknownClient0000"}, "invalid_client", "Invalid value for &#39;client_id&#39;"),
    ({"client_id": None}, "invalid_client", "client_id"),
    ({"redirect_uri": "http://localhost:5000/elsewhere"}, "invalid_request", "Login redirect URI"),
    ({"redirect_uri": REDIRECT_URI + "/"}, "invalid_request", "Login redirect URI"),
    ({"redirect_uri": None}, "invalid_request", "Login redirect URI"),
])
def test_bad_client_or_redirect_uri_is_an_html_page_never_a_redirect(client, overrides, code, text):
    response = client.get(AUTHORIZE, query_string=authorize_params(**overrides))
    assert "Location" not in response.headers
    html = error_page(response)
    assert code in html and text in html


def test_unknown_server_on_authorize_is_an_html_page(client):
    response = client.get("/oauth2/nope/v1/authorize", query_string=authorize_params())
    assert "The authorization server id is invalid." in error_page(response)


@pytest.mark.parametrize("overrides, error", [
    ({"scope": "openid bogus"}, "invalid_scope"),
    ({"scope": None}, "invalid_scope"),
    ({"response_type": "none"}, "unsupported_response_type"),
    ({"response_type": "code code"}, "unsupported_response_type"),
    ({"response_type": None}, "unsupported_response_type"),
    ({"response_mode": "carrier_pigeon"}, "unsupported_response_mode"),
    ({"prompt": "select_account"}, "invalid_request"),
    ({"prompt": "none login"}, "invalid_request"),
    ({"scope": "profile email"}, "invalid_scope"),
    ({"code_challenge_method": "plain"}, "invalid_request"),
    ({"code_challenge": "short"}, "invalid_request"),
    ({"max_age": "soon"}, "invalid_request"),
    ({"prompt": "none"}, "login_required"),
])
def test_other_errors_redirect_back_with_error_and_state(client, overrides, error):
    response = client.get(AUTHORIZE, query_string=authorize_params(**overrides))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(REDIRECT_URI + "?")
    params = redirect_params(response)
    assert params["error"] == error
    assert params["error_description"]
    assert params["state"] == "state-123"
    assert "code" not in params


def test_signed_out_browser_is_sent_to_sign_in_with_a_parked_request(client):
    response = client.get(AUTHORIZE, query_string=authorize_params(login_hint="a@example.com"))
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/login/login.htm?")
    assert "fromURI=/oauth2/default/v1/authorize/redirect?okta_key" in location
    page = client.get(location).get_data(as_text=True)
    assert 'value="a@example.com"' in page


def test_sign_in_then_resume_issues_code_with_original_state(client, make_user):
    user = make_user()
    start = client.get(AUTHORIZE, query_string=authorize_params())
    page = client.get(start.headers["Location"]).get_data(as_text=True)
    import re
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    from_uri = re.search(r'name="fromURI" value="([^"]+)"', page).group(1).replace("&amp;", "&")
    signed = client.post("/login/login.htm", data={
        "username": user["profile"]["login"], "password": "Correct-Horse-42",
        "csrf_token": csrf, "fromURI": from_uri})
    assert signed.status_code == 302 and signed.headers["Location"] == from_uri
    done = client.get(from_uri)
    assert done.status_code == 302
    params = redirect_params(done)
    assert params["state"] == "state-123" and params["code"]
    # The parked request is spent: a replay of the resume URL is an error page.
    assert "expired" in error_page(client.get(from_uri))


def test_resume_with_unknown_key_is_an_error_page(client):
    response = client.get("/oauth2/default/v1/authorize/redirect?okta_key=nope")
    assert "expired or was already completed" in error_page(response)


def test_session_token_signs_in_and_sets_org_session(client, make_user):
    user = make_user()
    token = session_token(client, user["profile"]["login"])
    response = client.get(AUTHORIZE, query_string=authorize_params(sessionToken=token,
                                                                   prompt="none"))
    assert response.status_code == 302
    assert redirect_params(response)["code"]
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("sid=") and "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_single_sign_on_skips_the_form_while_the_session_lives(client, make_user, sign_in):
    user = make_user()
    sign_in(user["profile"]["login"])
    again = client.get(AUTHORIZE, query_string=authorize_params(state="second"))
    assert again.status_code == 302
    assert redirect_params(again)["state"] == "second"
    assert redirect_params(again)["code"]


@pytest.mark.parametrize("extra", [{"prompt": "login"}, {"max_age": "0"}])
def test_prompt_login_and_max_age_zero_ask_for_credentials_again(client, make_user, sign_in, extra):
    user = make_user()
    sign_in(user["profile"]["login"])
    response = client.get(AUTHORIZE, query_string=authorize_params(**extra))
    assert response.headers["Location"].startswith("/login/login.htm")


def test_exceeded_max_age_with_prompt_none_is_login_required(client, make_user, sign_in):
    user = make_user()
    sign_in(user["profile"]["login"])
    client.post("/_mock/clock", json={"advanceSeconds": 120})
    response = client.get(AUTHORIZE, query_string=authorize_params(max_age="60", prompt="none"))
    assert redirect_params(response)["error"] == "login_required"


def test_code_is_not_issued_to_a_deactivated_client(client, app, make_user, sign_in):
    user = make_user()
    sign_in(user["profile"]["login"])
    app.extensions["mock_okta"].store.run("UPDATE clients SET status = 'INACTIVE' WHERE client_id = ?",
                                          (CLIENT_ID,))
    response = client.get(AUTHORIZE, query_string=authorize_params())
    assert "invalid_client" in error_page(response)


def test_post_authorize_behaves_like_get(client, make_user):
    user = make_user()
    token = session_token(client, user["profile"]["login"])
    response = client.post(AUTHORIZE, data=authorize_params(sessionToken=token))
    assert response.status_code == 302
    assert redirect_params(response)["code"]
