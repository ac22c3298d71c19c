"""What the hosted MFA screens say (the Classic widget's English texts) and how a
refused code reads on them. Pure: no Flask."""

from __future__ import annotations

from mock_okta.directory.factor_catalog import TOTP, FactorKind
from mock_okta.errors import (
    DomainError,
    FactorWrongStatus,
    MfaLockedOut,
    PasscodeRejected,
    PasscodeReplayed,
    ResendTooSoon,
    TooManyFactorAttempts,
    ValidationFailed,
)

ENROLL_TITLE = "Set up multifactor authentication"
ENROLL_SUBTITLE = ("Your company requires multifactor authentication to add an additional layer "
                   "of security when signing in to your account")
LOCKED = "Your account is locked because of too many authentication attempts."
REPLAYED = "Each code can only be used once. Please wait for a new code and try again."
TOO_MANY = "API call exceeded rate limit due to too many requests."
RESEND_WAIT = {"sms": "An SMS message was recently sent. Please wait 30 seconds before trying "
                      "again.",
               "email": "An email was recently sent. Please wait 5 seconds before trying again."}

# The enrolment list's row per kind: its data-se code and description.
ROWS = {
    "google_otp": ("GOOGLE_AUTH", "Enter single-use code from the mobile app."),
    "okta_otp": ("OKTA_VERIFY", "Enter single-use code from the mobile app."),
    "okta_sms": ("SMS", "Enter a single-use code sent to your mobile phone."),
    "okta_email": ("EMAIL", "Enter a verification code sent to your email."),
    "okta_question": ("QUESTION", "Use the answer to a security question to authenticate."),
}


def data_se(kind: FactorKind) -> str:
    """`factor-totp`, `factor-sms`, `factor-email`, `factor-question`: the verify form's data-se."""
    return "factor-totp" if kind.factor_type == TOTP else f"factor-{kind.factor_type}"


def verify_subtitle(kind: FactorKind, profile: dict) -> str:
    if kind.factor_type == TOTP:
        return f"Enter your {kind.label} passcode"
    if kind.factor_type == "sms":
        return f"({profile.get('phoneNumber', '')})"
    if kind.factor_type == "email":
        return f"Send a verification code to {profile.get('email', '')}."
    return profile.get("questionText", "")


def scan_text(kind: FactorKind) -> str:
    return f'Launch {kind.label}, tap the "+" icon, then select "Scan a QR code".'


def error_text(error: DomainError) -> str:
    """The banner for a refused step: the first cause where Okta gives one, else its summary."""
    if isinstance(error, PasscodeRejected | FactorWrongStatus):
        return error.causes[0].split(": ", 1)[-1]
    if isinstance(error, PasscodeReplayed):
        return REPLAYED
    if isinstance(error, MfaLockedOut):
        return LOCKED
    if isinstance(error, ResendTooSoon):
        return RESEND_WAIT[error.factor_type]
    if isinstance(error, TooManyFactorAttempts):
        return TOO_MANY
    if isinstance(error, ValidationFailed):
        return error.causes[0].split(": ", 1)[-1] if error.causes else str(error)
    return str(error)


MFA_REFUSALS = (PasscodeRejected, PasscodeReplayed, MfaLockedOut, ResendTooSoon,
                TooManyFactorAttempts, ValidationFailed, FactorWrongStatus)
