"""Authorization servers' endpoints, one set of views for both kinds:

* the org authorization server: `/oauth2/v1/...` (issuer `{org}`);
* custom authorization servers: `/oauth2/{authServerId}/v1/...`.

Views are written once with `@bp.route("/v1/...")`; the blueprint registers
each such rule twice, the org rule carrying `server_id=ORG_SERVER_ID` as a
default. Endpoint names are shared, so `url_for("authz.resume", ...)` builds
the URL of whichever server handles the request.
"""

from flask import Blueprint, g, request

from mock_okta.errors import ApiError, BrowserError
from mock_okta.org import current_org
from mock_okta.org.servers import ORG_SERVER_ID


class _ServerBlueprint(Blueprint):
    def add_url_rule(self, rule, endpoint=None, view_func=None, *, absolute=False, **options):
        """`/v1/...` rules serve both kinds of server; `absolute=True` takes the rule as is."""
        if absolute:
            return super().add_url_rule(rule, endpoint, view_func, **options)
        super().add_url_rule(f"/oauth2/<server_id>{rule}", endpoint, view_func, **options)
        if rule.startswith("/v1/"):
            super().add_url_rule(f"/oauth2{rule}", endpoint, view_func,
                                 defaults={"server_id": ORG_SERVER_ID}, **options)


bp = _ServerBlueprint("authz", __name__)

# Endpoints a browser visits: errors there are HTML pages, not JSON.
_BROWSER_ENDPOINTS = {"authz.authorize", "authz.resume", "authz.logout"}


@bp.url_value_preprocessor
def resolve_server(endpoint, values):
    server_id = values.pop("server_id")
    server = current_org().server(server_id)
    if server is None:
        if request.endpoint in _BROWSER_ENDPOINTS:
            raise BrowserError.unknown_server()
        raise ApiError.not_found(server_id, "AuthorizationServer")
    g.authz = server


@bp.url_defaults
def keep_server(endpoint, values):
    if "server_id" not in values and "authz" in g:
        values["server_id"] = g.authz.id


from mock_okta.authz import authorize, discovery, introspect, logout, revoke, token, userinfo  # noqa: E402,F401  (routes)  # noqa: E402,F401  (routes)
