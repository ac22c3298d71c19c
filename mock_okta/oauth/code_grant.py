"""The authorization code grant in Okta's words: codes stored hashed and spent
on first redemption (a replay revokes what the first redemption was given),
PKCE with S256 only, and OpenID Connect checks at /authorize."""

from __future__ import annotations

from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import AuthorizationCodeMixin
from authlib.oidc.core.grants import OpenIDCode
from flask import g

from mock_okta.directory import tokens
from mock_okta.directory.sessions import SignedIn
from mock_okta.directory.users import get_user, may_sign_in
from mock_okta.oauth.client_auth import ALL_METHODS
from mock_okta.oauth.issuance import Grant, IssuesOktaTokens, may_refresh
from mock_okta.org import current_org


class AuthorizationCode(tokens.CodeRecord, AuthorizationCodeMixin):
    """A stored code (directory.tokens keeps them) as Authlib's grants read it."""

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
        tokens.save_code(current_org().store, code, tokens.CodeRecord(
            server_id=g.authz.id, client_id=request.client.client_id, user_id=signed_in.user.id,
            redirect_uri=request.payload.redirect_uri, scope=request.scope,
            nonce=data.get("nonce"), code_challenge=data.get("code_challenge"),
            code_challenge_method=data.get("code_challenge_method"),
            auth_time=signed_in.auth_time, amr=signed_in.amr))

    def query_authorization_code(self, code, client):
        # Spent by this first attempt whatever comes next; a replay revokes (see tokens).
        record = tokens.claim_code(current_org().store, code)
        if (record is None or not record.is_live() or record.server_id != g.authz.id
                or record.client_id != client.client_id):
            return None
        return AuthorizationCode(**vars(record))

    def delete_authorization_code(self, authorization_code):
        """Nothing left to delete: query_authorization_code consumed it."""

    def authenticate_user(self, authorization_code):
        user = get_user(current_org().store, authorization_code.user_id)
        if not may_sign_in(user):
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
