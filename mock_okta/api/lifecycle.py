"""POST /api/v1/users/{id}/lifecycle/{operation}, and the credential operations
Okta files under lifecycle (reset_password, expire_password, reset_factors)."""

from __future__ import annotations

from flask import jsonify

from mock_okta.api import bp, query_flag, require_api_token, user_or_404
from mock_okta.directory import factors, lifecycle, outbox
from mock_okta.directory.credentials import credentials_json
from mock_okta.directory.user_json import user_json
from mock_okta.org import current_org


def _activation_answer(user, token: str):
    """`{}` and a mail in the local outbox, or the link itself with sendEmail=false."""
    url = lifecycle.activation_link(current_org().url(), token)
    if query_flag("sendEmail", True):
        outbox.activation_mail(current_org().store, user, url)
        return jsonify({})
    return jsonify({"activationUrl": url, "activationToken": token})


@bp.post("/users/<user_id>/lifecycle/activate")
@require_api_token
def activate_user(user_id):
    query_flag("sendEmail", True)  # validate before changing anything
    user = user_or_404(user_id)
    return _activation_answer(user, lifecycle.activate(current_org().store, user))


@bp.post("/users/<user_id>/lifecycle/reactivate")
@require_api_token
def reactivate_user(user_id):
    query_flag("sendEmail", True)
    user = user_or_404(user_id)
    return _activation_answer(user, lifecycle.reactivate(current_org().store, user))


@bp.post("/users/<user_id>/lifecycle/deactivate")
@require_api_token
def deactivate_user(user_id):
    lifecycle.deactivate(current_org().store, user_or_404(user_id))
    return jsonify({})


@bp.post("/users/<user_id>/lifecycle/suspend")
@require_api_token
def suspend_user(user_id):
    lifecycle.suspend(current_org().store, user_or_404(user_id))
    return jsonify({})


@bp.post("/users/<user_id>/lifecycle/unsuspend")
@require_api_token
def unsuspend_user(user_id):
    lifecycle.unsuspend(current_org().store, user_or_404(user_id))
    return jsonify({})


@bp.post("/users/<user_id>/lifecycle/unlock")
@require_api_token
def unlock_user(user_id):
    lifecycle.unlock(current_org().store, user_or_404(user_id))
    return jsonify({})


@bp.post("/users/<user_id>/lifecycle/reset_password")
@require_api_token
def reset_password(user_id):
    send_email = query_flag("sendEmail", True)
    query_flag("revokeSessions", False)
    user = user_or_404(user_id)
    token = lifecycle.reset_password(current_org().store, user)
    url = lifecycle.reset_link(current_org().url(), token)
    if send_email:
        outbox.reset_mail(current_org().store, user, url)
        return jsonify({})
    return jsonify({"resetPasswordUrl": url})


@bp.post("/users/<user_id>/lifecycle/expire_password")
@require_api_token
def expire_password(user_id):
    """The whole user comes back; `tempPassword=true` (older form) answers the password."""
    temp = query_flag("tempPassword", False)
    return _expire(user_id, temp)


@bp.post("/users/<user_id>/lifecycle/expire_password_with_temp_password")
@require_api_token
def expire_password_with_temp_password(user_id):
    query_flag("revokeSessions", False)
    return _expire(user_id, True)


def _expire(user_id: str, temp: bool):
    org = current_org()
    user = user_or_404(user_id)
    password = lifecycle.expire_password(org.store, user, temp_password=temp,
                                         hash_iterations=org.settings.password_hash_iterations)
    if temp:
        return jsonify({"tempPassword": password})
    body = user_json(user, org.url(), user_type_id=org.user_type_id)
    body["credentials"] = credentials_json(org.store, user)
    return jsonify(body)


@bp.post("/users/<user_id>/lifecycle/reset_factors")
@require_api_token
def reset_factors(user_id):
    user = user_or_404(user_id)  # every factor goes; the user's status is unchanged
    factors.reset_all(current_org().store, user.id)
    return jsonify({})
