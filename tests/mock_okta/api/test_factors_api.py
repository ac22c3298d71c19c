"""Factors API (`/api/v1/users/{userId}/factors…`): Okta's factor objects, links,
statuses, codes and errors, for TOTP (Google, Okta Verify), SMS, email and question."""

from __future__ import annotations

import pytest

from tests.mock_okta.kit.test_clock import advance
from tests.mock_okta.support.api import assert_okta_error
from tests.mock_okta.support.factors import (
    active_totp,
    enroll,
    path_of,
    sent_code,
    totp_code,
)

TOTP = "token:software:totp"
WRONG = "Your passcode doesn't match our records. Please try again."


@pytest.fixture
def user(make_user):
    return make_user()


def factors_path(user, suffix=""):
    return f"/api/v1/users/{user['id']}/factors{suffix}"


def causes(response):
    return [cause["errorSummary"] for cause in response.json["errorCauses"]]


def test_a_new_user_has_no_factors(client, api_headers, user):
    response = client.get(factors_path(user), headers=api_headers)
    assert response.status_code == 200 and response.json == []


@pytest.mark.parametrize("provider, prefix", [("GOOGLE", "uft"), ("OKTA", "ost")])
def test_enrolling_totp_answers_a_pending_factor_with_its_activation(
        client, api_headers, user, provider, prefix):
    response = enroll(client, api_headers, user["id"], TOTP, provider)
    assert response.status_code == 200                       # Okta answers 200, not 201
    factor = response.json
    assert factor["id"].startswith(prefix) and len(factor["id"]) == 20
    assert (factor["factorType"], factor["provider"], factor["vendorName"]) == (
        TOTP, provider, provider)
    assert factor["status"] == "PENDING_ACTIVATION"
    assert factor["profile"] == {"credentialId": user["profile"]["login"]}
    base = f"http://localhost/api/v1/users/{user['id']}/factors/{factor['id']}"
    assert factor["_links"]["activate"] == {"href": f"{base}/lifecycle/activate",
                                            "hints": {"allow": ["POST"]}}
    assert factor["_links"]["self"] == {"href": base, "hints": {"allow": ["GET"]}}
    assert "verify" not in factor["_links"] and "resend" not in factor["_links"]
    activation = factor["_embedded"]["activation"]
    assert (activation["timeStep"], activation["keyLength"], activation["encoding"]) == (
        30, 6, "base32")
    assert len(activation["sharedSecret"]) >= 16
    qrcode = activation["_links"]["qrcode"]
    assert qrcode["type"] == "image/png" and qrcode["href"].startswith(f"{base}/qr/")


def test_the_qr_code_is_a_png_served_without_a_token_while_pending(client, api_headers, user):
    factor = enroll(client, api_headers, user["id"], TOTP, "GOOGLE").json
    href = path_of(factor["_embedded"]["activation"]["_links"]["qrcode"]["href"])
    image = client.get(href)
    assert image.status_code == 200 and image.mimetype == "image/png"
    assert image.data.startswith(b"\x89PNG\r\n\x1a\n")
    assert_okta_error(client.get(href + "x"), 404, "E0000007")
    client.post(path_of(factor["_links"]["activate"]["href"]), headers=api_headers,
                json={"passCode": totp_code(client, factor["_embedded"]["activation"]
                                            ["sharedSecret"])})
    assert_okta_error(client.get(href), 404, "E0000007")     # gone once active


def test_activation_with_a_wrong_code_is_okta_e0000068(client, api_headers, user):
    factor = enroll(client, api_headers, user["id"], TOTP, "GOOGLE").json
    response = client.post(path_of(factor["_links"]["activate"]["href"]), headers=api_headers,
                           json={"passCode": "12345x"})
    assert_okta_error(response, 403, "E0000068", "Invalid Passcode/Answer")
    assert causes(response) == [WRONG]


def test_activation_then_verification_and_a_replayed_code(client, api_headers, user):
    factor, secret, spent = active_totp(client, api_headers, user["id"])
    assert factor["status"] == "ACTIVE" and "_embedded" not in factor
    assert factor["_links"]["self"]["hints"]["allow"] == ["GET", "DELETE"]
    verify = path_of(factor["_links"]["verify"]["href"])
    replay = client.post(verify, headers=api_headers, json={"passCode": spent})
    assert_okta_error(replay, 403, "E0000082",
                      "Each code can only be used once. Please wait for a new code and try again.")
    later = client.post(verify, headers=api_headers,
                        json={"passCode": totp_code(client, secret, steps=1)})
    assert later.status_code == 200 and later.json == {"factorResult": "SUCCESS"}
    wrong = client.post(verify, headers=api_headers, json={"passCode": "000000"
                        if totp_code(client, secret, 2) != "000000" else "111111"})
    assert_okta_error(wrong, 403, "E0000068")
    listed = client.get(factors_path(user), headers=api_headers).json
    assert [(f["id"], f["status"]) for f in listed] == [(factor["id"], "ACTIVE")]


