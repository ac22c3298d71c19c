"""Okta's official Python SDK against a live mock: a TOTP factor enrolled,
activated and verified, listed, and removed, each answer in the SDK's own types.

The SDK 3.x request models for activate and verify carry only the push option
(`useNumberMatchingChallenge`), not `passCode`: an application adds the field
with a subclass, as `PassCode` below does. The SDK's own bug with the SMS and
email factors' `resend` array (okta-sdk-python's skipped tests) is Okta's shape,
kept on purpose, so only TOTP is driven through the SDK.
"""

from __future__ import annotations

import time

import pyotp
import pytest
from okta.models import (
    UserFactorActivateRequest,
    UserFactorTokenSoftwareTOTP,
    UserFactorVerifyRequest,
)

from .sdk_support import call, fails, new_user, ok

TOTP = "token:software:totp"


def _with_pass_code(base):
    class PassCode(base):
        pass_code: str = ""

        def to_dict(self):
            return {**super().to_dict(), "passCode": self.pass_code}

    return PassCode


ActivateWithCode = _with_pass_code(UserFactorActivateRequest)
VerifyWithCode = _with_pass_code(UserFactorVerifyRequest)


@pytest.fixture
def user(sdk):
    return ok(sdk.create_user(new_user(), activate=True))


def enroll_totp(sdk, user, provider="GOOGLE"):
    body = UserFactorTokenSoftwareTOTP.from_dict({"factorType": TOTP, "provider": provider})
    return ok(sdk.enroll_factor(user.id, body))


def test_enroll_activate_and_verify_a_totp_factor(sdk, user):
    factor = enroll_totp(sdk, user)
    assert isinstance(factor, UserFactorTokenSoftwareTOTP)
    assert factor.status.value == "PENDING_ACTIVATION" and factor.id.startswith("uft")
    secret = factor.embedded["activation"]["sharedSecret"]
    totp = pyotp.TOTP(secret)

    at = time.time()
    activated = ok(sdk.activate_factor(user.id, factor.id,
                                       ActivateWithCode(pass_code=totp.at(at))))
    assert activated.factor_type == TOTP and activated.links.verify is not None
    assert ok(sdk.get_factor(user.id, factor.id)).status.value == "ACTIVE"

    # The activation code's time step is spent; the next step's code is accepted
    # (within Okta's two minutes of skew).
    fails(sdk.verify_factor(user.id, factor.id, body=VerifyWithCode(pass_code=totp.at(at))),
          403, "E0000082")
    later = totp.at(at + 30)
    verified = ok(sdk.verify_factor(user.id, factor.id, body=VerifyWithCode(pass_code=later)))
    assert verified.factor_result.value == "SUCCESS"

    listed = ok(sdk.list_factors(user.id))
    assert [(f.id, f.status.value) for f in listed] == [
        (factor.id, "ACTIVE")]


def test_a_wrong_code_is_okta_e0000068_through_the_sdk(sdk, user):
    factor = enroll_totp(sdk, user, "OKTA")
    error = fails(sdk.activate_factor(user.id, factor.id, ActivateWithCode(pass_code="12345x")),
                  403, "E0000068", "Invalid Passcode/Answer",
                  ["Your passcode doesn't match our records. Please try again."])
    assert error.error_causes


def test_catalog_questions_and_unenroll(sdk, user):
    catalog = ok(sdk.list_supported_factors(user.id))
    assert {(entry.factor_type, entry.provider) for entry in catalog} >= {
        (TOTP, "GOOGLE"), (TOTP, "OKTA"), ("question", "OKTA")}
    questions = ok(sdk.list_supported_security_questions(user.id))
    assert len(questions) == 20 and questions[0].question == "disliked_food"
    factor = enroll_totp(sdk, user)
    data, response, error = call(sdk.unenroll_factor(user.id, factor.id))
    assert error is None
    fails(sdk.get_factor(user.id, factor.id), 404, "E0000007",
          f"Not found: Resource not found: {factor.id} (UserFactor)")
