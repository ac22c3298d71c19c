"""The activation link (/welcome/{token}) and verify-email self-service registration."""

from __future__ import annotations

import dataclasses
from urllib.parse import parse_qs, urlsplit

import pytest

from mock_okta import create_app
from mock_okta.directory import lifecycle, outbox, passwords
from mock_okta.directory.users import get_user
from tests.mock_okta.support import authorize_params, redirect_params
from tests.mock_okta.support.pages import (
    BLANK,
    EXPIRED,
    LOGIN_PAGE,
    NEW_PASSWORD,
    REGISTER_PAGE,
    Page,
    csrf_token,
    location_path,
    register_form,
    sid_cookie_header,
)

CHOSEN = "Bright-Lantern-58"


@pytest.fixture
def store(app):
    return app.extensions["mock_okta"].store


@pytest.fixture
def verify_app(settings):
    app = create_app(dataclasses.replace(settings, registration_verify_email=True))
    app.config["TESTING"] = True
    yield app
    app.extensions["mock_okta"].store.close()


@pytest.fixture
def verify_client(verify_app):
    return verify_app.test_client()


def newest_link(client) -> str:
    """Path and query of the newest mail's link."""
    link = client.get("/_mock/outbox.json").json[0]["link"]
    parts = urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def provisioned_user(client, api_headers, email="new.hire@example.com"):
    """A user created without a password and activated by mail (the API's default)."""
    body = {"profile": {"firstName": "New", "lastName": "Hire", "email": email, "login": email}}
    user = client.post("/api/v1/users?activate=false", json=body, headers=api_headers).json
    client.post(f"/api/v1/users/{user['id']}/lifecycle/activate", headers=api_headers)
    return user, newest_link(client)


def set_password(client, link, new=CHOSEN, confirm=None, with_csrf=True):
    page = client.get(link)
    data = {"newPassword": new, "confirmPassword": new if confirm is None else confirm}
    if with_csrf:
        data["csrf_token"] = csrf_token(page)
    from_uri = Page(page).input_value("fromURI")
    if from_uri:
        data["fromURI"] = from_uri
    return client.post(urlsplit(link).path, data=data)


# --- the welcome page: a user without a password ---------------------------------------

def test_welcome_page_asks_for_a_password(client, api_headers):
    _, link = provisioned_user(client, api_headers)
    response = client.get(link)
    assert response.status_code == 200
    page = Page(response)
    assert page.find("h2")["_text"] == "Create your account"
    assert page.find(id="activation-username")["_text"] == "new.hire@example.com"
    assert page.find("input", name="newPassword")["type"] == "password"
    assert page.find("input", name="confirmPassword")["type"] == "password"
    assert page.find("input", type="submit")["value"] == "Create My Account"
    assert "at least 8 characters" in page.find(class_="password-hint")["_text"]
    assert sid_cookie_header(response) is None


def test_welcome_activates_and_signs_in(client, api_headers, store):
    user, link = provisioned_user(client, api_headers)
    response = set_password(client, link)
    assert response.status_code == 302
    assert location_path(response) == "/"
    assert sid_cookie_header(response) is not None
    record = get_user(store, user["id"])
    assert record.status == "ACTIVE"
    assert passwords.verify_password(CHOSEN, record.password_hash)
    assert Page(client.get("/")).find(id="org-user-login")["_text"] == "new.hire@example.com"


def test_welcome_link_works_once(client, api_headers):
    _, link = provisioned_user(client, api_headers)
    set_password(client, link)
    response = client.get(link)
    assert response.status_code == 404
    assert Page(response).find("h2")["_text"] == "This link has expired"


