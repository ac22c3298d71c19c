"""The site against the real mock org, live on a thread: real HTTP, real tokens, real keys."""

import html
import re
import uuid

import pytest
import requests

from app import create_app
from app.okta_users import UserNotFound, UsersApiError, get_user


def _form_field(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no {name} field in page"
    return html.unescape(match.group(1))


def test_headless_sign_in_lands_on_the_dashboard(live_client, make_user, headless_sign_in):
    user = make_user(first_name="Grace", last_name="Hopper")
    response = headless_sign_in(live_client, user["profile"]["login"])
    assert response.status_code == 302
    assert response.headers["Location"] == "/dashboard"
    page = live_client.get("/dashboard").get_data(as_text=True)
    assert '<span id="user-first-name">Grace</span>' in page
    assert f'<code id="user-id">{user["id"]}</code>' in page
    assert user["id"].startswith("00u") and len(user["id"]) == 20
    assert user["profile"]["email"] in page
    with live_client.session_transaction() as session:
        snap = session["user"]
        assert session["id_token"].count(".") == 2
    assert {k: snap[k] for k in ("id", "login", "email", "firstName", "lastName", "status")} == {
        "id": user["id"], "login": user["profile"]["login"], "email": user["profile"]["email"],
        "firstName": "Grace", "lastName": "Hopper", "status": "ACTIVE"}


def test_signed_out_dashboard_visit_comes_back_to_the_dashboard(
        live_client, make_user, headless_sign_in):
    user = make_user()
    first = live_client.get("/dashboard")
    assert first.headers["Location"] == "/login?next=/dashboard"
    notice = live_client.get("/login?next=/dashboard")  # says why, once
    assert notice.status_code == 200
    assert "Please sign in to see this page." in notice.get_data(as_text=True)
    response = headless_sign_in(live_client, user["profile"]["login"], next_path="/dashboard")
    assert response.headers["Location"] == "/dashboard"
    assert live_client.get("/dashboard").status_code == 200


def test_next_is_honoured_through_the_real_flow(live_client, make_user, headless_sign_in):
    user = make_user()
    response = headless_sign_in(live_client, user["profile"]["login"], next_path="/")
    assert response.headers["Location"] == "/"
    assert 'id="dashboard"' in live_client.get("/").get_data(as_text=True)


def test_logout_ends_both_sessions(live_okta, live_client, make_user, headless_sign_in, helpers):
    user = make_user()
    headless_sign_in(live_client, user["profile"]["login"])
    with live_client.session_transaction() as session:
        id_token = session["id_token"]
    response = live_client.post("/logout", data={"csrf_token": helpers.csrf_token_of(live_client)})
    assert response.status_code == 302
    location = response.headers["Location"]
    issuer = f"{live_okta.url}/oauth2/default"
    assert location.startswith(
        f"{issuer}/v1/logout?id_token_hint={id_token}"
        "&post_logout_redirect_uri=http%3A%2F%2Flocalhost%2F&state=")
    state = helpers.query_of(location)["state"]
    # The org accepts our hint and sends the browser back to the site's home, with the state.
    back = requests.get(location, allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    assert back.headers["Location"] == f"http://localhost/?state={state}"
    assert 'id="login"' in live_client.get("/").get_data(as_text=True)
    assert live_client.get("/dashboard").status_code == 302


def test_a_callback_replay_is_refused(live_okta, live_client, make_user, helpers):
    user = make_user()
    authn = requests.post(f"{live_okta.url}/api/v1/authn", timeout=10,
                          json={"username": user["profile"]["login"], "password": helpers.PASSWORD})
    authorize = live_client.get("/login").headers["Location"]
    callback = requests.get(authorize + "&sessionToken=" + authn.json()["sessionToken"],
                            allow_redirects=False, timeout=10).headers["Location"]
    assert live_client.get(helpers.path_and_query(callback)).status_code == 302
    replay = live_client.get(helpers.path_and_query(callback))
    assert replay.status_code == 400
    assert "<h1>Sign-in failed</h1>" in replay.get_data(as_text=True)


def test_an_org_error_redirect_is_a_readable_page(live_client, helpers):
    # prompt=none without an org session: the org redirects back with error=login_required.
    authorize = live_client.get("/login").headers["Location"] + "&prompt=none"
    answered = requests.get(authorize, allow_redirects=False, timeout=10)
    assert answered.status_code == 302, answered.text
    callback = answered.headers["Location"]
    assert helpers.query_of(callback)["error"] == "login_required"
    response = live_client.get(helpers.path_and_query(callback))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<h1>Sign-in failed</h1>" in page
    assert "login_required" in page


def test_a_wrong_client_secret_is_a_sign_in_failure(
        live_okta, make_user, headless_sign_in, helpers):
    client = create_app(helpers.site_config(OKTA_ISSUER=f"{live_okta.url}/oauth2/default",
                                            OKTA_CLIENT_SECRET="not-the-secret")).test_client()
    user = make_user()
    response = headless_sign_in(client, user["profile"]["login"])
    assert response.status_code == 400
    assert "invalid_client" in response.get_data(as_text=True)
    assert "check OKTA_CLIENT_ID and OKTA_CLIENT_SECRET" in response.get_data(as_text=True)
    with client.session_transaction() as session:
        assert "user" not in session


def test_a_wrong_api_token_is_a_502_not_a_sign_in(live_okta, make_user, headless_sign_in, helpers):
    client = create_app(helpers.site_config(OKTA_ISSUER=f"{live_okta.url}/oauth2/default",
                                            OKTA_API_TOKEN="wrong-token")).test_client()
    user = make_user()
    response = headless_sign_in(client, user["profile"]["login"])
    assert response.status_code == 502
    assert "account details could not be loaded" in response.get_data(as_text=True)
    assert "check OKTA_API_TOKEN" in response.get_data(as_text=True)


def test_a_typo_in_the_issuer_path_names_okta_issuer(live_okta, helpers):
    client = create_app(helpers.site_config(OKTA_ISSUER=f"{live_okta.url}/oauth2/nope"))\
        .test_client()
    response = client.get("/login")
    page = response.get_data(as_text=True)
    assert response.status_code == 502
    assert "no OpenID Connect configuration at the configured issuer" in page
    assert "/oauth2/nope/.well-known/openid-configuration answered 404: check OKTA_ISSUER" in page


def test_register_through_the_hosted_sign_up_page(live_okta, live_client, helpers):
    started = live_client.get("/register?next=/")
    assert started.status_code == 302
    location = started.headers["Location"]
    assert location.startswith(f"{live_okta.url}/signin/register?fromURI=")
    with requests.Session() as browser:  # carries the org's cookies, as a browser would
        form_page = browser.get(location, timeout=10)
        assert form_page.status_code == 200
        email = f"new.{uuid.uuid4().hex[:12]}@example.com"
        submitted = browser.post(f"{live_okta.url}/signin/register", allow_redirects=False,
                                 timeout=10,
                                 data={"csrf_token": _form_field(form_page.text, "csrf_token"),
                                       "fromURI": _form_field(form_page.text, "fromURI"),
                                       "email": email, "password": helpers.PASSWORD,
                                       "firstName": "Newt", "lastName": "Signup"})
        assert submitted.status_code == 302, submitted.text
        authorize = submitted.headers["Location"]
        if authorize.startswith("/"):
            authorize = live_okta.url + authorize
        answered = browser.get(authorize, allow_redirects=False, timeout=10)
        assert answered.status_code == 302, answered.text
    response = live_client.get(helpers.path_and_query(answered.headers["Location"]))
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = live_client.get("/dashboard").get_data(as_text=True)
    assert '<span id="user-first-name">Newt</span>' in page
    assert email in page


def test_users_api_client_against_the_org(live_okta, make_user, helpers):
    user = make_user(first_name="Api")
    fetched = get_user(live_okta.url, helpers.API_TOKEN, user["id"])
    assert fetched["id"] == user["id"]
    assert fetched["profile"]["firstName"] == "Api"
    with pytest.raises(UserNotFound) as missing:
        get_user(live_okta.url, helpers.API_TOKEN, "00uDoesNotExist00001")
    assert missing.value.error_code == "E0000007"
    with pytest.raises(UsersApiError) as refused:
        get_user(live_okta.url, "wrong-token", user["id"])
    assert refused.value.status == 401
    assert not isinstance(refused.value, UserNotFound)


def _admin(live_okta, helpers, method, path, what, **kwargs):
    """A management call the mock must implement."""
    response = requests.request(method, f"{live_okta.url}/api/v1{path}", timeout=10,
                                headers={"Authorization": f"SSWS {helpers.API_TOKEN}",
                                         "Accept": "application/json"}, **kwargs)
    assert response.status_code != 405, f"mock_okta does not implement {what}"
    return response


@pytest.fixture
def refreshing_client(live_okta, helpers):
    """A site that re-reads the user from the Users API on every request."""
    return create_app(helpers.site_config(OKTA_ISSUER=f"{live_okta.url}/oauth2/default",
                                          USER_REFRESH_SECONDS=0)).test_client()


def test_profile_changes_in_the_org_show_up_after_refresh(
        live_okta, refreshing_client, make_user, headless_sign_in, helpers):
    user = make_user(first_name="Before")
    headless_sign_in(refreshing_client, user["profile"]["login"])
    assert "Before" in refreshing_client.get("/dashboard").get_data(as_text=True)
    updated = _admin(live_okta, helpers, "POST", f"/users/{user['id']}",
                     "POST /api/v1/users/{id} (partial update)",
                     json={"profile": {"firstName": "After"}})
    assert updated.status_code == 200, updated.text
    page = refreshing_client.get("/dashboard").get_data(as_text=True)
    assert '<span id="user-first-name">After</span>' in page


def test_a_user_deleted_in_the_org_is_signed_out_of_the_site(
        live_okta, refreshing_client, make_user, headless_sign_in, helpers):
    user = make_user()
    headless_sign_in(refreshing_client, user["profile"]["login"])
    assert refreshing_client.get("/dashboard").status_code == 200
    # Okta deletes in two steps: the first DELETE deactivates, the second deletes.
    for _ in range(2):
        deleted = _admin(live_okta, helpers, "DELETE", f"/users/{user['id']}",
                         "DELETE /api/v1/users/{id}")
        assert deleted.status_code == 204, deleted.text
    response = refreshing_client.get("/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/dashboard"
    with refreshing_client.session_transaction() as session:
        assert "user" not in session and "id_token" not in session


def test_a_deactivated_user_is_signed_out_of_the_site(
        live_okta, refreshing_client, make_user, headless_sign_in, helpers):
    user = make_user()
    headless_sign_in(refreshing_client, user["profile"]["login"])
    deactivated = _admin(live_okta, helpers, "POST", f"/users/{user['id']}/lifecycle/deactivate",
                         "POST /api/v1/users/{id}/lifecycle/deactivate")
    assert deactivated.status_code == 200, deactivated.text
    assert refreshing_client.get("/dashboard").status_code == 302
