"""Discovery documents and the key set of an authorization server."""

from flask import Response, g, jsonify

from ..org import current_org
from . import bp

# What a custom authorization server supports here; grows with the server.
RESPONSE_TYPES = ["code"]
GRANT_TYPES = ["authorization_code"]
AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]
CLAIMS = ["iss", "ver", "sub", "aud", "iat", "exp", "jti", "auth_time", "amr", "idp", "nonce",
          "name", "nickname", "preferred_username", "given_name", "middle_name",
          "family_name", "email", "email_verified", "profile", "zoneinfo", "locale",
          "updated_at", "at_hash"]
ACCESS_TOKEN_CLAIMS = ["ver", "jti", "iss", "aud", "iat", "exp", "cid", "uid", "scp", "sub"]
JWKS_CACHE_CONTROL = "max-age=3600, must-revalidate"


def metadata(issuer: str, scopes, *, openid: bool) -> dict:
    """Okta's discovery fields for what this server implements."""
    doc = {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/v1/authorize",
        "token_endpoint": f"{issuer}/v1/token",
        "jwks_uri": f"{issuer}/v1/keys",
        "end_session_endpoint": f"{issuer}/v1/logout",
        "response_types_supported": RESPONSE_TYPES,
        "response_modes_supported": ["query"],
        "grant_types_supported": GRANT_TYPES,
        "subject_types_supported": ["public"],
        "scopes_supported": list(scopes),
        "token_endpoint_auth_methods_supported": AUTH_METHODS,
        "claims_supported": CLAIMS if openid else ACCESS_TOKEN_CLAIMS,
        "code_challenge_methods_supported": ["S256"],
        "request_parameter_supported": False,
    }
    if openid:
        doc["userinfo_endpoint"] = f"{issuer}/v1/userinfo"
        doc["id_token_signing_alg_values_supported"] = ["RS256"]
    return doc


@bp.get("/.well-known/openid-configuration")
def openid_configuration():
    issuer = g.authz.issuer(current_org().url())
    return jsonify(metadata(issuer, g.authz.scopes, openid=True))


@bp.get("/.well-known/oauth-authorization-server")
def oauth_authorization_server():
    issuer = g.authz.issuer(current_org().url())
    return jsonify(metadata(issuer, g.authz.scopes, openid=False))


@bp.get("/v1/keys")
def keys():
    response = Response(g.authz.keyring.jwks_json(), mimetype="application/json")
    response.headers["Cache-Control"] = JWKS_CACHE_CONTROL
    return response
