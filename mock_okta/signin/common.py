"""What every hosted page shares: the CSRF token, `fromURI`, signing in, and how
a page answers the domain errors of the service it calls."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

from flask import redirect, render_template, request, url_for

from mock_okta.directory.sessions import peek_request, start_session
from mock_okta.errors import DomainError, LinkExpired
from mock_okta.org import current_org
from mock_okta.signin.forms import safe_from_uri
from mock_okta.web.cookies import set_session_cookie
from mock_okta.web.csrf import csrf_ok, csrf_token  # noqa: F401  (the pages use them from here)
from mock_okta.web.errors import domain_error_response

# Kept in the request's environ: `g` outlives a request when an app context is already active.
_FORM = "mock_okta.signin.form"


def from_uri() -> str | None:
    """The request's `fromURI` if it stays on the org, else None."""
    return safe_from_uri(request.values.get("fromURI"), current_org().url())


def signed_in_redirect(user, from_uri: str | None, amr: list[str] | None = None):
    """Start an org session (the `sid` cookie) and continue to `from_uri` or home."""
    session_id, _ = start_session(current_org().store, user, amr=amr)
    return set_session_cookie(redirect(from_uri or "/"), session_id)


def client_of(from_uri: str | None) -> str | None:
    """The app a sign-in is for: the client of the authorize request parked in `fromURI`."""
    key = parse_qs(urlsplit(from_uri or "").query).get("okta_key")
    params = peek_request(current_org().store, key[0]) if key else None
    return params.get("client_id") if params else None


def login_page(from_uri, username, *, banner=None, fields=None, status=200, remember=None):
    if remember is None:  # a re-rendered form keeps what the visitor ticked
        remember = bool(request.form.get("remember"))
    return render_template("login.html", from_uri=from_uri, username=username, banner=banner,
                           fields=fields or {}, csrf_token=csrf_token(),
                           remember=remember), status


def org_link(endpoint: str, **values) -> str:
    """An absolute link to one of the org's pages, for the mail in the outbox."""
    return current_org().url() + url_for(endpoint, **values)


def link_gone():
    return render_template("link_expired.html"), 404


def rerender_on(errors: type[DomainError] | tuple[type[DomainError], ...], render: Callable,
                messages: Callable[[DomainError], tuple[str | None, dict[str, str]]]) -> None:
    """Declare, before calling a service, how this form answers its refusal: a domain
    error of type `errors` re-renders it (400) through `render(banner=, fields=,
    status=)`, with `messages(error)` giving the banner and the per-field messages."""
    request.environ[_FORM] = (errors, render, messages)


def page_error(error: DomainError):
    """The sign-in blueprint's handler for domain errors: the form's own refusals
    re-render it, a dead link gets its page, anything else the org's error page."""
    form = request.environ.get(_FORM)
    if form is not None and isinstance(error, form[0]):
        _, render, messages = form
        banner, fields = messages(error)
        return render(banner=banner, fields=fields, status=400)
    if isinstance(error, LinkExpired):
        return link_gone()
    return domain_error_response(error)
