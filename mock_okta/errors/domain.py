"""Domain errors: what the directory and storage raise when a rule of the org is
broken. They say what went wrong, never how to answer it."""

from __future__ import annotations


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
