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
        scheme, *fields = (encoded or "").split("$")
        if scheme == "pbkdf2_sha256":  # the org's own hash: the common path
            iterations, salt, expected = fields
            rounds = int(iterations)
            if rounds < 1:
                return False
            digest = hashlib.pbkdf2_hmac("sha256", password.encode(), _unb64(salt), rounds)
            return hmac.compare_digest(digest, _unb64(expected))
        if scheme.startswith(IMPORTED_PREFIX):
            return _verify_imported(scheme[len(IMPORTED_PREFIX):], password.encode(), fields)
        return False
    except (ValueError, TypeError, binascii.Error):  # UnicodeEncodeError is a ValueError
        return False


# Imported hashes (Users API `credentials.password.hash`, see password_import.py)
# are kept as they came, under their own schemes, until the user's first
# sign-in re-hashes the password with the org's algorithm (needs_rehash):
#   import_{sha512,sha256,sha1,md5}${PREFIX|POSTFIX|}${salt}${digest}
#   import_pbkdf2_{sha256,sha512}${iterations}${salt}${derived key}
IMPORTED_PREFIX = "import_"
DIGESTS = {"SHA-512": "sha512", "SHA-256": "sha256", "SHA-1": "sha1", "MD5": "md5"}


def imported_digest(algorithm: str, salt: bytes, salt_order: str, digest: bytes) -> str:
    """Stored form of a salted (or unsalted) SHA-512/SHA-256/SHA-1/MD5 digest."""
    order = salt_order if salt else ""
    return f"{IMPORTED_PREFIX}{DIGESTS[algorithm]}${order}${_b64(salt)}${_b64(digest)}"


def imported_pbkdf2(hash_name: str, iterations: int, salt: bytes, derived: bytes) -> str:
    """Stored form of a PBKDF2 key; its length is the key size."""
    return f"{IMPORTED_PREFIX}pbkdf2_{hash_name}${iterations}${_b64(salt)}${_b64(derived)}"


def needs_rehash(encoded: str | None) -> bool:
    """True for an imported hash, which Okta replaces with its own at sign-in."""
    return bool(encoded) and encoded.startswith(IMPORTED_PREFIX)


def _verify_imported(name: str, secret: bytes, fields: list[str]) -> bool:
    if name.startswith("pbkdf2_"):
        iterations, salt, expected = fields
        rounds, want = int(iterations), _unb64(expected)
        if rounds < 1 or not want:
            return False
        derived = hashlib.pbkdf2_hmac(name[len("pbkdf2_"):], secret, _unb64(salt), rounds,
                                      dklen=len(want))
        return hmac.compare_digest(derived, want)
    if name not in DIGESTS.values():
        return False
    order, salt, expected = fields
    salt_bytes = _unb64(salt)
    if order == "PREFIX":
        data = salt_bytes + secret
    elif order == "POSTFIX" or not salt_bytes:
        data = secret + salt_bytes
    else:
        return False
    digest = hashlib.new(name, data, usedforsecurity=False).digest()
    return hmac.compare_digest(digest, _unb64(expected))


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
