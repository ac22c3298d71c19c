"""The one place that maps each kind of error to its response shape.

* `ApiError`: Okta's JSON error object for `/api/v1/*` (errorCode, errorSummary,
  errorLink, errorId, errorCauses).
* `BrowserError`: Okta's HTML error page, for browser endpoints that cannot
  redirect back to a client (unknown client_id, unregistered redirect URI).
* `OAuthError`: RFC 6749 JSON `{"error", "error_description"}` for `/oauth2/*`.
"""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from .ids import opaque_token


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
    def validation(cls, field: str, causes: list[str]) -> "ApiError":
        return cls(400, "E0000001", f"Api validation failed: {field}", causes)

    @classmethod
    def malformed_body(cls) -> "ApiError":
        return cls(400, "E0000003", "The request body was not well-formed.")

    @classmethod
    def authentication_failed(cls) -> "ApiError":
        return cls(401, "E0000004", "Authentication failed")

    @classmethod
    def invalid_session(cls) -> "ApiError":
        return cls(403, "E0000005", "Invalid session")

    @classmethod
    def not_found(cls, what: str, kind: str) -> "ApiError":
        return cls(404, "E0000007", f"Not found: Resource not found: {what} ({kind})")

    @classmethod
    def path_not_found(cls) -> "ApiError":
        return cls(404, "E0000008", "The requested path was not found")

    @classmethod
    def invalid_token(cls) -> "ApiError":
        return cls(401, "E0000011", "Invalid token provided")

    @classmethod
    def method_not_allowed(cls) -> "ApiError":
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


def api_error_response(error: ApiError):
    response = jsonify(error.body())
    response.status_code = error.status
    return response


def browser_error_response(error: BrowserError):
    html = render_template("error.html", status=error.status, error=error.error,
                           description=error.description)
    return html, error.status, {"Content-Type": "text/html; charset=utf-8"}


def oauth_error_response(error: OAuthError):
    response = jsonify({"error": error.error, "error_description": error.description})
    response.status_code = error.status
    response.headers.update(error.headers)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def _http_error(error: HTTPException):
    """Routing errors: JSON in Okta's dialect under /api and /oauth2, HTML elsewhere."""
    path = request.path
    if path.startswith("/api/"):
        if error.code == 405:
            return api_error_response(ApiError.method_not_allowed())
        if error.code == 404:
            return api_error_response(ApiError.path_not_found())
        return api_error_response(ApiError(error.code or 400, "E0000002",
                                           f"The request was not valid: {error.description}"))
    if path.startswith("/oauth2/") and error.code in (404, 405) and "/.well-known/" not in path:
        return oauth_error_response(OAuthError("invalid_request", error.description or error.name,
                                               status=error.code))
    return browser_error_response(BrowserError(error.name.lower().replace(" ", "_"),
                                               error.description or error.name,
                                               status=error.code or 500))


def _unexpected(error: Exception):
    # Never a traceback to the caller: log it, answer in the caller's dialect.
    from flask import current_app
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    if request.path.startswith("/api/"):
        return api_error_response(ApiError(500, "E0000009", "Internal Server Error"))
    if request.path.startswith("/oauth2/") and request.method == "POST":
        return oauth_error_response(OAuthError("server_error", "An unexpected error occurred.",
                                               status=500))
    return browser_error_response(BrowserError("server_error", "An unexpected error occurred.",
                                               status=500))


def register(app: Flask) -> None:
    app.register_error_handler(ApiError, api_error_response)
    app.register_error_handler(BrowserError, browser_error_response)
    app.register_error_handler(OAuthError, oauth_error_response)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
