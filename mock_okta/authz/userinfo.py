"""/v1/userinfo: claims for the scopes of an access token from this server."""

from authlib.oauth2 import OAuth2Error
from flask import jsonify, request

from mock_okta.authz import bp
from mock_okta.directory.groups import groups_of
from mock_okta.oauth.access_tokens import challenge, user_token
from mock_okta.oauth.claims import userinfo_claims
from mock_okta.org import current_org


@bp.route("/v1/userinfo", methods=["GET", "POST"])
def userinfo():
    try:
        token = user_token(request, "openid")
    except OAuth2Error as error:
        return challenge(error)
    scopes = token.scopes
    groups = groups_of(current_org().store, token.user.id) if "groups" in scopes else None
    response = jsonify(userinfo_claims(token.user, scopes, groups))
    response.headers["Cache-Control"] = "no-cache, no-store"
    return response
