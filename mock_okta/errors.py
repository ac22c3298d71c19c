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

from mock_okta.ids import opaque_token

# --- domain errors ---------------------------------------------------------------


class DomainError(Exception):
    """A rule of the org was broken; web/errors.py answers each kind in each dialect."""


def validation_summary(field: str) -> str:
    return f"Api validation failed: {field}"  # Okta's E0000001 summary


class ValidationFailed(DomainError):
    """Input breaks a rule: `field` is the first failing attribute, causes are
    `"attribute: message"` strings in Okta's wording."""

    def __init__(self, field: str, causes: list[str]):
        super().__init__(validation_summary(field))
        self.field, self.causes = field, causes

    def message_for(self, attribute: str) -> str | None:
        prefix = attribute + ": "
        for cause in self.causes:
            if cause.startswith(prefix):
                return cause[len(prefix):]
        return None


class WrongStatus(DomainError):
    """The user's status does not allow the operation."""


class AlreadyActive(WrongStatus):
    """Activating a user who is already ACTIVE."""


class NotLockedOut(WrongStatus):
    """Unlocking a user who is not LOCKED_OUT."""


class CredentialsRejected(DomainError):
    """A credential change was refused (wrong current password or answer, or a new
    password the policy refuses, on the Users API); causes say which."""

    def __init__(self, causes: list[str]):
        super().__init__("; ".join(causes))
        self.causes = causes


class NewPasswordRefused(DomainError):
    """The new password of an expired-password change (Authentication API, hosted
    page) breaks the policy or repeats the old one."""

    def __init__(self, causes: list[str]):
        super().__init__("; ".join(causes))
        self.causes = causes


class ForgotPasswordNotAllowed(DomainError):
    """Self-service recovery needs an ACTIVE user with a recovery question."""


class ReadOnlyGroup(DomainError):
    """Built-in groups and their memberships cannot be changed."""

    def __init__(self, group_name: str):
        super().__init__(group_name)
        self.causes = [f"{group_name} is a built-in group and cannot be changed"]


class QueryError(DomainError, ValueError):
    """A `filter`, `search` or sort that cannot be parsed or is not supported."""


class CursorError(DomainError, ValueError):
    """An `after` value this server did not hand out."""


class LogQueryInvalid(DomainError):
    """A System Log `filter` or parameter Okta answers with E0000053 (summary in Okta's words)."""


class LogFilterUnsupported(DomainError):
    """An operator that the System Log refuses on one field (E0000031)."""

    def __init__(self, operator: str, field: str):
        super().__init__(f"{operator} {field}")
        self.operator, self.field = operator, field


class HookNotInactive(DomainError):
    """Only an INACTIVE event hook may be deleted."""


class HookVerificationFailed(DomainError):
    """The hook's endpoint did not echo the verification challenge."""


class LinkExpired(DomainError, LookupError):
    """An activation or reset link that is unknown, used, expired or replaced."""


class PasscodeRejected(DomainError):
    """A wrong (or expired) one-time code or security answer; the cause says which."""

    def __init__(self, cause: str):
        super().__init__(cause)
        self.causes = [cause]


class PasscodeReplayed(DomainError):
    """A TOTP code from a time step that was already used."""


class TooManyFactorAttempts(DomainError):
    """More wrong activation codes for one factor than Okta allows in five minutes."""


class MfaLockedOut(DomainError):
    """Five wrong second-factor codes in a row: the user is locked out."""


class ResendTooSoon(DomainError):
    """An SMS or email code asked for again before Okta's wait is over."""

    def __init__(self, factor_type: str):
        super().__init__(factor_type)
        self.factor_type = factor_type


class FactorWrongStatus(DomainError):
    """Activating a factor that is not pending, or verifying one that is not active."""

    def __init__(self, cause: str):
        super().__init__(cause)
        self.causes = [cause]


