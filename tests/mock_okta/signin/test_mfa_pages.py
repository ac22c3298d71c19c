"""The hosted page's MFA screens: enrolment list, TOTP set-up with QR code and
manual key, the challenge, Okta's texts and selectors, and the errors."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from mock_okta.directory import policies
from tests.mock_okta.support import CLIENT_ID, PASSWORD, authorize_params
from tests.mock_okta.support.factors import (
    active_totp,
    enrollment_policy,
    require_mfa,
    sent_code,
    totp_code,
)
from tests.mock_okta.support.pages import EXPIRED, Page, csrf_token, location_path, post_login

LOCKED = "Your account is locked because of too many authentication attempts."
WRONG = "Your passcode doesn't match our records. Please try again."


@pytest.fixture
def user(make_user):
    return make_user()


def hidden(response, name) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', response.get_data(as_text=True))
    assert match, f"no {name} on the page"
    return match.group(1)


def post(client, page, action, **fields):
    data = {"csrf_token": csrf_token(page), "stateToken": hidden(page, "stateToken"), **fields}
    return client.post(action, data=data)


def sign_in(client, user, from_uri=None):
    return post_login(client, user["profile"]["login"], PASSWORD, from_uri=from_uri)


def test_mfa_required_without_a_factor_shows_the_enrolment_list(client, api_headers, user):
    require_mfa(client, api_headers)
    page = sign_in(client, user)
    assert page.status_code == 200
    view = Page(page)
    assert view.find(data_se="o-form-head")["_text"] == "Set up multifactor authentication"
    assert view.find(data_se="o-form-explain")["_text"].startswith(
        "Your company requires multifactor authentication")
    rows = [row["data-se"] for row in view.find_all("li", class_="enroll-factor-row")]
    assert rows == ["OKTA_VERIFY", "GOOGLE_AUTH", "SMS", "EMAIL", "QUESTION"]
    assert view.find("li", data_se="GOOGLE_AUTH") and view.find(class_="enroll-factor-label")
    assert not view.find("input", value="Finish")          # a factor is required: no skip


def test_totp_enrolment_with_qr_code_manual_key_and_code(client, api_headers, user):
    require_mfa(client, api_headers)
    listing = sign_in(client, user, from_uri="/")
    setup = post(client, listing, "/signin/enroll/google/token:software:totp", fromURI="/")
    view = Page(setup)
    assert view.find(data_se="o-form-head")["_text"] == "Setup Google Authenticator"
    assert view.find(data_se="step-scan")
    qrcode = view.find("img", data_se="qrcode")["src"]
    assert client.get(qrcode).mimetype == "image/png"
    assert view.find(data_se="step-scan")["_text"].startswith(
        'Launch Google Authenticator, tap the "+" icon, then select "Scan a QR code".')
    assert view.find("a", data_se="manual-setup")["_text"] == "Can't scan?"
    secret = view.find(class_="shared-key")["_text"]
    assert view.find(data_se="step-manual-setup") and view.find(data_se="secret-key-instructions")
    assert view.find(data_se="step-sendcode") and view.find("input", name="passCode")["type"] == "tel"

    action = "/signin/enroll-activate/google/token:software:totp"
    wrong = post(client, setup, action, passCode="00000x", fromURI="/")
    assert wrong.status_code == 400 and Page(wrong).banner() == WRONG
    blank = post(client, setup, action, passCode="", fromURI="/")
    assert Page(blank).field_error("passCode") == "This field cannot be left blank"
    done = post(client, setup, action, passCode=totp_code(client, secret), fromURI="/")
    assert done.status_code == 302 and location_path(done) == "/"
    session = client.get("/api/v1/sessions/me").json
    assert set(session["amr"]) == {"pwd", "otp", "mfa"}


def test_the_challenge_screen_and_its_errors(client, api_headers, user):
    require_mfa(client, api_headers)
    _, secret, _ = active_totp(client, api_headers, user["id"])
    page = sign_in(client, user)
    view = Page(page)
    form = view.find("form", data_se="factor-totp")
    assert form and "mfa-verify-totp" in form["class"]
    assert view.find(data_se="o-form-head")["_text"] == "Google Authenticator"
    assert view.find(data_se="o-form-explain")["_text"] == (
        "Enter your Google Authenticator passcode")
    answer = view.find("input", name="answer")
    assert answer["type"] == "tel" and answer["autocomplete"] == "off"
    assert view.find("input", data_type="save")["value"] == "Verify"
    action = urlsplit(form["action"]).path
    assert action == "/signin/verify/google/token:software:totp"
    factor_id = hidden(page, "factorId")
    wrong = "000000" if totp_code(client, secret) != "000000" else "111111"
    for _ in range(4):
        refused = post(client, page, action, factorId=factor_id, answer=wrong)
        assert Page(refused).banner() == WRONG
    locked = post(client, page, action, factorId=factor_id, answer=wrong)
    assert Page(locked).banner() == LOCKED
    assert client.get(f"/api/v1/users/{user['id']}", headers=api_headers).json["status"] == (
        "LOCKED_OUT")


def test_a_good_code_signs_in_and_a_replayed_one_is_refused(client, api_headers, user):
    require_mfa(client, api_headers)
    _, secret, spent = active_totp(client, api_headers, user["id"])
    page = sign_in(client, user)
    action = "/signin/verify/google/token:software:totp"
    replay = post(client, page, action, factorId=hidden(page, "factorId"), answer=spent)
    assert Page(replay).banner() == (
        "Each code can only be used once. Please wait for a new code and try again.")
    done = post(client, page, action, factorId=hidden(page, "factorId"),
                answer=totp_code(client, secret, 1))
    assert done.status_code == 302


def test_an_email_factor_through_the_outbox_and_switching_factors(client, api_headers, user):
    require_mfa(client, api_headers)
    active_totp(client, api_headers, user["id"])
    email = client.post(f"/api/v1/users/{user['id']}/factors?activate=true", headers=api_headers,
                        json={"factorType": "email", "provider": "OKTA"}).json
    page = sign_in(client, user)
    switch = Page(page).find("button", data_se="switch-okta-email")
    assert switch["_text"] == "Email Authentication"
    action = "/signin/verify/okta/email"
    chosen = post(client, page, action, factorId=email["id"], switch="1")
    view = Page(chosen)
    assert view.find("form", data_se="factor-email")
    assert view.find(data_se="email-send-code")["_text"] == "Send me the code"
    assert not view.find("input", name="answer")
    sent = post(client, chosen, action, factorId=email["id"], send="1")
    assert Page(sent).find("input", name="answer")
    done = post(client, sent, action, factorId=email["id"],
                answer=sent_code(client, user["profile"]["email"]))
    assert done.status_code == 302
    assert set(client.get("/api/v1/sessions/me").json["amr"]) == {"pwd", "email", "mfa"}


def test_an_sms_and_a_question_are_set_up_with_their_forms(client, api_headers, user):
    enrollment_policy(client, api_headers, {"okta_sms": "REQUIRED",
                                            "okta_question": "REQUIRED"})
    listing = sign_in(client, user)
    form = post(client, listing, "/signin/enroll/okta/sms")
    assert Page(form).find("input", name="phoneNumber")
    blank = post(client, form, "/signin/enroll/okta/sms", submitted="1", phoneNumber="")
    assert Page(blank).field_error("phoneNumber") == "This field cannot be left blank"
    bad = post(client, form, "/signin/enroll/okta/sms", submitted="1", phoneNumber="555")
    assert Page(bad).banner() == "Invalid Phone Number."
    activate = post(client, form, "/signin/enroll/okta/sms", submitted="1",
                    phoneNumber="+15551230002")
    assert "+1 XXX-XXX-0002" in activate.get_data(as_text=True)
    listing = post(client, activate, "/signin/enroll-activate/okta/sms",
                   passCode=sent_code(client, "+15551230002"))
    assert Page(listing).find("li", class_="enroll-factor-row-done", data_se="SMS")
    question = post(client, listing, "/signin/enroll/okta/question")
    assert len(Page(question).find_all("option")) == 20
    done = post(client, question, "/signin/enroll/okta/question", submitted="1",
                question="disliked_food", answer="Brussels sprouts")
    assert done.status_code == 302


def test_optional_factors_can_be_finished_later(client, api_headers, user):
    enrollment_policy(client, api_headers, {"google_otp": "OPTIONAL"})
    store = client.application.extensions["mock_okta"].store
    assert policies.decide(store, user["id"]).enroll_when == "LOGIN"
    done = sign_in(client, user)
    assert done.status_code == 302                       # only optional: no prompt


def test_an_apps_access_policy_asks_for_a_factor_for_that_app_only(client, api_headers, user):
    policy = client.post("/api/v1/policies", headers=api_headers,
                         json={"type": "ACCESS_POLICY", "name": "2FA"}).json
    client.post(f"/api/v1/policies/{policy['id']}/rules", headers=api_headers, json={
        "name": "2FA", "actions": {"appSignOn": {"verificationMethod": {"factorMode": "2FA"}}}})
    client.put(f"/api/v1/apps/{CLIENT_ID}/policies/{policy['id']}", headers=api_headers)
    start = client.get("/oauth2/default/v1/authorize", query_string=authorize_params())
    login = client.get(start.headers["Location"])
    from_uri = hidden(login, "fromURI")
    page = sign_in(client, user, from_uri=from_uri)
    assert Page(page).find("li", data_se="GOOGLE_AUTH")   # MFA for this app
    client.delete_cookie("sid")
    assert sign_in(client, user).status_code == 302      # the landing page: no app, no MFA


def test_a_stale_or_forged_step_shows_the_sign_in_page(client, api_headers, user):
    require_mfa(client, api_headers)
    page = sign_in(client, user)
    stale = client.post("/signin/enroll/google/token:software:totp",
                        data={"csrf_token": csrf_token(page), "stateToken": "nope"})
    assert stale.status_code == 400 and Page(stale).banner() == EXPIRED
    no_csrf = client.post("/signin/enroll/google/token:software:totp",
                          data={"stateToken": hidden(page, "stateToken")})
    assert no_csrf.status_code == 400 and Page(no_csrf).banner() == EXPIRED
    wrong_state = post(client, page, "/signin/verify/google/token:software:totp",
                       factorId="x", answer="123456")
    assert wrong_state.status_code == 400 and Page(wrong_state).banner() == EXPIRED
