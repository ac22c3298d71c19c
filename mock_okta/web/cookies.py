"""The org session cookie, named as Okta names it.

`sid` cannot clash with the site's session cookie (`flask_site_session`),
which matters because both run on 127.0.0.1 and cookies ignore ports.
"""

from flask import Response, request
from flask.sessions import SecureCookieSessionInterface

SESSION_COOKIE = "sid"
REMEMBERED_LOGIN = "ln"            # Okta's "Remember me": the username, never the password
REMEMBER_FOR = 365 * 24 * 3600


def session_id_from_request() -> str | None:
    return request.cookies.get(SESSION_COOKIE)


def set_session_cookie(response: Response, session_id: str) -> Response:
    response.set_cookie(SESSION_COOKIE, session_id, path="/", httponly=True,
                        samesite="Lax", secure=request.is_secure)
    return response


def clear_session_cookie(response: Response) -> Response:
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="Lax",
                           secure=request.is_secure)
    return response


def remembered_login() -> str:
    return request.cookies.get(REMEMBERED_LOGIN, "")


def remember_login(response: Response, username: str | None) -> Response:
    """Keep the username for the next sign-in, or forget it (`None`)."""
    if username is None:
        response.delete_cookie(REMEMBERED_LOGIN, path="/", httponly=True, samesite="Lax",
                               secure=request.is_secure)
    else:
        response.set_cookie(REMEMBERED_LOGIN, username, max_age=REMEMBER_FOR, path="/",
                            httponly=True, samesite="Lax", secure=request.is_secure)
    return response


class FormSessions(SecureCookieSessionInterface):
    """The sign-in pages' CSRF cookie (Flask's signed-cookie session). Flask builds its
    signing serializer anew for every request, API calls included; the org's secret
    never changes, so one is kept (it was 4% of a whole login)."""

    _serializer = None

    def get_signing_serializer(self, app):
        if self._serializer is None:
            self._serializer = super().get_signing_serializer(app)
        return self._serializer
