"""Console section: the outbox, the mail the org has sent (directory/outbox.py)."""

from __future__ import annotations

from flask import request

from mock_okta.directory import outbox as mail
from mock_okta.kit.console import action, done, page, render, section
from mock_okta.org import current_org


@page("/outbox")
def outbox():
    to = request.args.get("to", "").strip()
    return render("outbox.html", messages=mail.list(current_org().store, to=to or None), to=to)


@action("/outbox/clear")
def clear_outbox():
    removed = mail.clear(current_org().store)
    return done(f"Removed {removed} message(s).", outbox)


section("Outbox", outbox, place=60)
