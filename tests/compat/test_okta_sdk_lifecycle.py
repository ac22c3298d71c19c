"""Okta's official Python SDK against a live mock: lifecycle and credential operations.

Every operation the SDK exposes that the mock implements, each with its typed
answer (Success, UserActivationToken, ResetPasswordToken, User, UserCredentials,
ForgotPasswordResponse) and its typed wrong-status error.
"""

from __future__ import annotations

import json

import pytest
import requests
from okta.models import (
    AuthenticationProviderType,
    ChangePasswordRequest,
    ForgotPasswordResponse,
    ResetPasswordToken,
    Success,
    User,
    UserActivationToken,
    UserCredentials,
    UserStatus,
)

from .sdk_support import LOCKOUT_ATTEMPTS, PASSWORD, call, fails, new_user, ok

NEW_PASSWORD = "Difference-Engine-2"
UNKNOWN = "00uNoSuchUser0000000"


@pytest.fixture
def active(sdk):
    return ok(sdk.create_user(new_user(), activate=True))


def status(sdk, user) -> UserStatus:
    return ok(sdk.get_user(user.id)).status


def authn(org, login, password) -> dict:
    return requests.post(f"{org.url}/api/v1/authn", timeout=10,
                         json={"username": login, "password": password}).json()


# --- activation -----------------------------------------------------------------

def test_activate_a_staged_user_with_the_link_returned(sdk, sdk_org):
    staged = ok(sdk.create_user(new_user(), activate=False))
    token = ok(sdk.activate_user(staged.id, send_email=False))
    assert isinstance(token, UserActivationToken)
    assert token.activation_url == f"{sdk_org.url}/welcome/{token.activation_token}"
    assert status(sdk, staged) is UserStatus.ACTIVE          # it has a password
    fails(sdk.activate_user(staged.id), 403, "E0000016",
          "Activation failed because the user is already active")


def test_activate_without_a_password_provisions_and_sends_the_email(sdk):
    staged = ok(sdk.create_user(new_user(password=None), activate=False))
    token = ok(sdk.activate_user(staged.id))                  # sendEmail defaults to true
    assert (token.activation_url, token.activation_token) == (None, None)
    assert status(sdk, staged) is UserStatus.PROVISIONED


def test_reactivate_a_provisioned_user(sdk, sdk_org, active):
    provisioned = ok(sdk.create_user(new_user(password=None), activate=True))
    token = ok(sdk.reactivate_user(provisioned.id, send_email=False))
    assert token.activation_url.startswith(f"{sdk_org.url}/welcome/")
    assert status(sdk, provisioned) is UserStatus.PROVISIONED
    fails(sdk.reactivate_user(active.id, send_email=False), 403, "E0000038",
          "This operation is not allowed in the user's current status.")


def test_deactivate_then_activate_again(sdk, active):
    assert isinstance(ok(sdk.deactivate_user(active.id)), Success)
    user = ok(sdk.get_user(active.id))
    assert user.status is UserStatus.DEPROVISIONED and user.links.activate is not None
    fails(sdk.deactivate_user(active.id), 403, "E0000038")
    ok(sdk.activate_user(active.id, send_email=False))
    assert status(sdk, active) is UserStatus.ACTIVE


# --- suspend, unlock --------------------------------------------------------------

def test_suspend_and_unsuspend(sdk, active):
    assert isinstance(ok(sdk.suspend_user(active.id)), Success)
    suspended = ok(sdk.get_user(active.id))
    assert suspended.status is UserStatus.SUSPENDED and suspended.links.unsuspend is not None
    fails(sdk.suspend_user(active.id), 400, "E0000001", "Api validation failed: status",
          ["Cannot suspend a user that is not active"])
    assert isinstance(ok(sdk.unsuspend_user(active.id)), Success)
    assert status(sdk, active) is UserStatus.ACTIVE
    fails(sdk.unsuspend_user(active.id), 400, "E0000001", "Api validation failed: status",
          ["Cannot unsuspend a user that is not suspended"])


def test_unlock_a_locked_out_user(sdk, sdk_org, active):
    login = active.profile.login
    for _ in range(LOCKOUT_ATTEMPTS):
        assert "sessionToken" not in authn(sdk_org, login, "Wrong-Password-1")
    locked = ok(sdk.get_user(active.id))
    assert locked.status is UserStatus.LOCKED_OUT and locked.links.unlock is not None
    assert isinstance(ok(sdk.unlock_user(active.id)), Success)
    assert status(sdk, active) is UserStatus.ACTIVE
    assert authn(sdk_org, login, PASSWORD)["status"] == "SUCCESS"
    fails(sdk.unlock_user(active.id), 403, "E0000032", "Unlock is not allowed for this user.",
          ["The user is not locked out."])


# --- passwords ------------------------------------------------------------------

