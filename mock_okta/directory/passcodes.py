"""One-time codes: TOTP (RFC 6238, by pyotp) and the codes the org sends by
email or SMS, plus the QR code an authenticator app scans (by segno).

Okta's TOTP is 6 digits every 30 s, HMAC-SHA1, base32 secrets; it allows two
minutes of clock skew, and refuses a code whose time step was already used.
Every time is the org's (clock.now()), so a test that moves the org's clock
moves the codes too.
"""

from __future__ import annotations

import hmac
import io
import secrets

import pyotp
import segno

TIME_STEP = 30
DIGITS = 6
SKEW_STEPS = 4                 # Okta: "The allowable clock skew is two minutes"
SENT_CODE_LIFETIME = 300       # email/SMS: Okta's default tokenLifetimeSeconds


def new_secret() -> str:
    return pyotp.random_base32()


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, digits=DIGITS, interval=TIME_STEP)


def step_of(at: float) -> int:
    return int(at // TIME_STEP)


def code_for_step(secret: str, step: int) -> str:
    return _totp(secret).at(step * TIME_STEP)


def matching_step(secret: str, code: str, at: float) -> int | None:
    """The time step (within the skew) whose code `code` is, or None."""
    if len(code) != DIGITS or not code.isdigit():
        return None
    now_step = step_of(at)
    for step in range(now_step + SKEW_STEPS, now_step - SKEW_STEPS - 1, -1):
        if hmac.compare_digest(code_for_step(secret, step), code):
            return step
    return None


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The `otpauth://totp/…` URI an authenticator app reads from the QR code."""
    return _totp(secret).provisioning_uri(name=account, issuer_name=issuer)


def qr_png(text: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=5, border=4)
    return buffer.getvalue()


def new_sent_code() -> str:
    """The 6-digit code an email or SMS carries."""
    return f"{secrets.randbelow(10 ** DIGITS):0{DIGITS}d}"
