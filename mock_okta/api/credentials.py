"""POST /api/v1/users/{id}/credentials/{change_password,change_recovery_question,forgot_password}."""

from __future__ import annotations

from flask import jsonify, request

from mock_okta.api import bp, query_flag, require_api_token, user_or_404
from mock_okta.directory import credentials as core
from mock_okta.directory import outbox
from mock_okta.errors import ApiError
from mock_okta.org import current_org
from mock_okta.web.request_body import json_object


def _secret(body: dict, name: str, key: str = "value") -> str:
    """`body[name][key]` as a string, or E0000001 naming the field."""
    holder = body.get(name)
    value = holder.get(key) if isinstance(holder, dict) else None
    if not isinstance(value, str) or value == "":
        raise ApiError.validation(name, [f"{name}: The field cannot be left blank"])
    return value


def _answer():
    user = user_or_404(request.view_args["user_id"])
    return jsonify(core.credentials_json(current_org().store, user))


@bp.post("/users/<user_id>/credentials/change_password")
@require_api_token
def change_password(user_id):
    query_flag("strict", False)
    user = user_or_404(user_id)
    body = json_object()
    old, new = _secret(body, "oldPassword"), _secret(body, "newPassword")
    revoke = body.get("revokeSessions", False)
    if not isinstance(revoke, bool):
        raise ApiError.validation("revokeSessions",
                                  ["revokeSessions: Does not match required type: boolean"])
    org = current_org()
    core.change_password(org.store, user, old, new, revoke_sessions=revoke,
                         hash_iterations=org.settings.password_hash_iterations)
    return _answer()


@bp.post("/users/<user_id>/credentials/change_recovery_question")
@require_api_token
def change_recovery_question(user_id):
    user = user_or_404(user_id)
    body = json_object()
    password = _secret(body, "password")
    org = current_org()
    question, answer = core.validate_recovery_question(body.get("recovery_question"))
    core.change_recovery_question(org.store, user, password, question, answer,
                                  hash_iterations=org.settings.password_hash_iterations)
    return _answer()


@bp.post("/users/<user_id>/credentials/forgot_password")
@require_api_token
def forgot_password(user_id):
    """No body: a reset link (sendEmail=false) or `{}`. With a body: answer and new password."""
    send_email = query_flag("sendEmail", True)
    user = user_or_404(user_id)
    org = current_org()
    if request.get_data(cache=True).strip():
        body = json_object()
        new = _secret(body, "password")
        answer = _secret(body, "recovery_question", "answer")
        core.forgot_password_with_answer(org.store, user, new, answer,
                                         hash_iterations=org.settings.password_hash_iterations)
        return _answer()
    token = core.forgot_password(org.store, user)
    url = f"{org.url()}/signin/reset-password/{token}"
    if send_email:
        outbox.reset_mail(org.store, user, url)
        return jsonify({})
    return jsonify({"resetPasswordUrl": url})


@bp.post("/users/<user_id>/credentials/forgot_password_recovery_question")
@require_api_token
def forgot_password_set_new_password(user_id):
    """Okta's current path for the answer-and-new-password form of forgot_password
    (the SDKs' `forgot_password_set_new_password`); the old body form above stays."""
    query_flag("sendEmail", True)
    user = user_or_404(user_id)
    body = json_object()
    new, answer = _secret(body, "password"), _secret(body, "recovery_question", "answer")
    org = current_org()
    core.forgot_password_with_answer(org.store, user, new, answer,
                                     hash_iterations=org.settings.password_hash_iterations)
    return _answer()
