"""Console section: recent requests (the request log, Org.requests), each JWT the
org issued in them decoded and checked against the org's keys; and a form to
decode any token pasted in."""

from __future__ import annotations

from flask import request

from mock_okta.kit.console import action, done, page, render, section
from mock_okta.org import current_org
from mock_okta.org.token_check import check_token

SHOWN = 100
LOG_SIZE = 1000
# The console's own pages and the org's static files: hidden unless asked for (`?all=1`).
_OWN = ("/_mock/console", "/static/", "/favicon.ico")


def _check(token: str):
    org = current_org()
    return check_token(token, [org.org_server, *org.servers.values()], org.url())


def _log_page(token: str = ""):
    show_all = request.args.get("all") == "1"
    entries = [entry for entry in current_org().requests.recent(LOG_SIZE)
               if show_all or not (entry["path"] or "").startswith(_OWN)][:SHOWN]
    checks = {jwt: _check(jwt) for entry in entries for jwt in (entry.get("tokens") or {}).values()}
    return render("requests.html", entries=entries, checks=checks, token=token,
                  pasted=_check(token) if token else None, show_all=show_all)


@page("/requests")
def requests():
    return _log_page()


@action("/requests/decode")
def decode_token():
    return _log_page(request.form.get("token", "").strip())


@action("/requests/clear")
def clear_requests():
    current_org().requests.clear()
    return done("Request log emptied.", requests)


section("Requests", requests, place=50)
