"""Signing keys per authorization server: persisted, published, used to sign.

Each authorization server has its own RSA key set, as in Okta. Keys live in
SQLite so tokens keep verifying across restarts; they are loaded once and
kept in memory, and the JWKS document is rendered once per change.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from .store import Store
from .timeutil import now

ALGORITHM = "RS256"


class SigningKey:
    def __init__(self, kid: str, private_key: rsa.RSAPrivateKey):
        self.kid = kid
        self.private_key = private_key
        self.public_key = private_key.public_key()

    def public_jwk(self) -> dict:
        jwk = RSAAlgorithm.to_jwk(self.public_key, as_dict=True)
        return {"kty": "RSA", "alg": ALGORITHM, "kid": self.kid, "use": "sig",
                "e": jwk["e"], "n": jwk["n"]}


def thumbprint(public_key: rsa.RSAPublicKey) -> str:
    """RFC 7638 SHA-256 thumbprint: the 43-character shape of Okta's kids."""
    jwk = RSAAlgorithm.to_jwk(public_key, as_dict=True)
    canonical = json.dumps({"e": jwk["e"], "kty": "RSA", "n": jwk["n"]},
                           separators=(",", ":"), sort_keys=True)
    raw = hashlib.sha256(canonical.encode()).digest()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


class KeyRing:
    """The key set of one authorization server."""

    def __init__(self, store: Store, server_id: str):
        self._store = store
        self._server_id = server_id
        self._lock = threading.Lock()
        self._keys: dict[str, SigningKey] | None = None
        self._active: SigningKey | None = None
        self._jwks: bytes | None = None

    def _load(self) -> None:
        if self._keys is not None:  # loaded: no lock on the hot path
            return
        with self._lock:
            if self._keys is not None:
                return
            rows = self._store.all(
                "SELECT kid, private_pem, status FROM signing_keys WHERE server_id = ?"
                " ORDER BY created", (self._server_id,))
            if not rows:
                self._create_active_key()
                rows = self._store.all(
                    "SELECT kid, private_pem, status FROM signing_keys WHERE server_id = ?",
                    (self._server_id,))
            keys = {}
            for row in rows:
                private = serialization.load_pem_private_key(row["private_pem"].encode(), None)
                keys[row["kid"]] = SigningKey(row["kid"], private)
                if row["status"] == "ACTIVE":
                    self._active = keys[row["kid"]]
            document = {"keys": [key.public_jwk() for key in keys.values()]}
            self._jwks = json.dumps(document).encode()
            self._keys = keys  # last: other threads read it without the lock

    def _create_active_key(self) -> None:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        self._store.run(
            "INSERT INTO signing_keys (kid, server_id, private_pem, status, created)"
            " VALUES (?, ?, ?, 'ACTIVE', ?)",
            (thumbprint(private.public_key()), self._server_id, pem, now()),
        )

    def jwks_json(self) -> bytes:
        self._load()
        return self._jwks

    def sign(self, claims: dict, typ: str | None = None) -> str:
        self._load()
        headers = {"kid": self._active.kid}
        if typ:
            headers["typ"] = typ
        return jwt.encode(claims, self._active.private_key, algorithm=ALGORITHM, headers=headers)

    def verify(self, token: str, *, issuer: str, audience: str | None = None,
               verify_exp: bool = True) -> dict:
        """Claims of a token this server signed; raises jwt.InvalidTokenError."""
        self._load()
        kid = jwt.get_unverified_header(token).get("kid")
        key = self._keys.get(kid) if isinstance(kid, str) else None
        if key is None:
            raise jwt.InvalidTokenError("unknown signing key")
        options = {"verify_exp": verify_exp, "verify_aud": audience is not None,
                   "require": ["iss", "exp", "iat"]}
        return jwt.decode(token, key.public_key, algorithms=[ALGORITHM], issuer=issuer,
                          audience=audience, options=options, leeway=0)
