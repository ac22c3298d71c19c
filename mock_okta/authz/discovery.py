"""Discovery documents and the key set of an authorization server.

| Document | Org server | Custom server `{id}` |
|---|---|---|
| OIDC | `/.well-known/openid-configuration` | `/oauth2/{id}/.well-known/openid-configuration` |
| RFC 8414 | `/.well-known/oauth-authorization-server` | `/oauth2/{id}/.well-known/...` (same name), |
|  |  | and `/.well-known/oauth-authorization-server/oauth2/{id}` |
| JWKS | `/oauth2/v1/keys` | `/oauth2/{id}/v1/keys` |
"""

from flask import Response, g, jsonify

from mock_okta.authz import bp
from mock_okta.directory.app_spec import AUTH_METHODS
from mock_okta.oauth.code_grant import OktaPKCE
from mock_okta.oauth.response_modes import MODES
from mock_okta.org import current_org
from mock_okta.org.keys import ALGORITHM
from mock_okta.org.servers import ORG_SERVER_ID

# What a custom authorization server supports here; grows with the server.
RESPONSE_TYPES = ["code", "id_token", "code id_token", "code token", "id_token token",
                  "code id_token token"]
OAUTH_RESPONSE_TYPES = RESPONSE_TYPES + ["token"]   # RFC 8414 metadata adds bare `token`
GRANT_TYPES = ["authorization_code", "implicit", "refresh_token", "password",
               "client_credentials"]
CLAIMS = ["iss", "ver", "sub", "aud", "iat", "exp", "jti", "auth_time", "amr", "idp", "nonce",
          "name", "nickname", "preferred_username", "given_name", "middle_name",
          "family_name", "email", "email_verified", "profile", "zoneinfo", "locale",
          "updated_at", "at_hash", "c_hash"]
ACCESS_TOKEN_CLAIMS = ["ver", "jti", "iss", "aud", "iat", "exp", "cid", "uid", "scp", "sub"]
JWKS_CACHE_CONTROL = "max-age=3600, must-revalidate"


def metadata(issuer: str, scopes, *, openid: bool, base: str | None = None) -> dict:
    """Okta's discovery fields for what this server implements.

    `base` is where the /v1 endpoints live: the issuer for custom servers,
    `{org}/oauth2` for the org server (whose issuer is `{org}`).
    """
    base = base or issuer
    doc = {
        "issuer": issuer,
        "authorization_endpoint": f"{base}/v1/authorize",
        "token_endpoint": f"{base}/v1/token",
        "jwks_uri": f"{base}/v1/keys",
        "end_session_endpoint": f"{base}/v1/logout",
        "response_types_supported": RESPONSE_TYPES if openid else OAUTH_RESPONSE_TYPES,
        "response_modes_supported": list(MODES),
        "grant_types_supported": GRANT_TYPES,
        "subject_types_supported": ["public"],
        "scopes_supported": list(scopes),
        "token_endpoint_auth_methods_supported": list(AUTH_METHODS),
        "claims_supported": CLAIMS if openid else ACCESS_TOKEN_CLAIMS,
        "code_challenge_methods_supported": list(OktaPKCE.SUPPORTED_CODE_CHALLENGE_METHOD),
        "introspection_endpoint": f"{base}/v1/introspect",
        "introspection_endpoint_auth_methods_supported": list(AUTH_METHODS),
        "revocation_endpoint": f"{base}/v1/revoke",
        "revocation_endpoint_auth_methods_supported": list(AUTH_METHODS),
        "request_parameter_supported": False,
    }
    if openid:
        doc["userinfo_endpoint"] = f"{base}/v1/userinfo"
        doc["id_token_signing_alg_values_supported"] = [ALGORITHM]
    return doc


def _document(*, openid: bool):
    org_url = current_org().url()
    server = g.authz
    return jsonify(metadata(server.issuer(org_url), server.published_scopes, openid=openid,
                            base=server.endpoint_base(org_url)))


_ORG = {"server_id": ORG_SERVER_ID}


@bp.route("/.well-known/openid-configuration", methods=["GET"])
@bp.route("/.well-known/openid-configuration", methods=["GET"], absolute=True, defaults=_ORG)
def openid_configuration():
    return _document(openid=True)


@bp.route("/.well-known/oauth-authorization-server", methods=["GET"])
@bp.route("/.well-known/oauth-authorization-server", methods=["GET"], absolute=True,
          defaults=_ORG)
@bp.route("/.well-known/oauth-authorization-server/oauth2/<server_id>", methods=["GET"],
          absolute=True)
def oauth_authorization_server():
    return _document(openid=False)


@bp.get("/v1/keys")
def keys():
    body = g.authz.keyring.jwks_json()
    forgeries = current_org().forgeries
    if forgeries.armed and forgeries.take_jwks("org" if g.authz.is_org else g.authz.id):
        body = g.authz.keyring.jwks_json(without_signing_key=True)  # a test asked for it
    response = Response(body, mimetype="application/json")
    response.headers["Cache-Control"] = JWKS_CACHE_CONTROL
    return response
