"""POST /api/v1/users/{id}/lifecycle/{operation} (deactivate lives in users.py)."""

from __future__ import annotations

from flask import jsonify

from mock_okta.api import bp, query_flag, require_api_token, user_or_404
from mock_okta.directory import lifecycle, outbox
from mock_okta.directory.credentials import credentials_json
from mock_okta.directory.user_json import user_json
from mock_okta.errors import ApiError
from mock_okta.org import current_org


def wrong_status(error: lifecycle.WrongStatus) -> ApiError:
    """Okta's answer for each kind of wrong-status lifecycle call."""
    if error.kind == "already_active":
        return ApiError(403, "E0000016", "Activation failed because the user is already active")
    if error.kind == "not_active":
        return ApiError(400, "E0000001", "Api validation failed: status",
                        ["Cannot suspend a user that is not active"])
    if error.kind == "not_suspended":
        return ApiError(400, "E0000001", "Api validation failed: status",
                        ["Cannot unsuspend a user that is not suspended"])
    if error.kind == "not_locked":
        return ApiError(403, "E0000032", "Unlock is not allowed for this user.",
                        ["The user is not locked out."])
    return ApiError(403, "E0000038", "This operation is not allowed in the user's current status.")



def _run(operation, user_id: str, *args, **kwargs):
    user = user_or_404(user_id)
    try:
        return user, operation(current_org().store, user, *args, **kwargs)
    except lifecycle.WrongStatus as error:
        raise wrong_status(error) from None


def _activation_answer(user, token: str):
    """`{}` and a mail in the local outbox, or the link itself with sendEmail=false."""
    url = f"{current_org().url()}/welcome/{token}"
    if query_flag("sendEmail", True):
        outbox.activation_mail(current_org().store, user, url)
        return jsonify({})
    return jsonify({"activationUrl": url, "activationToken": token})


@bp.post("/users/<user_id>/lifecycle/activate")
@require_api_token
def lifecycle_activate(user_id):
    query_flag("sendEmail", True)  # validate before changing anything
    user, token = _run(lifecycle.activate, user_id)
    return _activation_answer(user, token)


@bp.post("/users/<user_id>/lifecycle/reactivate")
@require_api_token
def lifecycle_reactivate(user_id):
    query_flag("sendEmail", True)
    user, token = _run(lifecycle.reactivate, user_id)
    return _activation_answer(user, token)


@bp.post("/users/<user_id>/lifecycle/suspend")
@require_api_token
def lifecycle_suspend(user_id):
    _run(lifecycle.suspend, user_id)
    return jsonify({})


@bp.post("/users/<user_id>/lifecycle/unsuspend")
@require_api_token
def lifecycle_unsuspend(user_id):
    _run(lifecycle.unsuspend, user_id)
    return jsonify({})


@bp.post("/users/<user_id>/lifecycle/unlock")
@require_api_token
def lifecycle_unlock(user_id):
    _run(lifecycle.unlock, user_id)
    return jsonify({})


@bp.post("/users/<user_id>/lifecycle/reset_password")
@require_api_token
def lifecycle_reset_password(user_id):
    send_email = query_flag("sendEmail", True)
    query_flag("revokeSessions", False)
    user, token = _run(lifecycle.reset_password, user_id)
    url = f"{current_org().url()}/reset_password/{token}"
    if send_email:
        outbox.reset_mail(current_org().store, user, url)
        return jsonify({})
    return jsonify({"resetPasswordUrl": url})


@bp.post("/users/<user_id>/lifecycle/expire_password")
@require_api_token
def lifecycle_expire_password(user_id):
    """The whole user comes back; `tempPassword=true` (older form) answers the password."""
    temp = query_flag("tempPassword", False)
    return _expire(user_id, temp)


@bp.post("/users/<user_id>/lifecycle/expire_password_with_temp_password")
@require_api_token
def lifecycle_expire_password_with_temp_password(user_id):
    query_flag("revokeSessions", False)
    return _expire(user_id, True)


def _expire(user_id: str, temp: bool):
    org = current_org()
    user, password = _run(lifecycle.expire_password, user_id, temp_password=temp,
                          hash_iterations=org.settings.password_hash_iterations)
    if temp:
        return jsonify({"tempPassword": password})
    body = user_json(user, org.url(), user_type_id=org.user_type_id)
    body["credentials"] = credentials_json(org.store, user)
    return jsonify(body)


@bp.post("/users/<user_id>/lifecycle/reset_factors")
@require_api_token
def lifecycle_reset_factors(user_id):
    user_or_404(user_id)  # no factors in the mock: nothing to reset, status unchanged
    return jsonify({})
