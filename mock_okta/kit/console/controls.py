"""Console section: the kit's controls. The org's clock (shown, moved), faults and
forgeries (armed, cleared), and a reset; the same calls as /_mock/clock,
/_mock/faults, /_mock/forgeries and /_mock/reset."""

from __future__ import annotations

from flask import request

from mock_okta.clock import iso, now
from mock_okta.kit.clock import move_clock
from mock_okta.kit.console import action, done, page, render, section
from mock_okta.org import current_org
from mock_okta.org.faults import ENDPOINTS, KINDS
from mock_okta.org.forgeries import JWKS_KIND, TOKEN_KINDS, TOKENS

_WHOLE = {"count", "status", "delay_ms", "advanceSeconds"}


def _body(names: tuple[str, ...]) -> dict:
    """The form's filled fields as a control API body: whole numbers as numbers
    (anything else stays text, for the control's own validation to refuse)."""
    body = {}
    for name in names:
        value = request.form.get(name, "").strip()
        if value:
            body[name] = int(value) if name in _WHOLE and value.isdigit() else value
    return body


@page("/controls")
def controls():
    org = current_org()
    return render("controls.html", now=iso(now()), offset=round(org.clock_offset),
                  faults=org.faults.list(), forgeries=org.forgeries.list(),
                  fault_endpoints=ENDPOINTS, fault_kinds=KINDS,
                  forgery_kinds=(*TOKEN_KINDS, JWKS_KIND), token_kinds=TOKENS)


@action("/clock")
def move_the_clock():
    move = request.form.get("move", "")
    if move == "real":
        move_clock({"real": True})
    elif move == "set":
        move_clock(_body(("set",)) or {"set": ""})
    else:
        move_clock(_body(("advanceSeconds",)) or {"advanceSeconds": ""})
    return done(f"The org's clock reads {iso(now())}.", controls)


@action("/faults")
def arm_fault():
    fault = current_org().faults.arm(
        _body(("endpoint", "kind", "status", "count", "error", "description", "delay_ms")))
    return done(f"Armed fault {fault.id} at {fault.endpoint}.", controls)


@action("/faults/clear")
def clear_faults():
    current_org().faults.clear()
    return done("Faults cleared.", controls)


@action("/forgeries")
def arm_forgery():
    forgery = current_org().forgeries.arm(
        _body(("kind", "clientId", "token", "claim", "count", "server")))
    return done(f"Armed forgery {forgery.id} ({forgery.kind}).", controls)


@action("/forgeries/clear")
def clear_forgeries():
    current_org().forgeries.clear()
    return done("Forgeries cleared.", controls)


@action("/reset")
def reset_org():
    current_org().reset()
    return done("The org is back to its seeded state.", controls)


section("Controls", controls, place=90)
