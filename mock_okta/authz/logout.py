"""/v1/logout: end the org session and return to a registered URI."""

import jwt
from authlib.common.urls import add_params_to_uri
from flask import g, redirect, request, url_for

from mock_okta.authz import bp
from mock_okta.directory.apps import find_client
from mock_okta.directory.sessions import end_session, find_session
from mock_okta.errors import BrowserError
from mock_okta.org import current_org
from mock_okta.web.cookies import clear_session_cookie, session_id_from_request

_UNREGISTERED = ("The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in "
                 "the client app settings.")


@bp.route("/v1/logout", methods=["GET", "POST"])
def logout():
    org = current_org()
    hint = request.values.get("id_token_hint")
    if not hint:
        raise BrowserError("invalid_request", "The 'id_token_hint' parameter is required.")
    try:
        # An expired hint still identifies who is logging out.
        claims = g.authz.keyring.verify(hint, issuer=g.authz.issuer(org.url()),
                                        verify_exp=False)
    except jwt.InvalidTokenError:
        raise BrowserError("invalid_token", "The 'id_token_hint' is not a valid ID token "
                           "issued by this authorization server.") from None

    target = request.values.get("post_logout_redirect_uri")
    if target:
        client = find_client(org.store, claims.get("aud") if isinstance(claims.get("aud"), str) else None)
        if client is None or not client.check_post_logout_redirect_uri(target):
            raise BrowserError("invalid_request", _UNREGISTERED)
        state = request.values.get("state")
        if state:
            target = add_params_to_uri(target, [("state", state)])
    else:
        target = url_for("signin.login")

    session_id = session_id_from_request()
    signed_in = find_session(org.store, session_id)
    response = redirect(target)
    # No session, or someone else's: not an error, nothing to end.
    if signed_in is not None and signed_in.user.id == claims.get("sub"):
        end_session(org.store, session_id)
        clear_session_cookie(response)
    return response
