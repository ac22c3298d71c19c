"""Okta's collection conventions: `limit`, `after` and `Link` headers."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import jsonify, request

from mock_okta.errors import ApiError
from mock_okta.org import current_org


def parse_limit(default: int, maximum: int) -> int:
    """`limit`: a whole number from 1; values above the maximum are capped, as Okta does."""
    raw = request.args.get("limit")
    if raw is None or raw == "":
        return default
    try:  # a probe, not a conversion: int() is the parser, ValueError means "not a number"
        limit = int(raw)
    except ValueError:
        limit = 0
    if limit < 1:
        raise ApiError.validation("limit", ["limit: The value must be a positive integer"])
    return min(limit, maximum)


def collection(items: list, next_cursor: str | None):
    """A JSON array with `Link: <…>; rel="self"` and, only when more exist, `rel="next"`."""
    response = jsonify(items)
    base = current_org().url() + request.path
    # Re-encoded (as Okta does: `filter=status+eq+%22ACTIVE%22`), so a header stays ASCII.
    query = urlencode(list(request.args.items(multi=True)))
    response.headers.add("Link", f'<{base}{"?" + query if query else ""}>; rel="self"')
    if next_cursor is not None:
        params = [("after", next_cursor)] + [
            (key, value) for key, value in request.args.items(multi=True) if key != "after"]
        response.headers.add("Link", f'<{base}?{urlencode(params)}>; rel="next"')
    return response
