"""Identifiers shaped like Okta's: a type prefix and base62 characters."""

import secrets
import string

_BASE62 = string.digits + string.ascii_letters


def okta_id(prefix: str, length: int = 20) -> str:
    """`00u…` users, `00g…` groups, `0oa…` apps: 20 characters in all."""
    return prefix + "".join(secrets.choice(_BASE62) for _ in range(length - len(prefix)))


def opaque_token(prefix: str = "", nbytes: int = 24) -> str:
    """Unguessable, URL-safe: codes, session tokens, session ids."""
    return prefix + secrets.token_urlsafe(nbytes)
