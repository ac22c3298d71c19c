"""The kit's MFA helpers on `okta_org`: require MFA, enrol a factor, produce the
code (TOTP on the org's clock, email and SMS from the outbox), sign in with it."""

from __future__ import annotations

import jwt
import pyotp
import pytest

from mock_okta.testing import Factor, SignInFailed


def amr(tokens: dict) -> set[str]:
    return set(jwt.decode(tokens["id_token"], options={"verify_signature": False})["amr"])


def test_enroll_totp_and_sign_in_twice_without_waiting(okta_org):
    user = okta_org.create_user()
    okta_org.require_mfa()
    factor = okta_org.enroll_factor(user["profile"]["login"])
    assert isinstance(factor, Factor) and factor.status == "ACTIVE" and factor.secret
    with pytest.raises(SignInFailed, match="MFA_REQUIRED"):
        okta_org.session_token(user["profile"]["login"])
    for _ in range(2):
        tokens = okta_org.sign_in(user["profile"]["login"], factor=factor)
        assert amr(tokens) == {"pwd", "otp", "mfa"}


def test_totp_codes_follow_the_orgs_clock(okta_org):
    secret = pyotp.random_base32()
    okta_org.advance_clock(3600)
    code = okta_org.totp_code(secret)
    totp = pyotp.TOTP(secret)
    assert code in {totp.at(okta_org.org_time() + 30 * step) for step in range(-1, 2)}
    assert okta_org.totp_code(secret) != code                # never the same code twice


def test_an_email_factor_and_its_code_from_the_outbox(okta_org):
    user = okta_org.create_user()
    okta_org.require_mfa()
    factor = okta_org.enroll_factor(user["id"], "email", "OKTA")
    assert factor.status == "ACTIVE" and factor.secret is None
    tokens = okta_org.sign_in(user["profile"]["login"], factor=factor)
    assert amr(tokens) == {"pwd", "email", "mfa"}
    assert okta_org.sent_code(user["profile"]["email"]).isdigit()


def test_a_pending_sms_factor_is_activated_with_its_text(okta_org):
    user = okta_org.create_user()
    factor = okta_org.enroll_factor(user["id"], "sms", "OKTA", activate=False,
                                    profile={"phoneNumber": "+15551230003"})
    assert factor.status == "PENDING_ACTIVATION"
    activated = okta_org.api("POST", f"users/{user['id']}/factors/{factor.id}/lifecycle/activate",
                             json={"passCode": okta_org.sent_code("+15551230003")})
    assert activated["status"] == "ACTIVE"


def test_mfa_for_a_group_only(okta_org):
    member = okta_org.create_user(groups=["Admins"])
    other = okta_org.create_user()
    okta_org.require_mfa(groups=["Admins"])
    assert okta_org.session_token(other["profile"]["login"])
    with pytest.raises(SignInFailed, match="MFA_ENROLL"):
        okta_org.session_token(member["profile"]["login"])


def test_mfa_for_one_app(okta_org):
    okta_org.require_mfa(app=okta_org.client.client_id)
    policies = okta_org.api("GET", "policies", params={"type": "ACCESS_POLICY"})
    assert [p["name"] for p in policies] == [f"MFA for {okta_org.client.client_id}"]


def test_helpers_refuse_what_they_cannot_do(okta_org):
    with pytest.raises(ValueError, match="TOTP"):
        okta_org.totp_code("")
    with pytest.raises(AssertionError, match="no code sent"):
        okta_org.sent_code("nobody@example.com")