def test_codes_follow_the_orgs_clock(client, api_headers, user):
    factor = enroll(client, api_headers, user["id"], TOTP, "GOOGLE").json
    secret = factor["_embedded"]["activation"]["sharedSecret"]
    real_time_code = totp_code(client, secret)
    advance(client, 3600)
    activate = path_of(factor["_links"]["activate"]["href"])
    if real_time_code != totp_code(client, secret):
        assert_okta_error(client.post(activate, headers=api_headers,
                                      json={"passCode": real_time_code}), 403, "E0000068")
    response = client.post(activate, headers=api_headers,
                           json={"passCode": totp_code(client, secret)})
    assert response.status_code == 200


def test_a_second_totp_of_the_same_provider_is_refused(client, api_headers, user):
    active_totp(client, api_headers, user["id"], "GOOGLE")
    response = enroll(client, api_headers, user["id"], TOTP, "GOOGLE")
    assert_okta_error(response, 400, "E0000001", "Api validation failed: factorEnrollRequest")
    assert causes(response) == ["A factor of this type is already set up."]
    assert enroll(client, api_headers, user["id"], TOTP, "OKTA").status_code == 200


def test_enrolling_again_while_pending_replaces_the_pending_factor(client, api_headers, user):
    first = enroll(client, api_headers, user["id"], TOTP, "GOOGLE").json
    second = enroll(client, api_headers, user["id"], TOTP, "GOOGLE").json
    listed = client.get(factors_path(user), headers=api_headers).json
    assert [f["id"] for f in listed] == [second["id"]] and first["id"] != second["id"]


def test_more_than_five_wrong_activation_codes_in_five_minutes_is_429(client, api_headers, user):
    factor = enroll(client, api_headers, user["id"], TOTP, "GOOGLE").json
    secret = factor["_embedded"]["activation"]["sharedSecret"]
    activate = path_of(factor["_links"]["activate"]["href"])
    wrong = "000000" if totp_code(client, secret) != "000000" else "111111"
    for _ in range(5):
        assert_okta_error(client.post(activate, headers=api_headers, json={"passCode": wrong}),
                          403, "E0000068")
    assert_okta_error(client.post(activate, headers=api_headers,
                                  json={"passCode": totp_code(client, secret)}), 429, "E0000047")
    advance(client, 301)
    assert client.post(activate, headers=api_headers,
                       json={"passCode": totp_code(client, secret)}).status_code == 200


def test_email_factor_codes_go_to_the_outbox(client, api_headers, user):
    email = user["profile"]["email"]
    factor = enroll(client, api_headers, user["id"], "email", profile={"email": email}).json
    assert factor["id"].startswith("emf") and factor["status"] == "PENDING_ACTIVATION"
    assert factor["profile"] == {"email": email}
    assert factor["_links"]["resend"] == [{
        "name": "email", "href": f"http://localhost{factors_path(user)}/{factor['id']}/resend",
        "hints": {"allow": ["POST"]}}]
    mail = client.get("/_mock/outbox.json", query_string={"to": email}).json[0]
    assert mail["subject"] == "One-time verification code"
    activated = client.post(path_of(factor["_links"]["activate"]["href"]), headers=api_headers,
                            json={"passCode": sent_code(client, email)})
    assert activated.json["status"] == "ACTIVE"
    verify = path_of(activated.json["_links"]["verify"]["href"])
    challenge = client.post(verify, headers=api_headers)
    assert challenge.json["factorResult"] == "CHALLENGE"
    assert set(challenge.json["_links"]) == {"verify", "factor"}
    assert_okta_error(client.post(verify, headers=api_headers), 429, "E0000118",
                      "An email was recently sent. Please wait 5 seconds before trying again.")
    code = sent_code(client, email)
    assert client.post(verify, headers=api_headers, json={"passCode": code}).json == {
        "factorResult": "SUCCESS"}
    assert_okta_error(client.post(verify, headers=api_headers, json={"passCode": code}),
                      403, "E0000068")                    # a sent code works once


def test_an_email_factor_needs_the_users_own_address(client, api_headers, user):
    response = enroll(client, api_headers, user["id"], "email",
                      profile={"email": "someone.else@example.com"})
    assert_okta_error(response, 400, "E0000001",
                      "Api validation failed: Only verified primary or secondary email can be "
                      "enrolled.")


