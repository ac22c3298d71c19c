"""Authentication API: primary authentication and the PASSWORD_EXPIRED step (the MFA
states are in authn_mfa.py).

SUCCESS yields a one-time sessionToken; a wrong password, an unknown user or
a user who may not sign in is 401 E0000004, as Okta answers.
"""

from __future__ import annotations

from flask import jsonify

from mock_okta.api import bp
from mock_okta.api.authn_mfa import after_password, state_answer
from mock_okta.clock import iso
from mock_okta.directory import mfa, signon
from mock_okta.directory.authn_json import embedded_user
from mock_okta.directory.passwords import MIN_LENGTH
from mock_okta.errors import ApiError
from mock_okta.org import current_org
from mock_okta.web.request_body import json_object

# What Okta embeds as the password policy in a PASSWORD_EXPIRED answer.
_COMPLEXITY = {"minLength": MIN_LENGTH, "minLowerCase": 1, "minUpperCase": 1, "minNumber": 1,
               "minSymbol": 0, "excludeUsername": True}


def _link(name: str, path: str) -> dict:
    return {"name": name, "href": f"{current_org().url()}/api/v1/authn{path}",
            "hints": {"allow": ["POST"]}}


@bp.post("/authn")
def authenticate():
    """Primary authentication; with only a `stateToken`, the transaction's current state."""
    body = json_object()
    if "stateToken" in body and "username" not in body:
        transaction = signon.load_transaction(current_org().store, body["stateToken"])
        if transaction is None:
            raise ApiError.invalid_token()
        if transaction.status not in mfa.MFA_STATES:
            raise ApiError.wrong_authn_state()
        return state_answer(transaction)
    options = body.get("options") if isinstance(body.get("options"), dict) else {}
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        raise ApiError.authentication_failed()
    org = current_org()
    result = signon.primary_auth(org.store, username, password, signon.policy_from(org.settings))
    if result.outcome is signon.Outcome.SUCCESS:
        return after_password(result.user,
                              multi_optional=options.get("multiOptionalFactorEnroll") is True)
    if result.outcome is signon.Outcome.FAILED:
        raise ApiError.authentication_failed()
    if result.outcome is signon.Outcome.LOCKED_OUT:
        return jsonify({"status": "LOCKED_OUT",
                        "_links": {"next": _link("unlock", "/recovery/unlock")}})
    token, expires = signon.start_transaction(org.store, result.user, "PASSWORD_EXPIRED")
    return jsonify({
        "stateToken": token, "expiresAt": iso(expires), "status": "PASSWORD_EXPIRED",
        "_embedded": {"user": embedded_user(result.user),
                      "policy": {"complexity": _COMPLEXITY}},
        "_links": {"next": _link("changePassword", "/credentials/change_password"),
                   "cancel": _link("cancel", "/cancel")},
    })


@bp.post("/authn/credentials/change_password")
def change_expired_password():
    """Wrong old password: E0000014; a new one the policy refuses: E0000080."""
    body = json_object()
    token = body.get("stateToken")
    org = current_org()
    found = signon.find_transaction(org.store, token) if isinstance(token, str) else None
    if found is None:
        raise ApiError.invalid_token()  # Okta: expired or unknown stateToken is E0000011
    user, status = found
    if status != "PASSWORD_EXPIRED" or user.status != "PASSWORD_EXPIRED":
        raise ApiError.wrong_authn_state()
    old, new = body.get("oldPassword"), body.get("newPassword")
    if not isinstance(old, str) or not isinstance(new, str):
        raise ApiError.validation("newPassword", ["newPassword: The field cannot be left blank"])
    signon.change_expired_password(org.store, user, old, new,
                                   org.settings.password_hash_iterations)
    signon.end_transaction(org.store, token)
    return after_password(user)   # a second factor may still be due


@bp.post("/authn/cancel")
def cancel_transaction():
    body = json_object()
    token = body.get("stateToken")
    if not isinstance(token, str) or signon.find_transaction(current_org().store, token) is None:
        raise ApiError.invalid_token()
    signon.end_transaction(current_org().store, token)
    return jsonify({})
