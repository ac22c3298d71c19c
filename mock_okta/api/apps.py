"""Apps API for OIDC apps: /api/v1/apps (create, list, get, PUT, lifecycle, delete)."""

from __future__ import annotations

import re

from flask import jsonify, request

from mock_okta.api import bp, query_flag, require_api_token
from mock_okta.api.paging import collection, parse_limit
from mock_okta.directory.app_spec import APP_NAME, app_json, parse_app
from mock_okta.directory.apps import (
    StoredApp,
    create_app,
    delete_app,
    get_app,
    list_apps,
    set_app_status,
    update_app,
)
from mock_okta.errors import ApiError
from mock_okta.org import current_org
from mock_okta.web.request_body import json_object

_FILTER = re.compile(r'^\s*(status|name)\s+eq\s+"([^"]*)"\s*$')


def _app_json(app: StoredApp) -> dict:
    return app_json(app.client, created=app.created, last_updated=app.last_updated,
                    org_url=current_org().url(), consent_method=app.consent_method)


def _app_or_404(app_id: str) -> StoredApp:
    app = get_app(current_org().store, app_id)
    if app is None:
        raise ApiError.not_found(app_id, "AppInstance")
    return app


@bp.post("/apps")
@require_api_token
def create_application():
    activate = query_flag("activate", True)
    app = create_app(current_org().store, parse_app(json_object()), activate=activate)
    return jsonify(_app_json(app))  # Okta answers a create with 200


@bp.get("/apps")
@require_api_token
def list_applications():
    limit = parse_limit(20, 200)
    status, name = None, None
    raw_filter = request.args.get("filter")
    if raw_filter is not None:
        match = _FILTER.match(raw_filter)
        if match is None:
            raise ApiError.invalid_search()
        field, value = match.groups()
        if field == "status":
            if value not in ("ACTIVE", "INACTIVE"):
                raise ApiError.invalid_search()
            status = value
        else:
            name = value
    if name is not None and name != APP_NAME:
        return collection([], None)  # only OIDC apps live here
    apps = list_apps(current_org().store, limit=limit + 1, after=request.args.get("after"),
                     q=request.args.get("q") or None, status=status)
    page = apps[:limit]
    next_cursor = page[-1].client.client_id if len(apps) > limit else None
    return collection([_app_json(app) for app in page], next_cursor)


@bp.get("/apps/<app_id>")
@require_api_token
def get_application(app_id):
    return jsonify(_app_json(_app_or_404(app_id)))


@bp.put("/apps/<app_id>")
@require_api_token
def update_application(app_id):
    """Okta's PUT replaces the whole app: every property must be sent."""
    app = _app_or_404(app_id)
    spec = parse_app(json_object(), existing_type=app.client.application_type)
    if spec.client_id not in (None, app_id):
        raise ApiError.validation("client_id", ["client_id: The client_id cannot be changed"])
    return jsonify(_app_json(update_app(current_org().store, app, spec)))


@bp.post("/apps/<app_id>/lifecycle/activate")
@require_api_token
def activate_application(app_id):
    _app_or_404(app_id)
    set_app_status(current_org().store, app_id, "ACTIVE")
    return jsonify({})


@bp.post("/apps/<app_id>/lifecycle/deactivate")
@require_api_token
def deactivate_application(app_id):
    _app_or_404(app_id)
    set_app_status(current_org().store, app_id, "INACTIVE")
    return jsonify({})


@bp.delete("/apps/<app_id>")
@require_api_token
def delete_application(app_id):
    app = _app_or_404(app_id)
    if app.client.status == "ACTIVE":
        raise ApiError.delete_application_forbidden()
    delete_app(current_org().store, app_id)
    return "", 204
