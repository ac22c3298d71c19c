"""Sessions API: turn a sessionToken into an org session, and manage sessions.

`/sessions/me` works with the browser's `sid` cookie alone, as in Okta; the
other calls need the API token. A session's id is its `sid` cookie value.
"""

from __future__ import annotations

from flask import jsonify, request

from mock_okta.api import bp, query_flag, require_api_token, user_or_404
from mock_okta.clock import iso
from mock_okta.directory import sessions as core
from mock_okta.directory.factors import active_factors
from mock_okta.errors import ApiError
from mock_okta.org import current_org
from mock_okta.web.cookies import session_id_from_request
from mock_okta.web.request_body import json_object


def _session_json(info) -> dict:
    org = current_org()
    base = f"{org.url()}/api/v1/sessions/{info.id}"
    return {
        "id": info.id, "userId": info.user.id, "login": info.user.login,
        "createdAt": iso(info.created), "expiresAt": iso(info.expires), "status": "ACTIVE",
        "lastPasswordVerification": iso(info.auth_time),
        # A second factor is verified in the same sign-in as the password.
        "lastFactorVerification": iso(info.auth_time) if "mfa" in info.amr else None,
        "amr": info.amr, "idp": {"id": org.org_id, "type": "OKTA"},
        "mfaActive": bool(active_factors(org.store, info.user.id)),
        "_links": {
            "self": {"href": base, "hints": {"allow": ["GET", "DELETE"]}},
            "refresh": {"href": f"{base}/lifecycle/refresh", "hints": {"allow": ["POST"]}},
            "user": {"name": info.user.profile.get("firstName") or info.user.login,
                     "href": f"{org.url()}/api/v1/users/{info.user.id}",
                     "hints": {"allow": ["GET"]}},
        },
    }


def _session_or_404(session_id: str):
    info = core.describe_session(current_org().store, session_id)
    if info is None:
        raise ApiError.not_found(session_id, "Session")
    return info


def _cookie_session():
    info = core.describe_session(current_org().store, session_id_from_request())
    if info is None:
        raise ApiError.not_found("me", "Session")
    return info


@bp.post("/sessions")
def create_session():
    token = json_object().get("sessionToken")
    store = current_org().store
    redeemed = core.redeem_session_token(store, token) if isinstance(token, str) else None
    if redeemed is None:
        raise ApiError.authentication_failed()
    user, auth_time, amr = redeemed
    session_id, _ = core.start_session(store, user, auth_time=auth_time, amr=amr)
    return jsonify(_session_json(core.describe_session(store, session_id)))


@bp.get("/sessions/me")
def get_current_session():
    return jsonify(_session_json(_cookie_session()))


@bp.delete("/sessions/me")
def close_current_session():
    core.end_session(current_org().store, _cookie_session().id)
    return "", 204


@bp.post("/sessions/me/lifecycle/refresh")
def refresh_current_session():
    info = _cookie_session()
    core.refresh_session(current_org().store, info.id)
    return jsonify(_session_json(core.describe_session(current_org().store, info.id)))


@bp.get("/sessions/<session_id>")
@require_api_token
def get_session(session_id):
    return jsonify(_session_json(_session_or_404(session_id)))


@bp.post("/sessions/<session_id>/lifecycle/refresh")
@require_api_token
def refresh_session(session_id):
    _session_or_404(session_id)
    core.refresh_session(current_org().store, session_id)
    if request.headers.get("Prefer") == "return=minimal":
        return "", 204
    return jsonify(_session_json(_session_or_404(session_id)))


@bp.delete("/sessions/<session_id>")
@require_api_token
def revoke_session(session_id):
    core.end_session(current_org().store, _session_or_404(session_id).id)
    return "", 204


@bp.delete("/users/<user_id>/sessions")
@require_api_token
def revoke_user_sessions(user_id):
    """Okta's revokeUserSessions: every org session of the user; `oauthTokens=true`
    revokes its tokens too."""
    oauth_tokens = query_flag("oauthTokens", False)
    core.clear_user_sessions(current_org().store, user_or_404(user_id).id,
                             oauth_tokens=oauth_tokens)
    return "", 204
