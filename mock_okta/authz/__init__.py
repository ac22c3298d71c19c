"""Custom authorization servers: `/oauth2/{authServerId}/...`."""

from flask import Blueprint, g, request

from ..errors import ApiError, BrowserError
from ..org import current_org

bp = Blueprint("authz", __name__, url_prefix="/oauth2/<server_id>")

# Endpoints a browser visits: errors there are HTML pages, not JSON.
_BROWSER_ENDPOINTS = {"authz.authorize", "authz.resume", "authz.logout"}


@bp.url_value_preprocessor
def resolve_server(endpoint, values):
    server_id = values.pop("server_id")
    server = current_org().servers.get(server_id)
    if server is None:
        if request.endpoint in _BROWSER_ENDPOINTS:
            raise BrowserError("invalid_request", "The authorization server id is invalid.")
        raise ApiError.not_found(server_id, "AuthorizationServer")
    g.authz = server


@bp.url_defaults
def keep_server(endpoint, values):
    if "server_id" not in values and "authz" in g:
        values["server_id"] = g.authz.id


from . import authorize, discovery, logout, token, userinfo  # noqa: E402,F401  (routes)
