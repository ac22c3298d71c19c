"""/v1/revoke: RFC 7009 as Okta answers it, always 200 (see token_endpoints)."""

from ..oauth import authorization_server
from . import bp


@bp.post("/v1/revoke")
def revoke():
    response = authorization_server().create_endpoint_response("revocation")
    if not response.data:  # Okta's success: 200, no body, no content type
        del response.headers["Content-Type"]
    return response
