"""Okta's Management and Authentication APIs under /api/v1."""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, request

from mock_okta.errors import ApiError
from mock_okta.org import current_org
from mock_okta.web.api_token import check_api_token

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def require_api_token(view):
    """The org's API token, as Okta checks it (web/api_token.py)."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        check_api_token()
        return view(*args, **kwargs)

    return wrapper


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
    authn_mfa,
    authorization_servers,
    credentials,
    event_hooks,
    factors,
    groups,
    lifecycle,
    logs,
    policies,
    ratelimit,
    sessions,
    user_list,
    users,
)
