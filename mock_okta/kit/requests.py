"""Recent requests: `GET /_mock/requests[?limit=N]` (newest first, default 100,
at most 1000) and `DELETE /_mock/requests`. A reset empties the log too."""

from __future__ import annotations

from flask import jsonify, request

from mock_okta.errors import ApiError
from mock_okta.kit import bp
from mock_okta.org import current_org
from mock_okta.serving.request_log import mark_path

MAX_LIMIT = 1000


@bp.get("/requests")
def list_requests():
    raw = request.args.get("limit", "100")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise ApiError.validation("limit", [f"limit: must be a whole number from 1 to {MAX_LIMIT}"])
    return jsonify(current_org().requests.recent(int(raw)))


@bp.delete("/requests")
def clear_requests():
    current_org().requests.clear()
    return "", 204


@bp.before_app_request
def mask_tokens_in_path():
    """Activation and reset links carry their token in the path: log `{token}` instead."""
    args = request.view_args or {}
    secret = [name for name in args if "token" in name.lower()]
    if secret:
        path = request.path
        for name in secret:
            path = path.replace(str(args[name]), "{" + name + "}")
        mark_path(request.environ, path)
