"""Fault injection over HTTP: `POST /_mock/faults` arms one (see org/faults.py),
`GET` lists those still armed, `DELETE` disarms them all; a reset does too.

Armed faults are played before any view runs, so a fault at /v1/keys or
discovery also bypasses the document cache (create_app wires that)."""

from __future__ import annotations

import math
import time

from flask import Response, jsonify, request

from mock_okta.clock import now
from mock_okta.errors import ApiError, BrowserError
from mock_okta.kit import bp
from mock_okta.org import current_org
from mock_okta.web.errors import okta_response
from mock_okta.web.rate_limit_headers import set_rate_limit_headers
from mock_okta.web.request_body import json_object

_BROWSER_ENDPOINTS = ("/v1/authorize", "/v1/logout")


@bp.post("/faults")
def arm_fault():
    fault = current_org().faults.arm(json_object())
    return jsonify(fault.as_json()), 201


@bp.get("/faults")
def list_faults():
    return jsonify([fault.as_json() for fault in current_org().faults.list()])


@bp.delete("/faults")
def disarm_faults():
    current_org().faults.clear()
    return "", 204


@bp.before_app_request
def play_fault():
    faults = current_org().faults
    if not faults.armed:  # the hot path: one attribute read
        return None
    fault = faults.take_for(request.path, request.method)
    if fault is None:
        return None
    if fault.kind == "delay":
        time.sleep(fault.delay_ms / 1000)
        return None
    if fault.kind == "malformed_json":
        return Response('{"error": "tempor', fault.status, mimetype="application/json")
    if fault.kind == "drop":
        # Headers and a first byte go out, then the server drops the connection.
        return Response(_dropped(), 200, mimetype="application/json",
                        headers={"Content-Length": "64"})
    if fault.kind == "oauth_error":
        raise fault.oauth_error()
    if request.path.endswith(_BROWSER_ENDPOINTS):  # a browser is there: an error page
        raise BrowserError.injected(fault.status)
    return _okta_error(fault.status)


def _dropped():
    yield b"{"
    raise ConnectionAbortedError("mock-okta fault: connection dropped on purpose")


def _okta_error(status: int) -> Response:
    response = okta_response(ApiError.for_status(status))
    if status == 429:  # a window that opens again in a minute, on the org's clock
        set_rate_limit_headers(response, 0, 0, math.ceil(now()) + 60)
    return response
