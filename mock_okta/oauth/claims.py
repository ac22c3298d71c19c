"""Pure functions: users and scopes in, Okta-shaped claims and JSON out."""

from __future__ import annotations

import secrets

from authlib.oidc.core.util import create_half_hash

from mock_okta.config import DEFAULT_ACCESS_TOKEN_LIFETIME, ID_TOKEN_LIFETIME
from mock_okta.directory.users import User
from mock_okta.org.keys import ALGORITHM


def token_id(prefix: str) -> str:
    """`ID.` / `AT.` followed by 43 URL-safe characters, as Okta's jti values."""
    return prefix + secrets.token_urlsafe(32)


def display_name(user: User) -> str:
    parts = (user.profile.get("firstName"), user.profile.get("lastName"))
    return " ".join(part for part in parts if part)


def id_token_claims(
    user: User, *, issuer: str, client_id: str, scopes: list[str], issued_at: int,
    auth_time: int, amr: list[str], idp: str, nonce: str | None = None,
    access_token: str | None = None, code: str | None = None, fat: bool = False,
    groups: list[str] | None = None,
) -> dict:
    """Okta's ID token. "Thin" (only name, preferred_username, email beyond the
    base claims) unless `fat`: only `response_type=id_token` gets every scope
    claim. `at_hash` and `c_hash` bind the access token and code issued beside it."""
    claims = {
        "sub": user.id, "ver": 1, "iss": issuer, "aud": client_id,
        "iat": issued_at, "exp": issued_at + ID_TOKEN_LIFETIME,
        "jti": token_id("ID."), "amr": amr, "idp": idp, "auth_time": auth_time,
    }
    if nonce:
        claims["nonce"] = nonce
    if access_token is not None:
        claims["at_hash"] = create_half_hash(access_token, ALGORITHM).decode()
    if code is not None:
        claims["c_hash"] = create_half_hash(code, ALGORITHM).decode()
    if "groups" in scopes and groups is not None:
        claims["groups"] = groups  # the org server's groups scope: names, thin or fat
    if fat:
        claims.update({k: v for k, v in userinfo_claims(user, scopes).items() if k != "sub"})
        return claims
    if "profile" in scopes:
        claims["name"] = display_name(user)
        claims["preferred_username"] = user.login
    if "email" in scopes and user.profile.get("email"):
        claims["email"] = user.profile["email"]
    return claims


def access_token_claims(
    user: User, *, issuer: str, audience: str, client_id: str, scopes: list[str],
    issued_at: int, auth_time: int, lifetime: int = DEFAULT_ACCESS_TOKEN_LIFETIME,
) -> dict:
    return {
        "ver": 1, "jti": token_id("AT."), "iss": issuer, "aud": audience,
        "iat": issued_at, "exp": issued_at + lifetime, "cid": client_id,
        "uid": user.id, "scp": list(scopes), "auth_time": auth_time, "sub": user.login,
    }


def userinfo_claims(user: User, scopes: list[str], groups: list[str] | None = None) -> dict:
    """Claims /userinfo returns for the granted scopes (values that exist only)."""
    profile = user.profile
    claims: dict = {"sub": user.id}
    if "groups" in scopes and groups is not None:
        claims["groups"] = groups
    if "profile" in scopes:
        candidates = {
            "name": display_name(user) or None,
            "nickname": profile.get("nickName"),
            "given_name": profile.get("firstName"),
            "middle_name": profile.get("middleName"),
            "family_name": profile.get("lastName"),
            "preferred_username": user.login,
            "profile": profile.get("profileUrl"),
            "zoneinfo": profile.get("timezone"),
            "locale": (profile.get("locale") or "en_US").replace("_", "-"),
            "updated_at": int(user.last_updated),
        }
        claims.update({k: v for k, v in candidates.items() if v is not None})
    if "email" in scopes and profile.get("email"):
        claims["email"] = profile["email"]
        claims["email_verified"] = user.status == "ACTIVE"
    return claims
