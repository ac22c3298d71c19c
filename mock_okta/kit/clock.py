"""The org's clock: `GET /_mock/clock`, and `POST /_mock/clock` with one of
`{"advanceSeconds": N}` (forward only), `{"set": "2030-01-01T00:00:00Z"}` (not
before the real time) or `{"real": true}`. A reset brings back the real time.

Everything the org dates follows it: token iat/exp, codes, sessionTokens, org
sessions, lockout and rate-limit windows, password expiry and mailed links."""

from __future__ import annotations

import time

from flask import jsonify

from mock_okta.clock import iso, now, parse_iso, use_offset
from mock_okta.errors import ValidationFailed
from mock_okta.kit import bp
from mock_okta.org import current_org
from mock_okta.web.request_body import json_object

MAX_SECONDS = 10 * 365 * 24 * 3600   # ten years either way is plenty for a test


@bp.get("/clock")
def get_clock():
    return _answer()


@bp.post("/clock")
def set_clock():
    org, body = current_org(), json_object()
    if len(body) != 1 or next(iter(body)) not in ("advanceSeconds", "set", "real"):
        raise ValidationFailed("clock", ["clock: send exactly one of advanceSeconds, set, real"])
    if "advanceSeconds" in body:
        step = body["advanceSeconds"]
        if isinstance(step, bool) or not isinstance(step, int | float) or not 0 < step <= MAX_SECONDS:
            raise ValidationFailed("advanceSeconds", [
                f"advanceSeconds: must be a number of seconds from 1 to {MAX_SECONDS}"])
        offset = org.clock_offset + step
    elif "set" in body:
        offset = _offset_for(body["set"])
    else:
        if body["real"] is not True:
            raise ValidationFailed("real", ["real: must be true"])
        offset = 0.0
    org.clock_offset = offset
    use_offset(offset)
    return _answer()


def _offset_for(value) -> float:
    target = parse_iso(value)
    if target is None:
        raise ValidationFailed("set", ["set: must be an ISO-8601 time with a zone, "
                                       "e.g. 2030-01-01T00:00:00Z"])
    offset = target - time.time()
    if not 0 <= offset <= MAX_SECONDS:
        raise ValidationFailed("set", ["set: must be from now to ten years ahead: the org's "
                                       "clock only moves forward"])
    return offset


def _answer():
    org = current_org()
    return jsonify({"now": iso(now()), "offsetSeconds": round(org.clock_offset, 3)})
