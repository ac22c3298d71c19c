"""Okta's Management and Authentication APIs under /api/v1."""

from __future__ import annotations

import hmac
import json
from functools import wraps

from flask import Blueprint, request

from mock_okta.errors import ApiError
from mock_okta.org import current_org

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def require_api_token(view):
    """SSWS API token: none or another scheme → 403 E0000005, wrong → 401 E0000011.

    Okta's Python SDK 3.x sends `SSWS{token}` with no space (it concatenates the
    mode and the token), and Okta accepts it, so the space is optional here too.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        header = request.headers.get("Authorization", "")
        token = header[len("SSWS"):].strip() if header.startswith("SSWS") else ""
        if not token:
            raise ApiError.invalid_session()
        expected = current_org().settings.api_token
        if not hmac.compare_digest(token.strip().encode(), expected.encode()):
            raise ApiError.invalid_token()
        return view(*args, **kwargs)

    return wrapper


def json_body() -> dict:
    """The request's JSON object, or Okta's E0000003 for anything else."""
    body = request.get_json(silent=True, force=True)
    if not isinstance(body, dict) or not _is_utf8(body):
        raise ApiError.malformed_body()
    return body


def _is_utf8(body: dict) -> bool:
    """JSON may carry lone surrogates (`"\\ud800"`) that no UTF-8 store can hold."""
    # A probe, not a conversion: encoding is the one sure test of UTF-8.
    try:
        json.dumps(body, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return False
    return True


def query_flag(name: str, default: bool) -> bool:
    raw = request.args.get(name)
    if raw is None:
        return default
    if raw.lower() in ("true", "false"):
        return raw.lower() == "true"
    raise ApiError.validation(name, [f"{name}: must be true or false"])


def user_or_404(id_or_login: str):
    """The user named in the path, or Okta's E0000007 for it."""
    from mock_okta.directory.users import get_user
    user = get_user(current_org().store, id_or_login)
    if user is None:
        raise ApiError.not_found(id_or_login, "User")
    return user


# The route modules register themselves on `bp`.
from mock_okta.api import (
    apps,
    authn,
    authorization_servers,
    credentials,
    groups,
    lifecycle,
    ratelimit,
    sessions,
    user_list,
    users,
)
