"""The org's clock: `GET /_mock/clock`, and `POST /_mock/clock` with one of
`{"advanceSeconds": N}` (forward only), `{"set": "2030-01-01T00:00:00Z"}` (not
before the real time) or `{"real": true}` (org/clock_control.py holds the rule).
A reset brings back the real time. Everything the org dates follows it: token
iat/exp, codes, sessionTokens, org sessions, lockout and rate-limit windows,
password expiry and mailed links."""

from __future__ import annotations

from flask import jsonify

from mock_okta.clock import iso, now, use_offset
from mock_okta.kit import bp
from mock_okta.org import current_org
from mock_okta.org.clock_control import next_offset
from mock_okta.web.request_body import json_object


@bp.get("/clock")
def get_clock():
    return _answer()


@bp.post("/clock")
def set_clock():
    move_clock(json_object())
    return _answer()


def move_clock(body: dict) -> None:
    """Move the org's clock as `body` asks (the console's form calls this too)."""
    org = current_org()
    org.move_clock(next_offset(org.clock_offset, body))
    use_offset(org.clock_offset)


def _answer():
    org = current_org()
    return jsonify({"now": iso(now()), "offsetSeconds": round(org.clock_offset, 3)})
