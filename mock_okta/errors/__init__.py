"""The error vocabulary, at the bottom so that every layer can use it (no Flask
here: web/errors.py turns each error into a response).

* Domain errors (`DomainError` and below): what the directory and storage raise
  when a rule of the org is broken. They say what went wrong, with Okta's cause
  strings where Okta has them, never how to answer it.
* `ApiError`: Okta's JSON error object, one named constructor per E-code.
* `OAuthError`: RFC 6749 `{"error", "error_description"}` for `/oauth2/*`.
* `BearerChallenge`: RFC 6750 `WWW-Authenticate` answer (userinfo).
* `BrowserError`: Okta's HTML error page, for browser endpoints that cannot
  redirect back to a client (unknown client_id, unregistered redirect URI).
"""

from __future__ import annotations

from mock_okta.errors.dialects import (
    BearerChallenge,
    BrowserError,
    OAuthError,
)
from mock_okta.errors.domain import (
    AlreadyActive,
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
    PasscodeRejected,
    PasscodeReplayed,
    QueryError,
    ReadOnlyGroup,
    ResendTooSoon,
    TooManyFactorAttempts,
    ValidationFailed,
    WrongStatus,
    validation_summary,
)
from mock_okta.errors.okta_api import (
    ApiError,
)

__all__ = [
    "AlreadyActive",
    "ApiError",
    "BearerChallenge",
    "BrowserError",
    "CredentialsRejected",
    "CursorError",
    "DomainError",
    "FactorWrongStatus",
    "ForgotPasswordNotAllowed",
    "HookNotInactive",
    "HookVerificationFailed",
    "LinkExpired",
    "LogFilterUnsupported",
    "LogQueryInvalid",
    "MfaLockedOut",
    "NewPasswordRefused",
    "NotLockedOut",
    "OAuthError",
    "PasscodeRejected",
    "PasscodeReplayed",
    "QueryError",
    "ReadOnlyGroup",
    "ResendTooSoon",
    "TooManyFactorAttempts",
    "ValidationFailed",
    "WrongStatus",
    "validation_summary",
]
