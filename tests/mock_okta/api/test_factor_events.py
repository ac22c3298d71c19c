"""What the factors write to the System Log, as Okta's Classic org does:
user.mfa.factor.activate / deactivate / reset_all, the codes sent by SMS and
email, and user.authentication.auth_via_mfa for a second factor at sign-in."""

from __future__ import annotations

from tests.mock_okta.support import PASSWORD
from tests.mock_okta.support.factors import active_totp, enroll, path_of, require_mfa, totp_code
from tests.mock_okta.support.system_log import log_events

TOTP = "token:software:totp"


def _events(client, api_headers, prefix: str) -> list[dict]:
    return [event for event in log_events(client, api_headers)
            if event["eventType"].startswith(prefix)]


def test_activating_a_totp_factor_is_logged_against_the_user(client, api_headers, make_user):
    user = make_user()
    enroll(client, api_headers, user["id"], TOTP, "GOOGLE")
    assert _events(client, api_headers, "user.mfa") == []       # pending is not a factor yet
    factor, _, _ = active_totp(client, api_headers, user["id"])
    (event,) = _events(client, api_headers, "user.mfa")
    assert event["eventType"] == "user.mfa.factor.activate"
    assert event["displayMessage"] == "Activate factor for user"
    assert [target["id"] for target in event["target"]] == [user["id"]]
    assert event["debugContext"]["debugData"]["factorId"] == factor["id"]
    assert event["debugContext"]["debugData"]["factor"] == TOTP


def test_a_factor_active_at_enrolment_is_logged_once(client, api_headers, make_user):
    user = make_user()
    response = client.post(f"/api/v1/users/{user['id']}/factors?activate=true",
                           headers=api_headers, json={"factorType": "email", "provider": "OKTA"})
    assert response.json["status"] == "ACTIVE"
    assert [e["eventType"] for e in _events(client, api_headers, "user.mfa")] == [
        "user.mfa.factor.activate"]


def test_deleting_and_resetting_factors_are_logged(client, api_headers, make_user):
    user = make_user()
    factor, _, _ = active_totp(client, api_headers, user["id"])
    client.delete(f"/api/v1/users/{user['id']}/factors/{factor['id']}", headers=api_headers)
    active_totp(client, api_headers, user["id"])
    client.post(f"/api/v1/users/{user['id']}/lifecycle/reset_factors", headers=api_headers)
    assert [e["eventType"] for e in _events(client, api_headers, "user.mfa")] == [
        "user.mfa.factor.activate", "user.mfa.factor.deactivate",
        "user.mfa.factor.activate", "user.mfa.factor.reset_all"]


def test_codes_sent_by_sms_are_logged_as_okta_s_system_events(client, api_headers, make_user):
    user = make_user()
    response = enroll(client, api_headers, user["id"], "sms",
                      profile={"phoneNumber": "+15551230100"})
    assert response.status_code == 200, response.json
    assert [e["eventType"] for e in _events(client, api_headers, "system.")] == [
        "system.sms.send_factor_verify_message"]


def test_a_second_factor_at_sign_in_is_logged_as_auth_via_mfa(client, api_headers, make_user):
    user = make_user()
    require_mfa(client, api_headers)
    _, secret, _ = active_totp(client, api_headers, user["id"])
    answer = client.post("/api/v1/authn", json={"username": user["profile"]["login"],
                                                 "password": PASSWORD}).json
    verify = path_of(answer["_embedded"]["factors"][0]["_links"]["verify"]["href"])
    wrong = "000000" if totp_code(client, secret, 1) != "000000" else "111111"
    client.post(verify, json={"stateToken": answer["stateToken"], "passCode": wrong})
    done = client.post(verify, json={"stateToken": answer["stateToken"],
                                     "passCode": totp_code(client, secret, 1)})
    assert done.json["status"] == "SUCCESS"
    failed, passed = _events(client, api_headers, "user.authentication.auth_via_mfa")
    assert (failed["outcome"]["result"], failed["outcome"]["reason"]) == (
        "FAILURE", "INVALID_CREDENTIALS")
    assert failed["severity"] == "WARN"
    assert passed["outcome"]["result"] == "SUCCESS"
    assert [target["id"] for target in passed["target"]] == [user["id"]]
