"""/v1/userinfo: claims for the scopes of an access token from this server."""

from flask import jsonify, request

from mock_okta.authz import bp
from mock_okta.directory.groups import groups_of
from mock_okta.oauth.access_tokens import user_token
from mock_okta.oauth.claims import userinfo_claims
from mock_okta.org import current_org
from mock_okta.web.caching import NO_CACHE_NO_STORE, no_store


@bp.route("/v1/userinfo", methods=["GET", "POST"])
def userinfo():
    token = user_token(request, "openid")  # or a BearerChallenge, answered by web/errors
    scopes = token.scopes
    groups = groups_of(current_org().store, token.user.id) if "groups" in scopes else None
    return no_store(jsonify(userinfo_claims(token.user, scopes, groups)), NO_CACHE_NO_STORE)