def test_sms_activate_true_and_a_text_in_the_outbox(client, api_headers, user):
    response = client.post(factors_path(user, "?activate=true"), headers=api_headers, json={
        "factorType": "sms", "provider": "OKTA", "profile": {"phoneNumber": "+15551234567"}})
    factor = response.json
    assert factor["id"].startswith("mbl") and factor["status"] == "ACTIVE"
    verify = path_of(factor["_links"]["verify"]["href"])
    challenge = client.post(verify, headers=api_headers).json
    assert challenge["factorResult"] == "CHALLENGE"
    assert challenge["profile"] == {"phoneNumber": "+15551234567"}
    text = client.get("/_mock/outbox.json", query_string={"to": "+15551234567"}).json[0]
    assert text["subject"] == "SMS" and text["body"].startswith("Your verification code is ")
    assert_okta_error(client.post(verify, headers=api_headers), 429, "E0000109")
    assert client.post(verify, headers=api_headers, json={
        "passCode": sent_code(client, "+15551234567")}).json == {"factorResult": "SUCCESS"}


@pytest.mark.parametrize("profile", [{}, {"phoneNumber": "555-1234"}, {"phoneNumber": 5}])
def test_sms_needs_an_e164_phone_number(client, api_headers, user, profile):
    assert_okta_error(enroll(client, api_headers, user["id"], "sms", profile=profile),
                      400, "E0000001")


def test_a_security_question_is_active_at_once_and_checks_the_answer(client, api_headers, user):
    factor = enroll(client, api_headers, user["id"], "question", profile={
        "question": "disliked_food", "answer": "Brussels sprouts"}).json
    assert factor["id"].startswith("ufs") and factor["status"] == "ACTIVE"
    assert factor["profile"] == {"question": "disliked_food",
                                 "questionText": "What is the food you least liked as a child?"}
    assert "questions" in factor["_links"]
    verify = path_of(factor["_links"]["verify"]["href"])
    wrong = client.post(verify, headers=api_headers, json={"answer": "kale"})
    assert_okta_error(wrong, 403, "E0000068")
    assert causes(wrong) == ["Your answer doesn't match our records. Please try again."]
    assert client.post(verify, headers=api_headers, json={
        "answer": " brussels SPROUTS "}).json == {"factorResult": "SUCCESS"}


@pytest.mark.parametrize("profile", [{"question": "favourite_colour", "answer": "green"},
                                     {"question": "disliked_food", "answer": "abc"}, None])
def test_a_security_question_needs_a_known_question_and_an_answer(
        client, api_headers, user, profile):
    assert_okta_error(enroll(client, api_headers, user["id"], "question", profile=profile),
                      400, "E0000001")


def test_questions_and_catalog(client, api_headers, user):
    questions = client.get(factors_path(user, "/questions"), headers=api_headers).json
    assert len(questions) == 20
    assert questions[0] == {"question": "disliked_food",
                            "questionText": "What is the food you least liked as a child?"}
    active_totp(client, api_headers, user["id"], "GOOGLE")
    catalog = client.get(factors_path(user, "/catalog"), headers=api_headers).json
    by_kind = {(entry["factorType"], entry["provider"]): entry for entry in catalog}
    assert set(by_kind) == {(TOTP, "GOOGLE"), (TOTP, "OKTA"), ("sms", "OKTA"),
                            ("email", "OKTA"), ("question", "OKTA")}
    assert by_kind[(TOTP, "GOOGLE")]["status"] == "ACTIVE"
    assert by_kind[("sms", "OKTA")]["status"] == "NOT_SETUP"
    assert by_kind[("sms", "OKTA")]["_links"]["enroll"]["hints"]["allow"] == ["POST"]


def test_get_delete_and_not_found(client, api_headers, user):
    factor, _, _ = active_totp(client, api_headers, user["id"])
    path = factors_path(user, f"/{factor['id']}")
    assert client.get(path, headers=api_headers).json["id"] == factor["id"]
    assert client.delete(path, headers=api_headers).status_code == 204
    assert_okta_error(client.get(path, headers=api_headers), 404, "E0000007",
                      f"Not found: Resource not found: {factor['id']} (UserFactor)")
    assert_okta_error(client.delete(path, headers=api_headers), 404, "E0000007")


def test_reset_factors_removes_every_factor(client, api_headers, user):
    active_totp(client, api_headers, user["id"])
    response = client.post(f"/api/v1/users/{user['id']}/lifecycle/reset_factors",
                           headers=api_headers)
    assert response.status_code == 200 and response.json == {}
    assert client.get(factors_path(user), headers=api_headers).json == []


