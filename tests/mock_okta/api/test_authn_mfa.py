"""Authentication API, the MFA states: MFA_ENROLL, MFA_ENROLL_ACTIVATE, MFA_REQUIRED,
MFA_CHALLENGE, then SUCCESS; stateToken rules, lockout, and `amr` in the session
and in the ID token."""

from __future__ import annotations

import pytest

from tests.mock_okta.kit.test_clock import advance
from tests.mock_okta.support import PASSWORD
from tests.mock_okta.support.api import assert_okta_error
from tests.mock_okta.support.factors import (
    active_totp,
    enroll,
    enrollment_policy,
    id_token_claims,
    path_of,
    require_mfa,
    sent_code,
    totp_code,
)

TOTP = "token:software:totp"
KINDS = [(TOTP, "OKTA"), (TOTP, "GOOGLE"), ("sms", "OKTA"), ("email", "OKTA"),
         ("question", "OKTA")]


@pytest.fixture
def user(make_user):
    return make_user()


@pytest.fixture
def mfa_org(client, api_headers):
    require_mfa(client, api_headers)


def authn(client, user):
    return client.post("/api/v1/authn", json={"username": user["profile"]["login"],
                                               "password": PASSWORD})


def follow(client, link: dict, **body):
    return client.post(path_of(link["href"]), json=body)


def wrong_code(client, secret) -> str:
    return "000000" if totp_code(client, secret) != "000000" else "111111"


def test_without_a_policy_the_password_is_enough(client, user):
    assert authn(client, user).json["status"] == "SUCCESS"


def test_mfa_required_without_a_factor_enrols_totp_then_succeeds(client, mfa_org, user):
    answer = authn(client, user).json
    assert answer["status"] == "MFA_ENROLL"
    assert answer["stateToken"] and answer["expiresAt"]
    assert answer["_embedded"]["user"]["id"] == user["id"]
    listed = answer["_embedded"]["factors"]
    assert [(f["factorType"], f["provider"]) for f in listed] == KINDS
    assert {(f["status"], f["enrollment"]) for f in listed} == {("NOT_SETUP", "OPTIONAL")}
    assert listed[0]["_links"]["enroll"] == {"href": "http://localhost/api/v1/authn/factors",
                                             "hints": {"allow": ["POST"]}}
    assert set(answer["_links"]) == {"cancel"}            # a factor is required: no skip

    token = answer["stateToken"]
    activate = client.post("/api/v1/authn/factors", json={
        "stateToken": token, "factorType": TOTP, "provider": "GOOGLE"}).json
    assert activate["status"] == "MFA_ENROLL_ACTIVATE" and activate["stateToken"] == token
    factor = activate["_embedded"]["factor"]
    assert factor["id"].startswith("uft") and "status" not in factor
    activation = factor["_embedded"]["activation"]
    assert activation["_links"]["qrcode"]["type"] == "image/png"
    assert client.get(path_of(activation["_links"]["qrcode"]["href"])).mimetype == "image/png"
    links = activate["_links"]
    assert links["next"]["name"] == "activate" and links["next"]["href"].endswith(
        f"/api/v1/authn/factors/{factor['id']}/lifecycle/activate")
    assert set(links) == {"next", "prev", "cancel"}

    secret = activation["sharedSecret"]
    wrong = follow(client, links["next"], stateToken=token, passCode=wrong_code(client, secret))
    assert_okta_error(wrong, 403, "E0000068", "Invalid Passcode/Answer")
    done = follow(client, links["next"], stateToken=token, passCode=totp_code(client, secret))
    assert done.json["status"] == "SUCCESS" and done.json["sessionToken"]
    claims = id_token_claims(client, done.json["sessionToken"])
    assert set(claims["amr"]) == {"pwd", "otp", "mfa"}
    assert_okta_error(client.post("/api/v1/authn", json={"stateToken": token}), 401, "E0000011")