@pytest.mark.parametrize("new, confirm, field, message", [
    ("", "", "newPassword", BLANK),
    (CHOSEN, "", "confirmPassword", BLANK),
    (CHOSEN, "Other-Lantern-58", "confirmPassword", "New passwords must match"),
    ("weak", "weak", "newPassword", "Password requirements were not met"),
    ("Hire-Me-Now-12", "Hire-Me-Now-12", "newPassword", "Password requirements were not met"),
], ids=["blank", "no-confirm", "mismatch", "weak", "contains-username"])
def test_welcome_bad_password(client, api_headers, store, new, confirm, field, message):
    user, link = provisioned_user(client, api_headers)
    response = set_password(client, link, new, confirm)
    assert response.status_code == 400
    page = Page(response)
    assert message in (page.field_error(field) or "")
    assert page.input_value("newPassword") == "" and (not new or new not in page.html)
    assert sid_cookie_header(response) is None
    assert get_user(store, user["id"]).status == "PROVISIONED"
    assert set_password(client, link).status_code == 302      # the link still works


def test_welcome_without_csrf(client, api_headers, store):
    user, link = provisioned_user(client, api_headers)
    response = set_password(client, link, with_csrf=False)
    assert response.status_code == 400
    assert Page(response).banner() == EXPIRED
    assert get_user(store, user["id"]).status == "PROVISIONED"


@pytest.mark.parametrize("token", ["unknown-token", "x" * 500, "%00", "<script>"])
def test_unknown_welcome_token(client, token):
    for method in (client.get, client.post):
        response = method(f"/welcome/{token}")
        assert response.status_code == 404
        assert response.mimetype == "text/html"
        assert "<script>" not in response.get_data(as_text=True)


def test_expired_welcome_token(client, api_headers, store):
    _, link = provisioned_user(client, api_headers)
    store.run("UPDATE user_tokens SET expires = 0")
    assert client.get(link).status_code == 404
    assert set_password(client.application.test_client(), link, with_csrf=False).status_code \
        == 404


def test_welcome_for_a_suspended_user_is_gone(client, api_headers, store):
    user = client.post("/api/v1/users?activate=false", headers=api_headers, json={
        "profile": {"firstName": "A", "lastName": "B", "email": "ab@example.com",
                    "login": "ab@example.com"},
        "credentials": {"password": {"value": CHOSEN}}}).json
    client.post(f"/api/v1/users/{user['id']}/lifecycle/activate", headers=api_headers)
    link = newest_link(client)
    client.post(f"/api/v1/users/{user['id']}/lifecycle/suspend", headers=api_headers)
    assert client.get(link).status_code == 404
    assert get_user(store, user["id"]).status == "SUSPENDED"


def test_welcome_keeps_a_safe_from_uri_only(client, api_headers, store):
    user, link = provisioned_user(client, api_headers)
    token = urlsplit(link).path.split("/")[-1]
    response = set_password(client, f"/welcome/{token}?fromURI=https://evil.example/")
    assert location_path(response) == "/"
    other, link = provisioned_user(client, api_headers, email="second@example.com")
    token = urlsplit(link).path.split("/")[-1]
    response = set_password(client, f"/welcome/{token}?fromURI=/next?a=1")
    assert location_path(response) == "/next?a=1"


# --- verify-email registration -----------------------------------------------------------

def post_register(client, form, from_uri=None):
    page = client.get(REGISTER_PAGE)
    data = {**form, "csrf_token": csrf_token(page)}
    if from_uri:
        data["fromURI"] = from_uri
    return client.post(REGISTER_PAGE, data=data)


def test_verify_mode_is_off_by_default(client, api_headers):
    response = post_register(client, register_form())
    assert response.status_code == 302
    assert client.get("/_mock/outbox.json").json == []


def test_verify_mode_provisions_and_mails(verify_client, verify_app):
    response = post_register(verify_client, register_form(), from_uri="/next/page")
    assert response.status_code == 200
    assert sid_cookie_header(response) is None
    page = Page(response)
    assert page.find("h2")["_text"] == "Verification email sent"
    assert page.find(class_="desc")["_text"] == "To finish signing in, check your email."
    back = page.find("a", data_se="back-link")
    assert urlsplit(back["href"]).path == LOGIN_PAGE
    store = verify_app.extensions["mock_okta"].store
    user = get_user(store, "grace@example.com")
    assert user.status == "PROVISIONED" and user.activated is None
    assert passwords.verify_password(NEW_PASSWORD, user.password_hash)
    [mail] = verify_client.get("/_mock/outbox.json").json
    assert mail["to"] == "grace@example.com" and mail["subject"] == outbox.REGISTRATION_SUBJECT
    parts = urlsplit(mail["link"])
    assert parts.path.startswith("/welcome/")
    assert parse_qs(parts.query) == {"fromURI": ["/next/page"]}


