"""Authlib server glue: the authorization code grant, PKCE, OpenID Connect,
and the server that registers every grant, client authentication method and
token endpoint.

Authlib does the protocol work (request validation, client authentication,
PKCE, the grants); the modules beside this one supply Okta's rules:
`client_auth` (who the client is), `issuance` (what a token response holds),
`front_channel` (the code grant answering every response type at /authorize),
`grants` (refresh_token, client_credentials, password), `token_endpoints`
(introspect, revoke), `tokens` (the store), `oauth_errors` (the words) and
`delivery` (how an /authorize answer reaches the client).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Request
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import AuthorizationCodeMixin
from authlib.oidc.core.grants import OpenIDCode
from flask import current_app, g

from . import client_auth, delivery, tokens
from .client_auth import ALL_METHODS
from .clients import find_client
from .issuance import Grant, IssuesOktaTokens, may_refresh
from .oauth_errors import okta_worded, redirect_with_error, to_okta_error  # also re-exported
from .org import current_org
from .sessions import SignedIn
from .store import digest
from .timeutil import now
from .users import get_user

CODE_LIFETIME = 300


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
    code_hash: str = ""

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


class CodeGrant(IssuesOktaTokens, grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ALL_METHODS

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
        # Claiming deletes: a code is spent by its first redemption attempt, and
        # remembered, so a second one revokes what the first was given (RFC 6749 4.1.2).
        store, code_hash = current_org().store, digest(code)
        with store.transaction() as conn:
            row = conn.execute("DELETE FROM authorization_codes WHERE code_hash = ? RETURNING *",
                               (code_hash,)).fetchone()
            if row is not None:
                tokens.spend_code(conn, code_hash)
        if row is None:
            if tokens.code_was_spent(store, code_hash):
                tokens.revoke_grant(store, code_hash)
            return None
        if (row["expires"] <= now() or row["server_id"] != g.authz.id
                or row["client_id"] != client.client_id):
            return None
        return AuthorizationCode(
            client_id=row["client_id"], user_id=row["user_id"],
            redirect_uri=row["redirect_uri"], scope=row["scope"], nonce=row["nonce"],
            code_challenge=row["code_challenge"],
            code_challenge_method=row["code_challenge_method"],
            auth_time=int(row["auth_time"]), amr=json.loads(row["amr"]), code_hash=code_hash)

    def delete_authorization_code(self, authorization_code):
        """Nothing left to delete: query_authorization_code consumed it."""

    def authenticate_user(self, authorization_code):
        user = get_user(current_org().store, authorization_code.user_id)
        if user is None or user.status != "ACTIVE":
            return None
        return SignedIn(user, authorization_code.auth_time, authorization_code.amr)

    def describe_grant(self, user, scope):
        code: AuthorizationCode = self.request.authorization_code
        # The grant takes the code's hash as its id: a replay revokes exactly this.
        return Grant(client=self.client, scope=scope, user=user,
                     refresh=may_refresh(self.client, scope), grant_id=code.code_hash,
                     code_hash=code.code_hash, nonce=code.nonce)


class OktaOpenIDCode(OpenIDCode):
    """OpenID Connect checks at /authorize; the ID token itself comes from `issuance`."""

    def exists_nonce(self, nonce, request):
        return False  # Okta does not reject a repeated nonce

    def process_token(self, grant, response):
        return response[1]  # the issuer already added Okta's ID token


class OktaAuthorizationServer(AuthorizationServer):
    def create_oauth2_request(self, request):
        # A parked /authorize request comes back as a prepared OAuth2Request.
        if isinstance(request, OAuth2Request):
            return request
        return super().create_oauth2_request(request)

    def authenticate_client(self, request, methods, endpoint="token"):
        return client_auth.authenticate(super().authenticate_client, request, methods, endpoint)

    def handle_error_response(self, request, error):
        if error.redirect_uri:
            mode = delivery.FRAGMENT if error.redirect_fragment else delivery.QUERY
            return redirect_with_error(error, error.redirect_uri, error.state, mode)
        client = getattr(request, "client", None)
        if error.error == "unauthorized_client" and client is not None:
            error = okta_worded(type(error)(
                "The client is not authorized to use the provided grant type. Configured grant "
                f"types: [{', '.join(client.grant_types)}]."))
        raise to_okta_error(error)


def parked_request(params: dict, uri: str) -> OAuth2Request:
    """Rebuild an /authorize request from the parameters kept while signing in."""
    request = OAuth2Request("GET", uri)
    request.payload = BasicOAuth2Payload(params)
    return request


def request_client(client_id: str | None):
    """The active client, looked up once per request: /authorize checks it before
    Authlib validates, and the token endpoint asks again while authenticating."""
    cache = g.setdefault("clients", {})
    if client_id not in cache:
        cache[client_id] = find_client(current_org().store, client_id)
    return cache[client_id]


def create_server(app) -> OktaAuthorizationServer:
    from .front_channel import AuthorizeGrant
    from .grants import ClientCredentialsGrant, PasswordGrant, RefreshGrant
    from .token_endpoints import OktaIntrospection, OktaRevocation

    server = OktaAuthorizationServer(
        query_client=request_client,
        # `issuance` records every token as it mints it.
        save_token=lambda token, request: None,
    )
    server.init_app(app)
    server.scopes_supported = None  # checked per authorization server, by the grants
    # The code grant, answering every response type at /authorize (front_channel).
    server.register_grant(AuthorizeGrant,
                          [OktaPKCE(required=True), OktaOpenIDCode(require_nonce=False)])
    server.register_grant(RefreshGrant)
    server.register_grant(ClientCredentialsGrant)
    server.register_grant(PasswordGrant)
    client_auth.register(server)
    server.register_endpoint(OktaIntrospection)
    server.register_endpoint(OktaRevocation)
    app.extensions["mock_okta_oauth"] = server
    return server


def authorization_server() -> OktaAuthorizationServer:
    return current_app.extensions["mock_okta_oauth"]
