"""The one place that turns each kind of error into its response shape:
Okta JSON under /api, RFC 6749 JSON under /oauth2, an HTML page elsewhere."""

from __future__ import annotations

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from mock_okta.errors import ApiError, BrowserError, OAuthError
from mock_okta.web.caching import no_store


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
    return no_store(response)


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


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(ApiError, api_error_response)
    app.register_error_handler(BrowserError, browser_error_response)
    app.register_error_handler(OAuthError, oauth_error_response)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
