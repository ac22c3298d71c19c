"""/v1/introspect: RFC 7662 as Okta answers it (see token_endpoints)."""

from mock_okta.authz import bp
from mock_okta.oauth.server import authorization_server
from mock_okta.web.caching import no_store


@bp.post("/v1/introspect")
def introspect():
    return no_store(authorization_server().create_endpoint_response("introspection"))
