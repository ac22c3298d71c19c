"""Forged tokens over HTTP: `POST /_mock/forgeries` arms one (org/forgeries.py
lists the kinds), `GET` lists those still armed, `DELETE` disarms them all; a
reset does too. A token forgery changes the next token answers for one client
(`clientId`, `token`: id_token or access_token); `jwks_without_signing_key`
changes the next key sets of one authorization server (`server`, or `org`)."""

from __future__ import annotations

from flask import jsonify

from mock_okta.kit import bp
from mock_okta.org import current_org
from mock_okta.web.request_body import json_object


@bp.post("/forgeries")
def arm_forgery():
    forgery = current_org().forgeries.arm(json_object())
    return jsonify(forgery.as_json()), 201


@bp.get("/forgeries")
def list_forgeries():
    return jsonify([forgery.as_json() for forgery in current_org().forgeries.list()])


@bp.delete("/forgeries")
def disarm_forgeries():
    current_org().forgeries.clear()
    return "", 204
