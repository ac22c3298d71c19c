"""Okta's dialect for OAuth errors: which status, which words.

Authlib raises its own errors with its own descriptions; everything the
authorization servers answer passes through `to_okta_error` on the way out.
"""

from __future__ import annotations

from authlib.common.urls import add_params_to_uri
from authlib.oauth2 import OAuth2Error
from flask import Response, redirect

from .errors import OAuthError

# Okta's wording for the errors a client can meet at /token and /authorize.
_OKTA_DESCRIPTIONS = {
    "invalid_client": "Client authentication failed. Either the client or the client "
                      "credentials are invalid.",
    "invalid_grant": "The authorization code is invalid or has expired.",
    "unsupported_grant_type": "The authorization grant type is not supported by the "
                              "authorization server.",
    "unauthorized_client": "The client is not authorized to use the provided grant type.",
    "invalid_scope": "One or more scopes are not configured for the authorization server "
                     "resource.",
    "login_required": "The client specified not to prompt, but the user is not logged in.",
}
_PKCE_FAILED = "PKCE verification failed."


def to_okta_error(error: OAuth2Error) -> OAuthError:
    """Okta's status and wording for an Authlib error."""
    name, text = error.error, error.description or ""
    if getattr(error, "okta_worded", False):
        description = text
    elif name == "invalid_grant" and "redirect_uri" in text:
        description = ("The 'redirect_uri' does not match the redirection URI used in the "
                       "authorization request.")
    elif "code_verifier" in text or text == "Code challenge failed.":
        description = _PKCE_FAILED
    else:
        description = _OKTA_DESCRIPTIONS.get(name, text or name)
    return OAuthError(name, description, status=401 if name == "invalid_client" else 400)


def okta_worded(error: OAuth2Error) -> OAuth2Error:
    """Mark an error whose description is already Okta's wording."""
    error.okta_worded = True
    return error


def redirect_with_error(error: OAuth2Error, redirect_uri: str, state: str | None) -> Response:
    """Errors after client and redirect URI are known go back to the client."""
    okta = to_okta_error(error)
    params = [("error", okta.error), ("error_description", okta.description)]
    if state:
        params.append(("state", state))
    response = redirect(add_params_to_uri(redirect_uri, params), code=302)
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
