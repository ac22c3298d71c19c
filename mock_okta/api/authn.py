"""Authentication API: primary authentication that yields a one-time sessionToken."""

from flask import jsonify

from ..errors import ApiError
from ..org import current_org
from ..sessions import issue_session_token
from ..timeutil import iso
from ..users import authenticate
from . import bp, json_body

_EMBEDDED_PROFILE = ("login", "firstName", "lastName", "locale", "timeZone")


@bp.post("/authn")
def authn():
    body = json_body()
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        raise ApiError.authentication_failed()
    org = current_org()
    user = authenticate(org.store, username, password)
    if user is None:
        raise ApiError.authentication_failed()
    token, expires = issue_session_token(org.store, user)
    profile = {key: user.profile[key] for key in _EMBEDDED_PROFILE if key in user.profile}
    profile.setdefault("locale", "en_US")
    return jsonify({
        "expiresAt": iso(expires),
        "status": "SUCCESS",
        "sessionToken": token,
        "_embedded": {"user": {"id": user.id, "passwordChanged": iso(user.password_changed),
                               "profile": profile}},
    })