def test_mfa_required_with_a_factor_verifies_it(client, api_headers, mfa_org, user):
    factor, secret, _ = active_totp(client, api_headers, user["id"])
    answer = authn(client, user).json
    assert answer["status"] == "MFA_REQUIRED"
    listed = answer["_embedded"]["factors"]
    assert [f["id"] for f in listed] == [factor["id"]]
    assert "status" not in listed[0] and "created" not in listed[0]
    assert answer["_embedded"]["policy"]["allowRememberDevice"] is False
    verify = listed[0]["_links"]["verify"]
    assert verify["href"] == f"http://localhost/api/v1/authn/factors/{factor['id']}/verify"
    response = client.post(path_of(verify["href"]) + "?rememberDevice=false", json={
        "stateToken": answer["stateToken"], "passCode": totp_code(client, secret, 1)})
    assert response.json["status"] == "SUCCESS"
    session = client.post("/api/v1/sessions", json={"sessionToken": response.json[
        "sessionToken"]}).json
    assert set(session["amr"]) == {"pwd", "otp", "mfa"}
    assert session["lastFactorVerification"] and session["mfaActive"] is True
    again = client.post(path_of(verify["href"]), json={"stateToken": answer["stateToken"],
                                                        "passCode": "123456"})
    assert_okta_error(again, 401, "E0000011")               # the stateToken is spent


def test_five_wrong_codes_in_a_row_lock_the_user_out(client, api_headers, mfa_org, user):
    factor, secret, _ = active_totp(client, api_headers, user["id"])
    answer = authn(client, user).json
    verify = path_of(answer["_embedded"]["factors"][0]["_links"]["verify"]["href"])
    body = {"stateToken": answer["stateToken"], "passCode": wrong_code(client, secret)}
    for _ in range(4):
        assert_okta_error(client.post(verify, json=body), 403, "E0000068")
    assert_okta_error(client.post(verify, json=body), 403, "E0000069", "User Locked")
    locked = client.get(f"/api/v1/users/{user['id']}", headers=api_headers).json
    assert locked["status"] == "LOCKED_OUT"
    assert_okta_error(authn(client, user), 401, "E0000004")


def test_a_good_code_starts_the_count_again(client, api_headers, mfa_org, user):
    _, secret, _ = active_totp(client, api_headers, user["id"])
    for step in (1, 2):
        answer = authn(client, user).json
        verify = path_of(answer["_embedded"]["factors"][0]["_links"]["verify"]["href"])
        for _ in range(4):
            client.post(verify, json={"stateToken": answer["stateToken"],
                                      "passCode": wrong_code(client, secret)})
        ok = client.post(verify, json={"stateToken": answer["stateToken"],
                                       "passCode": totp_code(client, secret, step)})
        assert ok.json["status"] == "SUCCESS"


def test_an_email_factor_is_challenged_through_the_outbox(client, api_headers, mfa_org, user):
    email = user["profile"]["email"]
    factor = client.post(f"/api/v1/users/{user['id']}/factors?activate=true",
                         headers=api_headers,
                         json={"factorType": "email", "provider": "OKTA"}).json
    answer = authn(client, user).json
    listed = answer["_embedded"]["factors"]
    assert listed[0]["profile"]["email"] != email and "..." in listed[0]["profile"]["email"]
    token = answer["stateToken"]
    challenge = follow(client, listed[0]["_links"]["verify"], stateToken=token).json
    assert challenge["status"] == "MFA_CHALLENGE"
    assert challenge["_embedded"]["factor"]["id"] == factor["id"]
    links = challenge["_links"]
    assert links["next"]["name"] == "verify"
    assert links["resend"][0]["name"] == "email"
    assert links["resend"][0]["href"].endswith(f"/authn/factors/{factor['id']}/verify/resend")
    assert_okta_error(follow(client, links["resend"][0], stateToken=token), 429, "E0000118")
    back = follow(client, links["prev"], stateToken=token).json
    assert back["status"] == "MFA_REQUIRED"
    assert_okta_error(follow(client, listed[0]["_links"]["verify"], stateToken=token),
                      429, "E0000118")                    # a code was sent a moment ago
    advance(client, 6)
    again = follow(client, listed[0]["_links"]["verify"], stateToken=token).json
    assert again["status"] == "MFA_CHALLENGE"
    done = follow(client, again["_links"]["next"], stateToken=token,
                  passCode=sent_code(client, email)).json
    assert done["status"] == "SUCCESS"
    assert set(id_token_claims(client, done["sessionToken"])["amr"]) == {"pwd", "email", "mfa"}


