"""Every error the site can hit, rendered as a readable HTML page (never a traceback)."""

from __future__ import annotations

from flask import Flask, render_template
from werkzeug.exceptions import HTTPException, InternalServerError


class SiteError(Exception):
    """An expected failure with a page of its own: subclasses set status and title."""

    status = 400
    title = "Something went wrong"

    def __init__(self, message: str, detail: str | None = None):
        super().__init__(message)
        self.message = message
        self.detail = detail


class SignInFailed(SiteError):
    """The IdP's answer could not be accepted (error param, bad state, bad token...)."""

    status = 400
    title = "Sign-in failed"


class BadCsrfToken(SiteError):
    status = 400
    title = "This form has expired"


class ServiceUnavailable(SiteError):
    """The IdP (OIDC endpoints or Users API) could not be reached or answered nonsense."""

    status = 502
    title = "The sign-in service is unavailable"


# Friendlier wording for the HTTP errors Werkzeug raises itself.
_HTTP_TEXT = {
    400: ("Bad request", "The request could not be understood."),
    404: ("Page not found", "There is no page at this address."),
    405: ("Method not allowed", "This page does not accept that kind of request."),
    500: ("Something went wrong", "An unexpected error occurred. Please try again."),
}


def render_error(status: int, title: str, message: str, detail: str | None = None):
    html = render_template("error.html", status=status, title=title, message=message,
                           detail=detail)
    return html, status


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(SiteError)
    def handle_site_error(error: SiteError):
        return render_error(error.status, error.title, error.message, error.detail)

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error  # routing redirects (308 for a missing slash) are not errors
        title, message = _HTTP_TEXT.get(error.code, (error.name, error.description))
        response = error.get_response()  # keeps headers such as Allow on a 405
        html, _ = render_error(error.code, title, message)
        response.set_data(html)
        response.mimetype = "text/html"
        return response

    @app.errorhandler(InternalServerError)
    def handle_unexpected(error: InternalServerError):
        # Flask has already logged the original exception with its traceback.
        title, message = _HTTP_TEXT[500]
        return render_error(500, title, message)
