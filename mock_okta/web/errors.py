"""The one place errors become responses, registered as Flask error handlers.

Five dialects: Okta's JSON error object under /api (`ApiError`), RFC 6749 JSON
at the /oauth2 token-type endpoints (`OAuthError`), an RFC 6750 challenge at
userinfo (`BearerChallenge`), Okta's HTML error page at browser endpoints
(`BrowserError`), and the dev console's message over the page a form came
from. Domain errors are raised below the web and know no dialect: `DOMAIN_ERRORS`
says how each is answered, and the request's endpoint picks the dialect. Views
raise; none of them builds a body or converts an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from flask import Flask, Response, current_app, flash, jsonify, redirect, render_template, request
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
    HookNotInactive,
    HookVerificationFailed,
    LinkExpired,
    LogFilterUnsupported,
    LogQueryInvalid,
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

OKTA, OAUTH, BEARER, HTML, CONSOLE = "okta", "oauth", "bearer", "html", "console"
TOKEN_ENDPOINTS = {"authz.token", "authz.introspect", "authz.revoke"}
USERINFO = "authz.userinfo"
KIT_PAGES = {"mock.outbox_page"}   # the kit's HTML pages besides the console; the rest is JSON
CONSOLE_ENDPOINTS = "mock.console_"   # the dev console's endpoints start so (kit/console/)
CONSOLE_PATH = "/_mock/console"


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
    LogQueryInvalid: Answer(lambda e: ApiError.invalid_log_query(str(e)), "invalid_request"),
    LogFilterUnsupported: Answer(lambda e: ApiError.unsupported_log_filter(e.operator, e.field),
                                 "invalid_request"),
    HookNotInactive: Answer(lambda e: ApiError.delete_event_hook_forbidden(), "invalid_request"),
    HookVerificationFailed: Answer(lambda e: ApiError.hook_verification_failed(),
                                   "invalid_request"),
    PasscodeRejected: Answer(lambda e: ApiError.invalid_passcode(e.causes), "access_denied"),
    PasscodeReplayed: Answer(lambda e: ApiError.passcode_replayed(), "access_denied"),
    TooManyFactorAttempts: Answer(lambda e: ApiError.rate_limited(), "access_denied"),
    MfaLockedOut: Answer(lambda e: ApiError.user_locked(), "access_denied"),
    ResendTooSoon: Answer(lambda e: ApiError.sms_recently_sent() if e.factor_type == "sms"
                          else ApiError.email_recently_sent(), "access_denied"),
    FactorWrongStatus: Answer(lambda e: ApiError.validation("factor", e.causes),
                              "invalid_request"),
}


def in_console() -> bool:
    return (request.endpoint or "").startswith(CONSOLE_ENDPOINTS)


def speaks_okta_json() -> bool:
    """The Management API, and the kit's JSON controls under /_mock/."""
    # A path under /_mock/ that matched no route stays an HTML page, as elsewhere.
    return request.path.startswith("/api/") or (
        request.blueprint == "mock" and request.endpoint not in (None, *KIT_PAGES)
        and not in_console())


def dialect() -> str:
    """The dialect of the request's endpoint."""
    if in_console():
        return CONSOLE
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
    if speaks == CONSOLE:
        return console_response(okta)
    if speaks == OKTA:
        return okta_response(okta)
    if speaks == OAUTH:
        return oauth_response(OAuthError(answer.error, okta.summary, status=okta.status))
    if speaks == BEARER:
        return challenge_response(BearerChallenge(okta.status, answer.error, okta.summary))
    return page_response(BrowserError(answer.error, okta.summary, status=okta.status))


def api_error_response(error: ApiError):
    return console_response(error) if in_console() else okta_response(error)


def console_response(error: ApiError):
    """A refused console form: Okta's summary and causes shown above the page the form
    came from (its hidden `back` field). A page that cannot be shown (an unknown
    user, the console turned off) is the org's error page instead."""
    if request.method != "POST" or error.status == 404:
        return page_response(BrowserError(error.code, _readable(error), status=error.status))
    flash(_readable(error), "error")
    back = request.form.get("back", "")
    if not back.startswith(CONSOLE_PATH + "/") or "//" in back or "\\" in back:
        back = CONSOLE_PATH
    return redirect(back, 303)


def _readable(error: ApiError) -> str:
    return f"{error.summary} — {'; '.join(error.causes)}" if error.causes else error.summary


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
    ApiError: api_error_response,
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
