"""/v1/token: Authlib validates and issues; errors come out in Okta's dialect."""

from mock_okta.authz import bp
from mock_okta.oauth.server import authorization_server
from mock_okta.web.caching import no_store


@bp.post("/v1/token")
def token():
    return no_store(authorization_server().create_token_response())
