"""The org session cookie, named as Okta names it.

`sid` cannot clash with the site's session cookie (`flask_site_session`),
which matters because both run on 127.0.0.1 and cookies ignore ports.
"""

from flask import Response, request

SESSION_COOKIE = "sid"


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
