"""Lockout, password expiry and status rules, through /api/v1/authn and the sign-in page."""

import re
from dataclasses import replace

import pytest

from mock_okta import create_app
from mock_okta.directory.status import set_status
from mock_okta.directory.users import get_user
from tests.mock_okta.support import PASSWORD, authorize_params

AUTHN = "/api/v1/authn"
NEW_PASSWORD = "Fresh-Start-2026"


def authn(client, login, password=PASSWORD):
    return client.post(AUTHN, json={"username": login, "password": password})


def store_of(app):
    return app.extensions["mock_okta"].store


def put_status(app, user_json, status):
    store = store_of(app)
    set_status(store, get_user(store, user_json["id"]), status)


def csrf_and_fields(html):
    return dict(re.findall(r'name="(csrf_token|stateToken|fromURI)" value="([^"]*)"', html))


@pytest.mark.parametrize("status", ["STAGED", "PROVISIONED", "SUSPENDED", "DEPROVISIONED",
                                    "RECOVERY"])
def test_users_who_may_not_sign_in_get_authentication_failed(app, client, make_user, status):
    user = make_user()
    put_status(app, user, status)
    response = authn(client, user["profile"]["login"])
    assert response.status_code == 401 and response.json["errorCode"] == "E0000004"


def test_ten_failures_lock_the_user_out_and_lockout_looks_like_a_wrong_password(
        app, client, make_user):
    user = make_user()
    login = user["profile"]["login"]
    for _ in range(10):
        assert authn(client, login, "Wrong-Password-1").status_code == 401
    assert get_user(store_of(app), user["id"]).status == "LOCKED_OUT"
    # The right password no longer works, and the answer does not give the lockout away.
    response = authn(client, login)
    assert response.status_code == 401 and response.json["errorCode"] == "E0000004"


def test_a_success_resets_the_failure_count(app, client, make_user):
    user = make_user()
    login = user["profile"]["login"]
    for _ in range(9):
        authn(client, login, "Wrong-Password-1")
    assert authn(client, login).status_code == 200
    for _ in range(9):
        authn(client, login, "Wrong-Password-1")
    assert get_user(store_of(app), user["id"]).status == "ACTIVE"


@pytest.fixture
def shown_lockouts(settings):
    app = create_app(replace(settings, lockout_attempts=3, show_lockout_failures=True))
    yield app
    store_of(app).close()


def test_shown_lockout_answers_locked_out_status(shown_lockouts):
    client = shown_lockouts.test_client()
    headers = {"Authorization": "SSWS test-api-token"}
    user = client.post("/api/v1/users", headers=headers, json={
        "profile": {"firstName": "Lo", "lastName": "Ck", "email": "lock@example.com",
                    "login": "lock@example.com"},
        "credentials": {"password": {"value": PASSWORD}}}).json
    for _ in range(3):
        authn(client, "lock@example.com", "Wrong-Password-1")
    response = authn(client, "lock@example.com")
    assert response.status_code == 200
    assert response.json["status"] == "LOCKED_OUT"
    assert response.json["_links"]["next"]["name"] == "unlock"
    # The hosted page says so too.
    page = client.get("/login/login.htm").get_data(as_text=True)
    fields = csrf_and_fields(page)
    shown = client.post("/login/login.htm", data={"username": "lock@example.com",
                                                  "password": PASSWORD, **fields})
    assert shown.status_code == 403
    assert "Your account is locked" in shown.get_data(as_text=True)
    assert user["id"].startswith("00u")


def test_password_expired_then_changed_through_authn(app, client, make_user):
    user = make_user()
    put_status(app, user, "PASSWORD_EXPIRED")
    first = authn(client, user["profile"]["login"])
    assert first.status_code == 200
    body = first.json
    assert body["status"] == "PASSWORD_EXPIRED" and body["stateToken"]
    assert body["_embedded"]["policy"]["complexity"]["minLength"] == 8
    assert body["_links"]["next"]["href"].endswith("/api/v1/authn/credentials/change_password")
    done = client.post("/api/v1/authn/credentials/change_password", json={
        "stateToken": body["stateToken"], "oldPassword": PASSWORD, "newPassword": NEW_PASSWORD})
    assert done.status_code == 200 and done.json["status"] == "SUCCESS"
    assert done.json["sessionToken"]
    assert get_user(store_of(app), user["id"]).status == "ACTIVE"
    assert authn(client, user["profile"]["login"], NEW_PASSWORD).json["status"] == "SUCCESS"
    # The stateToken was used up.
    again = client.post("/api/v1/authn/credentials/change_password", json={
        "stateToken": body["stateToken"], "oldPassword": NEW_PASSWORD,
        "newPassword": "Another-Pass-77"})
    assert again.status_code == 401 and again.json["errorCode"] == "E0000011"


