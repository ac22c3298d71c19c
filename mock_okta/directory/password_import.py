"""`credentials.password` on the Users API: a plain `value`, an imported `hash`,
or a password-import inline `hook`, checked as Okta checks them.

Okta accepts hashes made with SHA-512, SHA-256, SHA-1, MD5 (`value` the Base64
digest of the password with the Base64 `salt`, if any, put before (`PREFIX`) or
after (`POSTFIX`) it), PBKDF2 (`iterationCount` >= 4096, `keySize` bytes,
`digestAlgorithm` SHA256_HMAC or SHA512_HMAC) and BCRYPT (`workFactor` 1-20,
22-character salt, 31-character value). The mock checks every one of them but
cannot verify BCRYPT (that needs the bcrypt library, which it does not ship), and
runs no inline hooks: both are refused with a cause that says so.

`read_password` returns `(value, stored_hash)` or raises ValidationFailed
(400 E0000001 `Api validation failed: password`) before anything is written.
"""

from __future__ import annotations

import base64
import binascii
import re

from mock_okta.directory import passwords
from mock_okta.errors import ValidationFailed

ALGORITHMS = ("BCRYPT", "SHA-512", "SHA-256", "SHA-1", "MD5", "PBKDF2")
SALT_ORDERS = ("PREFIX", "POSTFIX")
DIGEST_SIZES = {"SHA-512": 64, "SHA-256": 32, "SHA-1": 20, "MD5": 16}
PBKDF2_DIGESTS = {"SHA256_HMAC": "sha256", "SHA512_HMAC": "sha512"}
MIN_ITERATIONS = 4096                   # Okta's documented minimum
# The mock's own ceilings (Okta documents none): each failed sign-in against an
# imported PBKDF2 hash costs iterations x key blocks, so keep that bounded.
MAX_ITERATIONS = 10_000_000
MAX_KEY_SIZE = 256
BCRYPT_WORK_FACTORS = range(1, 21)
BCRYPT_SALT_LENGTH, BCRYPT_VALUE_LENGTH = 22, 31
_BCRYPT_ALPHABET = re.compile(r"[./A-Za-z0-9]*")
_BASE64 = re.compile(r"[A-Za-z0-9+/]*={0,2}")
_KINDS = ("value", "hash", "hook")


def _invalid(message: str) -> ValidationFailed:
    return ValidationFailed("password", [f"password: {message}"])


def read_password(password: object) -> tuple[str | None, str | None]:
    """`credentials.password` -> (plain value, stored imported hash); (None, None) if absent."""
    if password is None:
        return None, None
    if not isinstance(password, dict):
        raise _invalid("Does not match required type: string")
    given = [kind for kind in _KINDS if password.get(kind) is not None]
    if len(given) > 1:
        raise _invalid(f"Only one of value, hash or hook may be given, not {' and '.join(given)}")
    if given == ["hash"]:
        return None, stored_hash(password["hash"])
    if given == ["hook"]:
        _refuse_hook(password["hook"])
    if not isinstance(password.get("value"), str):
        raise _invalid("Does not match required type: string")
    return password["value"], None


def _refuse_hook(hook: object) -> None:
    if not isinstance(hook, dict) or hook.get("type") != "default":
        raise _invalid("hook.type must be default")
    raise _invalid("The mock does not support password import inline hooks; "
                   "send the password value or an imported hash instead")


def stored_hash(spec: object, *, min_iterations: int = MIN_ITERATIONS) -> str:
    """Validate Okta's hashed password object; the scheme verify_password reads.
    An export file's PBKDF2 hashes are the org's own, made with its (possibly lower)
    iteration count: state_import.py passes `min_iterations=1`."""
    if not isinstance(spec, dict):
        raise _invalid("hash: Does not match required type: object")
    algorithm = spec.get("algorithm")
    if algorithm is None:
        raise _invalid("hash.algorithm: The field cannot be left blank")
    if algorithm not in ALGORITHMS:
        raise _invalid(f"hash.algorithm: Unsupported hash algorithm {str(algorithm)[:40]!r}; "
                       f"Okta accepts {', '.join(ALGORITHMS)}")
    if algorithm == "BCRYPT":
        _check_bcrypt(spec)
        raise _invalid("hash.algorithm: The mock does not support BCRYPT hashes (verifying "
                       "them needs the bcrypt library, which it does not ship); import "
                       "SHA-512, SHA-256, SHA-1, MD5 or PBKDF2 hashes, or send the password "
                       "value")
    if algorithm == "PBKDF2":
        return _pbkdf2(spec, min_iterations)
    digest = _base64(spec, "value", required=True)
    if len(digest) != DIGEST_SIZES[algorithm]:
        raise _invalid(f"hash.value: A {algorithm} digest is {DIGEST_SIZES[algorithm]} bytes, "
                       f"this one is {len(digest)}")
    salt = _base64(spec, "salt", required=False)
    order = spec.get("saltOrder")
    if order is not None and order not in SALT_ORDERS:
        raise _invalid("hash.saltOrder: Must be PREFIX or POSTFIX")
    if salt and order is None:
        raise _invalid("hash.saltOrder: The field cannot be left blank when a salt is given "
                       "(PREFIX or POSTFIX)")
    return passwords.imported_digest(algorithm, salt, order or "", digest)


