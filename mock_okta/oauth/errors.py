"""Okta's dialect for OAuth errors: which status, which words.

Authlib raises its own errors with its own descriptions; everything the
authorization servers answer passes through `to_okta_error` on the way out.
"""

from __future__ import annotations

from authlib.oauth2 import OAuth2Error
from flask import Response

from mock_okta.errors import OAuthError
from mock_okta.oauth import response_modes

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
    "consent_required": "The client specified not to prompt, but the client app requires "
                        "the user's consent.",
    "unsupported_response_mode": "The response mode is not supported by the authorization "
                                 "server.",
}
_PKCE_FAILED = "PKCE verification failed."
# /authorize wording (OAUTH-spec, SIW OAuthErrors, observed Okta pages).
REAUTH_REQUIRED = ("The client specified not to prompt, but the client app requires "
                   "re-authentication or MFA.")
NONCE_REQUIRED = ('The "nonce" parameter is required for authorize requests with either the '
                  '"id_token" or "token" response types.')
OPENID_REQUIRED = ("Requests for ID tokens or access tokens with OpenID scopes require the "
                   "'openid' scope.")
PKCE_REQUIRED = ("PKCE code challenge is required when the token endpoint authentication "
                 "method is 'NONE'.")
QUERY_WITH_TOKENS = ("The 'query' response mode is not allowed when the response type "
                     "includes 'token' or 'id_token'.")
PAGE_NEEDS_WEB_URI = "The '{mode}' response mode needs an http or https redirect URI."
BAD_MAX_AGE = "The 'max_age' parameter must be a non-negative number of seconds."
BAD_PROMPT = ("The 'prompt' parameter is invalid: use 'none', 'login', 'consent' or "
              "'login consent'.")


def unsupported_response_type(configured) -> str:
    return ("The response type is not supported by the authorization server. Configured "
            f"response types: [{', '.join(configured)}].")


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


def okta_error(cls: type[OAuth2Error], description: str, *args) -> OAuth2Error:
    """An Authlib error carrying Okta's exact words, even those RFC 6749's
    character set forbids (Okta quotes parameter names with `"`)."""
    error = cls(*args)
    error.description = description
    return okta_worded(error)


def redirect_with_error(error: OAuth2Error, redirect_uri: str, state: str | None,
                        mode: str = response_modes.QUERY) -> Response:
    """Errors after client and redirect URI are known go back to the client,
    in the request's response mode."""
    okta = to_okta_error(error)
    params = [("error", okta.error), ("error_description", okta.description)]
    if state:
        params.append(("state", state))
    return response_modes.deliver(redirect_uri, params, mode)
