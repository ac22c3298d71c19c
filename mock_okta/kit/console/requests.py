"""Console section: recent requests (the request log, Org.requests), each JWT the
org issued in them decoded and checked against the org's keys; and a form to
decode any token pasted in."""

from __future__ import annotations

from flask import request

from mock_okta.kit.console import action, done, page, render, section
from mock_okta.org import current_org
from mock_okta.org.token_check import check_token

SHOWN = 100


def _check(token: str):
    org = current_org()
    return check_token(token, [org.org_server, *org.servers.values()], org.url())


@page("/requests")
def requests():
    entries = current_org().requests.recent(SHOWN)
    checks = {token: _check(token) for entry in entries
              for token in (entry.get("tokens") or {}).values()}
    return render("requests.html", entries=entries, checks=checks, pasted=None, token="")


@action("/requests/decode")
def decode_token():
    token = request.form.get("token", "").strip()
    return render("requests.html", entries=current_org().requests.recent(SHOWN), checks={},
                  pasted=_check(token) if token else None, token=token)


@action("/requests/clear")
def clear_requests():
    current_org().requests.clear()
    return done("Request log emptied.", requests)


section("Requests", requests, place=50)
