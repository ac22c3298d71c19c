"""A request's JSON body, checked once for every view that takes one."""

from __future__ import annotations

import json

from flask import request

from mock_okta.errors import ApiError


def json_object() -> dict:
    """The request's JSON object, or Okta's E0000003 for anything else."""
    body = request.get_json(silent=True, force=True)
    if not isinstance(body, dict) or not _is_utf8(body):
        raise ApiError.malformed_body()
    return body


def _is_utf8(body: dict) -> bool:
    """JSON may carry lone surrogates (`"\\ud800"`) that no UTF-8 store can hold."""
    try:
        json.dumps(body, ensure_ascii=False).encode()
    except UnicodeEncodeError:
        return False
    return True
