"""/logout: CSRF-checked POST, local session cleared, then the IdP's end-session endpoint."""

import pytest

from app import create_app


def test_get_signed_in_shows_one_log_out_button(client, sign_in_as):
    sign_in_as(client)
    response = client.get("/logout")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.count('id="logout"') == 1  # the page's own form; the nav hides its copy
    assert '<form method="post" action="/logout">' in page
    assert '<button id="logout" type="submit">Log Out</button>' in page
    assert 'name="csrf_token" value="' in page


def test_get_signed_out_says_so(client):
    page = client.get("/logout").get_data(as_text=True)
    assert "You are not signed in" in page
    assert 'id="logout"' not in page


@pytest.mark.parametrize("form", [{}, {"csrf_token": ""}, {"csrf_token": "guess"},
                                  {"csrf_token": "\u00e9t\u00e9"}, {"other": "x"}])
def test_post_without_a_valid_csrf_token_is_a_400_page_and_signs_nobody_out(
        client, sign_in_as, helpers, form):
    sign_in_as(client)
    helpers.csrf_token_of(client)  # the session has a token; the form just doesn't carry it
    response = client.post("/logout", data=form)
    assert response.status_code == 400
    assert "<h1>This form has expired</h1>" in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "user" in session and "id_token" in session


def test_a_token_from_another_session_is_refused(app, sign_in_as, helpers):
    victim, attacker = app.test_client(), app.test_client()
    sign_in_as(victim)
    sign_in_as(attacker)
    stolen = helpers.csrf_token_of(attacker)
    helpers.csrf_token_of(victim)
    assert victim.post("/logout", data={"csrf_token": stolen}).status_code == 400


def test_post_without_an_id_token_just_goes_home(client, sign_in_as, helpers):
    sign_in_as(client, id_token=None)
    response = client.post("/logout", data={"csrf_token": helpers.csrf_token_of(client)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    with client.session_transaction() as session:
        assert dict(session) == {}
    assert 'id="login"' in client.get("/").get_data(as_text=True)


def test_post_redirects_to_the_end_session_endpoint(fake_idp, helpers, sign_in_as):
    fake_idp.serve_oidc()
    client = create_app(helpers.site_config(OKTA_ISSUER=fake_idp.issuer)).test_client()
    sign_in_as(client, id_token="the.id.token")
    response = client.post("/logout", data={"csrf_token": helpers.csrf_token_of(client)})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith(
        f"{fake_idp.issuer}/v1/logout?id_token_hint=the.id.token"
        "&post_logout_redirect_uri=http%3A%2F%2Flocalhost%2F&state=")
    assert helpers.query_of(location)["state"]
    with client.session_transaction() as session:
        assert "user" not in session and "id_token" not in session


def test_idp_unreachable_still_signs_out_of_the_site(client, sign_in_as, helpers):
    sign_in_as(client)
    response = client.post("/logout", data={"csrf_token": helpers.csrf_token_of(client)})
    page = response.get_data(as_text=True)
    assert response.status_code == 502
    assert "You are signed out of this site" in page
    with client.session_transaction() as session:
        assert "user" not in session and "id_token" not in session
    assert 'id="login"' in client.get("/").get_data(as_text=True)


def test_discovery_without_end_session_endpoint(fake_idp, helpers, sign_in_as):
    fake_idp.serve_oidc(end_session_endpoint=None)
    client = create_app(helpers.site_config(OKTA_ISSUER=fake_idp.issuer)).test_client()
    sign_in_as(client)
    response = client.post("/logout", data={"csrf_token": helpers.csrf_token_of(client)})
    assert response.status_code == 502
    assert "You are signed out of this site" in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "user" not in session


def test_log_out_pressed_as_the_tokens_expire_goes_home_with_the_notice(client, sign_in_as,
                                                                         helpers):
    sign_in_as(client)
    token = helpers.csrf_token_of(client)
    with client.session_transaction() as session:  # the page was open past the tokens' hour
        session["grant"] = {"expires_at": 1, "access_token": "test-access-token"}
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Your session has expired." in client.get("/").get_data(as_text=True)


def test_a_signed_out_post_without_a_token_just_goes_home(client):
    response = client.post("/logout")
    assert response.status_code == 302 and response.headers["Location"] == "/"
