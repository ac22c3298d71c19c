"""Users API: create, read, update and delete users (lifecycle.py, credentials.py
and user_list.py hold the rest)."""

from flask import jsonify, request

from mock_okta.api import bp, query_flag, require_api_token, user_or_404
from mock_okta.directory import deletion, groups, outbox, status
from mock_okta.directory import users as core
from mock_okta.directory.credentials import (
    credentials_json,
    set_recovery_question,
    validate_recovery_question,
)
from mock_okta.directory.password_import import read_password
from mock_okta.directory.sessions import find_session
from mock_okta.directory.user_json import user_json
from mock_okta.errors import ApiError
from mock_okta.org import current_org
from mock_okta.web.cookies import session_id_from_request
from mock_okta.web.request_body import json_object

MAX_GROUP_IDS = 20


def _user_response(user):
    org = current_org()
    body = user_json(user, org.url(), user_type_id=org.user_type_id)
    body["credentials"] = credentials_json(org.store, user)
    return jsonify(body)


@bp.post("/users")
@require_api_token
def create_user():
    activate = query_flag("activate", True)
    body = json_object()
    profile = body.get("profile")
    if not isinstance(profile, dict):
        raise ApiError.validation("profile", ["profile: The field cannot be left blank"])
    password, imported = _password(body.get("credentials"))
    expire = _next_login(password if imported is None else imported, activate)
    org = current_org()
    iterations = org.settings.password_hash_iterations
    question = _recovery_question(body.get("credentials"))
    group_list = _groups(body.get("groupIds"))
    user = core.create_user(org.store, profile, password=password, activate=activate,
                            hash_iterations=iterations, imported_hash=imported)
    if question:
        set_recovery_question(org.store, user, *question, hash_iterations=iterations)
    for group in group_list:
        groups.add_member(org.store, group, user.id)
    if expire:
        status.set_status(org.store, user, "PASSWORD_EXPIRED")
    outbox.welcome_if_provisioned(org.store, user, org.url())
    return _user_response(user)  # Okta answers a create with 200, not 201


def _next_login(password, activate: bool) -> bool:
    """`nextLogin=changePassword`: created ACTIVE, password expired at once."""
    value = request.args.get("nextLogin")
    if value is None:
        return False
    if value != "changePassword":
        raise ApiError.validation("nextLogin", ["nextLogin: must be changePassword"])
    if password is None:
        raise ApiError.expiring_without_password()
    if not activate:
        raise ApiError.expiring_without_activation()
    return True


def _recovery_question(credentials) -> tuple[str, str] | None:
    if not isinstance(credentials, dict) or credentials.get("recovery_question") is None:
        return None
    return validate_recovery_question(credentials["recovery_question"])


def _groups(group_ids) -> list:
    """The OKTA_GROUPs named by `groupIds` (at most 20), checked before anything is written."""
    if group_ids is None:
        return []
    if not isinstance(group_ids, list) or not all(isinstance(g, str) for g in group_ids):
        raise ApiError.validation("groupIds", ["groupIds: Does not match required type: array"])
    if len(group_ids) > MAX_GROUP_IDS:
        raise ApiError.too_many_targets()
    found = []
    for group_id in dict.fromkeys(group_ids):
        group = groups.get_group(current_org().store, group_id)
        if group is None:
            raise ApiError.not_found(group_id, "UserGroup")
        if not group.built_in:
            found.append(group)
    return found


def _password(credentials) -> tuple[str | None, str | None]:
    """(plain value, imported hash) from `credentials.password`; see password_import.py."""
    if credentials is None:
        return None, None
    if not isinstance(credentials, dict):
        raise ApiError.validation("credentials", ["credentials: Does not match required type"])
    return read_password(credentials.get("password"))


@bp.get("/users/<id_or_login>")
@require_api_token
def get_user(id_or_login):
    return _user_response(user_or_404(id_or_login))


@bp.get("/users/me")
def get_current_user():
    """The caller's own user. With the org's `sid` cookie alone (no token) it is the
    session's user, as in Okta. An API token acts for the admin who minted it; the
    mock's token has no user behind it, so `me` is not found, which is what Okta
    answers a caller with no user (an OAuth service app's token)."""
    if "Authorization" in request.headers:
        return _token_me()
    signed_in = find_session(current_org().store, session_id_from_request())
    if signed_in is None:
        raise ApiError.invalid_session()
    return _user_response(signed_in.user)


@require_api_token
def _token_me():
    raise ApiError.not_found("me", "User")


@bp.route("/users/<id_or_login>", methods=["POST", "PUT"])
@require_api_token
def update_user(id_or_login):
    """POST merges the given profile attributes; PUT replaces the whole profile."""
    user = user_or_404(id_or_login)
    body = json_object()
    profile = body.get("profile", {} if request.method == "POST" else None)
    if not isinstance(profile, dict):
        raise ApiError.validation("profile", ["profile: The field cannot be left blank"])
    org = current_org()
    password, imported = _password(body.get("credentials"))
    if imported is not None and user.status != "STAGED":
        # Okta: "When updating a user with a hashed password, the user must be in
        # the STAGED status."
        raise ApiError.validation("password", [
            "password: A hashed password can only be imported for a user in STAGED status"])
    user = core.update_user(org.store, user, profile, password=password,
                            replace=request.method == "PUT", imported_hash=imported,
                            hash_iterations=org.settings.password_hash_iterations)
    return _user_response(user)


@bp.delete("/users/<id_or_login>")
@require_api_token
def delete_user(id_or_login):
    """Okta deletes in two steps: the first call deactivates, the second deletes."""
    deletion.deactivate_or_delete(current_org().store, user_or_404(id_or_login))
    return "", 204