@pytest.mark.parametrize("method, suffix", [
    ("get", ""), ("get", "/catalog"), ("get", "/questions"), ("post", ""),
    ("get", "/ufsNoSuchFactor00000"), ("post", "/ufsNoSuchFactor00000/verify")])
def test_unknown_user_and_missing_token(client, api_headers, method, suffix):
    path = f"/api/v1/users/00uNoSuchUser0000000/factors{suffix}"
    response = getattr(client, method)(path, headers=api_headers, json={})
    assert_okta_error(response, 404, "E0000007")
    assert_okta_error(getattr(client, method)(path, json={}), 403, "E0000005")  # no token


@pytest.mark.parametrize("body", [
    {"factorType": "push", "provider": "OKTA"}, {"factorType": TOTP, "provider": "RSA"},
    {"provider": "GOOGLE"}, {"factorType": TOTP, "provider": "GOOGLE", "profile": "x"},
    {"factorType": {}, "provider": "GOOGLE"}, {"factorType": TOTP, "provider": ["GOOGLE"]}])
def test_unsupported_or_malformed_enrolments(client, api_headers, user, body):
    response = client.post(factors_path(user), headers=api_headers, json=body)
    assert_okta_error(response, 400, "E0000001")


@pytest.mark.parametrize("query", ["?activate=maybe", "?tokenLifetimeSeconds=0",
                                   "?tokenLifetimeSeconds=86401", "?tokenLifetimeSeconds=x"])
def test_bad_query_parameters(client, api_headers, user, query):
    response = client.post(factors_path(user, query), headers=api_headers,
                           json={"factorType": "email", "provider": "OKTA"})
    assert_okta_error(response, 400, "E0000001")


def test_malformed_bodies(client, api_headers, user):
    response = client.post(factors_path(user), headers=api_headers, data="{",
                           content_type="application/json")
    assert_okta_error(response, 400, "E0000003")
    factor, _, _ = active_totp(client, api_headers, user["id"])
    verify = path_of(factor["_links"]["verify"]["href"])
    assert_okta_error(client.post(verify, headers=api_headers, data="[1]",
                                  content_type="application/json"), 400, "E0000003")
    assert_okta_error(client.post(verify, headers=api_headers, json={"passCode": 123456}),
                      403, "E0000068")


def test_wrong_status_operations(client, api_headers, user):
    factor, _, _ = active_totp(client, api_headers, user["id"])
    activate = factors_path(user, f"/{factor['id']}/lifecycle/activate")
    assert_okta_error(client.post(activate, headers=api_headers, json={"passCode": "123456"}),
                      400, "E0000001")
    pending = enroll(client, api_headers, user["id"], "email").json
    assert_okta_error(client.post(factors_path(user, f"/{pending['id']}/verify"),
                                  headers=api_headers), 400, "E0000001")
    assert_okta_error(client.post(factors_path(user, f"/{factor['id']}/resend"),
                                  headers=api_headers), 400, "E0000001")


def test_a_pending_email_factor_can_be_sent_its_code_again(client, api_headers, user):
    email = user["profile"]["email"]
    factor = enroll(client, api_headers, user["id"], "email").json
    resend = path_of(factor["_links"]["resend"][0]["href"])
    assert_okta_error(client.post(resend, headers=api_headers), 429, "E0000118")
    advance(client, 6)
    assert client.post(resend, headers=api_headers).status_code == 200
    assert len(client.get("/_mock/outbox.json", query_string={"to": email}).json) == 2


def test_a_good_verification_is_remembered_a_wrong_one_is_not(app, client, api_headers, user):
    """`last_verified` (shown in the console) moves on SUCCESS only; Okta's factor object
    has no such field, so the API does not show it."""
    from mock_okta.directory.factors import get_factor
    store = app.extensions["mock_okta"].store
    factor, secret, _ = active_totp(client, api_headers, user["id"])
    assert get_factor(store, user["id"], factor["id"]).last_verified is None   # activation
    verify = path_of(factor["_links"]["verify"]["href"])
    assert client.post(verify, headers=api_headers,
                       json={"passCode": totp_code(client, secret, steps=1)}).status_code == 200
    verified = get_factor(store, user["id"], factor["id"]).last_verified
    assert verified is not None
    advance(client, 60)
    wrong = "000000" if totp_code(client, secret) != "000000" else "111111"
    assert client.post(verify, headers=api_headers, json={"passCode": wrong}).status_code == 403
    assert get_factor(store, user["id"], factor["id"]).last_verified == verified
    shown = client.get(factors_path(user, f"/{factor['id']}"), headers=api_headers).json
    assert "lastVerified" not in shown and "last_verified" not in shown
