"""/v1/authorize: validate, find who is signed in, or park the request and
send the browser to the hosted sign-in page (as Okta's `okta_key`)."""

from __future__ import annotations

import time

from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import InvalidRequestError, InvalidScopeError
from authlib.oidc.core.errors import LoginRequiredError
from flask import g, redirect, request, url_for

from ..clients import find_client
from ..errors import BrowserError
from ..oauth import authorization_server, okta_worded, parked_request, redirect_with_error
from ..org import current_org
from ..sessions import (SignedIn, find_session, park_request, redeem_session_token,
                        resume_request, start_session)
from ..signin.cookies import session_id_from_request, set_session_cookie
from . import bp

_UNREGISTERED_REDIRECT = ("The 'redirect_uri' parameter must be a Login redirect URI in the "
                          "client app settings.")
_NO_SCOPE = ("The authorization server resource does not have any configured default scopes, "
             "'scope' must be provided.")
_STALE_PARKED = ("This sign-in request has expired or was already completed. "
                 "Start again from the application.")


@bp.route("/v1/authorize", methods=["GET", "POST"])
def authorize():
    return _authorize(request.values.to_dict(), oauth_request=None)


@bp.get("/v1/authorize/redirect")
def resume():
    """Where the sign-in page sends the browser back once the user is known."""
    params = resume_request(current_org().store, g.authz.id, request.args.get("okta_key", ""))
    if params is None:
        raise BrowserError("invalid_request", _STALE_PARKED)
    return _authorize(params, oauth_request=parked_request(params, request.url))


def _authorize(params: dict, oauth_request):
    resumed = oauth_request is not None
    redirect_uri = _check_client_and_redirect(params)
    state = params.get("state")
    signed_in, new_session_id = _signed_in_user(params)
    server = authorization_server()
    try:
        _check_scopes(params)
        max_age = _max_age(params)
        grant = server.get_consent_grant(oauth_request, end_user=signed_in)
    except OAuth2Error as error:
        # Client and redirect URI are already known good: the error goes back.
        return redirect_with_error(error, redirect_uri, state)

    if not resumed and _must_sign_in(signed_in, params, max_age):
        if "none" in params.get("prompt", "").split():
            return redirect_with_error(LoginRequiredError(), redirect_uri, state)
        key = park_request(current_org().store, g.authz.id, params)
        from_uri = url_for("authz.resume", okta_key=key)
        return redirect(url_for("signin.login", fromURI=from_uri, login_hint=params.get("login_hint")))

    # The grant is validated already; Authlib's create_authorization_response
    # would validate it a second time.
    response = server.handle_response(
        *grant.create_authorization_response(grant.redirect_uri, signed_in))
    if new_session_id:
        set_session_cookie(response, new_session_id)
    return response


def _check_client_and_redirect(params: dict) -> str:
    """Until client and redirect URI are known good, errors are Okta's HTML page."""
    client = find_client(current_org().store, params.get("client_id"))
    if client is None:
        raise BrowserError("invalid_client", "Invalid value for 'client_id' parameter.")
    redirect_uri = params.get("redirect_uri")
    if not redirect_uri or not client.check_redirect_uri(redirect_uri):
        raise BrowserError("invalid_request", _UNREGISTERED_REDIRECT)
    return redirect_uri


def _check_scopes(params: dict) -> None:
    scopes = params.get("scope", "").split()
    if not scopes:
        raise okta_worded(InvalidScopeError(description=_NO_SCOPE))
    if any(scope not in g.authz.scopes for scope in scopes):
        raise InvalidScopeError()  # Okta's wording comes from oauth.to_okta_error


def _max_age(params: dict) -> int | None:
    raw = params.get("max_age")
    if raw in (None, ""):
        return None
    if not raw.isdigit():
        raise okta_worded(InvalidRequestError(
            "The 'max_age' parameter must be a non-negative number of seconds."))
    return int(raw)


def _signed_in_user(params: dict) -> tuple[SignedIn | None, str | None]:
    """The org session's user; else a one-time sessionToken starts a session."""
    store = current_org().store
    signed_in = find_session(store, session_id_from_request())
    if signed_in is not None:
        return signed_in, None
    token = params.get("sessionToken")
    redeemed = redeem_session_token(store, token) if token else None
    if redeemed is None:
        return None, None
    user, auth_time = redeemed
    session_id, signed_in = start_session(store, user, auth_time=auth_time)
    return signed_in, session_id


def _must_sign_in(signed_in: SignedIn | None, params: dict, max_age: int | None) -> bool:
    if signed_in is None:
        return True
    if "login" in params.get("prompt", "").split():
        return True
    return max_age is not None and time.time() - signed_in.auth_time > max_age

