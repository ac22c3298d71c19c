"""The one place errors become responses, registered as Flask error handlers.

Four dialects: Okta's JSON error object under /api (`ApiError`), RFC 6749 JSON
at the /oauth2 token-type endpoints (`OAuthError`), an RFC 6750 challenge at
userinfo (`BearerChallenge`) and Okta's HTML error page at browser endpoints
(`BrowserError`). Domain errors are raised below the web and know no dialect:
`DOMAIN_ERRORS` says how each is answered, and the request's endpoint picks the
dialect. Views raise; none of them builds a body or converts an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from flask import Flask, Response, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from mock_okta.errors import (
    AlreadyActive,
    ApiError,
    BearerChallenge,
    BrowserError,
    CredentialsRejected,
    CursorError,
    DomainError,
    FactorWrongStatus,
    ForgotPasswordNotAllowed,
    LinkExpired,
    MfaLockedOut,
    NewPasswordRefused,
    NotLockedOut,
    OAuthError,
    PasscodeRejected,
    PasscodeReplayed,
    QueryError,
    ReadOnlyGroup,
    ResendTooSoon,
    TooManyFactorAttempts,
    ValidationFailed,
    WrongStatus,
)
from mock_okta.web.caching import no_store

OKTA, OAUTH, BEARER, HTML = "okta", "oauth", "bearer", "html"
TOKEN_ENDPOINTS = {"authz.token", "authz.introspect", "authz.revoke"}
USERINFO = "authz.userinfo"
KIT_PAGES = {"mock.outbox_page"}   # the kit's only HTML page; its other controls are JSON


class Answer(NamedTuple):
    okta: Callable[[Any], ApiError]  # under /api: Okta's error object
    error: str  # elsewhere: the RFC 6749 / 6750 error code, with Okta's summary as description


DOMAIN_ERRORS: dict[type[DomainError], Answer] = {
    ValidationFailed: Answer(lambda e: ApiError.validation(e.field, e.causes), "invalid_request"),
    WrongStatus: Answer(lambda e: ApiError.wrong_status(), "invalid_request"),
    AlreadyActive: Answer(lambda e: ApiError.already_active(), "invalid_request"),
    NotLockedOut: Answer(lambda e: ApiError.unlock_not_allowed(), "invalid_request"),
    CredentialsRejected: Answer(lambda e: ApiError.credentials_update_failed(e.causes),
                                "invalid_grant"),
    NewPasswordRefused: Answer(lambda e: ApiError.password_policy_failed(e.causes),
                               "invalid_request"),
    ForgotPasswordNotAllowed: Answer(lambda e: ApiError.forgot_password_not_allowed(),
                                     "access_denied"),
    ReadOnlyGroup: Answer(lambda e: ApiError.no_permission(e.causes), "access_denied"),
    QueryError: Answer(lambda e: ApiError.invalid_search(), "invalid_request"),
    CursorError: Answer(lambda e: ApiError.invalid_paging(), "invalid_request"),
    LinkExpired: Answer(lambda e: ApiError.invalid_token(), "invalid_token"),
    PasscodeRejected: Answer(lambda e: ApiError.invalid_passcode(e.causes), "access_denied"),
    PasscodeReplayed: Answer(lambda e: ApiError.passcode_replayed(), "access_denied"),
    TooManyFactorAttempts: Answer(lambda e: ApiError.rate_limited(), "access_denied"),
    MfaLockedOut: Answer(lambda e: ApiError.user_locked(), "access_denied"),
    ResendTooSoon: Answer(lambda e: ApiError.sms_recently_sent() if e.factor_type == "sms"
                          else ApiError.email_recently_sent(), "access_denied"),
    FactorWrongStatus: Answer(lambda e: ApiError.validation("factor", e.causes),
                              "invalid_request"),
}


def speaks_okta_json() -> bool:
    """The Management API, and the kit's JSON controls under /_mock/."""
    # A path under /_mock/ that matched no route stays an HTML page, as elsewhere.
    return request.path.startswith("/api/") or (
        request.blueprint == "mock" and request.endpoint not in (None, *KIT_PAGES))


def dialect() -> str:
    """The dialect of the request's endpoint."""
    if speaks_okta_json():
        return OKTA
    if request.endpoint in TOKEN_ENDPOINTS:
        return OAUTH
    if request.endpoint == USERINFO:
        return BEARER
    return HTML


def domain_error_response(error: DomainError):
    answer = DOMAIN_ERRORS[type(error)]  # every kind has its row (tests check)
    okta = answer.okta(error)
    speaks = dialect()
    if speaks == OKTA:
        return okta_response(okta)
    if speaks == OAUTH:
        return oauth_response(OAuthError(answer.error, okta.summary, status=okta.status))
    if speaks == BEARER:
        return challenge_response(BearerChallenge(okta.status, answer.error, okta.summary))
    return page_response(BrowserError(answer.error, okta.summary, status=okta.status))


def okta_response(error: ApiError):
    response = jsonify(error.body())
    response.status_code = error.status
    return response


def oauth_response(error: OAuthError):
    response = jsonify({"error": error.error, "error_description": error.description})
    response.status_code = error.status
    response.headers.update(error.headers)
    return no_store(response)


def challenge_response(error: BearerChallenge) -> Response:
    response = Response(status=error.status)
    response.headers["WWW-Authenticate"] = (
        f'Bearer error="{error.error}", error_description="{error.description}"')
    return response


def page_response(error: BrowserError):
    html = render_template("error.html", status=error.status, error=error.error,
                           description=error.description)
    return html, error.status, {"Content-Type": "text/html; charset=utf-8"}


def _http_error(error: HTTPException):
    """Routing errors (no endpoint to ask): Okta's JSON under /api, RFC 6749 JSON for
    unknown paths and methods under /oauth2 (discovery aside), HTML elsewhere."""
    path = request.path
    if speaks_okta_json():
        if error.code == 405:
            return okta_response(ApiError.method_not_allowed())
        if error.code == 404:
            return okta_response(ApiError.path_not_found())
        return okta_response(ApiError.request_not_valid(error.description, error.code or 400))
    if path.startswith("/oauth2/") and error.code in (404, 405) and "/.well-known/" not in path:
        return oauth_response(OAuthError("invalid_request", error.description or error.name,
                                         status=error.code))
    return page_response(BrowserError(error.name.lower().replace(" ", "_"),
                                      error.description or error.name, status=error.code or 500))


def _unexpected(error: Exception):
    # Never a traceback to the caller: log it, answer in the caller's dialect.
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    if speaks_okta_json():
        return okta_response(ApiError.internal_error())
    if request.path.startswith("/oauth2/") and request.method == "POST":
        return oauth_response(OAuthError("server_error", "An unexpected error occurred.",
                                         status=500))
    return page_response(BrowserError("server_error", "An unexpected error occurred.",
                                      status=500))


HANDLERS: dict[type[Exception], Callable] = {
    ApiError: okta_response,
    OAuthError: oauth_response,
    BearerChallenge: challenge_response,
    BrowserError: page_response,
    DomainError: domain_error_response,
    HTTPException: _http_error,
    Exception: _unexpected,
}


def register_error_handlers(app: Flask) -> None:
    for kind, handler in HANDLERS.items():
        app.register_error_handler(kind, handler)
