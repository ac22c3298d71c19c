"""/v1/authorize (GET, or POST with form fields): validate, find who is
signed in, or park the request and send the browser to the hosted sign-in
page (as Okta's `okta_key`); then answer with a code and/or tokens.

Unknown client or unregistered redirect URI: Okta's HTML error page. After
that, Okta's rules (`authorize_rules`) and every later error go back to the
redirect URI in the request's response mode (`delivery`).
"""

from __future__ import annotations

from authlib.oauth2 import OAuth2Error
from authlib.oidc.core.errors import LoginRequiredError
from flask import g, redirect, request, url_for

from mock_okta.authz import bp
from mock_okta.clock import now
from mock_okta.directory.apps import Client
from mock_okta.directory.sessions import (
    SignedIn,
    find_session,
    park_request,
    redeem_session_token,
    resume_request,
    start_session,
)
from mock_okta.errors import BrowserError
from mock_okta.oauth import authorize_rules, response_modes
from mock_okta.oauth.authorize_rules import AuthorizeRequest
from mock_okta.oauth.errors import (
    REAUTH_REQUIRED,
    okta_worded,
    redirect_with_error,
)
from mock_okta.oauth.server import authorization_server, parked_request, request_client
from mock_okta.org import current_org
from mock_okta.web.caching import NO_CACHE_NO_STORE, no_store
from mock_okta.web.cookies import session_id_from_request, set_session_cookie


@bp.route("/v1/authorize", methods=["GET", "POST"])
def authorize():
    if request.method == "POST":
        # POST takes form fields only (OAUTH-spec). Nothing is trusted yet: an error page.
        if request.args:
            raise BrowserError.post_with_query()
        return _authorize(request.form.to_dict(), oauth_request=None)
    return _authorize(request.args.to_dict(), oauth_request=None)


@bp.get("/v1/authorize/redirect")
def resume():
    """Where the sign-in page sends the browser back once the user is known."""
    params = resume_request(current_org().store, g.authz.id, request.args.get("okta_key", ""))
    if params is None:
        raise BrowserError.stale_sign_in_request()
    return _authorize(params, oauth_request=parked_request(params, request.url))


def _authorize(params: dict, oauth_request):
    client, redirect_uri = _check_client_and_redirect(params)
    # From here on the client and redirect URI are known good: errors go back,
    # in the response mode the request asked for (or its response type's default).
    state, error_mode = params.get("state"), response_modes.error_mode(params)
    try:
        wanted = authorize_rules.check(params, client)
    except OAuth2Error as error:
        return _not_cached(redirect_with_error(error, redirect_uri, state, error_mode))
    signed_in, new_session_id = _signed_in_user(params)
    try:
        response = _respond(params, oauth_request, client, wanted, signed_in,
                            fresh=oauth_request is not None or new_session_id is not None)
    except OAuth2Error as error:
        response = redirect_with_error(error, redirect_uri, state, wanted.response_mode)
    if new_session_id:
        set_session_cookie(response, new_session_id)
    return _not_cached(response)


def _not_cached(response):
    """A page answer (form_post, okta_post_message: 200) holds the code or tokens itself."""
    return no_store(response, NO_CACHE_NO_STORE) if response.status_code == 200 else response


def _respond(params: dict, oauth_request, client: Client, wanted: AuthorizeRequest,
             signed_in: SignedIn | None, *, fresh: bool):
    """Sign the user in, or answer with a code and/or tokens (raises OAuth2Error)."""
    grant = authorization_server().get_consent_grant(oauth_request, end_user=signed_in)
    if not fresh and _must_sign_in(signed_in, wanted):
        if "none" in wanted.prompts:
            if signed_in is None:
                raise LoginRequiredError()
            raise okta_worded(LoginRequiredError(REAUTH_REQUIRED))
        key = park_request(current_org().store, g.authz.id, params)
        from_uri = url_for("authz.resume", okta_key=key)
        return redirect(url_for("signin.login", fromURI=from_uri,
                                login_hint=params.get("login_hint")))
    authorize_rules.check_consent(wanted, client, g.authz, current_org().store)
    return response_modes.deliver(grant.redirect_uri, grant.authorization_params(signed_in, wanted),
                            wanted.response_mode)


def _check_client_and_redirect(params: dict) -> tuple[Client, str]:
    """Until client and redirect URI are known good, errors are Okta's HTML page."""
    client = request_client(params.get("client_id"))
    if client is None:
        raise BrowserError.unknown_client()
    redirect_uri = params.get("redirect_uri")
    if not redirect_uri or not client.check_redirect_uri(redirect_uri):
        raise BrowserError.unregistered_redirect_uri()
    return client, redirect_uri


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
    user, auth_time, amr = redeemed
    session_id, signed_in = start_session(store, user, auth_time=auth_time, amr=amr)
    return signed_in, session_id


def _must_sign_in(signed_in: SignedIn | None, wanted: AuthorizeRequest) -> bool:
    """No session, `prompt=login`, or an authentication older than `max_age`
    (so `max_age=0` behaves like `prompt=login`)."""
    if signed_in is None or "login" in wanted.prompts:
        return True
    return wanted.max_age is not None and now() - signed_in.auth_time > wanted.max_age
