"""Pure helpers for the hosted pages: where to go next, what to say."""

from __future__ import annotations

import hmac
from urllib.parse import urlsplit

from mock_okta.directory.users import DUPLICATE_LOGIN
from mock_okta.errors import CredentialsRejected, NewPasswordRefused, ValidationFailed

BLANK = "This field cannot be left blank"
UNABLE_TO_SIGN_IN = "Unable to sign in"
DUPLICATE_EMAIL = "A user with this Email already exists"
EXPIRED_FORM = "This page has expired. Please try again."
LOCKED_OUT = "Your account is locked. Please contact your administrator."
PASSWORDS_DIFFER = "New passwords must match"
EXPIRED_FIELDS = ("oldPassword", "newPassword", "confirmPassword")

REGISTRATION_FIELDS = ("email", "password", "firstName", "lastName")
REVIEW_FORM = "We found some errors. Please review the form and make corrections."


def safe_from_uri(from_uri: str | None, org_url: str) -> str | None:
    """A same-org path to continue to, or None: never an open redirect."""
    if not from_uri:
        return None
    parts = urlsplit(from_uri)
    if parts.scheme or parts.netloc:
        origin = urlsplit(org_url)
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            return None
        from_uri = parts.path + (f"?{parts.query}" if parts.query else "")
    if not from_uri.startswith("/") or from_uri.startswith("//") or "\\" in from_uri:
        return None
    if any(ord(c) < 0x20 for c in from_uri):
        return None
    return from_uri


def blank_fields(form: dict, names) -> dict[str, str]:
    return {name: BLANK for name in names if not (form.get(name) or "").strip()}


def registration_errors(error: ValidationFailed) -> tuple[str | None, dict[str, str]]:
    """Map the identity core's causes to a banner and per-field messages."""
    if error.message_for("login") == DUPLICATE_LOGIN:
        return REVIEW_FORM, {"email": DUPLICATE_EMAIL}  # said once, beside the field
    fields = {}
    for cause in error.causes:
        name, _, message = cause.partition(": ")
        name = "email" if name == "login" else name
        fields.setdefault(name, message)
    return REVIEW_FORM, fields


def new_password_errors(error: ValidationFailed | CredentialsRejected | NewPasswordRefused
                        ) -> tuple[None, dict[str, str]]:
    """A refused password change: its first cause under the form's field (the
    policy speaks of `password`, the forms of `newPassword`)."""
    name, _, message = error.causes[0].partition(": ")
    return None, {"newPassword" if name == "password" else name: message}


def same_token(expected: str | None, given: str | None) -> bool:
    # As bytes: compare_digest refuses str with non-ASCII characters (a TypeError).
    return bool(expected and given) and hmac.compare_digest(
        expected.encode(errors="surrogatepass"), given.encode(errors="surrogatepass"))
