"""/v1/authorize: prompt (none, login, consent), consent-required apps, PKCE for
public clients, sessionToken as a fresh sign-in, and POST's form-only rule."""

import pytest

from tests.mock_okta.support import authorize_params, redirect_params, session_token
from tests.mock_okta.support.authorize import (
    AUTHORIZE,
    app_params,
    authorize_signed_in,
    create_app,
    fragment_params,
)

SPA = dict(response_types=["code", "id_token", "token"],
           grant_types=["authorization_code", "implicit"], application_type="browser")


@pytest.fixture
def login(make_user):
    return make_user()["profile"]["login"]


@pytest.fixture
def signed_in(sign_in, login):
    sign_in(login)
    return login


def test_prompt_consent_is_satisfied_for_a_trusted_app(client, signed_in):
    response = client.get(AUTHORIZE, query_string=authorize_params(prompt="consent"))
    assert redirect_params(response)["code"]


@pytest.mark.parametrize("prompt", ["login consent", "consent login"])
def test_login_with_consent_asks_for_credentials_again(client, signed_in, prompt):
    response = client.get(AUTHORIZE, query_string=authorize_params(prompt=prompt))
    assert response.headers["Location"].startswith("/login/login.htm")


def test_consent_required_app_with_prompt_none_is_consent_required(client, signed_in):
    app = create_app(client, consent="REQUIRED")
    response = client.get(AUTHORIZE, query_string=app_params(app, "code", prompt="none"))
    params = redirect_params(response)
    assert params["error"] == "consent_required" and params["state"] == "state-123"


@pytest.mark.parametrize("prompt", [None, "consent"])
def test_consent_required_app_is_approved_on_an_interactive_request(client, signed_in, prompt):
    app = create_app(client, consent="REQUIRED")
    response = client.get(AUTHORIZE, query_string=app_params(app, "code", prompt=prompt))
    assert redirect_params(response)["code"]


def test_org_server_never_asks_for_consent(client, signed_in):
    app = create_app(client, consent="REQUIRED")
    response = client.get("/oauth2/v1/authorize", query_string=app_params(app, "code",
                                                                          prompt="none"))
    assert redirect_params(response)["code"]


def test_exceeded_max_age_with_prompt_none_says_re_authentication(client, signed_in):
    client.post("/_mock/clock", json={"advanceSeconds": 120})
    params = redirect_params(client.get(AUTHORIZE, query_string=authorize_params(
        max_age="60", prompt="none")))
    assert params["error"] == "login_required"
    assert "requires re-authentication" in params["error_description"]


@pytest.mark.parametrize("extra", [{"prompt": "login"}, {"max_age": "0"}])
def test_session_token_is_a_fresh_sign_in(client, login, extra):
    response = authorize_signed_in(client, login, authorize_params(**extra))
    assert redirect_params(response)["code"]


def test_public_client_must_send_a_code_challenge(client, login):
    spa = create_app(client, **SPA)
    response = client.get(AUTHORIZE, query_string=app_params(
        spa, "code", code_challenge=None, code_challenge_method=None))
    params = redirect_params(response)
    assert params["error"] == "invalid_request"
    assert params["error_description"] == ("PKCE code challenge is required when the token "
                                           "endpoint authentication method is 'NONE'.")
    assert params["state"] == "state-123"
    hybrid = fragment_params(client.get(AUTHORIZE, query_string=app_params(
        spa, "code id_token", code_challenge=None, code_challenge_method=None)))
    assert hybrid["error"] == "invalid_request"


def test_public_client_with_a_challenge_gets_a_code(client, login):
    spa = create_app(client, **SPA)
    response = authorize_signed_in(client, login, app_params(spa, "code"))
    assert redirect_params(response)["code"]


def test_public_client_implicit_needs_no_challenge(client, login):
    spa = create_app(client, **SPA)
    response = authorize_signed_in(client, login, app_params(
        spa, "id_token", code_challenge=None, code_challenge_method=None))
    assert fragment_params(response)["id_token"]


def test_confidential_client_may_skip_pkce(client, login):
    response = authorize_signed_in(client, login, authorize_params(
        code_challenge=None, code_challenge_method=None))
    assert redirect_params(response)["code"]


@pytest.mark.parametrize("query", [
    {"client_id": "0oaTestClient0000001"},
    {"prompt": "none"},
    {"anything": "x"},
])
def test_post_with_query_parameters_is_an_error_page(client, login, query):
    form = authorize_params(sessionToken=session_token(client, login))
    response = client.post(AUTHORIZE, query_string=query, data=form)
    assert response.status_code == 400 and response.mimetype == "text/html"
    assert "Location" not in response.headers
    html = response.get_data(as_text=True)
    assert "invalid_request" in html and "query parameters are not allowed" in html


def test_post_reads_form_fields_only(client, login):
    """Parameters must travel in the body: a POST with none is an unknown client."""
    response = client.post(AUTHORIZE, data={})
    assert response.status_code == 400 and "invalid_client" in response.get_data(as_text=True)


def test_post_answers_implicit_with_form_post(client, login):
    web = create_app(client)
    form = {**app_params(web, "id_token", response_mode="form_post"),
            "sessionToken": session_token(client, login)}
    response = client.post(AUTHORIZE, data=form)
    assert response.status_code == 200 and 'name="id_token"' in response.get_data(as_text=True)
