"""The site's clock: the one seam for "now" (token expiry, ID token checks, profile refresh).

`create_app` sets config `CLOCK` to `time.time`; a test passes its own callable, so the site's
time can move with the org's (a real org and site both follow real time).
"""

from __future__ import annotations

from flask import current_app


def now() -> int:
    return int(current_app.config["CLOCK"]())
