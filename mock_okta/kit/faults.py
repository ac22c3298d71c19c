"""Fault injection over HTTP: `POST /_mock/faults` arms one (see org/faults.py),
`GET` lists those still armed, `DELETE` disarms them all; a reset does too.

Armed faults are played before any view runs, so a fault at /v1/keys or
discovery also bypasses the document cache (create_app wires that)."""

from __future__ import annotations

import math
import time

from flask import Response, jsonify, request

from mock_okta.directory.users import ValidationFailed
from mock_okta.errors import ApiError, BrowserError, OAuthError
from mock_okta.kit import bp
from mock_okta.org import current_org
from mock_okta.web.errors import api_error_response
from mock_okta.web.request_body import json_object

_BROWSER_ENDPOINTS = ("/v1/authorize", "/v1/logout")
# Okta's code and summary for an HTTP status a fault asks for (5xx: E0000009).
_CODES = {400: ("E0000002", "The request was not valid: injected failure (mock-okta fault)"),
          401: ("E0000011", "Invalid token provided"),
          403: ("E0000006", "You do not have permission to perform the requested action"),
          404: ("E0000008", "The requested path was not found"),
          405: ("E0000022", "The endpoint does not support the provided HTTP method"),
          429: ("E0000047", "API call exceeded rate limit due to too many requests.")}


@bp.post("/faults")
def arm_fault():
    try:
        fault = current_org().faults.arm(json_object())
    except ValidationFailed as error:  # until the one error table maps domain errors
        raise ApiError.validation(error.field, error.causes) from None
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
    fault = faults.take(request.path, request.method)
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
        raise OAuthError(fault.error, fault.description, status=fault.status)
    if request.path.endswith(_BROWSER_ENDPOINTS):  # a browser is there: an error page
        raise BrowserError("server_error" if fault.status >= 500 else "invalid_request",
                           "Injected failure (mock-okta fault).", status=fault.status)
    return _okta_error(fault.status)


def _dropped():
    yield b"{"
    raise ConnectionAbortedError("mock-okta fault: connection dropped on purpose")


def _okta_error(status: int) -> Response:
    code, summary = _CODES.get(status, ("E0000009", "Internal Server Error") if status >= 500
                               else _CODES[400])
    response = api_error_response(ApiError(status, code, summary))
    if status == 429:  # what Okta's SDKs read to back off
        response.headers["X-Rate-Limit-Limit"] = "0"
        response.headers["X-Rate-Limit-Remaining"] = "0"
        response.headers["X-Rate-Limit-Reset"] = str(math.ceil(time.time()) + 60)
    return response
