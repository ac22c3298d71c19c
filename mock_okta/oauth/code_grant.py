"""The authorization code grant in Okta's words: codes stored hashed and spent
on first redemption (a replay revokes what the first redemption was given),
PKCE with S256 only, and OpenID Connect checks at /authorize."""

from __future__ import annotations

import json
from dataclasses import dataclass

from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import AuthorizationCodeMixin
from authlib.oidc.core.grants import OpenIDCode
from flask import g

from mock_okta.clock import now
from mock_okta.directory import tokens
from mock_okta.directory.sessions import SignedIn
from mock_okta.directory.users import get_user
from mock_okta.oauth.client_auth import ALL_METHODS
from mock_okta.oauth.issuance import Grant, IssuesOktaTokens, may_refresh
from mock_okta.org import current_org
from mock_okta.storage import digest

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
