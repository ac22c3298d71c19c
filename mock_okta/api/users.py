"""Users API: create and read users (the rest of it grows here)."""

from flask import jsonify

from ..claims import user_json
from ..errors import ApiError
from ..org import current_org
from ..users import ValidationFailed, create_user, get_user
from . import bp, json_body, query_flag, require_api_token


def _as_json(user):
    org = current_org()
    return jsonify(user_json(user, org.url(), user_type_id=org.user_type_id))


@bp.post("/users")
@require_api_token
def create():
    activate = query_flag("activate", True)
    body = json_body()
    profile = body.get("profile")
    if not isinstance(profile, dict):
        raise ApiError.validation("profile", ["profile: The field cannot be left blank"])
    password = _password(body.get("credentials"))
    org = current_org()
    try:
        user = create_user(org.store, profile, password=password, activate=activate,
                           hash_iterations=org.settings.password_hash_iterations)
    except ValidationFailed as error:
        raise ApiError.validation(error.field, error.causes) from None
    return _as_json(user)  # Okta answers a create with 200, not 201


def _password(credentials) -> str | None:
    if credentials is None:
        return None
    if not isinstance(credentials, dict):
        raise ApiError.validation("credentials", ["credentials: Does not match required type"])
    password = credentials.get("password")
    if password is None:
        return None
    if not isinstance(password, dict) or not isinstance(password.get("value"), str):
        raise ApiError.validation("password", ["password: Does not match required type: string"])
    return password["value"]


@bp.get("/users/<path:id_or_login>")
@require_api_token
def get(id_or_login):
    user = get_user(current_org().store, id_or_login)
    if user is None:
        raise ApiError.not_found(id_or_login, "User")
    return _as_json(user)