def test_a_security_question_enrolled_at_sign_in_succeeds_at_once(client, mfa_org, user):
    token = authn(client, user).json["stateToken"]
    done = client.post("/api/v1/authn/factors", json={
        "stateToken": token, "factorType": "question", "provider": "OKTA",
        "profile": {"question": "disliked_food", "answer": "Brussels sprouts"}}).json
    assert done["status"] == "SUCCESS"
    assert set(id_token_claims(client, done["sessionToken"])["amr"]) == {"pwd", "kba", "mfa"}


def test_an_sms_enrolment_sends_a_text_and_can_resend_it(client, mfa_org, user):
    token = authn(client, user).json["stateToken"]
    activate = client.post("/api/v1/authn/factors", json={
        "stateToken": token, "factorType": "sms", "provider": "OKTA",
        "profile": {"phoneNumber": "+15551230001"}}).json
    assert activate["status"] == "MFA_ENROLL_ACTIVATE"
    assert activate["_embedded"]["factor"]["profile"]["phoneNumber"] == "+1 XXX-XXX-0001"
    resend = activate["_links"]["resend"][0]
    assert resend["href"].endswith("/lifecycle/resend")
    assert_okta_error(follow(client, resend, stateToken=token), 429, "E0000109")
    advance(client, 31)
    assert follow(client, resend, stateToken=token).json["status"] == "MFA_ENROLL_ACTIVATE"
    done = follow(client, activate["_links"]["next"], stateToken=token,
                  passCode=sent_code(client, "+15551230001")).json
    assert done["status"] == "SUCCESS"
    assert set(id_token_claims(client, done["sessionToken"])["amr"]) == {
        "pwd", "sms", "mca", "mfa"}


def test_a_group_policy_asks_members_only(client, api_headers, make_user):
    group = client.post("/api/v1/groups", headers=api_headers,
                        json={"profile": {"name": "Admins"}}).json
    require_mfa(client, api_headers, groups=[group["id"]])
    member, other = make_user(), make_user()
    client.put(f"/api/v1/groups/{group['id']}/users/{member['id']}", headers=api_headers)
    assert authn(client, member).json["status"] == "MFA_ENROLL"
    assert authn(client, other).json["status"] == "SUCCESS"


def test_an_enrolment_policy_with_a_required_factor_at_login(client, api_headers, user):
    enrollment_policy(client, api_headers, {"google_otp": "REQUIRED", "okta_question":
                                            "OPTIONAL"})
    answer = authn(client, user).json
    assert answer["status"] == "MFA_ENROLL"
    assert [(f["provider"], f["enrollment"]) for f in answer["_embedded"]["factors"]] == [
        ("GOOGLE", "REQUIRED"), ("OKTA", "OPTIONAL")]
    assert "skip" not in answer["_links"]
    refused = client.post("/api/v1/authn/factors", json={
        "stateToken": answer["stateToken"], "factorType": "email", "provider": "OKTA"})
    assert_okta_error(refused, 400, "E0000001")
    assert refused.json["errorCauses"][0]["errorSummary"] == (
        "Factor not allowed for the user based on the Multifactor policy.")


