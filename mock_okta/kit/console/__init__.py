"""The dev console: the org as a person sees and steers it while developing, at
/_mock/console (guarded like every /_mock route: kit/__init__.py).

Server-rendered pages, one module and one template per section. A section
registers its pages with `page` and its forms with `action`; every form carries
the browser's CSRF token (web/csrf.py) and a hidden `back` path, and every
action calls the same domain functions as the Management API. A refused action
(a domain error) comes back as a message over the page it came from
(web/errors.py, the console dialect); a done one as a notice.

A new section is a module here (its views, then `section(title, view, place=N)`),
its template in templates/console/ (extending console/base.html), and its name
in the import list at the bottom.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import flash, make_response, redirect, render_template, url_for

from mock_okta.clock import iso
from mock_okta.errors import BrowserError
from mock_okta.kit import bp
from mock_okta.web.caching import no_store
from mock_okta.web.csrf import csrf_ok, csrf_token
from mock_okta.web.errors import CONSOLE_ENDPOINTS, CONSOLE_PATH

# web/errors.py owns both facts: it knows the console by them.
PREFIX = CONSOLE_PATH.removeprefix(bp.url_prefix)                  # /console
ENDPOINT = CONSOLE_ENDPOINTS.removeprefix(f"{bp.name}.")            # console_
# The navigation: (title, endpoint), one per section module, in their `place` order.
SECTIONS: list[tuple[str, str]] = []
_PLACES: dict[str, int] = {}


def section(title: str, view: Callable, place: int) -> None:
    """Put a section's main page in the navigation, at `place` (lowest first)."""
    _PLACES[title] = place
    SECTIONS.append((title, f"mock.{ENDPOINT}{view.__name__}"))
    SECTIONS.sort(key=lambda entry: _PLACES[entry[0]])


def page(rule: str):
    """A console page (GET) at /_mock/console{rule}; never cached: it shows secrets."""
    def register(view):
        @wraps(view)
        def shown(*args, **kwargs):
            return no_store(make_response(view(*args, **kwargs)))
        bp.add_url_rule(PREFIX + rule, ENDPOINT + view.__name__, shown, methods=["GET"])
        return view
    return register


def action(rule: str):
    """A console form (POST) at /_mock/console{rule}, refused without the CSRF token."""
    def register(view):
        @wraps(view)
        def checked(*args, **kwargs):
            if not csrf_ok():
                raise BrowserError.form_expired()
            return no_store(make_response(view(*args, **kwargs)))
        bp.add_url_rule(PREFIX + rule, ENDPOINT + view.__name__, checked, methods=["POST"])
        return view
    return register


def render(template: str, **context):
    return render_template(f"console/{template}", sections=SECTIONS, csrf_token=csrf_token(),
                           **context)


def done(message: str, view: Callable | str, **values):
    """After an action: a notice, and the page to show it on (303: reload-safe). The
    page is its view, or its view's name where importing it would make a cycle."""
    flash(message, "notice")
    name = view if isinstance(view, str) else view.__name__
    return redirect(url_for(f"mock.{ENDPOINT}{name}", **values), 303)


@bp.app_template_filter("console_time")
def console_time(timestamp: float) -> str:
    """`2030-01-01 12:00:00Z`: to the second is enough for a person."""
    return iso(timestamp)[:19].replace("T", " ") + "Z"


@bp.get(PREFIX)
def console_index():
    return redirect(url_for(SECTIONS[0][1]))


# The sections (each module registers its pages and its place in the navigation).
from mock_okta.kit.console import (  # noqa: E402,F401
    apps,
    controls,
    event_hooks,
    groups,
    outbox,
    requests,
    servers,
    system_log,
    user_factors,
    users,
)
