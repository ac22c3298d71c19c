"""/v1/introspect: RFC 7662 as Okta answers it (see token_endpoints)."""

from ..oauth import authorization_server
from . import bp


@bp.post("/v1/introspect")
def introspect():
    return authorization_server().create_endpoint_response("introspection")
