"""/v1/userinfo: claims for the scopes of an access token from this server."""

import jwt
from flask import Response, g, jsonify, request

from mock_okta.authz import bp
from mock_okta.directory.groups import groups_of
from mock_okta.directory.tokens import access_token_revoked
from mock_okta.directory.users import get_user, may_sign_in
from mock_okta.oauth.claims import userinfo_claims
from mock_okta.org import current_org
from mock_okta.web.caching import NO_CACHE_NO_STORE, no_store


def _challenge(status: int, error: str, description: str) -> Response:
    """Okta answers userinfo errors in the WWW-Authenticate header only."""
    response = Response(status=status)
    response.headers["WWW-Authenticate"] = (
        f'Bearer error="{error}", error_description="{description}"')
    return response


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
        return _challenge(401, "invalid_request", "The access token is missing.")
    org = current_org()
    try:
        claims = g.authz.keyring.verify(token, issuer=g.authz.issuer(org.url()),
                                        audience=g.authz.audience_for(org.url()))
    except jwt.InvalidTokenError:
        return _challenge(401, "invalid_token", "The access token is invalid")
    if access_token_revoked(org.store, claims.get("jti")):  # via /v1/revoke or a code replay
        return _challenge(401, "invalid_token", "The access token is invalid")
    # Scope first: a client-credentials token (no user, no openid) is 403, as in Okta.
    scopes = claims.get("scp") or []
    if "openid" not in scopes:
        return _challenge(403, "insufficient_scope",
                          "The access token must provide access to at least one of these "
                          "scopes - profile, email, address or phone")
    user = get_user(org.store, claims["uid"]) if isinstance(claims.get("uid"), str) else None
    if not may_sign_in(user):
        return _challenge(401, "invalid_token", "The access token is invalid")
    groups = groups_of(org.store, user.id) if "groups" in scopes else None
    return no_store(jsonify(userinfo_claims(user, scopes, groups)), NO_CACHE_NO_STORE)
