"""Console section: authorization servers and their signing keys, rotated as
Okta's keyRotate does (Org.rotate_keys, which the Management API calls too)."""

from __future__ import annotations

from flask import request

from mock_okta.errors import ApiError
from mock_okta.kit.console import action, done, page, render, section
from mock_okta.org import current_org


def _servers():
    org = current_org()
    return [org.org_server, *org.servers.values()]


@page("/servers")
def servers():
    return render("servers.html", servers=_servers(), org_url=current_org().url())


@action("/servers/rotate")
def rotate_keys():
    org = current_org()
    server_id = request.form.get("server", "")
    server = org.server(server_id)
    if server is None:
        raise ApiError.not_found(server_id, "AuthorizationServer")
    keys = org.rotate_keys(server)
    active = next(key.kid for key in keys if key.status == "ACTIVE")
    return done(f"Rotated the keys of {server.name}: {active} signs now.", servers)


section("Authorization servers", servers, place=40)
