"""A local Okta org: authorization servers, hosted sign-in, Users and Authentication APIs."""

from __future__ import annotations

import logging

from flask import Flask, request

from .config import Settings
from .ids import opaque_token
from .org import Org
from .routing import LazyBuilderRule

log = logging.getLogger("mock_okta")


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.url_rule_class = LazyBuilderRule
    org = Org.open(settings)
    app.extensions["mock_okta"] = org
    app.config.update(
        SECRET_KEY=org.secret_key,
        # The sign-in pages' CSRF token lives here; `sid` is the org session.
        SESSION_COOKIE_NAME="mock_okta_csrf",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        JSON_SORT_KEYS=False,
    )
    app.json.sort_keys = False

    from . import api, authz, errors, oauth
    from .signin import outbox as mock_outbox, views as signin_views

    errors.register(app)
    oauth.create_server(app)
    app.register_blueprint(authz.bp)
    app.register_blueprint(signin_views.bp)
    app.register_blueprint(mock_outbox.bp)      # the kit's own controls, under /_mock/
    app.register_blueprint(api.bp)

    @app.after_request
    def okta_headers(response):
        response.headers["X-Okta-Request-Id"] = opaque_token(nbytes=20)
        if request.path.startswith("/api/"):  # errors from routing included
            response.headers["Cache-Control"] = "no-cache, no-store"
            response.headers["Pragma"] = "no-cache"
            response.headers["Expires"] = "0"
        return response

    from .doccache import DocumentCache
    org.documents = app.wsgi_app = DocumentCache(app.wsgi_app)

    _seed(org)
    return app


def _seed(org: Org) -> None:
    from .clients import register_from_settings, seed_app
    from .users import ValidationFailed, create_user, get_user

    for client in org.settings.clients:
        register_from_settings(org.store, client)
    for spec in org.settings.apps:  # from the configuration file; these win on a clash
        seed_app(org.store, spec)
    demo = org.settings.demo_user
    if demo and get_user(org.store, demo.login) is None:
        profile = {"login": demo.login, "email": demo.login,
                   "firstName": demo.first_name, "lastName": demo.last_name}
        try:
            create_user(org.store, profile, password=demo.password, activate=True,
                        hash_iterations=org.settings.password_hash_iterations)
        except ValidationFailed as error:
            log.warning("demo user not created: %s", "; ".join(error.causes))
