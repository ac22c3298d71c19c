"""The OAuth, bearer-challenge and browser dialects of an error."""

from __future__ import annotations


class OAuthError(Exception):
    def __init__(self, error: str, description: str, status: int = 400, headers=None):
        super().__init__(description)
        self.error, self.description, self.status = error, description, status
        self.headers = headers or {}


class BearerChallenge(Exception):
    """Okta answers userinfo errors in the WWW-Authenticate header only."""

    def __init__(self, status: int, error: str, description: str):
        super().__init__(description)
        self.status, self.error, self.description = status, error, description

    @classmethod
    def missing_token(cls) -> BearerChallenge:
        return cls(401, "invalid_request", "The access token is missing.")

    @classmethod
    def invalid_token(cls) -> BearerChallenge:
        return cls(401, "invalid_token", "The access token is invalid")

    @classmethod
    def insufficient_scope(cls) -> BearerChallenge:
        return cls(403, "insufficient_scope", "The access token must provide access to at least "
                   "one of these scopes - profile, email, address or phone")


class BrowserError(Exception):
    """Okta's HTML error page, where a browser is and nothing can be sent back to a client."""

    def __init__(self, error: str, description: str, status: int = 400):
        super().__init__(description)
        self.error, self.description, self.status = error, description, status

    # Okta's words, one constructor each, so no view spells them.
    @classmethod
    def unknown_server(cls) -> BrowserError:
        return cls("invalid_request", "The authorization server id is invalid.")

    @classmethod
    def unknown_client(cls) -> BrowserError:
        return cls("invalid_client", "Invalid value for 'client_id' parameter.")

    @classmethod
    def unregistered_redirect_uri(cls) -> BrowserError:
        return cls("invalid_request", "The 'redirect_uri' parameter must be a Login redirect "
                   "URI in the client app settings.")

    @classmethod
    def post_with_query(cls) -> BrowserError:
        return cls("invalid_request", "A POST to the authorize endpoint takes its parameters "
                   "as form fields; query parameters are not allowed.")

    @classmethod
    def stale_sign_in_request(cls) -> BrowserError:
        return cls("invalid_request", "This sign-in request has expired or was already "
                   "completed. Start again from the application.")

    @classmethod
    def missing_id_token_hint(cls) -> BrowserError:
        return cls("invalid_request", "The 'id_token_hint' parameter is required.")

    @classmethod
    def invalid_id_token_hint(cls) -> BrowserError:
        return cls("invalid_token", "The 'id_token_hint' is not a valid ID token issued by "
                   "this authorization server.")

    @classmethod
    def unregistered_logout_uri(cls) -> BrowserError:
        return cls("invalid_request", "The 'post_logout_redirect_uri' parameter must be a "
                   "Logout redirect URI in the client app settings.")

    @classmethod
    def form_expired(cls) -> BrowserError:
        """A console form without the browser's CSRF token (a stale page, or another site)."""
        return cls("invalid_request", "This page has expired. Please try again.", status=403)

    @classmethod
    def injected(cls, status: int) -> BrowserError:
        """A fault a test armed (/_mock/faults) at a browser endpoint."""
        return cls("server_error" if status >= 500 else "invalid_request",
                   "Injected failure (mock-okta fault).", status=status)
