"""RP-initiated logout at /v1/logout: Authlib's end-session endpoint (OpenID
Connect RP-Initiated Logout 1.0) checks the `id_token_hint` against the server's
keys, finds the client from its `aud`, and allows the post-logout redirect only
to a registered URI, with `state`. Okta's rules are added here and in the view.
"""

from __future__ import annotations

import jwt
from authlib.oauth2 import OAuth2Request
from authlib.oauth2.rfc6749 import InvalidRequestError
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oidc.rpinitiated import EndSessionEndpoint, EndSessionRequest
from flask import g

from mock_okta.clock import now
from mock_okta.directory import sessions
from mock_okta.errors import BrowserError
from mock_okta.org import current_org

# What Okta's /v1/logout reads; Authlib would also act on `client_id`,
# `logout_hint` and `ui_locales`.
OKTA_PARAMETERS = ("id_token_hint", "post_logout_redirect_uri", "state")


def logout_request(method: str, uri: str, values, session_id: str | None) -> OAuth2Request:
    """The logout request as Authlib reads it, with the org session it came with."""
    request = OAuth2Request(method, uri)
    request.payload = BasicOAuth2Payload({name: values[name] for name in OKTA_PARAMETERS
                                          if values.get(name)})
    request.session_id = session_id
    return request


def validate_logout(server, request: OAuth2Request) -> EndSessionRequest:
    """Authlib's validation of the logout request; a bad hint is Okta's error page.
    An expired hint still identifies who is logging out (Authlib ignores `exp`)."""
    try:
        return server.validate_endpoint_request("end_session", request)
    except InvalidRequestError:
        raise BrowserError.invalid_id_token_hint() from None


class OktaEndSession(EndSessionEndpoint):
    def _validate_id_token_hint(self, id_token_hint: str) -> dict:
        # Authlib checks the hint's times on the real clock; the org's clock may
        # have been moved (/_mock/clock), and tokens carry its time. So the org's
        # keys check the signature and issuer, and `iat` is held to the org's now.
        # An expired hint still names who is leaving (RP-Initiated Logout §2).
        # tests/mock_okta/authz/test_logout_clock.py fails if Authlib stops calling this.
        try:
            claims = g.authz.keyring.verify(id_token_hint, issuer=g.authz.issuer(current_org().url()),
                                            verify_exp=False)
        except jwt.InvalidTokenError as error:
            raise InvalidRequestError(str(error)) from None
        if not isinstance(claims["iat"], int | float) or claims["iat"] > now():
            raise InvalidRequestError("The ID token was issued in the future.")
        return claims

    def end_session(self, ending: EndSessionRequest) -> None:
        """End the org session the request came with if it is the hint's user's;
        no session, or someone else's, is not an error: there is nothing to end."""
        store, session_id = current_org().store, ending.request.session_id
        signed_in = sessions.find_session(store, session_id)
        ending.ended = signed_in is not None and signed_in.user.id == ending.id_token_claims.get("sub")
        if ending.ended:
            sessions.end_session(store, session_id)
