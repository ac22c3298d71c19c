"""Synchroniser-token CSRF protection for the site's few forms.

One random token per session, rendered into forms as a hidden field and compared in constant
time on POST. The session cookie is signed, so the token cannot be planted by another site.
"""

from __future__ import annotations

import hmac
import secrets

from flask import session

SESSION_KEY = "_csrf_token"
FORM_FIELD = "csrf_token"


def get_token() -> str:
    token = session.get(SESSION_KEY)
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session[SESSION_KEY] = token
    return token


def is_valid(submitted) -> bool:
    expected = session.get(SESSION_KEY)
    if not isinstance(expected, str) or not expected or not isinstance(submitted, str):
        return False
    # Compare bytes: compare_digest raises TypeError on non-ASCII str, and a hostile form value
    # must get a 400, not a 500.
    return hmac.compare_digest(expected.encode(), submitted.encode("utf-8", "surrogatepass"))
