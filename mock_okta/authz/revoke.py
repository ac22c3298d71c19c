"""/v1/revoke: RFC 7009 as Okta answers it, always 200 (see token_endpoints)."""

from mock_okta.authz import bp
from mock_okta.oauth.server import authorization_server
from mock_okta.web.caching import no_store


@bp.post("/v1/revoke")
def revoke():
    response = authorization_server().create_endpoint_response("revocation")
    if not response.data:  # Okta's success: 200, no body, no content type
        del response.headers["Content-Type"]
    return no_store(response)