def test_unverified_user_cannot_sign_in(verify_client):
    post_register(verify_client, register_form())
    page = verify_client.get(LOGIN_PAGE)
    response = verify_client.post(LOGIN_PAGE, data={
        "username": "grace@example.com", "password": NEW_PASSWORD,
        "csrf_token": csrf_token(page)})
    assert response.status_code == 401
    assert verify_client.post("/api/v1/authn", json={
        "username": "grace@example.com", "password": NEW_PASSWORD}).status_code == 401


def test_opening_the_link_activates_and_continues(verify_client, verify_app):
    post_register(verify_client, register_form(), from_uri="/next/page")
    link = newest_link(verify_client)
    response = verify_client.get(link)
    assert response.status_code == 302
    assert location_path(response) == "/next/page"
    assert sid_cookie_header(response) is not None
    user = get_user(verify_app.extensions["mock_okta"].store, "grace@example.com")
    assert user.status == "ACTIVE" and user.activated is not None
    assert verify_client.get(link).status_code == 404          # used up
    other = verify_app.test_client()
    page = other.get(LOGIN_PAGE)
    assert other.post(LOGIN_PAGE, data={"username": "grace@example.com",
                                        "password": NEW_PASSWORD,
                                        "csrf_token": csrf_token(page)}).status_code == 302


def test_verify_mode_errors_are_those_of_sign_up(verify_client, verify_app):
    response = post_register(verify_client, register_form(password="weak"))
    assert response.status_code == 400
    assert "Password requirements were not met" in Page(response).field_error("password")
    assert get_user(verify_app.extensions["mock_okta"].store, "grace@example.com") is None
    post_register(verify_client, register_form())
    response = post_register(verify_client, register_form(email="GRACE@example.com"))
    assert response.status_code == 400
    assert len(verify_client.get("/_mock/outbox.json").json) == 1


def test_verify_mode_unsafe_from_uri_is_dropped(verify_client):
    post_register(verify_client, register_form(), from_uri="//evil.example/x")
    link = newest_link(verify_client)
    assert "fromURI" not in link
    assert location_path(verify_client.get(link)) == "/"


def test_verify_mode_whole_code_flow(verify_client):
    """authorize → sign-in page → sign up → outbox link → back to the client with a code."""
    response = verify_client.get("/oauth2/default/v1/authorize", query_string=authorize_params())
    login_url = response.headers["Location"]
    from_uri = parse_qs(urlsplit(login_url).query)["fromURI"][0]
    page = Page(verify_client.get(login_url))
    register_href = page.find("a", class_="registration-link")["href"]
    assert parse_qs(urlsplit(register_href).query)["fromURI"] == [from_uri]
    response = post_register(verify_client, register_form(), from_uri=from_uri)
    assert response.status_code == 200
    response = verify_client.get(newest_link(verify_client))
    assert location_path(response) == from_uri
    response = verify_client.get(location_path(response))
    assert response.status_code == 302
    assert "code" in redirect_params(response)
    assert redirect_params(response)["state"] == "state-123"


def test_admin_activation_link_for_a_user_with_a_password_signs_in(client, api_headers, store):
    user = client.post("/api/v1/users?activate=false", headers=api_headers, json={
        "profile": {"firstName": "A", "lastName": "B", "email": "ab@example.com",
                    "login": "ab@example.com"},
        "credentials": {"password": {"value": CHOSEN}}}).json
    client.post(f"/api/v1/users/{user['id']}/lifecycle/activate", headers=api_headers)
    response = client.get(newest_link(client))
    assert response.status_code == 302 and sid_cookie_header(response) is not None
    assert lifecycle.token_user(store, "anything", "activation") is None
    assert get_user(store, user["id"]).status == "ACTIVE"
