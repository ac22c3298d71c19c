""""Forgot password?" on the sign-in page, the reset mail, and the reset page."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from mock_okta.directory import outbox, passwords
from mock_okta.directory.status import set_status
from mock_okta.directory.users import get_user
from tests.mock_okta.support import PASSWORD, authorize_params, redirect_params
from tests.mock_okta.support.pages import (
    BLANK,
    EXPIRED,
    LOGIN_PAGE,
    Page,
    csrf_token,
    location_path,
    post_login,
    sid_cookie_header,
)

FORGOT = "/signin/forgot-password"
NEW = "Silver-Kettle-31"
SENT_TEXT = "Email has been sent to {} with instructions on resetting your password."


@pytest.fixture
def store(app):
    return app.extensions["mock_okta"].store


def mails(client):
    return client.get("/_mock/outbox.json").json


def forgot(client, username, from_uri=None, with_csrf=True):
    page = client.get(FORGOT, query_string={"fromURI": from_uri} if from_uri else None)
    data = {"username": username}
    if with_csrf:
        data["csrf_token"] = csrf_token(page)
    if from_uri:
        data["fromURI"] = from_uri
    return client.post(FORGOT, data=data)


def reset_link(client) -> str:
    parts = urlsplit(mails(client)[0]["link"])
    return parts.path + (f"?{parts.query}" if parts.query else "")


def reset(client, link, new=NEW, confirm=None, with_csrf=True):
    page = client.get(link)
    data = {"newPassword": new, "confirmPassword": new if confirm is None else confirm}
    if with_csrf:
        data["csrf_token"] = csrf_token(page)
    from_uri = Page(page).input_value("fromURI")
    if from_uri:
        data["fromURI"] = from_uri
    return client.post(urlsplit(link).path, data=data)


# --- the link on the sign-in page -----------------------------------------------------------

def test_login_page_has_the_forgot_password_link(client):
    page = Page(client.get(LOGIN_PAGE, query_string={"fromURI": "/next?x=1"}))
    link = page.find("a", data_se="forgot-password")
    assert link["_text"] == "Forgot password?"
    assert "js-forgot-password" in link["class"].split()
    parts = urlsplit(link["href"])
    assert parts.path == FORGOT
    assert parse_qs(parts.query) == {"fromURI": ["/next?x=1"]}
    assert page.find(data_se="needhelp")["_text"] == "Need help signing in?"


def test_forgot_page(client):
    response = client.get(FORGOT, query_string={"username": "ada@example.com"})
    assert response.status_code == 200
    page = Page(response)
    assert page.find("h2")["_text"] == "Reset Password"
    field = page.find("input", name="username")
    assert field["id"] == "account-recovery-username" and field["value"] == "ada@example.com"
    assert page.find("input", type="submit")["value"] == "Reset via Email"
    assert urlsplit(page.find("a", data_se="back-link")["href"]).path == LOGIN_PAGE


# --- asking for a reset ----------------------------------------------------------------------

def test_reset_mail_for_an_active_user(client, make_user, store):
    user = make_user()
    login = user["profile"]["login"]
    response = forgot(client, login.upper(), from_uri="/next/page")
    assert response.status_code == 200
    page = Page(response)
    assert page.find("h2")["_text"] == "Email sent!"
    assert page.find(data_se="pwd-reset-email-sent") is not None
    assert SENT_TEXT.format(login.upper()) in page.html
    [mail] = mails(client)
    assert mail["to"] == user["profile"]["email"] and mail["subject"] == outbox.RESET_SUBJECT
    parts = urlsplit(mail["link"])
    assert parts.path.startswith("/signin/reset-password/")
    assert parse_qs(parts.query) == {"fromURI": ["/next/page"]}
    assert get_user(store, user["id"]).status == "ACTIVE"      # unchanged until the reset


@pytest.mark.parametrize("case", ["unknown", "staged", "provisioned", "suspended",
                                  "deprovisioned", "locked", "no-password"])
def test_same_answer_and_no_mail_for_anyone_else(client, make_user, store, case):
    login = "nobody@example.com"
    if case != "unknown":
        user = make_user()
        login = user["profile"]["login"]
        record = get_user(store, user["id"])
        if case == "no-password":
            store.run("UPDATE users SET password_hash = NULL WHERE id = ?", (user["id"],))
        else:
            set_status(store, record, {"staged": "STAGED", "provisioned": "PROVISIONED",
                                       "suspended": "SUSPENDED", "locked": "LOCKED_OUT",
                                       "deprovisioned": "DEPROVISIONED"}[case])
    response = forgot(client, login)
    assert response.status_code == 200
    assert SENT_TEXT.format(login) in response.get_data(as_text=True)
    assert mails(client) == []


@pytest.mark.parametrize("status", ["PASSWORD_EXPIRED", "RECOVERY"])
def test_reset_mail_for_expired_and_recovery_users(client, make_user, store, status):
    user = make_user()
    set_status(store, get_user(store, user["id"]), status)
    forgot(client, user["profile"]["login"])
    assert len(mails(client)) == 1


def test_blank_username(client):
    response = forgot(client, "   ")
    assert response.status_code == 400
    assert Page(response).field_error("account-recovery-username") == BLANK
    assert mails(client) == []


def test_forgot_without_csrf(client, make_user):
    response = forgot(client, make_user()["profile"]["login"], with_csrf=False)
    assert response.status_code == 400
    assert Page(response).banner() == EXPIRED
    assert mails(client) == []


@pytest.mark.parametrize("username", ["<script>alert(1)</script>", "a\x00b", "x" * 5000,
                                      "ü@example.com"])
def test_odd_usernames_get_the_same_answer_escaped(client, username):
    response = forgot(client, username)
    assert response.status_code == 200
    assert "<script>alert" not in response.get_data(as_text=True)
    assert Page(response).find("script") is None


# --- the reset page --------------------------------------------------------------------------

def test_reset_page(client, make_user):
    login = make_user()["profile"]["login"]
    forgot(client, login)
    response = client.get(reset_link(client))
    assert response.status_code == 200
    page = Page(response)
    assert page.find("h2")["_text"] == "Reset your password"
    assert page.find(id="reset-username")["_text"] == login
    assert page.find("input", type="submit")["value"] == "Reset Password"
    assert page.find("input", name="newPassword")["type"] == "password"
    assert page.find("input", name="confirmPassword")["type"] == "password"
    assert sid_cookie_header(response) is None


def test_reset_sets_the_password_and_signs_in(client, make_user, store, app):
    user = make_user()
    forgot(client, user["profile"]["login"], from_uri="/next/page")
    response = reset(client, reset_link(client))
    assert response.status_code == 302
    assert location_path(response) == "/next/page"
    assert sid_cookie_header(response) is not None
    record = get_user(store, user["id"])
    assert record.status == "ACTIVE"
    assert passwords.verify_password(NEW, record.password_hash)
    other = app.test_client()
    assert post_login(other, user["profile"]["login"], PASSWORD).status_code == 401
    assert post_login(other, user["profile"]["login"], NEW).status_code == 302


@pytest.mark.parametrize("status", ["PASSWORD_EXPIRED", "RECOVERY"])
def test_reset_makes_expired_and_recovery_users_active(client, make_user, store, status):
    user = make_user()
    set_status(store, get_user(store, user["id"]), status)
    forgot(client, user["profile"]["login"])
    assert reset(client, reset_link(client)).status_code == 302
    assert get_user(store, user["id"]).status == "ACTIVE"


def test_reset_link_works_once_and_only_the_newest(client, make_user):
    login = make_user()["profile"]["login"]
    forgot(client, login)
    older = reset_link(client)
    forgot(client, login)
    newer = reset_link(client)
    assert client.get(older).status_code == 404
    assert reset(client, newer).status_code == 302
    response = client.get(newer)
    assert response.status_code == 404
    assert Page(response).find("h2")["_text"] == "This link has expired"


@pytest.mark.parametrize("new, confirm, field, message", [
    ("", "", "newPassword", BLANK),
    (NEW, "", "confirmPassword", BLANK),
    (NEW, "Other-Kettle-31", "confirmPassword", "New passwords must match"),
    ("short1A", "short1A", "newPassword", "Password requirements were not met"),
], ids=["blank", "no-confirm", "mismatch", "weak"])
def test_reset_bad_password(client, make_user, store, new, confirm, field, message):
    user = make_user()
    forgot(client, user["profile"]["login"])
    link = reset_link(client)
    response = reset(client, link, new, confirm)
    assert response.status_code == 400
    page = Page(response)
    assert message in (page.field_error(field) or "")
    assert page.input_value("newPassword") == ""
    assert sid_cookie_header(response) is None
    assert passwords.verify_password(PASSWORD, get_user(store, user["id"]).password_hash)
    assert reset(client, link).status_code == 302


def test_reset_without_csrf(client, make_user, store):
    user = make_user()
    forgot(client, user["profile"]["login"])
    response = reset(client, reset_link(client), with_csrf=False)
    assert response.status_code == 400
    assert Page(response).banner() == EXPIRED
    assert passwords.verify_password(PASSWORD, get_user(store, user["id"]).password_hash)


def test_expired_reset_link(client, make_user, store):
    forgot(client, make_user()["profile"]["login"])
    store.run("UPDATE user_tokens SET expires = 0")
    assert client.get(reset_link(client)).status_code == 404


def test_reset_link_of_a_suspended_user_is_gone(client, make_user, store):
    user = make_user()
    forgot(client, user["profile"]["login"])
    set_status(store, get_user(store, user["id"]), "SUSPENDED")
    assert client.get(reset_link(client)).status_code == 404
    assert reset(client, reset_link(client), with_csrf=False).status_code == 404


@pytest.mark.parametrize("path", ["/signin/reset-password/nope", "/reset_password/nope",
                                  "/signin/reset-password/" + "x" * 600])
def test_unknown_reset_token(client, path):
    for method in (client.get, client.post):
        response = method(path)
        assert response.status_code == 404 and response.mimetype == "text/html"


def test_admin_reset_link_opens_the_same_page(client, api_headers, make_user, store):
    user = make_user()
    client.post(f"/api/v1/users/{user['id']}/lifecycle/reset_password", headers=api_headers)
    assert get_user(store, user["id"]).status == "RECOVERY"
    link = reset_link(client)
    assert link.startswith("/reset_password/")
    response = reset(client, link)
    assert response.status_code == 302 and location_path(response) == "/"
    assert get_user(store, user["id"]).status == "ACTIVE"


def test_reset_ignores_an_unsafe_from_uri(client, make_user):
    forgot(client, make_user()["profile"]["login"], from_uri="https://evil.example/")
    link = reset_link(client)
    assert "fromURI" not in link
    assert location_path(reset(client, link)) == "/"


def test_whole_code_flow_through_a_reset(client, make_user):
    """authorize → sign-in page → Forgot password? → outbox → reset → back with a code."""
    login = make_user()["profile"]["login"]
    response = client.get("/oauth2/default/v1/authorize", query_string=authorize_params())
    page = Page(client.get(response.headers["Location"]))
    href = page.find("a", data_se="forgot-password")["href"]
    from_uri = parse_qs(urlsplit(href).query)["fromURI"][0]
    forgot(client, login, from_uri=from_uri)
    response = reset(client, reset_link(client))
    assert location_path(response) == from_uri
    response = client.get(location_path(response))
    assert response.status_code == 302 and "code" in redirect_params(response)
