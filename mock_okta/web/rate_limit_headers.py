"""Okta's rate-limit headers, which its SDKs read to back off."""

from __future__ import annotations

from flask import Response


def set_rate_limit_headers(response: Response, limit: int, remaining: int, reset: int) -> Response:
    """`reset` is epoch seconds on the org's clock, when the window opens again."""
    response.headers["X-Rate-Limit-Limit"] = str(limit)
    response.headers["X-Rate-Limit-Remaining"] = str(remaining)
    response.headers["X-Rate-Limit-Reset"] = str(reset)
    return response
