"""Each request's System Log context: its X-Okta-Request-Id (the same value goes
in the response header and in the events it causes), the caller's address and
user agent, and later who is acting. The directory reads it through
system_log's context variable, so no domain function sees Flask."""

from __future__ import annotations

from flask import Flask, request

from mock_okta.directory import system_log
from mock_okta.ids import opaque_token

_ENVIRON_KEY = "mock_okta.request_id"


def request_id() -> str:
    """This request's id, made on first use."""
    rid = request.environ.get(_ENVIRON_KEY)
    if rid is None:
        rid = request.environ[_ENVIRON_KEY] = opaque_token(nbytes=20)
    return rid


def install(app: Flask) -> None:
    @app.before_request
    def begin_log_context():
        query = request.query_string.decode("latin-1")
        system_log.begin_request(system_log.RequestContext(
            request_id=request_id(), ip=request.remote_addr,
            user_agent=request.headers.get("User-Agent"), path=request.path,
            url=f"{request.path}?{query}"))

    @app.teardown_request
    def end_log_context(_error=None):
        system_log.begin_request(None)  # the thread serves other requests (and orgs) next


def acting(actor: dict | None = None, *, client_id: str | None = None,
           api_token_id: str | None = None) -> None:
    """Say who is acting in this request, once the view knows."""
    changes = {key: value for key, value in (("actor", actor), ("client_id", client_id),
                                             ("api_token_id", api_token_id)) if value}
    system_log.update_request(**changes)
