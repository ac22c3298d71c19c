"""The site's session cookie: HttpOnly and SameSite=Lax always, Secure whenever the request
came over HTTPS (or SESSION_COOKIE_SECURE forces it, e.g. behind a proxy ending TLS)."""

from __future__ import annotations

from flask import Flask, request
from flask.sessions import SecureCookieSessionInterface

COOKIE_NAME = "flask_site_session"  # the org's own cookie is `sid`, same host


class SiteSessionInterface(SecureCookieSessionInterface):
    def get_cookie_secure(self, app: Flask) -> bool:
        # Saved inside the request, so the scheme this visitor used is known.
        return bool(app.config["SESSION_COOKIE_SECURE"]) or request.is_secure


def configure(app: Flask) -> None:
    app.config.update(
        SESSION_COOKIE_NAME=COOKIE_NAME,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",  # Lax, not Strict: the IdP's redirect back is top-level
    )
    app.session_interface = SiteSessionInterface()
