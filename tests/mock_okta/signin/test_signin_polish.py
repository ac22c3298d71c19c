"""The hosted pages' finish: Remember me, each message said once, sign-out from
the org's landing page."""

from __future__ import annotations

import re

import pytest

from tests.mock_okta.support import PASSWORD


def csrf(client, path="/login/login.htm") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(client, login, *, remember: bool):
    form = {"csrf_token": csrf(client), "username": login, "password": PASSWORD}
    if remember:
        form["remember"] = "on"
    return client.post("/login/login.htm", data=form)


def test_remember_me_keeps_the_username_for_next_time(client, make_user):
    login = make_user()["profile"]["login"]
    response = sign_in(client, login, remember=True)
    assert response.status_code == 302
    cookie = client.get_cookie("ln")
    assert cookie.value == login and cookie.http_only and PASSWORD not in cookie.value
    page = client.get("/login/login.htm").get_data(as_text=True)
    assert f'value="{login}"' in page
    assert re.search(r'<input type="checkbox" name="remember" id="input-remember" value="on"\s+checked>',
                     page)


def test_signing_in_without_remember_me_forgets_the_username(client, make_user):
    login = make_user()["profile"]["login"]
    sign_in(client, login, remember=True)
    client.delete_cookie("sid")
    sign_in(client, login, remember=False)
    assert client.get_cookie("ln") is None
    page = client.get("/login/login.htm").get_data(as_text=True)
    assert 'name="remember" id="input-remember" value="on">' in page


def test_a_failed_sign_in_keeps_the_box_as_ticked(client, make_user):
    login = make_user()["profile"]["login"]
    response = client.post("/login/login.htm", data={"csrf_token": csrf(client),
                                                     "username": login, "password": "wrong",
                                                     "remember": "on"})
    assert response.status_code == 401
    assert client.get_cookie("ln") is None
    assert re.search(r'id="input-remember" value="on"\s+checked>', response.get_data(as_text=True))


def register(client, email, password):
    return client.post("/signin/register", data={
        "csrf_token": csrf(client, "/signin/register"), "email": email, "password": password,
        "firstName": "Ann", "lastName": "Example"}).get_data(as_text=True)


def test_the_password_rule_is_said_once_when_it_is_broken(client):
    page = register(client, "new@example.com", "weak")
    assert page.count("at least 8 characters, a lowercase letter") \
        + page.count("At least 8 characters, a lowercase letter") == 1


@pytest.mark.parametrize("email", ["demo.user@example.com", "DEMO.USER@example.com"])
def test_a_duplicate_email_is_said_once_beside_its_field(client, email):
    page = register(client, email, "Another-Password-7")
    assert page.count("A user with this Email already exists") == 1
    assert "We found some errors. Please review the form and make corrections." in page


def test_sign_out_from_the_landing_page(client, make_user, sign_in):
    sign_in(make_user()["profile"]["login"])
    assert 'id="org-sign-out"' in client.get("/").get_data(as_text=True)
    response = client.post("/login/signout", data={"csrf_token": csrf(client, "/")})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert client.get("/api/v1/sessions/me").status_code == 404
    assert "Nobody is signed in" in client.get("/").get_data(as_text=True)


def test_sign_out_without_the_form_token_signs_nobody_out(client, make_user, sign_in):
    sign_in(make_user()["profile"]["login"])
    response = client.post("/login/signout", data={"csrf_token": "forged"})
    assert response.status_code == 302
    assert client.get("/api/v1/sessions/me").status_code == 200
