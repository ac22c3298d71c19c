"""RP-initiated logout at /v1/logout: Authlib's end-session endpoint (OpenID
Connect RP-Initiated Logout 1.0) checks the `id_token_hint` against the server's
keys, finds the client from its `aud`, and allows the post-logout redirect only
to a registered URI, with `state`. Okta's rules are added here and in the view.
"""

from __future__ import annotations

from authlib.oauth2 import OAuth2Request
from authlib.oauth2.rfc6749 import InvalidRequestError
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oidc.rpinitiated import EndSessionEndpoint, EndSessionRequest
from flask import g

from mock_okta.directory import sessions
from mock_okta.errors import BrowserError
from mock_okta.org import current_org
from mock_okta.org.keys import ALGORITHM

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
    def get_server_jwks(self) -> dict:
        return {"keys": [key.public_jwk() for key in g.authz.keyring.keys()]}

    def get_algorithms(self) -> list[str]:
        return [ALGORITHM]

    def validate_request(self, request) -> EndSessionRequest:
        ending = super().validate_request(request)
        # Authlib checks only the signature: the hint must also name this server as
        # its issuer, which depends on the host the org was reached at.
        claims = ending.id_token_claims or {}
        if claims.get("iss") != g.authz.issuer(current_org().url()):
            raise InvalidRequestError("The ID token was issued by another server.")
        return ending

    def end_session(self, ending: EndSessionRequest) -> None:
        """End the org session the request came with if it is the hint's user's;
        no session, or someone else's, is not an error: there is nothing to end."""
        store, session_id = current_org().store, ending.request.session_id
        signed_in = sessions.find_session(store, session_id)
        ending.ended = signed_in is not None and signed_in.user.id == ending.id_token_claims.get("sub")
        if ending.ended:
            sessions.end_session(store, session_id)