def test_optional_factors_can_be_skipped_with_multi_optional_enrolment(
        client, api_headers, mfa_org, user):
    _, secret, _ = active_totp(client, api_headers, user["id"])
    answer = client.post("/api/v1/authn", json={
        "username": user["profile"]["login"], "password": PASSWORD,
        "options": {"multiOptionalFactorEnroll": True}}).json
    verify = answer["_embedded"]["factors"][0]["_links"]["verify"]
    more = follow(client, verify, stateToken=answer["stateToken"],
                  passCode=totp_code(client, secret, 1)).json
    assert more["status"] == "MFA_ENROLL" and "skip" in more["_links"]
    google = next(f for f in more["_embedded"]["factors"] if f["provider"] == "GOOGLE")
    assert google["status"] == "ACTIVE"
    done = follow(client, more["_links"]["skip"], stateToken=answer["stateToken"]).json
    assert done["status"] == "SUCCESS"


def test_the_state_token_expires_and_is_refused_in_the_wrong_state(client, api_headers,
                                                                   mfa_org, user):
    factor, _, _ = active_totp(client, api_headers, user["id"])
    answer = authn(client, user).json
    token = answer["stateToken"]
    assert client.post("/api/v1/authn", json={"stateToken": token}).json["status"] == (
        "MFA_REQUIRED")
    wrong_state = [("/api/v1/authn/factors", {"factorType": TOTP, "provider": "OKTA"}),
                   (f"/api/v1/authn/factors/{factor['id']}/lifecycle/activate",
                    {"passCode": "123456"}),
                   ("/api/v1/authn/previous", {}), ("/api/v1/authn/skip", {})]
    for path, body in wrong_state:
        assert_okta_error(client.post(path, json={"stateToken": token, **body}),
                          403, "E0000079")
    assert_okta_error(client.post("/api/v1/authn/factors/ostNoSuchFactor00000/verify",
                                  json={"stateToken": token, "passCode": "1"}), 404, "E0000007")
    advance(client, 301)
    assert_okta_error(client.post(f"/api/v1/authn/factors/{factor['id']}/verify",
                                  json={"stateToken": token, "passCode": "123456"}),
                      401, "E0000011")


def test_cancel_ends_an_mfa_transaction(client, mfa_org, user):
    token = authn(client, user).json["stateToken"]
    assert client.post("/api/v1/authn/cancel", json={"stateToken": token}).status_code == 200
    assert_okta_error(client.post("/api/v1/authn", json={"stateToken": token}), 401, "E0000011")


@pytest.mark.parametrize("path", ["/api/v1/authn/factors", "/api/v1/authn/previous",
                                  "/api/v1/authn/skip",
                                  "/api/v1/authn/factors/uftX/verify",
                                  "/api/v1/authn/factors/uftX/lifecycle/activate",
                                  "/api/v1/authn/factors/uftX/verify/resend"])
def test_bad_input(client, path):
    assert_okta_error(client.post(path, json={}), 401, "E0000011")
    assert_okta_error(client.post(path, json={"stateToken": 5}), 401, "E0000011")
    assert_okta_error(client.post(path, data="{", content_type="application/json"),
                      400, "E0000003")


def test_a_deny_rule_fails_the_sign_in(client, api_headers, user):
    policy = client.post("/api/v1/policies", headers=api_headers,
                         json={"type": "OKTA_SIGN_ON", "name": "Deny"}).json
    client.post(f"/api/v1/policies/{policy['id']}/rules", headers=api_headers,
                json={"name": "Deny", "actions": {"signon": {"access": "DENY"}}})
    assert_okta_error(authn(client, user), 401, "E0000004")


def test_an_existing_factor_of_another_user_is_not_found(client, api_headers, mfa_org,
                                                         make_user):
    owner, other = make_user(), make_user()
    factor = enroll(client, api_headers, owner["id"], "question", profile={
        "question": "disliked_food", "answer": "Brussels sprouts"}).json
    active_totp(client, api_headers, other["id"])
    token = authn(client, other).json["stateToken"]
    assert_okta_error(client.post(f"/api/v1/authn/factors/{factor['id']}/verify",
                                  json={"stateToken": token, "answer": "x"}), 404, "E0000007")
