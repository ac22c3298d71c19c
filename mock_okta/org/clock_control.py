"""How the org's clock may move (the rule behind `POST /_mock/clock` and the
console's clock form): one of `{"advanceSeconds": N}` (forward only), `{"set":
"2030-01-01T00:00:00Z"}` (not before the real time) or `{"real": true}`."""

from __future__ import annotations

import time

from mock_okta.clock import parse_iso
from mock_okta.errors import ValidationFailed

MAX_SECONDS = 10 * 365 * 24 * 3600   # ten years either way is plenty for a test
MOVES = ("advanceSeconds", "set", "real")


def next_offset(current: float, body: dict) -> float:
    """The clock offset after the move `body` asks for; raises ValidationFailed."""
    if len(body) != 1 or next(iter(body)) not in MOVES:
        raise ValidationFailed("clock", ["clock: send exactly one of advanceSeconds, set, real"])
    if "advanceSeconds" in body:
        step = body["advanceSeconds"]
        if isinstance(step, bool) or not isinstance(step, int | float) or not 0 < step <= MAX_SECONDS:
            raise ValidationFailed("advanceSeconds", [
                f"advanceSeconds: must be a number of seconds from 1 to {MAX_SECONDS}"])
        return current + step
    if "set" in body:
        return _offset_for(body["set"])
    if body["real"] is not True:
        raise ValidationFailed("real", ["real: must be true"])
    return 0.0


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