def _pbkdf2(spec: dict, min_iterations: int) -> str:
    name = spec.get("digestAlgorithm")
    if not isinstance(name, str) or name not in PBKDF2_DIGESTS:
        raise _invalid("hash.digestAlgorithm: Must be SHA256_HMAC or SHA512_HMAC for PBKDF2")
    iterations = _integer(spec, "iterationCount", min_iterations, MAX_ITERATIONS)
    key_size = _integer(spec, "keySize", 1, MAX_KEY_SIZE)
    salt = _base64(spec, "salt", required=True)
    derived = _base64(spec, "value", required=True)
    if len(derived) != key_size:
        raise _invalid(f"hash.value: The derived key is {len(derived)} bytes, "
                       f"keySize says {key_size}")
    return passwords.imported_pbkdf2(PBKDF2_DIGESTS[name], iterations, salt, derived)


def _check_bcrypt(spec: dict) -> None:
    _integer(spec, "workFactor", BCRYPT_WORK_FACTORS.start, BCRYPT_WORK_FACTORS.stop - 1)
    for name, length in (("salt", BCRYPT_SALT_LENGTH), ("value", BCRYPT_VALUE_LENGTH)):
        text = spec.get(name)
        if not isinstance(text, str) or not text:
            raise _invalid(f"hash.{name}: The field cannot be left blank")
        if len(text) != length or not _BCRYPT_ALPHABET.fullmatch(text):
            raise _invalid(f"hash.{name}: A BCRYPT {name} is {length} characters of "
                           "bcrypt's Radix-64 alphabet")


def _integer(spec: dict, name: str, low: int, high: int) -> int:
    value = spec.get(name)
    if value is None:
        raise _invalid(f"hash.{name}: The field cannot be left blank")
    if not isinstance(value, int) or isinstance(value, bool):
        raise _invalid(f"hash.{name}: Does not match required type: integer")
    if not low <= value <= high:
        raise _invalid(f"hash.{name}: Must be between {low} and {high}")
    return value


def _base64(spec: dict, name: str, *, required: bool) -> bytes:
    """A Base64 field's bytes (padding optional); b"" when absent and optional."""
    text = spec.get(name)
    if text is None or text == "":
        if required:
            raise _invalid(f"hash.{name}: The field cannot be left blank")
        return b""
    if not isinstance(text, str):
        raise _invalid(f"hash.{name}: Does not match required type: string")
    if not _BASE64.fullmatch(text) or len(text.rstrip("=")) % 4 == 1:
        raise _invalid(f"hash.{name}: Must be Base64-encoded")
    try:
        return base64.b64decode(text.rstrip("=") + "=" * (-len(text.rstrip("=")) % 4),
                                validate=True)
    except (binascii.Error, ValueError):
        raise _invalid(f"hash.{name}: Must be Base64-encoded") from None


def hash_object(stored: str | None) -> dict | None:
    """The inverse of stored_hash: a stored password hash (the org's own or an imported
    one) as Okta's hashed password object, which stored_hash reads back. An export file
    carries passwords this way, never in the clear."""
    if not stored:
        return None
    scheme, *fields = stored.split("$")
    name = scheme.removeprefix(passwords.IMPORTED_PREFIX)
    if name.startswith("pbkdf2_") and len(fields) == 3:
        iterations, salt, derived = fields
        key = _standard(derived)
        return {"algorithm": "PBKDF2", "digestAlgorithm": f"{name[7:].upper()}_HMAC",
                "iterationCount": int(iterations), "keySize": len(base64.b64decode(key)),
                "salt": _standard(salt), "value": key}
    algorithm = next((a for a, n in passwords.DIGESTS.items() if n == name), None)
    if algorithm is None or len(fields) != 3:
        return None
    order, salt, digest = fields
    spec = {"algorithm": algorithm, "value": _standard(digest)}
    if salt:
        spec.update(salt=_standard(salt), saltOrder=order)
    return spec


def _standard(urlsafe: str) -> str:
    """The store's URL-safe, unpadded Base64 as the standard Base64 Okta's API uses."""
    raw = base64.urlsafe_b64decode(urlsafe + "=" * (-len(urlsafe) % 4))
    return base64.b64encode(raw).decode()
