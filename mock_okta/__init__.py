"""A local Okta org: authorization servers, hosted sign-in and sign-up, the
Management, Authentication and Sessions APIs, with state in SQLite.

The kit's public Python API is what `__all__` lists; everything else is inside.
"""

from __future__ import annotations

from flask import Flask, request

from mock_okta.clock import use_offset
from mock_okta.config import Settings, from_env
from mock_okta.directory.system_log import muted
from mock_okta.org import Org
from mock_okta.org.seed import seed
from mock_okta.serving.document_cache import DocumentCache
from mock_okta.serving.request_log import RequestLog
from mock_okta.serving.routing import LazyBuilderRule

__all__ = ["Settings", "create_app", "from_env"]


def create_app(settings: Settings | None = None) -> Flask:
    """The org as a Flask app: settings from the environment unless given."""
    settings = settings or from_env()
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
    # No view is a coroutine: skip Flask's per-handler inspect check (5% of a login).
    app.ensure_sync = lambda func: func
    from mock_okta.web.cookies import FormSessions

    app.session_interface = FormSessions()

    # Views import everything below them; imported here so that importing
    # `mock_okta` for its settings stays cheap.
    from mock_okta import api, authz, kit, signin
    from mock_okta.oauth.server import create_server
    from mock_okta.web import log_context
    from mock_okta.web.caching import NO_CACHE_NO_STORE, no_store
    from mock_okta.web.errors import register_error_handlers

    register_error_handlers(app)

    @app.before_request
    def follow_the_org_clock():
        use_offset(org.clock_offset)  # first: everything after reads the org's time

    log_context.install(app)            # then: who and where, for the System Log

    # Browsers ask every host for /favicon.ico, JSON endpoints included.
    app.add_url_rule("/favicon.ico", "favicon",
                     lambda: app.send_static_file("favicon.svg"))
    create_server(app)
    app.register_blueprint(authz.bp)
    app.register_blueprint(signin.bp)
    app.register_blueprint(kit.bp)      # the kit's own controls, under /_mock/
    app.register_blueprint(api.bp)

    @app.after_request
    def okta_headers(response):
        response.headers["X-Okta-Request-Id"] = log_context.request_id()
        if request.path.startswith("/api/"):  # errors from routing included
            no_store(response, NO_CACHE_NO_STORE)
            response.headers["Expires"] = "0"
        return response

    org.documents = app.wsgi_app = DocumentCache(app.wsgi_app,
                                                 bypass=lambda: org.faults.armed or org.forgeries.armed)
    org.requests = app.wsgi_app = RequestLog(app.wsgi_app)
    if settings.workers > 1:   # outermost: every layer sees what the other workers changed
        app.wsgi_app = _synced(app.wsgi_app, org)
    with muted():   # a fresh org's log starts empty; seeding later (/_mock/seed) is logged
        if settings.imported is not None:   # --import: the export first, then the seed
            from mock_okta.org.state_import import start_from_file

            start_from_file(org, settings)
        seed(org.store, settings)
    if settings.workers > 1:
        _share_between_workers(org)
    org.store.snapshot()   # the state that a reset (/_mock/reset) brings back
    return app


def _synced(wsgi_app, org: Org):
    # Only with several workers: one process has nobody to catch up with, and its hot
    # path stays free of the per-request PRAGMA (measured: discovery ~30% slower with it).
    def app(environ, start_response):
        org.sync()
        return wsgi_app(environ, start_response)
    return app


def _share_between_workers(org: Org) -> None:
    """Served by several processes: the request log goes to the store, and every
    server's first signing key is made now, so it is in the snapshot each worker
    inherits (made lazily, each worker would make its own)."""
    from mock_okta.org.request_entries import StoredEntries

    org.requests.use(StoredEntries(org.store))
    for server in (org.org_server, *org.servers.values()):
        server.keyring.signing_key()
