"""The token grants beside the authorization code: refresh_token,
client_credentials and password, each with Okta's rules and words.

Authlib validates the requests; these subclasses supply storage, the checks
Okta adds, and `describe_grant` for the shared token issuer.
"""

from __future__ import annotations

from authlib.oauth2.rfc6749 import (
    InvalidGrantError,
    InvalidScopeError,
    UnauthorizedClientError,
    grants,
)
from flask import g

from mock_okta.clock import now
from mock_okta.directory import tokens
from mock_okta.directory.sessions import SignedIn
from mock_okta.directory.signon import Outcome, policy_from, primary_auth
from mock_okta.directory.users import get_user, may_sign_in
from mock_okta.oauth.client_auth import ALL_METHODS
from mock_okta.oauth.errors import okta_worded
from mock_okta.oauth.issuance import Grant, IssuesOktaTokens, may_refresh
from mock_okta.org import current_org

REFRESH_INVALID = "The refresh token is invalid or expired."
BAD_CREDENTIALS = "The credentials provided were invalid."
NO_SCOPES = ("The authorization server resource does not have any configured default scopes, "
             "'scope' must be provided.")
USER_SCOPES_FOR_CLIENT = ("The client_credentials grant type can't request OpenID Connect "
                          "scopes; request the authorization server's custom scopes.")
# Scopes about a user: meaningless without one (client_credentials).
USER_SCOPES = frozenset({"openid", "profile", "email", "address", "phone", "offline_access",
                         "groups", "device_sso"})


def _refresh_invalid() -> InvalidGrantError:
    return okta_worded(InvalidGrantError(REFRESH_INVALID))


def check_scopes(scope: str | None) -> list[str]:
    """Requested scopes must be given and all exist on this authorization server."""
    scopes = (scope or "").split()
    if not scopes:
        raise okta_worded(InvalidScopeError(NO_SCOPES))
    if any(name not in g.authz.scopes for name in scopes):
        raise InvalidScopeError()  # Okta's wording comes from oauth_errors.to_okta_error
    return scopes


class RefreshGrant(IssuesOktaTokens, grants.RefreshTokenGrant):
    """Rotation: each use hands out a new refresh token and spends the old one;
    presenting a spent one again revokes the whole grant (Okta's reuse detection)."""

    TOKEN_ENDPOINT_AUTH_METHODS = ALL_METHODS
    INCLUDE_NEW_REFRESH_TOKEN = True

    def authenticate_refresh_token(self, refresh_token):
        store = current_org().store
        record = tokens.find_refresh_token(store, refresh_token)
        if (record is None or record.server_id != g.authz.id
                or record.client_id != self.request.client.client_id):
            raise _refresh_invalid()
        if record.status == tokens.ROTATED:
            tokens.revoke_grant(store, record.grant_id)
            raise _refresh_invalid()
        if not record.is_live():
            raise _refresh_invalid()
        return record

    def authenticate_user(self, record: tokens.TokenRecord):
        store = current_org().store
        user = get_user(store, record.user_id) if record.user_id else None
        if not may_sign_in(user):
            raise _refresh_invalid()
        # Spend it now, after every check passed: of two racing requests one wins.
        if not tokens.rotate(store, record.key):
            raise _refresh_invalid()
        return SignedIn(user, record.auth_time or int(now()), record.amr)

    def revoke_old_credential(self, refresh_token):
        """Already spent in authenticate_user."""

    def describe_grant(self, user, scope):
        record: tokens.TokenRecord = self.request.refresh_token
        return Grant(client=self.client, scope=scope, user=user, refresh=True,
                     refresh_scope=record.scope, grant_id=record.grant_id,
                     code_hash=record.code_hash)


class ClientCredentialsGrant(IssuesOktaTokens, grants.ClientCredentialsGrant):
    """Machine-to-machine: custom scopes only; `sub` is the client, no user."""

    TOKEN_ENDPOINT_AUTH_METHODS = ALL_METHODS

    def validate_requested_scope(self):
        if self.client.is_public:  # only confidential clients may hold this grant
            raise UnauthorizedClientError()
        scopes = (self.request.payload.scope or "").split()
        if any(name in USER_SCOPES for name in scopes):
            raise okta_worded(InvalidScopeError(USER_SCOPES_FOR_CLIENT))
        check_scopes(self.request.payload.scope)

    def describe_grant(self, user, scope):
        return Grant(client=self.client, scope=scope)


class PasswordGrant(IssuesOktaTokens, grants.ResourceOwnerPasswordCredentialsGrant):
    """Resource Owner Password: only for apps that allow it; Okta's lockout applies."""

    TOKEN_ENDPOINT_AUTH_METHODS = ALL_METHODS

    def authenticate_user(self, username, password):
        org = current_org()
        result = primary_auth(org.store, username, password, policy_from(org.settings))
        if result.outcome is not Outcome.SUCCESS or result.user is None:
            raise okta_worded(InvalidGrantError(BAD_CREDENTIALS))
        return SignedIn(result.user, int(now()), ["pwd"])

    def validate_requested_scope(self):
        check_scopes(self.request.payload.scope)

    def describe_grant(self, user, scope):
        return Grant(client=self.client, scope=scope, user=user,
                     refresh=may_refresh(self.client, scope))
