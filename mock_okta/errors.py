"""The error vocabulary: each kind of error the org answers with (no Flask here;
web/errors.py turns them into responses).

* `ApiError`: Okta's JSON error object for `/api/v1/*` (errorCode, errorSummary,
  errorLink, errorId, errorCauses).
* `BrowserError`: Okta's HTML error page, for browser endpoints that cannot
  redirect back to a client (unknown client_id, unregistered redirect URI).
* `OAuthError`: RFC 6749 JSON `{"error", "error_description"}` for `/oauth2/*`.
"""

from __future__ import annotations

from mock_okta.ids import opaque_token


class ApiError(Exception):
    def __init__(self, status: int, code: str, summary: str, causes: list[str] | None = None):
        super().__init__(summary)
        self.status, self.code, self.summary = status, code, summary
        self.causes = causes or []

    def body(self) -> dict:
        return {
            "errorCode": self.code,
            "errorSummary": self.summary,
            "errorLink": self.code,
            "errorId": "oae" + opaque_token(nbytes=16)[:22],
            "errorCauses": [{"errorSummary": cause} for cause in self.causes],
        }

    # Okta's codes, one constructor each, so no view spells them differently.
    @classmethod
    def validation(cls, field: str, causes: list[str]) -> ApiError:
        return cls(400, "E0000001", f"Api validation failed: {field}", causes)

    @classmethod
    def malformed_body(cls) -> ApiError:
        return cls(400, "E0000003", "The request body was not well-formed.")

    @classmethod
    def authentication_failed(cls) -> ApiError:
        return cls(401, "E0000004", "Authentication failed")

    @classmethod
    def invalid_session(cls) -> ApiError:
        return cls(403, "E0000005", "Invalid session")

    @classmethod
    def not_found(cls, what: str, kind: str) -> ApiError:
        return cls(404, "E0000007", f"Not found: Resource not found: {what} ({kind})")

    @classmethod
    def path_not_found(cls) -> ApiError:
        return cls(404, "E0000008", "The requested path was not found")

    @classmethod
    def invalid_token(cls) -> ApiError:
        return cls(401, "E0000011", "Invalid token provided")

    @classmethod
    def method_not_allowed(cls) -> ApiError:
        return cls(405, "E0000022", "The endpoint does not support the provided HTTP method")


class BrowserError(Exception):
    def __init__(self, error: str, description: str, status: int = 400):
        super().__init__(description)
        self.error, self.description, self.status = error, description, status


class OAuthError(Exception):
    def __init__(self, error: str, description: str, status: int = 400, headers=None):
        super().__init__(description)
        self.error, self.description, self.status = error, description, status
        self.headers = headers or {}
