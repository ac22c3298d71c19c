"""Factors API: `/api/v1/users/{userId}/factors…` (list, catalog, questions, enrol,
get, activate, resend, verify, delete) and the TOTP QR image; `reset_factors` is
with the other lifecycle operations (api/lifecycle.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, jsonify, request

from mock_okta.api import bp, query_flag, require_api_token, user_or_404
from mock_okta.clock import iso
from mock_okta.directory import factors as core
from mock_okta.directory.factor_catalog import KINDS
from mock_okta.directory.factor_json import (
    catalog_json,
    factor_json,
    factors_url,
    link,
    questions_json,
)
from mock_okta.directory.passcodes import SENT_CODE_LIFETIME
from mock_okta.errors import ApiError
from mock_okta.org import current_org
from mock_okta.web.request_body import json_object


def _factor_or_404(user_id: str, factor_id: str) -> core.Factor:
    factor = core.get_factor(current_org().store, user_id, factor_id)
    if factor is None:
        raise ApiError.not_found(factor_id, "UserFactor")
    return factor


def _code_lifetime() -> int:
    """`tokenLifetimeSeconds`: 1 to 86400, Okta's default 300."""
    raw = request.args.get("tokenLifetimeSeconds")
    if raw is None:
        return SENT_CODE_LIFETIME
    if not raw.isdigit() or not 1 <= int(raw) <= 86400:
        raise ApiError.validation("tokenLifetimeSeconds", [
            "tokenLifetimeSeconds: must be a number of seconds from 1 to 86400"])
    return int(raw)


def _body_or_empty() -> dict:
    return json_object() if request.get_data(cache=True).strip() else {}


@bp.get("/users/<user_id>/factors")
@require_api_token
def list_factors(user_id):
    user = user_or_404(user_id)
    org = current_org()
    return jsonify([factor_json(f, org.url()) for f in core.list_factors(org.store, user.id)])


@bp.get("/users/<user_id>/factors/catalog")
@require_api_token
def list_supported_factors(user_id):
    user = user_or_404(user_id)
    org = current_org()
    return jsonify(catalog_json(KINDS, core.list_factors(org.store, user.id), org.url(),
                                user.id))


@bp.get("/users/<user_id>/factors/questions")
@require_api_token
def list_supported_security_questions(user_id):
    user_or_404(user_id)
    return jsonify(questions_json())


@bp.post("/users/<user_id>/factors")
@require_api_token
def enroll_factor(user_id):
    activate = query_flag("activate", False)
    query_flag("updatePhone", False)
    lifetime = _code_lifetime()
    user = user_or_404(user_id)
    body = json_object()
    org = current_org()
    factor = core.enroll(org.store, user, body.get("factorType"), body.get("provider"),
                         body.get("profile"), activate=activate, code_lifetime=lifetime,
                         hash_iterations=org.settings.password_hash_iterations)
    return jsonify(factor_json(factor, org.url()))  # Okta answers 200, not 201


@bp.get("/users/<user_id>/factors/<factor_id>")
@require_api_token
def get_factor(user_id, factor_id):
    user = user_or_404(user_id)
    return jsonify(factor_json(_factor_or_404(user.id, factor_id), current_org().url()))


@bp.delete("/users/<user_id>/factors/<factor_id>")
@require_api_token
def unenroll_factor(user_id, factor_id):
    query_flag("removeRecoveryEnrollment", False)
    user = user_or_404(user_id)
    core.delete(current_org().store, _factor_or_404(user.id, factor_id))
    return "", 204


@bp.post("/users/<user_id>/factors/<factor_id>/lifecycle/activate")
@require_api_token
def activate_factor(user_id, factor_id):
    user = user_or_404(user_id)
    factor = _factor_or_404(user.id, factor_id)
    body = _body_or_empty()
    org = current_org()
    return jsonify(factor_json(core.activate(org.store, factor, body.get("passCode")),
                               org.url()))


@bp.post("/users/<user_id>/factors/<factor_id>/resend")
@require_api_token
def resend_enroll_factor(user_id, factor_id):
    user = user_or_404(user_id)
    factor = _factor_or_404(user.id, factor_id)
    _body_or_empty()
    if factor.factor_type not in core.RESEND_WAIT or factor.status != "PENDING_ACTIVATION":
        raise ApiError.validation("factor", ["factor: Only a pending SMS or email factor can "
                                             "be sent its code again."])
    org = current_org()
    core.send_code(org.store, user, factor, _code_lifetime())
    return jsonify(factor_json(factor, org.url()))


@bp.post("/users/<user_id>/factors/<factor_id>/verify")
@require_api_token
def verify_factor(user_id, factor_id):
    """A code or answer → SUCCESS; an SMS or email factor without one is sent a
    code and answers CHALLENGE."""
    lifetime = _code_lifetime()
    user = user_or_404(user_id)
    factor = _factor_or_404(user.id, factor_id)
    body = _body_or_empty()
    org = current_org()
    if factor.factor_type in core.RESEND_WAIT and body.get("passCode") is None:
        if factor.status != "ACTIVE":
            core.verify(org.store, factor)  # FactorWrongStatus
        expires = core.send_code(org.store, user, factor, lifetime)
        base = f"{factors_url(org.url(), user.id)}/{factor.id}"
        answer = {"factorResult": "CHALLENGE", "expiresAt": iso(expires),
                  "_links": {"verify": link(f"{base}/verify", "POST"),
                             "factor": link(base, "GET", "DELETE")}}
        if factor.factor_type == "sms":
            answer["profile"] = {"phoneNumber": factor.profile["phoneNumber"]}
        return jsonify(answer)
    core.verify(org.store, factor, passcode=body.get("passCode"), answer=body.get("answer"))
    return jsonify({"factorResult": "SUCCESS"})


@bp.get("/users/<user_id>/factors/<factor_id>/qr/<token>")
def get_factor_qr_code(user_id, factor_id, token):
    """The QR image of a pending TOTP factor: fetched by the browser mid-enrolment,
    without an API token, so only its unguessable path token lets it out."""
    org = current_org()
    png = core.qr_code(org.store, user_id, factor_id, token, urlsplit(org.url()).hostname)
    if png is None:
        raise ApiError.not_found(factor_id, "UserFactor")
    return Response(png, mimetype="image/png", headers={"Cache-Control": "no-store"})

