"""What every hosted page shares: the CSRF token, `fromURI`, and signing in."""

from __future__ import annotations

import secrets

from flask import redirect, request, session, url_for

from mock_okta.directory.sessions import start_session
from mock_okta.org import current_org
from mock_okta.signin.forms import safe_from_uri, same_token
from mock_okta.web.cookies import set_session_cookie


def csrf_token() -> str:
    token = session.get("csrf")
    if token is None:
        token = session["csrf"] = secrets.token_urlsafe(24)
    return token


def csrf_ok() -> bool:
    return same_token(session.get("csrf"), request.form.get("csrf_token"))


def from_uri() -> str | None:
    """The request's `fromURI` if it stays on the org, else None."""
    return safe_from_uri(request.values.get("fromURI"), current_org().url())


def signed_in_redirect(user, from_uri: str | None):
    """Start an org session (the `sid` cookie) and continue to `from_uri` or home."""
    session_id, _ = start_session(current_org().store, user)
    return set_session_cookie(redirect(from_uri or "/"), session_id)


def org_link(endpoint: str, **values) -> str:
    """An absolute link to one of the org's pages, for the mail in the outbox."""
    return current_org().url() + url_for(endpoint, **values)