def test_reset_password_puts_the_user_in_recovery(sdk, sdk_org, active):
    token = ok(sdk.reset_password(active.id, send_email=False))
    assert isinstance(token, ResetPasswordToken)
    assert token.reset_password_url.startswith(f"{sdk_org.url}/reset_password/")
    assert status(sdk, active) is UserStatus.RECOVERY
    emailed = ok(sdk.reset_password(active.id, send_email=True, revoke_sessions=True))
    assert emailed.reset_password_url is None


def test_expire_password_answers_the_whole_user(sdk, sdk_org, active):
    user = ok(sdk.expire_password(active.id))
    assert isinstance(user, User)
    assert user.id == active.id and user.status is UserStatus.PASSWORD_EXPIRED
    assert user.profile.login == active.profile.login
    assert authn(sdk_org, active.profile.login, PASSWORD)["status"] == "PASSWORD_EXPIRED"


def test_expire_password_with_a_temporary_password(sdk, sdk_org, active):
    data, response, error = call(sdk.expire_password_with_temp_password(active.id))
    assert error is None
    # The SDK declares a User here, but Okta answers {"tempPassword": "…"}: the model
    # keeps no unknown fields, so the password is only in the raw body.
    temp = json.loads(response.raw_data)["tempPassword"]
    assert isinstance(temp, str) and len(temp) == 8
    assert status(sdk, active) is UserStatus.PASSWORD_EXPIRED
    assert authn(sdk_org, active.profile.login, temp)["status"] == "PASSWORD_EXPIRED"


def test_change_password(sdk, sdk_org, active):
    credentials = ok(sdk.change_password(active.id, ChangePasswordRequest.from_dict({
        "oldPassword": {"value": PASSWORD}, "newPassword": {"value": NEW_PASSWORD}})))
    assert isinstance(credentials, UserCredentials)
    assert credentials.password is not None and credentials.password.value is None
    assert credentials.provider.type is AuthenticationProviderType.OKTA
    assert authn(sdk_org, active.profile.login, NEW_PASSWORD)["status"] == "SUCCESS"
    fails(sdk.change_password(active.id, ChangePasswordRequest.from_dict({
        "oldPassword": {"value": PASSWORD}, "newPassword": {"value": "Third-Password-3"}})),
        403, "E0000014", "Update of credentials failed")


@pytest.mark.parametrize("operation, kwargs", [("expire_password", {}),
                                               ("reset_password", {"send_email": False})])
def test_change_password_ends_expiry_and_recovery(sdk, active, operation, kwargs):
    ok(getattr(sdk, operation)(active.id, **kwargs))
    ok(sdk.change_password(active.id, ChangePasswordRequest.from_dict({
        "oldPassword": {"value": PASSWORD}, "newPassword": {"value": NEW_PASSWORD}}),
        strict=True))
    assert status(sdk, active) is UserStatus.ACTIVE


def test_recovery_question_and_forgot_password(sdk, sdk_org, active):
    credentials = ok(sdk.change_recovery_question(active.id, UserCredentials.from_dict({
        "password": {"value": PASSWORD},
        "recovery_question": {"question": "Favourite engine?", "answer": "Analytical"}})))
    assert credentials.recovery_question.question == "Favourite engine?"
    assert credentials.recovery_question.answer is None
    link = ok(sdk.forgot_password(active.id, send_email=False))
    assert isinstance(link, ForgotPasswordResponse)
    assert link.reset_password_url.startswith(f"{sdk_org.url}/signin/reset-password/")
    answered = ok(sdk.forgot_password_set_new_password(active.id, UserCredentials.from_dict({
        "password": {"value": NEW_PASSWORD}, "recovery_question": {"answer": "Analytical"}})))
    assert answered.recovery_question.question == "Favourite engine?"
    assert authn(sdk_org, active.profile.login, NEW_PASSWORD)["status"] == "SUCCESS"


def test_reset_factors_is_a_success(sdk, active):
    assert isinstance(ok(sdk.reset_factors(active.id)), Success)
    assert status(sdk, active) is UserStatus.ACTIVE


@pytest.mark.parametrize("operation, kwargs", [
    ("activate_user", {}), ("reactivate_user", {}), ("deactivate_user", {}),
    ("suspend_user", {}), ("unsuspend_user", {}), ("unlock_user", {}),
    ("reset_password", {"send_email": False}), ("expire_password", {}),
    ("expire_password_with_temp_password", {}), ("reset_factors", {}),
    ("forgot_password", {"send_email": False})])
def test_operations_on_an_unknown_user_are_not_found(sdk, operation, kwargs):
    fails(getattr(sdk, operation)(UNKNOWN, **kwargs), 404, "E0000007",
          f"Not found: Resource not found: {UNKNOWN} (User)")
