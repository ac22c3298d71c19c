"""/v1/logout: end the org session and return to a registered URI (Authlib's
end-session endpoint, see oauth/end_session.py, with Okta's answers)."""

from flask import redirect, request, url_for

from mock_okta.authz import bp
from mock_okta.errors import BrowserError
from mock_okta.oauth.end_session import logout_request, validate_logout
from mock_okta.oauth.server import authorization_server
from mock_okta.web.cookies import clear_session_cookie, session_id_from_request


@bp.route("/v1/logout", methods=["GET", "POST"])
def logout():
    # Okta needs the hint (Authlib would ask the user to confirm instead).
    if not request.values.get("id_token_hint"):
        raise BrowserError.missing_id_token_hint()
    server = authorization_server()
    oauth_request = logout_request(request.method, request.url, request.values,
                                   session_id_from_request())
    ending = validate_logout(server, oauth_request)
    # Authlib quietly skips the redirect to an unregistered URI; Okta refuses the request.
    if request.values.get("post_logout_redirect_uri") and ending.redirect_uri is None:
        raise BrowserError.unregistered_logout_uri()

    response = (server.create_endpoint_response("end_session", ending)
                or redirect(url_for("signin.login")))
    if ending.ended:
        clear_session_cookie(response)
    return response
