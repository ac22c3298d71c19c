"""The Flask site: OIDC sign-in against Okta (or the local mock org) with Authlib."""

from __future__ import annotations

import time

from flask import Flask

from . import auth, csrf, errors, session_cookie, site_session, views
from .config import DEV_SECRET_KEY, ENV_KEYS, environment, load_settings
from .extensions import oauth

_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    # No inline script or style anywhere, and no CDN. (No form-action: Chrome applies it to the
    # redirect after POST /logout, which must reach the IdP.)
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
}


def create_app(test_config: dict | None = None) -> Flask:
    """Build the site. Settings come from the environment and `.env`, or from `test_config`.

    With `test_config`, `.env` and the process environment are ignored so tests are hermetic;
    its strings for environment variables go through the same parsing (so derived values such
    as the org URL follow the test issuer); its other keys are applied as given.
    """
    app = Flask(__name__)
    if test_config is None:
        app.config.from_mapping(load_settings(environment()))
    else:
        strings = {k: v for k, v in test_config.items() if isinstance(v, str)}
        app.config.from_mapping(load_settings(strings))
        app.config.from_mapping({k: v for k, v in test_config.items()
                                 if not (k in ENV_KEYS and isinstance(v, str))})
    app.config.setdefault("CLOCK", time.time)  # see clock.py
    session_cookie.configure(app)
    if app.config["SECRET_KEY"] == DEV_SECRET_KEY:
        app.logger.warning("SECRET_KEY is not set: using the public development key. "
                           "Set SECRET_KEY before this site holds anything real.")

    oauth.init_app(app)
    app.register_blueprint(site_session.bp)
    app.register_blueprint(auth.bp)
    app.register_blueprint(views.bp)
    errors.register_error_handlers(app)
    app.jinja_env.globals["csrf_token"] = csrf.get_token
    app.jinja_env.globals["csrf_field"] = csrf.FORM_FIELD

    @app.after_request
    def security_headers(response):
        for name, value in _SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if response.mimetype == "text/html":
            # Pages differ per user; keep them out of shared and back/forward caches.
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    return app
