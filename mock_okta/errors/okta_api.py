"""Okta's JSON error object, one named constructor per E-code (each code is
spelled here and nowhere else)."""

from __future__ import annotations

from mock_okta.errors.domain import validation_summary
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
