"""What Okta checks in an /authorize request once the client and its redirect
URI are known good. Every failure is an Authlib error in Okta's words; the
view sends it back to the client in the request's response mode.

Order of the checks: response type, response mode, scopes, nonce, PKCE,
max_age, prompt. Authlib's grant then validates what is left (PKCE format,
duplicated parameters) and the sign-in state decides the rest.
"""

from __future__ import annotations

from dataclasses import dataclass

from authlib.oauth2.rfc6749 import (
    InvalidRequestError,
    InvalidScopeError,
    UnsupportedResponseTypeError,
)
from authlib.oidc.core.errors import ConsentRequiredError

from mock_okta.directory.app_spec import RESPONSE_TYPES
from mock_okta.directory.apps import Client, get_app
from mock_okta.oauth import response_modes
from mock_okta.oauth.errors import (
    BAD_MAX_AGE,
    BAD_PROMPT,
    NONCE_REQUIRED,
    OPENID_REQUIRED,
    PAGE_NEEDS_WEB_URI,
    PKCE_REQUIRED,
    QUERY_WITH_TOKENS,
    okta_error,
    okta_worded,
    unsupported_response_type,
)
from mock_okta.oauth.grants import check_scopes
from mock_okta.org.servers import AuthServer
from mock_okta.storage import Store

RESPONSE_TYPE_WORDS = frozenset(RESPONSE_TYPES)   # what an app may be allowed, combined
PROMPTS = frozenset({"none", "login", "consent"})
# Scopes that only mean something to OpenID Connect: they need `openid` beside them.
OPENID_SCOPES = frozenset({"profile", "email", "address", "phone"})


@dataclass(frozen=True)
class AuthorizeRequest:
    """An /authorize request that passed Okta's checks."""

    response_types: frozenset[str]
    response_mode: str
    scopes: tuple[str, ...]
    prompts: frozenset[str]
    max_age: int | None

    @property
    def fat_id_token(self) -> bool:
        """Only `response_type=id_token` gets every scope claim in its ID token."""
        return self.response_types == {"id_token"}


def check(params: dict, client: Client) -> AuthorizeRequest:
    """Okta's rules for one request; raises an OAuth2Error on the first failure."""
    response_types = check_response_type(params.get("response_type"), client)
    mode = check_response_mode(params.get("response_mode"), response_types,
                               params.get("redirect_uri", ""))
    scopes = tuple(check_scopes(params.get("scope")))
    if "openid" not in scopes and ("id_token" in response_types or OPENID_SCOPES & set(scopes)):
        raise okta_worded(InvalidScopeError(OPENID_REQUIRED))
    if response_types != {"code"} and not params.get("nonce"):
        # Okta asks for a nonce whenever a token leaves through the front channel.
        raise okta_error(InvalidRequestError, NONCE_REQUIRED)
    if "code" in response_types and client.is_public and not params.get("code_challenge"):
        raise okta_worded(InvalidRequestError(PKCE_REQUIRED))
    return AuthorizeRequest(response_types, mode, scopes, check_prompt(params.get("prompt")),
                            check_max_age(params.get("max_age")))


def check_response_type(raw: str | None, client: Client) -> frozenset[str]:
    """Any combination of code, token and id_token that the app's settings allow."""
    words = (raw or "").split()
    types = frozenset(words)
    if (not types or len(types) != len(words) or not types <= RESPONSE_TYPE_WORDS
            or not client.check_response_type(" ".join(words))):
        raise okta_worded(UnsupportedResponseTypeError(
            raw, unsupported_response_type(client.response_types)))
    return types


def check_response_mode(raw: str | None, response_types: frozenset[str],
                        redirect_uri: str) -> str:
    if not raw:
        return response_modes.default_mode(response_types)
    if raw not in response_modes.MODES:
        raise _UnsupportedResponseMode()  # Okta's words come from oauth_errors
    if not response_modes.mode_allowed(raw, response_types, redirect_uri):
        raise okta_error(_UnsupportedResponseMode, QUERY_WITH_TOKENS if raw == response_modes.QUERY
                         else PAGE_NEEDS_WEB_URI.format(mode=raw))
    return raw


def check_prompt(raw: str | None) -> frozenset[str]:
    """`none`, `login`, `consent`, `login consent` (either order); `none` stands alone."""
    prompts = frozenset((raw or "").split())
    if not prompts <= PROMPTS or ("none" in prompts and len(prompts) > 1):
        raise okta_worded(InvalidRequestError(BAD_PROMPT))
    return prompts


def check_max_age(raw: str | None) -> int | None:
    if raw in (None, ""):
        return None
    if not raw.isdigit():
        raise okta_worded(InvalidRequestError(BAD_MAX_AGE))
    return int(raw)


def check_consent(request: AuthorizeRequest, client: Client, server: AuthServer,
                  store: Store) -> None:
    """Consent, as far as a mock without a consent screen can be faithful.

    Okta shows its consent dialog only on custom authorization servers, and
    only for apps whose `consent_method` is `REQUIRED`; apps that are
    `TRUSTED` (first-party, the default) never see it, so `prompt=consent`
    is satisfied for them at once. For a `REQUIRED` app the mock stands in
    for the user clicking "Allow" on an interactive request; with
    `prompt=none` it cannot show the dialog and keeps no consent grants, so
    the answer is `consent_required`, as Okta's for a user who has not
    consented yet.
    """
    if "none" not in request.prompts or server.is_org:
        return
    app = get_app(store, client.client_id)
    if app is not None and app.consent_method == "REQUIRED":
        raise ConsentRequiredError()


class _UnsupportedResponseMode(InvalidRequestError):
    error = "unsupported_response_mode"
