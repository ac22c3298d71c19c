"""The kit's own control, not Okta's: the local outbox under `/_mock/`.

`GET /_mock/outbox` (HTML), `GET /_mock/outbox.json[?to=address]` (a JSON array,
newest first) and `DELETE /_mock/outbox` (empty it, 204).
"""

from __future__ import annotations

from flask import jsonify, render_template, request

from mock_okta.directory import outbox as mail
from mock_okta.kit import bp
from mock_okta.org import current_org
from mock_okta.web.caching import no_store


@bp.get("/outbox")
def outbox_page():
    messages = mail.list(current_org().store, to=request.args.get("to") or None)
    return render_template("outbox.html", messages=messages)


@bp.get("/outbox.json")
def outbox_json():
    messages = mail.list(current_org().store, to=request.args.get("to") or None)
    return jsonify([message.as_json() for message in messages])


@bp.delete("/outbox")
def outbox_clear():
    mail.clear(current_org().store)
    return "", 204


@bp.after_request
def never_cached(response):
    # Reset and activation links are secrets: never keep them in a cache.
    return no_store(response)
