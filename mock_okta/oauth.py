"""All Authlib server glue: grants, PKCE, ID tokens, and Okta's error dialect.

Authlib does the protocol work (request validation, client authentication,
PKCE, the code grant); this module supplies storage and Okta's claims, and
turns Authlib's errors into what Okta answers.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Error, OAuth2Request
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import AuthorizationCodeMixin
from authlib.oidc.core.grants import OpenIDCode
from authlib.common.urls import add_params_to_uri
from flask import Response, current_app, g, redirect

from . import claims
from .clients import find_client
from .errors import OAuthError
from .org import current_org
from .sessions import SignedIn
from .store import digest
from .timeutil import now
from .users import get_user

CODE_LIFETIME = 300

# Okta's wording for the errors a client can meet at /token and /authorize.
_OKTA_DESCRIPTIONS = {
    "invalid_client": "Client authentication failed. Either the client or the client "
                      "credentials are invalid.",
    "invalid_grant": "The authorization code is invalid or has expired.",
    "unsupported_grant_type": "The authorization grant type is not supported by the "
                              "authorization server.",
    "unauthorized_client": "The client is not authorized to use the provided grant type.",
    "invalid_scope": "One or more scopes are not configured for the authorization server "
                     "resource.",
    "login_required": "The client specified not to prompt, but the user is not logged in.",
}
_PKCE_FAILED = "PKCE verification failed."


@dataclass
class AuthorizationCode(AuthorizationCodeMixin):
    client_id: str
    user_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int
    amr: list[str]

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_amr(self):
        return self.amr

    def get_acr(self):
        return None


class OktaPKCE(CodeChallenge):
    """S256 only; required of public clients (Authlib checks `none` auth)."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def get_authorization_code_challenge(self, authorization_code):
        return authorization_code.code_challenge

    def get_authorization_code_challenge_method(self, authorization_code):
        return authorization_code.code_challenge_method


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]

    def save_authorization_code(self, code, request):
        signed_in: SignedIn = request.user
        data = request.payload.data
        current_org().store.run(
            "INSERT INTO authorization_codes (code_hash, server_id, client_id, user_id,"
            " redirect_uri, scope, nonce, code_challenge, code_challenge_method, auth_time,"
            " amr, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (digest(code), g.authz.id, request.client.client_id, signed_in.user.id,
             request.payload.redirect_uri, request.scope, data.get("nonce"),
             data.get("code_challenge"), data.get("code_challenge_method"),
             signed_in.auth_time, json.dumps(signed_in.amr), now() + CODE_LIFETIME),
        )

    def query_authorization_code(self, code, client):
        # Claiming deletes: a code is spent by its first redemption attempt.
        with current_org().store.transaction() as conn:
            row = conn.execute(
                "DELETE FROM authorization_codes WHERE code_hash = ? RETURNING *",
                (digest(code),)).fetchone()
        if (row is None or row["expires"] <= now() or row["server_id"] != g.authz.id
                or row["client_id"] != client.client_id):
            return None
        return AuthorizationCode(
            client_id=row["client_id"], user_id=row["user_id"],
            redirect_uri=row["redirect_uri"], scope=row["scope"], nonce=row["nonce"],
            code_challenge=row["code_challenge"],
            code_challenge_method=row["code_challenge_method"],
            auth_time=int(row["auth_time"]), amr=json.loads(row["amr"]))

    def delete_authorization_code(self, authorization_code):
        """Nothing left to delete: query_authorization_code consumed it."""

    def authenticate_user(self, authorization_code):
        user = get_user(current_org().store, authorization_code.user_id)
        if user is None or user.status != "ACTIVE":
            return None
        return SignedIn(user, authorization_code.auth_time, authorization_code.amr)

    def generate_token(self, user: SignedIn, scope, grant_type=None, expires_in=None,
                       include_refresh_token=True):
        org, authz = current_org(), g.authz
        issued_at = int(time.time())
        access_claims = claims.access_token_claims(
            user.user, issuer=authz.issuer(org.url()), audience=authz.audience,
            client_id=self.client.client_id, scopes=scope.split(), issued_at=issued_at,
            auth_time=user.auth_time)
        return {
            "token_type": "Bearer",
            "expires_in": access_claims["exp"] - issued_at,
            "access_token": authz.keyring.sign(access_claims),
            "scope": scope,
        }


class OktaOpenIDCode(OpenIDCode):
    """ID tokens with Okta's claims, signed by the server's own key."""

    def exists_nonce(self, nonce, request):
        return False  # Okta does not reject a repeated nonce

    def encode_id_token(self, token, request):
        org, authz = current_org(), g.authz
        code: AuthorizationCode = request.authorization_code
        id_claims = claims.id_token_claims(
            request.user.user, issuer=authz.issuer(org.url()),
            client_id=request.client.client_id, scopes=token["scope"].split(),
            issued_at=int(time.time()), auth_time=code.auth_time, amr=code.amr,
            idp=org.org_id, nonce=code.nonce, access_token=token.get("access_token"))
        return authz.keyring.sign(id_claims)

    def generate_user_info(self, user, scope):
        return claims.userinfo_claims(user.user, scope.split())


class OktaAuthorizationServer(AuthorizationServer):
    def create_oauth2_request(self, request):
        # A parked /authorize request comes back as a prepared OAuth2Request.
        if isinstance(request, OAuth2Request):
            return request
        return super().create_oauth2_request(request)

    def handle_error_response(self, request, error):
        if error.redirect_uri:
            return redirect_with_error(error, error.redirect_uri, error.state)
        raise to_okta_error(error)


def to_okta_error(error: OAuth2Error) -> OAuthError:
    """Okta's status and wording for an Authlib error."""
    name, text = error.error, error.description or ""
    if getattr(error, "okta_worded", False):
        description = text
    elif name == "invalid_grant" and "redirect_uri" in text:
        description = ("The 'redirect_uri' does not match the redirection URI used in the "
                       "authorization request.")
    elif "code_verifier" in text or text == "Code challenge failed.":
        description = _PKCE_FAILED
    else:
        description = _OKTA_DESCRIPTIONS.get(name, text or name)
    return OAuthError(name, description, status=401 if name == "invalid_client" else 400)


def okta_worded(error: OAuth2Error) -> OAuth2Error:
    """Mark an error whose description is already Okta's wording."""
    error.okta_worded = True
    return error


def redirect_with_error(error: OAuth2Error, redirect_uri: str, state: str | None) -> Response:
    """Errors after client and redirect URI are known go back to the client."""
    okta = to_okta_error(error)
    params = [("error", okta.error), ("error_description", okta.description)]
    if state:
        params.append(("state", state))
    response = redirect(add_params_to_uri(redirect_uri, params), code=302)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def parked_request(params: dict, uri: str) -> OAuth2Request:
    """Rebuild an /authorize request from the parameters kept while signing in."""
    request = OAuth2Request("GET", uri)
    request.payload = BasicOAuth2Payload(params)
    return request


def create_server(app) -> OktaAuthorizationServer:
    server = OktaAuthorizationServer(
        query_client=lambda client_id: find_client(current_org().store, client_id),
        # Access tokens are self-contained JWTs; nothing to keep per token.
        save_token=lambda token, request: None,
    )
    server.init_app(app)
    server.scopes_supported = None  # checked per authorization server in the views
    server.register_grant(CodeGrant, [OktaPKCE(required=True), OktaOpenIDCode(require_nonce=False)])
    app.extensions["mock_okta_oauth"] = server
    return server


def authorization_server() -> OktaAuthorizationServer:
    return current_app.extensions["mock_okta_oauth"]