@pytest.mark.parametrize("change, status, code", [
    ({"oldPassword": "Not-The-Old-1"}, 403, "E0000014"),
    ({"newPassword": "weak"}, 403, "E0000080"),
    ({"newPassword": PASSWORD}, 403, "E0000080"),
    ({"newPassword": None}, 400, "E0000001"),
    ({"stateToken": "00nope"}, 401, "E0000011"),
    ({"stateToken": None}, 401, "E0000011"),
])
def test_change_password_errors(app, client, make_user, change, status, code):
    user = make_user()
    put_status(app, user, "PASSWORD_EXPIRED")
    token = authn(client, user["profile"]["login"]).json["stateToken"]
    body = {"stateToken": token, "oldPassword": PASSWORD, "newPassword": NEW_PASSWORD, **change}
    response = client.post("/api/v1/authn/credentials/change_password",
                           json={k: v for k, v in body.items() if v is not None})
    assert response.status_code == status and response.json["errorCode"] == code
    assert get_user(store_of(app), user["id"]).status == "PASSWORD_EXPIRED"


def test_cancel_ends_the_transaction(app, client, make_user):
    user = make_user()
    put_status(app, user, "PASSWORD_EXPIRED")
    token = authn(client, user["profile"]["login"]).json["stateToken"]
    assert client.post("/api/v1/authn/cancel", json={"stateToken": token}).json == {}
    assert client.post("/api/v1/authn/cancel", json={"stateToken": token}).status_code == 401


def test_sign_in_page_asks_an_expired_user_for_a_new_password(app, client, make_user):
    user = make_user()
    put_status(app, user, "PASSWORD_EXPIRED")
    start = client.get("/oauth2/default/v1/authorize", query_string=authorize_params())
    fields = csrf_and_fields(client.get(start.headers["Location"]).get_data(as_text=True))
    fields["fromURI"] = fields["fromURI"].replace("&amp;", "&")
    step = client.post("/login/login.htm", data={"username": user["profile"]["login"],
                                                 "password": PASSWORD, **fields})
    page = step.get_data(as_text=True)
    assert step.status_code == 200 and "Your password has expired" in page
    expired = csrf_and_fields(page)
    mismatch = client.post("/signin/password-expired", data={
        **expired, "oldPassword": PASSWORD, "newPassword": NEW_PASSWORD,
        "confirmPassword": "Something-Else-1"})
    assert mismatch.status_code == 400 and "New passwords must match" in mismatch.get_data(as_text=True)
    weak = client.post("/signin/password-expired", data={
        **expired, "oldPassword": PASSWORD, "newPassword": "weak", "confirmPassword": "weak"})
    assert "Password requirements were not met" in weak.get_data(as_text=True)
    done = client.post("/signin/password-expired", data={
        **expired, "oldPassword": PASSWORD, "newPassword": NEW_PASSWORD,
        "confirmPassword": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == fields["fromURI"]
    finished = client.get(done.headers["Location"])
    assert "code=" in finished.headers["Location"]


def test_password_expired_form_without_a_transaction_goes_back_to_sign_in(client):
    response = client.post("/signin/password-expired", data={"stateToken": "00bogus"})
    assert response.status_code == 400
    assert "okta-signin-username" in response.get_data(as_text=True)


@pytest.mark.parametrize("status", ["SUSPENDED", "STAGED"])
def test_sign_in_page_refuses_users_who_may_not_sign_in(app, client, make_user, status):
    user = make_user()
    put_status(app, user, status)
    fields = csrf_and_fields(client.get("/login/login.htm").get_data(as_text=True))
    response = client.post("/login/login.htm", data={"username": user["profile"]["login"],
                                                     "password": PASSWORD, **fields})
    assert response.status_code == 401
    assert "Unable to sign in" in response.get_data(as_text=True)
