"""The System Log API: `GET /api/v1/logs` (directory/log_query.py does the work)."""

from __future__ import annotations

from flask import request

from mock_okta.api import bp, require_api_token
from mock_okta.api.paging import collection
from mock_okta.directory import log_query
from mock_okta.org import current_org


@bp.get("/logs")
@require_api_token
def list_log_events():
    query = log_query.parse_query(request.args)
    events, cursor = log_query.search(current_org().store, query)
    return collection(events, cursor)
