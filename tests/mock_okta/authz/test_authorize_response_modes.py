"""/v1/authorize response modes: query, fragment, form_post and okta_post_message,
for answers and for errors alike."""

import json
import re

import pytest

from mock_okta.oauth.response_modes import error_mode, origin_of
from tests.mock_okta.support import REDIRECT_URI, authorize_params, redirect_params
from tests.mock_okta.support.authorize import (
    APP_REDIRECT,
    AUTHORIZE,
    app_params,
    authorize_signed_in,
    create_app,
    fragment_params,
    read_form_post,
)

NASTY_STATE = 'a"><script>alert(1)</script>&x=</form>'


@pytest.fixture
def web(client):
    return create_app(client)


@pytest.fixture
def login(make_user):
    return make_user()["profile"]["login"]


def test_code_defaults_to_query_and_may_ask_for_fragment(client, login):
    query = authorize_signed_in(client, login, authorize_params())
    assert query.headers["Location"].startswith(REDIRECT_URI + "?code=")
    fragment = authorize_signed_in(client, login, authorize_params(response_mode="fragment"))
    assert fragment.headers["Location"].startswith(REDIRECT_URI + "#code=")
    assert fragment.headers["Referrer-Policy"] == "no-referrer"
    assert fragment_params(fragment)["state"] == "state-123"


def test_explicit_query_for_code_is_fine(client, login):
    response = authorize_signed_in(client, login, authorize_params(response_mode="query"))
    assert redirect_params(response)["code"]


@pytest.mark.parametrize("response_type", ["id_token", "token", "code id_token"])
def test_query_with_a_token_is_unsupported_and_answered_by_fragment(client, web, response_type):
    response = client.get(AUTHORIZE, query_string=app_params(web, response_type,
                                                             response_mode="query"))
    assert response.headers["Location"].startswith(APP_REDIRECT + "#")
    params = fragment_params(response)
    assert params["error"] == "unsupported_response_mode"
    assert "'query' response mode is not allowed" in params["error_description"]
    assert params["state"] == "state-123"


def test_unknown_response_mode_is_unsupported(client):
    response = client.get(AUTHORIZE, query_string=authorize_params(response_mode="web_message"))
    assert redirect_params(response)["error"] == "unsupported_response_mode"


def test_form_post_answer_is_hidden_inputs_auto_submitted(client, web, login):
    response = authorize_signed_in(client, login, app_params(
        web, "code id_token", response_mode="form_post", state=NASTY_STATE))
    form, fields, page = read_form_post(response)
    assert "no-store" in response.headers["Cache-Control"]
    assert form == {"method": "post", "action": APP_REDIRECT}
    assert all(item["type"] == "hidden" for item in page.inputs)
    assert set(fields) == {"code", "id_token", "state"}
    assert fields["state"] == NASTY_STATE  # escaped in the page, intact once parsed
    assert page.scripts == 1 and page.other_tags == []
    html = response.get_data(as_text=True)
    assert "<script>alert" not in html and "document.forms[0].submit()" in html


def test_form_post_for_code(client, login):
    response = authorize_signed_in(client, login, authorize_params(response_mode="form_post"))
    _, fields, _ = read_form_post(response)
    assert set(fields) == {"code", "state"}


def test_form_post_error_comes_back_as_a_form_too(client):
    response = client.get(AUTHORIZE, query_string=authorize_params(
        response_mode="form_post", scope="openid bogus", state=NASTY_STATE))
    form, fields, _ = read_form_post(response)
    assert form["action"] == REDIRECT_URI
    assert fields["error"] == "invalid_scope" and fields["error_description"]
    assert fields["state"] == NASTY_STATE


def _posted_data(response) -> dict:
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    match = re.search(r"var data = (\{.*?\});\n", html)
    assert "postMessage(data, \"http://localhost:4000\")" in html
    assert "</script><" not in match.group(1)  # the JSON cannot end the script early
    return json.loads(match.group(1))


def test_okta_post_message_posts_to_the_redirect_uris_origin(client, web, login):
    response = authorize_signed_in(client, login, app_params(
        web, "id_token token", response_mode="okta_post_message", state="</script><b>"))
    assert "no-store" in response.headers["Cache-Control"]
    data = _posted_data(response)
    assert {"id_token", "access_token", "state"} <= set(data)
    assert data["state"] == "</script><b>"


def test_okta_post_message_carries_errors(client, web):
    response = client.get(AUTHORIZE, query_string=app_params(
        web, "id_token", response_mode="okta_post_message", prompt="none"))
    data = _posted_data(response)
    assert data["error"] == "login_required" and data["state"] == "state-123"


@pytest.mark.parametrize("overrides, error", [
    ({"scope": "openid bogus"}, "invalid_scope"),
    ({"prompt": "none"}, "login_required"),
    ({"max_age": "-1"}, "invalid_request"),
])
def test_implicit_errors_go_back_by_fragment(client, web, overrides, error):
    response = client.get(AUTHORIZE, query_string=app_params(web, "id_token token", **overrides))
    assert response.status_code == 302
    assert response.headers["Referrer-Policy"] == "no-referrer"
    params = fragment_params(response)
    assert params["error"] == error and params["state"] == "state-123"


@pytest.mark.parametrize("params, mode", [
    ({"response_type": "code"}, "query"),
    ({"response_type": "code id_token"}, "fragment"),
    ({"response_type": "token", "response_mode": "query"}, "fragment"),
    ({"response_type": "token", "response_mode": "form_post",
      "redirect_uri": "https://app.example.com/cb"}, "form_post"),
    ({"response_type": "token", "response_mode": "form_post",
      "redirect_uri": "com.example.app:/cb"}, "fragment"),
    ({"response_type": "code", "response_mode": "bogus"}, "query"),
    ({}, "query"),
])
def test_error_mode_follows_the_request(params, mode):
    assert error_mode(params) == mode


@pytest.mark.parametrize("uri, origin", [
    ("http://localhost:4000/callback?x=1", "http://localhost:4000"),
    ("https://app.example.com/cb", "https://app.example.com"),
])
def test_origin_of_redirect_uri(uri, origin):
    assert origin_of(uri) == origin


@pytest.mark.parametrize("mode", ["form_post", "okta_post_message"])
def test_page_modes_need_a_web_redirect_uri(client, mode):
    """A page that posts to a native app's custom scheme is refused, by query.
    (Script schemes such as `javascript:` are refused earlier, by the Apps API.)"""
    native = create_app(client, response_types=["code"], grant_types=["authorization_code"],
                        application_type="native", auth_method="none",
                        redirect_uris=["com.example.app:/callback"])
    response = client.get(AUTHORIZE, query_string=authorize_params(
        client_id=native["client_id"], redirect_uri="com.example.app:/callback",
        response_mode=mode))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("com.example.app:/callback?error=")
    params = redirect_params(response)
    assert params["error"] == "unsupported_response_mode"
    assert "http or https redirect URI" in params["error_description"]
