"""Forged tokens (/_mock/forgeries): each one fails a strict relying party's
check for exactly its reason, and the next answer is genuine again."""

from __future__ import annotations

import base64
import hashlib

import jwt
import pytest
import requests

from mock_okta.testing import OrgError


def strict_check(org, tokens: dict, token: str = "id_token", nonce: str | None = None) -> dict:
    """What a careful relying party checks: signature by a published key, RS256 only,
    issuer, audience, times, required claims, and (ID token) at_hash."""
    value = tokens[token]
    keys = jwt.PyJWKClient(f"{org.issuer()}/v1/keys", cache_jwk_set=False)
    audience = org.client.client_id if token == "id_token" else "api://default"
    claims = jwt.decode(value, keys.get_signing_key_from_jwt(value), algorithms=["RS256"],
                        issuer=org.issuer(), audience=audience,
                        options={"require": ["iss", "aud", "exp", "iat", "sub"]})
    if nonce is not None and claims.get("nonce") != nonce:
        raise jwt.InvalidTokenError("nonce mismatch")
    if token == "id_token" and "at_hash" in claims:
        digest = hashlib.sha256(tokens["access_token"].encode()).digest()[:16]
        if claims["at_hash"] != base64.urlsafe_b64encode(digest).decode().rstrip("="):
            raise jwt.InvalidTokenError("at_hash mismatch")
    return claims


@pytest.mark.parametrize("kind, token, refusal", [
    ("bad_signature", "id_token", jwt.InvalidSignatureError),
    ("bad_signature", "access_token", jwt.InvalidSignatureError),
    ("unknown_kid", "id_token", jwt.PyJWKClientError),
    ("alg_none", "id_token", jwt.InvalidAlgorithmError),
    ("hs256_public_key", "access_token", jwt.InvalidAlgorithmError),
    ("wrong_iss", "id_token", jwt.InvalidIssuerError),
    ("wrong_aud", "access_token", jwt.InvalidAudienceError),
    ("expired", "id_token", jwt.ExpiredSignatureError),
    ("iat_future", "id_token", jwt.ImmatureSignatureError),
    ("nbf_future", "access_token", jwt.ImmatureSignatureError),
    ("missing_claim", "id_token", jwt.MissingRequiredClaimError),
    ("wrong_at_hash", "id_token", jwt.InvalidTokenError),
])
def test_each_forgery_fails_a_strict_check_then_tokens_are_genuine(okta_org, kind, token,
                                                                   refusal):
    okta_org.create_user("ann@example.com")
    okta_org.forge(kind, token=token)
    forged = okta_org.sign_in("ann@example.com")
    with pytest.raises(refusal):
        strict_check(okta_org, forged, token)
    genuine = okta_org.sign_in("ann@example.com")
    assert strict_check(okta_org, genuine, token)["iss"] == okta_org.issuer()


def test_a_wrong_nonce(okta_org):
    okta_org.create_user("bo@example.com")
    okta_org.forge("wrong_nonce")
    forged = okta_org.sign_in("bo@example.com")
    claims = jwt.decode(forged["id_token"], options={"verify_signature": False})
    assert claims["nonce"] == "mock-okta-not-your-nonce"
    strict_check(okta_org, forged)  # everything else about it is genuine


def test_a_key_set_without_the_signing_key(okta_org):
    okta_org.create_user("cy@example.com")
    tokens = okta_org.sign_in("cy@example.com")
    okta_org.forge("jwks_without_signing_key", count=2)
    for _ in range(2):
        # No key with the token's kid; here the set is empty (the server has one key).
        with pytest.raises((jwt.PyJWKClientError, jwt.PyJWKSetError)):
            strict_check(okta_org, tokens)
    assert strict_check(okta_org, tokens)["sub"]


def test_only_the_named_client_gets_forgeries(okta_org):
    app = okta_org.create_app("Other", redirect_uris=["http://localhost:3000/callback"])
    other = okta_org.client_of(app)
    okta_org.create_user("di@example.com")
    okta_org.forge("wrong_aud", client=other)
    assert strict_check(okta_org, okta_org.sign_in("di@example.com"))["sub"]
    forged = okta_org.sign_in("di@example.com", client=other)
    assert jwt.decode(forged["id_token"], options={"verify_signature": False})["aud"] \
        == "mock-okta-another-audience"


def test_forgeries_are_listed_and_cleared_by_delete_and_reset(okta_org):
    okta_org.forge("expired", count=3)
    listed = requests.get(f"{okta_org.url}/_mock/forgeries", timeout=10).json()
    assert [(f["kind"], f["remaining"], f["clientId"]) for f in listed] == [
        ("expired", 3, okta_org.client.client_id)]
    assert requests.delete(f"{okta_org.url}/_mock/forgeries", timeout=10).status_code == 204
    okta_org.forge("expired")
    okta_org.reset()
    assert requests.get(f"{okta_org.url}/_mock/forgeries", timeout=10).json() == []


@pytest.mark.parametrize("body, field", [
    ({"kind": "forged"}, "kind"),
    ({"kind": "expired"}, "clientId"),
    ({"kind": "expired", "clientId": "x", "token": "refresh_token"}, "token"),
    ({"kind": "wrong_nonce", "clientId": "x", "token": "access_token"}, "token"),
    ({"kind": "expired", "clientId": "x", "claim": "sub"}, "claim"),
    ({"kind": "missing_claim", "clientId": "x", "claim": ""}, "claim"),
    ({"kind": "expired", "clientId": "x", "count": 0}, "count"),
    ({"kind": "jwks_without_signing_key", "clientId": "x"}, "kind"),
    ({"kind": "jwks_without_signing_key", "server": 5}, "server"),
    ({"kind": "expired", "clientId": "x", "colour": "red"}, "colour"),
])
def test_a_bad_forgery_is_refused_clearly(okta_org, body, field):
    response = requests.post(f"{okta_org.url}/_mock/forgeries", json=body, timeout=10)
    assert response.status_code == 400 and response.json()["errorCode"] == "E0000001"
    assert response.json()["errorSummary"] == f"Api validation failed: {field}"
    with pytest.raises(OrgError, match="E0000001"):
        okta_org._control("POST", "forgeries", expect=201, json=body)
