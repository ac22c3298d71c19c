"""/v1/token: Authlib validates and issues; errors come out in Okta's dialect."""

from ..oauth import authorization_server
from . import bp


@bp.post("/v1/token")
def token():
    return authorization_server().create_token_response()
