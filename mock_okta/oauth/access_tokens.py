"""Access tokens where they are spent: the one verification /userinfo and
/introspect share, and RFC 6750 bearer-token protection for /userinfo
(Authlib's ResourceProtector and BearerTokenValidator) with Okta's answers.
"""

from __future__ import annotations

from dataclasses import dataclass

import jwt
from authlib.oauth2 import OAuth2Error, ResourceProtector
from authlib.oauth2.rfc6749 import (
    InvalidRequestError,
    MissingAuthorizationError,
    UnsupportedTokenTypeError,
)
from authlib.oauth2.rfc6750 import BearerTokenValidator, InvalidTokenError
from flask import g

from mock_okta.directory.tokens import access_token_revoked
from mock_okta.directory.users import User, get_user, may_sign_in
from mock_okta.errors import BearerChallenge
from mock_okta.oauth.errors import okta_worded
from mock_okta.org import current_org

MISSING = "The access token is missing."
# Okta's words for the errors Authlib's validator raises.
_OKTA_WORDS = {
    "invalid_token": "The access token is invalid",
    "insufficient_scope": "The access token must provide access to at least one of these "
                          "scopes - profile, email, address or phone",
}


def verify_access_token(token: str) -> dict | None:
    """Claims of an access token this authorization server issued and that has not
    expired (signature, `iss`, `aud`, `exp`); None for anything else. Whether it
    was revoked is the caller's question."""
    if token.count(".") != 2:
        return None
    org_url = current_org().url()
    try:
        claims = g.authz.keyring.verify(token, issuer=g.authz.issuer(org_url),
                                        audience=g.authz.audience_for(org_url))
    except (jwt.InvalidTokenError, ValueError):
        return None
    if not isinstance(claims.get("jti"), str) or not isinstance(claims.get("cid"), str):
        return None  # signed here for this audience, but not an access token
    return claims


@dataclass
class BearerToken:
    """A verified access token, as Authlib's BearerTokenValidator reads it."""

    claims: dict
    user: User | None = None

    @property
    def scopes(self) -> list[str]:
        return list(self.claims.get("scp") or [])

    def get_scope(self) -> str:
        return " ".join(self.scopes)

    def is_expired(self) -> bool:
        return False  # verify_access_token has checked `exp`

    def is_revoked(self) -> bool:
        return access_token_revoked(current_org().store, self.claims["jti"])


class _UserBearer(BearerTokenValidator):
    """A user's access token: Authlib checks revocation, then scope; the user is
    checked after the scope, so a client-credentials token (no user, no openid)
    is 403 insufficient_scope, as in Okta."""

    def authenticate_token(self, token_string):
        claims = verify_access_token(token_string.strip())
        return BearerToken(claims) if claims is not None else None

    def validate_token(self, token, scopes, request):
        super().validate_token(token, scopes, request)
        uid = token.claims.get("uid")
        token.user = get_user(current_org().store, uid) if isinstance(uid, str) else None
        if not may_sign_in(token.user):
            raise InvalidTokenError()


class _Protector(ResourceProtector):
    def parse_request_authorization(self, request):
        try:
            return super().parse_request_authorization(request)
        except (MissingAuthorizationError, UnsupportedTokenTypeError):
            # RFC 6750 §2.2, the form field, which Authlib's protector does not read.
            if request.method == "POST" and request.form.get("access_token"):
                return self.get_token_validator("bearer"), request.form["access_token"]
            # Okta calls a missing or non-Bearer credential a missing token.
            raise okta_worded(InvalidRequestError(MISSING, status_code=401)) from None


_protector = _Protector()
_protector.register_token_validator(_UserBearer())


def user_token(request, scope: str) -> BearerToken:
    """The request's valid access token for an active user, granted `scope`; otherwise
    a BearerChallenge in Okta's words (web/errors answers it in `WWW-Authenticate`
    only, 403 included: Authlib's InsufficientScopeError would use a JSON body)."""
    try:
        return _protector.validate_request([scope], request)
    except OAuth2Error as error:
        description = (error.description if getattr(error, "okta_worded", False)
                       else _OKTA_WORDS.get(error.error, error.description))
        raise BearerChallenge(error.status_code, error.error, description) from None
