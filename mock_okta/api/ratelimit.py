"""Okta's rate-limit headers, with real per-minute counters per endpoint bucket.

A bucket is one method + route (`GET /api/v1/users/<id_or_login>`); its window
opens at its first request and lasts a minute (not aligned to the clock, as
Okta's). Over the limit: 429 E0000047 with `X-Rate-Limit-Remaining: 0`. The
limit is the org's `Settings.rate_limit` (MOCK_OKTA_RATE_LIMIT, requests per
minute per bucket); tests may set `app.extensions["mock_okta_rate_limits"].limit`.
"""

from __future__ import annotations

import math
import threading

from flask import current_app, g, request
from werkzeug.http import http_date

from mock_okta.api import bp
from mock_okta.clock import now
from mock_okta.errors import ApiError
from mock_okta.org import current_org
from mock_okta.web.rate_limit_headers import set_rate_limit_headers

WINDOW = 60.0


class RateLimits:
    def __init__(self, limit: int, clock=now):  # the org's clock: /_mock/clock moves windows
        self.limit, self.clock = limit, clock
        self._windows: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def hit(self, bucket: str) -> tuple[int, int, int]:
        """Count one request: (limit, remaining, reset epoch seconds); remaining < 0 = over."""
        stamp = self.clock()
        with self._lock:
            start, used = self._windows.get(bucket, (stamp, 0))
            if stamp - start >= WINDOW:
                start, used = stamp, 0
            used += 1
            self._windows[bucket] = (start, used)
        return self.limit, self.limit - used, math.ceil(start + WINDOW)

    def clear(self) -> None:
        with self._lock:
            self._windows.clear()


def limits() -> RateLimits:
    extensions = current_app.extensions
    if "mock_okta_rate_limits" not in extensions:
        org = current_org()
        extensions["mock_okta_rate_limits"] = counters = RateLimits(org.settings.rate_limit)
        org.on_reset.append(counters.clear)  # a reset opens every window afresh
    return extensions["mock_okta_rate_limits"]


@bp.before_request
def _count():
    rule = request.url_rule.rule if request.url_rule else request.path
    limit, remaining, reset = limits().hit(f"{request.method} {rule}")
    g.rate_limit = (limit, max(remaining, 0), reset)
    if remaining < 0:
        raise ApiError.rate_limited()


@bp.after_request
def _headers(response):
    if "rate_limit" in g:
        limit, remaining, reset = g.rate_limit
        set_rate_limit_headers(response, limit, remaining, reset)
    # Okta's SDKs compute their back-off from Date and X-Rate-Limit-Reset.
    response.headers.setdefault("Date", http_date(now()))
    return response
