"""Forging a token the relying party must refuse (/_mock/forgeries).

Each forgery starts from the genuine token and changes exactly one thing, so a
test learns which check its app is missing. Signed forgeries are signed with
the server's real key (only the one thing is wrong); `hs256_public_key` is the
classic algorithm confusion: HMAC-SHA256 keyed with the public key's PEM.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import jwt
from cryptography.hazmat.primitives import serialization

from mock_okta.clock import now
from mock_okta.org.keys import ALGORITHM, SigningKey

HOUR = 3600


def forge(token: str, kind: str, key: SigningKey, *, claim: str | None = None) -> str:
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    if kind == "bad_signature":
        body, _, signature = token.rpartition(".")
        raw = bytearray(_unb64(signature))
        raw[0] ^= 0xFF
        return f"{body}.{_b64(bytes(raw))}"
    if kind == "unknown_kid":
        return _sign(claims, {**header, "kid": "mock-okta-unknown-kid"}, key)
    if kind == "alg_none":
        return _encode({**header, "alg": "none"}, claims) + "."
    if kind == "hs256_public_key":
        public = key.public_key.public_bytes(serialization.Encoding.PEM,
                                             serialization.PublicFormat.SubjectPublicKeyInfo)
        signing_input = _encode({**header, "alg": "HS256"}, claims)
        mac = hmac.new(public, signing_input.encode(), hashlib.sha256).digest()
        return f"{signing_input}.{_b64(mac)}"
    return _sign(_changed_claims(dict(claims), kind, claim), header, key)


def _changed_claims(claims: dict, kind: str, claim: str | None) -> dict:
    issued = int(now())
    if kind == "wrong_iss":
        claims["iss"] = f"{claims.get('iss', '')}/not-this-issuer"
    elif kind == "wrong_aud":
        claims["aud"] = "mock-okta-another-audience"
    elif kind == "expired":
        claims["iat"], claims["exp"] = issued - 2 * HOUR, issued - HOUR
    elif kind == "iat_future":
        claims["iat"], claims["exp"] = issued + HOUR, issued + 2 * HOUR
    elif kind == "nbf_future":
        claims["nbf"] = issued + HOUR
    elif kind == "missing_claim":
        claims.pop(claim or "sub", None)
    elif kind == "wrong_nonce":
        claims["nonce"] = "mock-okta-not-your-nonce"
    elif kind == "wrong_at_hash":
        claims["at_hash"] = _b64(hashlib.sha256(b"another access token").digest()[:16])
    else:
        raise ValueError(f"unknown forgery {kind!r}")
    return claims


def _sign(claims: dict, header: dict, key: SigningKey) -> str:
    extra = {k: v for k, v in header.items() if k not in ("alg", "typ")}
    if "typ" in header:
        extra["typ"] = header["typ"]
    return jwt.encode(claims, key.private_key, algorithm=ALGORITHM, headers=extra)


def _encode(header: dict, claims: dict) -> str:
    return ".".join(_b64(json.dumps(part, separators=(",", ":")).encode())
                    for part in (header, claims))


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