# --- Okta's error object -----------------------------------------------------------


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

    # Okta's codes, one constructor each: every summary is written here only.
    @classmethod
    def validation(cls, field: str, causes: list[str]) -> ApiError:
        return cls(400, "E0000001", validation_summary(field), causes)

    @classmethod
    def request_not_valid(cls, description: str, status: int = 400) -> ApiError:
        return cls(status, "E0000002", f"The request was not valid: {description}")

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
    def no_permission(cls, causes: list[str]) -> ApiError:
        return cls(403, "E0000006", "You do not have permission to perform the requested action",
                   causes)

    @classmethod
    def not_found(cls, what: str, kind: str) -> ApiError:
        return cls(404, "E0000007", f"Not found: Resource not found: {what} ({kind})")

    @classmethod
    def path_not_found(cls) -> ApiError:
        return cls(404, "E0000008", "The requested path was not found")

    @classmethod
    def internal_error(cls, status: int = 500) -> ApiError:
        return cls(status, "E0000009", "Internal Server Error")

    @classmethod
    def for_status(cls, status: int) -> ApiError:
        """Okta's error for an HTTP status a fault asks for (/_mock/faults); 5xx is E0000009."""
        by_status = {401: cls.invalid_token, 404: cls.path_not_found,
                     405: cls.method_not_allowed, 429: cls.rate_limited,
                     403: lambda: cls.no_permission([])}
        if status in by_status:
            return by_status[status]()
        if status >= 500:
            return cls.internal_error(status)
        return cls.request_not_valid("injected failure (mock-okta fault)", status)

    @classmethod
    def invalid_token(cls) -> ApiError:
        return cls(401, "E0000011", "Invalid token provided")

    @classmethod
    def credentials_update_failed(cls, causes: list[str]) -> ApiError:
        return cls(403, "E0000014", "Update of credentials failed", causes)

    @classmethod
    def already_active(cls) -> ApiError:
        return cls(403, "E0000016", "Activation failed because the user is already active")

    @classmethod
    def method_not_allowed(cls) -> ApiError:
        return cls(405, "E0000022", "The endpoint does not support the provided HTTP method")

    @classmethod
    def invalid_paging(cls) -> ApiError:
        return cls(400, "E0000029", "Invalid paging request.")

    @classmethod
    def invalid_search(cls, summary: str = "Invalid search criteria.") -> ApiError:
        return cls(400, "E0000031", summary)

    @classmethod
    def unlock_not_allowed(cls) -> ApiError:
        return cls(403, "E0000032", "Unlock is not allowed for this user.",
                   ["The user is not locked out."])

    @classmethod
    def forgot_password_not_allowed(cls) -> ApiError:
        return cls(403, "E0000034", "Forgot password not allowed on specified user.")

    @classmethod
    def wrong_status(cls) -> ApiError:
        return cls(403, "E0000038", "This operation is not allowed in the user's current status.")

    @classmethod
    def rate_limited(cls) -> ApiError:
        return cls(429, "E0000047", "API call exceeded rate limit due to too many requests.")

    @classmethod
    def unsupported_log_filter(cls, operator: str, field: str) -> ApiError:
        return cls.invalid_search("The supplied combination of operator and field is not "
                                  f"currently supported. Operator: {operator}, Field: {field}")

    @classmethod
    def invalid_log_query(cls, summary: str) -> ApiError:
        return cls(400, "E0000053", summary)

    @classmethod
    def delete_application_forbidden(cls) -> ApiError:
        return cls(403, "E0000056", "Delete application forbidden.",
                   ["The application must be deactivated before deletion."])

    @classmethod
    def delete_event_hook_forbidden(cls) -> ApiError:
        return cls.validation("status", ["status: The event hook must be deactivated before it "
                                         "can be deleted"])

    @classmethod
    def hook_verification_failed(cls) -> ApiError:
        return cls.validation("verification", [
            "verification: Event hook verification failed: the endpoint did not return the "
            "verification value"])

    @classmethod
    def invalid_passcode(cls, causes: list[str]) -> ApiError:
        return cls(403, "E0000068", "Invalid Passcode/Answer", causes)

    @classmethod
    def user_locked(cls) -> ApiError:
        return cls(403, "E0000069", "User Locked")

    @classmethod
    def passcode_replayed(cls) -> ApiError:
        return cls(403, "E0000082",
                   "Each code can only be used once. Please wait for a new code and try again.")

    @classmethod
    def sms_recently_sent(cls) -> ApiError:
        return cls(429, "E0000109", "An SMS message was recently sent. Please wait 30 seconds "
                   "before trying again.")

    @classmethod
    def email_recently_sent(cls) -> ApiError:
        return cls(429, "E0000118", "An email was recently sent. Please wait 5 seconds before "
                   "trying again.")

    @classmethod
    def wrong_authn_state(cls) -> ApiError:
        return cls(403, "E0000079",
                   "This operation is not allowed in the current authentication state.")

    @classmethod
    def password_policy_failed(cls, causes: list[str]) -> ApiError:
        return cls(403, "E0000080", "The password does not meet the complexity requirements of "
                   "the current password policy.", causes)

    @classmethod
    def too_many_targets(cls) -> ApiError:
        return cls(400, "E0000093", "Target count limit exceeded",
                   ["The number of group targets is too large"])

    @classmethod
    def expiring_without_password(cls) -> ApiError:
        return cls(400, "E0000124", "Could not create user. To create a user and expire their "
                   "password immediately, a password must be specified")

    @classmethod
    def expiring_without_activation(cls) -> ApiError:
        return cls(400, "E0000125", "Could not create user. To create a user and expire their "
                   "password immediately, `activate` must be true")


# --- the OAuth and browser dialects ------------------------------------------------


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
