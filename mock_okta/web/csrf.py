"""The CSRF token of the org's HTML forms (the hosted sign-in pages and the dev
console): one random token per browser, kept in the signed Flask session cookie,
echoed by every form as `csrf_token`."""

from __future__ import annotations

import hmac
import secrets

from flask import request, session


def csrf_token() -> str:
    token = session.get("csrf")
    if token is None:
        token = session["csrf"] = secrets.token_urlsafe(24)
    return token


def csrf_ok() -> bool:
    return same_token(session.get("csrf"), request.form.get("csrf_token"))


def same_token(expected: str | None, given: str | None) -> bool:
    # As bytes: compare_digest refuses str with non-ASCII characters (a TypeError).
    return bool(expected and given) and hmac.compare_digest(
        expected.encode(errors="surrogatepass"), given.encode(errors="surrogatepass"))
