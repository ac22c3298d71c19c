"""Password hashing and Okta's default password policy (pure functions)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets

MIN_LENGTH = 8
MAX_LENGTH = 72
# Okta splits the login on these characters; parts of 4+ characters may not
# appear in the password (the top-level domain is ignored by being short).
_USERNAME_SEPARATORS = re.compile(r"[,._#@\-]")
_MIN_PART = 4

REQUIREMENTS = (
    "Password requirements: at least 8 characters, a lowercase letter, "
    "an uppercase letter, a number, no parts of your username."
)
POLICY_FAILED = "Password requirements were not met. " + REQUIREMENTS


def policy_violations(password: str, login: str) -> list[str]:
    """Names of the default-policy rules `password` breaks (empty when it passes)."""
    broken = []
    if len(password) < MIN_LENGTH:
        broken.append("minLength")
    if len(password) > MAX_LENGTH:
        broken.append("maxLength")
    if not re.search(r"[a-z]", password):
        broken.append("minLowerCase")
    if not re.search(r"[A-Z]", password):
        broken.append("minUpperCase")
    if not re.search(r"[0-9]", password):
        broken.append("minNumber")
    if _contains_username(password, login):
        broken.append("excludeUsername")
    return broken


def _contains_username(password: str, login: str) -> bool:
    lowered = password.lower()
    login = login.lower()
    if login and login in lowered:
        return True
    parts = (part for part in _USERNAME_SEPARATORS.split(login) if len(part) >= _MIN_PART)
    return any(part in lowered for part in parts)


def hash_password(password: str, iterations: int) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, iterations)
    return f"pbkdf2_sha256${iterations}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, encoded: str | None) -> bool:
    """True only for the right password; anything malformed is simply a mismatch."""
    try:
        scheme, iterations, salt, expected = (encoded or "").split("$")
        rounds = int(iterations)
        if scheme != "pbkdf2_sha256" or rounds < 1:
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode(), _unb64(salt), rounds)
        return hmac.compare_digest(digest, _unb64(expected))
    except (ValueError, binascii.Error):  # UnicodeEncodeError is a ValueError
        return False


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
