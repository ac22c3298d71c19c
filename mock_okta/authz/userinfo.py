"""/v1/userinfo: claims for the scopes of an access token from this server."""

import jwt
from flask import g, jsonify, request

from mock_okta.authz import bp
from mock_okta.directory.groups import groups_of
from mock_okta.directory.tokens import access_token_revoked
from mock_okta.directory.users import get_user, may_sign_in
from mock_okta.errors import BearerChallenge
from mock_okta.oauth.claims import userinfo_claims
from mock_okta.org import current_org
from mock_okta.web.caching import NO_CACHE_NO_STORE, no_store


def _bearer_token() -> str | None:
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    if request.method == "POST":
        return request.form.get("access_token") or None
    return None


@bp.route("/v1/userinfo", methods=["GET", "POST"])
def userinfo():
    token = _bearer_token()
    if token is None:
        raise BearerChallenge.missing_token()
    org = current_org()
    try:
        claims = g.authz.keyring.verify(token, issuer=g.authz.issuer(org.url()),
                                        audience=g.authz.audience_for(org.url()))
    except jwt.InvalidTokenError:
        raise BearerChallenge.invalid_token() from None
    if access_token_revoked(org.store, claims.get("jti")):  # via /v1/revoke or a code replay
        raise BearerChallenge.invalid_token()
    # Scope first: a client-credentials token (no user, no openid) is 403, as in Okta.
    scopes = claims.get("scp") or []
    if "openid" not in scopes:
        raise BearerChallenge.insufficient_scope()
    user = get_user(org.store, claims["uid"]) if isinstance(claims.get("uid"), str) else None
    if not may_sign_in(user):
        raise BearerChallenge.invalid_token()
    groups = groups_of(org.store, user.id) if "groups" in scopes else None
    return no_store(jsonify(userinfo_claims(user, scopes, groups)), NO_CACHE_NO_STORE)
