"""Helpers for the factor tests: TOTP codes on the org's clock, codes from the outbox."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import jwt
import pyotp

from tests.mock_okta.support import (
    REDIRECT_URI,
    Pkce,
    authorize_params,
    basic_auth,
    redirect_params,
)


def org_time(client) -> float:
    return time.time() + client.get("/_mock/clock").json["offsetSeconds"]


def totp_code(client, secret: str, steps: int = 0) -> str:
    """The code an authenticator app shows now on the org's clock (`steps` later)."""
    return pyotp.TOTP(secret).at(org_time(client) + 30 * steps)


def sent_code(client, to: str) -> str:
    """The code in the newest message (mail or text) to `to` in the outbox."""
    message = client.get("/_mock/outbox.json", query_string={"to": to}).json[0]
    return re.search(r"\b(\d{6})\b", message["body"]).group(1)


def path_of(href: str) -> str:
    parts = urlsplit(href)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def enroll(client, headers, user_id, factor_type, provider="OKTA", **body):
    return client.post(f"/api/v1/users/{user_id}/factors", headers=headers,
                       json={"factorType": factor_type, "provider": provider, **body})


def active_totp(client, headers, user_id, provider="GOOGLE") -> tuple[dict, str, str]:
    """An ACTIVE TOTP factor, its secret, and the (now spent) code that activated it."""
    factor = enroll(client, headers, user_id, "token:software:totp", provider).json
    secret = factor["_embedded"]["activation"]["sharedSecret"]
    code = totp_code(client, secret)
    response = client.post(path_of(factor["_links"]["activate"]["href"]), headers=headers,
                           json={"passCode": code})
    assert response.status_code == 200, response.json
    return response.json, secret, code


REQUIRE_FACTOR = {"name": "Require a factor", "actions": {"signon": {
    "access": "ALLOW", "requireFactor": True, "factorPromptMode": "ALWAYS"}}}


def require_mfa(client, headers, *, groups: list[str] | None = None, **conditions) -> dict:
    """An OKTA_SIGN_ON policy (for everyone, or for `groups` ids) whose rule requires a factor."""
    body = {"type": "OKTA_SIGN_ON", "name": f"MFA {groups or 'everyone'}"}
    if groups:
        body["conditions"] = {"people": {"groups": {"include": groups}}}
    policy = client.post("/api/v1/policies", headers=headers, json=body).json
    rule = client.post(f"/api/v1/policies/{policy['id']}/rules", headers=headers,
                       json=REQUIRE_FACTOR)
    assert rule.status_code == 200, rule.json
    return policy


def enrollment_policy(client, headers, factors: dict[str, str], when: str = "LOGIN") -> dict:
    """An MFA_ENROLL policy: `factors` maps policy keys to NOT_ALLOWED/OPTIONAL/REQUIRED."""
    policy = client.post("/api/v1/policies", headers=headers, json={
        "type": "MFA_ENROLL", "name": "Enrolment", "settings": {"factors": {
            key: {"enroll": {"self": value}} for key, value in factors.items()}}}).json
    client.post(f"/api/v1/policies/{policy['id']}/rules", headers=headers,
                json={"name": "Enrol", "actions": {"enroll": {"self": when}}})
    return policy


def id_token_claims(client, session_token: str) -> dict:
    """Redeem a sessionToken through /authorize and /token; the ID token's claims."""
    pkce = Pkce.new()
    client.delete_cookie("sid")
    response = client.get("/oauth2/default/v1/authorize",
                          query_string=authorize_params(pkce, sessionToken=session_token))
    code = redirect_params(response)["code"]
    tokens = client.post("/oauth2/default/v1/token", headers=basic_auth(), data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI,
        "code_verifier": pkce.verifier}).json
    return jwt.decode(tokens["id_token"], options={"verify_signature": False})
