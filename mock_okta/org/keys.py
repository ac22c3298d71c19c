"""Signing keys per authorization server: persisted, published, rotated, used to sign.

Each authorization server has its own RSA key set, as in Okta. Keys live in
SQLite so tokens keep verifying across restarts; they are created on first use
(never at start-up), loaded once and kept in memory, and the JWKS document is
rendered once per change.

Statuses follow Okta's key store: one ACTIVE key signs; after the first
rotation a NEXT key is published ahead of use, and the previous ACTIVE key
stays published as EXPIRED so tokens it signed keep verifying. A rotation
retires the EXPIRED key, makes ACTIVE → EXPIRED and NEXT → ACTIVE, and
publishes a fresh NEXT.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from joserfc.jwk import RSAKey
from jwt.algorithms import RSAAlgorithm

from mock_okta.clock import iso, now
from mock_okta.directory import system_log
from mock_okta.errors import ValidationFailed
from mock_okta.storage import Store

ALGORITHM = "RS256"
# JWKS order: the signing key first (some clients take keys[0]); Okta's order is arbitrary.
_STATUS_ORDER = {"ACTIVE": 0, "NEXT": 1, "EXPIRED": 2}


class SigningKey:
    def __init__(self, kid: str, private_key: rsa.RSAPrivateKey, status: str = "ACTIVE"):
        self.kid = kid
        self.private_key = private_key
        self.public_key = private_key.public_key()
        self.status = status

    def public_jwk(self) -> dict:
        jwk = RSAAlgorithm.to_jwk(self.public_key, as_dict=True)
        return {"kty": "RSA", "alg": ALGORITHM, "kid": self.kid, "use": "sig",
                "e": jwk["e"], "n": jwk["n"]}


def thumbprint(public_key: rsa.RSAPublicKey) -> str:
    """RFC 7638 SHA-256 thumbprint: the 43-character shape of Okta's kids.
    joserfc (Authlib's JOSE library) has it, PyJWT has not; it signs nothing."""
    return RSAKey.import_key(public_key).thumbprint()


@dataclass(frozen=True)
class _Loaded:
    """One consistent view of the key set, swapped in whole on every change."""

    keys: dict[str, SigningKey]
    active: SigningKey
    jwks: bytes


def _new_key() -> tuple[str, str]:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption()).decode()
    return thumbprint(private.public_key()), pem


class KeyRing:
    """The key set of one authorization server."""

    def __init__(self, store: Store, server_id: str):
        self._store = store
        self._server_id = server_id
        self._lock = threading.Lock()
        self._loaded: _Loaded | None = None

    def _view(self) -> _Loaded:
        loaded = self._loaded
        if loaded is not None:  # loaded: no lock on the hot path
            return loaded
        with self._lock:
            if self._loaded is None:
                self._loaded = self._read(create=True)
            return self._loaded

    def _read(self, *, create: bool) -> _Loaded:
        rows = self._rows()
        if not any(row["status"] == "ACTIVE" for row in rows) and create:
            kid, pem = _new_key()
            # A server's first key is part of the seeded state: resets keep it, so
            # the JWKS an app under test has cached stays valid between tests.
            self._store.insert_seeded("signing_keys", {
                "kid": kid, "server_id": self._server_id, "private_pem": pem,
                "status": "ACTIVE", "created": now()})
            rows = self._rows()
        keys = {}
        for row in sorted(rows, key=lambda r: _STATUS_ORDER.get(r["status"], 9)):
            private = serialization.load_pem_private_key(row["private_pem"].encode(), None)
            keys[row["kid"]] = SigningKey(row["kid"], private, row["status"])
        active = next(key for key in keys.values() if key.status == "ACTIVE")
        jwks = json.dumps({"keys": [key.public_jwk() for key in keys.values()]}).encode()
        return _Loaded(keys, active, jwks)

    def _rows(self):
        return self._store.all(
            "SELECT kid, private_pem, status FROM signing_keys WHERE server_id = ?"
            " ORDER BY created", (self._server_id,))

    def refresh(self) -> bool:
        """After a reset or another worker's rotation: reload only if the stored key set
        differs from the one in memory (loading a private key is slow, and most resets
        leave the keys alone). True when the copy in memory was dropped."""
        with self._lock:
            loaded = self._loaded
            stored = {(row["kid"], row["status"]) for row in self._rows()}
            if loaded is not None and stored != {(k.kid, k.status) for k in loaded.keys.values()}:
                self._loaded = None
                return True
            return False

    # --- publishing and signing ---------------------------------------------
    def jwks_json(self, *, without_signing_key: bool = False) -> bytes:
        view = self._view()
        if not without_signing_key:
            return view.jwks
        return json.dumps({"keys": [key.public_jwk() for key in view.keys.values()
                                    if key is not view.active]}).encode()

    def keys(self) -> list[SigningKey]:
        """Every published key with its status (ACTIVE first)."""
        return list(self._view().keys.values())

    def signing_key(self) -> SigningKey:
        """The ACTIVE key: the one that signs."""
        return self._view().active

    def sign(self, claims: dict, typ: str | None = None) -> str:
        active = self.signing_key()
        headers = {"kid": active.kid}
        if typ:
            headers["typ"] = typ
        return jwt.encode(claims, active.private_key, algorithm=ALGORITHM, headers=headers)

    def verify(self, token: str, *, issuer: str, audience: str | None = None,
               verify_exp: bool = True) -> dict:
        """Claims of a token this server signed; raises jwt.InvalidTokenError."""
        kid = jwt.get_unverified_header(token).get("kid")
        key = self._view().keys.get(kid) if isinstance(kid, str) else None
        if key is None:
            raise jwt.InvalidTokenError("unknown signing key")
        # Times are checked against the org's clock (/_mock/clock), which PyJWT cannot
        # be told about: a moved clock must expire old tokens and accept new ones.
        options = {"verify_exp": False, "verify_iat": False, "verify_nbf": False,
                   "verify_aud": audience is not None, "require": ["iss", "exp", "iat"]}
        claims = jwt.decode(token, key.public_key, algorithms=[ALGORITHM], issuer=issuer,
                            audience=audience, options=options, leeway=0)
        if verify_exp and not (isinstance(claims["exp"], int | float) and claims["exp"] > now()):
            raise jwt.ExpiredSignatureError("Signature has expired")
        return claims

    # --- rotation --------------------------------------------------------------
    def rotate(self) -> list[SigningKey]:
        """Okta's keyRotate: EXPIRED is dropped, ACTIVE → EXPIRED, NEXT → ACTIVE, new NEXT."""
        with self._lock:
            current = self._loaded or self._read(create=True)
            has_next = any(key.status == "NEXT" for key in current.keys.values())
            # Key generation is slow: do it before taking the database lock.
            fresh = [_new_key() for _ in range(1 if has_next else 2)]
            stamp = now()
            with self._store.transaction() as conn:
                sid = self._server_id
                conn.execute("DELETE FROM signing_keys WHERE server_id = ? AND status = 'EXPIRED'",
                             (sid,))
                conn.execute("UPDATE signing_keys SET status = 'EXPIRED' WHERE server_id = ?"
                             " AND status = 'ACTIVE'", (sid,))
                if has_next:
                    conn.execute("UPDATE signing_keys SET status = 'ACTIVE' WHERE server_id = ?"
                                 " AND status = 'NEXT'", (sid,))
                else:
                    kid, pem = fresh.pop()
                    conn.execute("INSERT INTO signing_keys (kid, server_id, private_pem, status,"
                                 " created) VALUES (?, ?, ?, 'ACTIVE', ?)", (kid, sid, pem, stamp))
                kid, pem = fresh.pop()
                conn.execute("INSERT INTO signing_keys (kid, server_id, private_pem, status,"
                             " created) VALUES (?, ?, ?, 'NEXT', ?)", (kid, sid, pem, stamp))
                system_log.record(self._store, "app.oauth2.as.key.rollover",
                                  targets=[system_log.ref(sid, "AuthorizationServer", sid)])
            self._loaded = self._read(create=False)
            return list(self._loaded.keys.values())


# --- export and import (org/state_export.py, org/state_import.py) -----------------
MIN_KEY_BITS = 2048


def stored_keys(store: Store, server_id: str) -> list[dict]:
    """One server's keys as an export file holds them (the private key included)."""
    return [{"kid": row["kid"], "status": row["status"], "created": iso(row["created"]),
             "privateKey": row["private_pem"]}
            for row in store.all("SELECT kid, private_pem, status, created FROM signing_keys"
                                 " WHERE server_id = ? ORDER BY created, kid", (server_id,))]


def restore_key(store: Store, server_id: str, kid: str, private_pem: str, status: str,
                created: float) -> None:
    """Keep a key from an export file, so tokens it signed still verify. The caller has
    checked the fields' types; the key itself is checked here."""
    if status not in _STATUS_ORDER:
        raise ValidationFailed("status", [f"status: must be one of {', '.join(_STATUS_ORDER)}"])
    try:
        private = serialization.load_pem_private_key(private_pem.encode(), None)
    except (ValueError, TypeError):
        raise ValidationFailed("privateKey", [
            "privateKey: not an unencrypted PEM private key"]) from None
    if not isinstance(private, rsa.RSAPrivateKey) or private.key_size < MIN_KEY_BITS:
        raise ValidationFailed("privateKey", [
            f"privateKey: must be an RSA key of at least {MIN_KEY_BITS} bits"])
    try:
        store.run("INSERT INTO signing_keys (kid, server_id, private_pem, status, created)"
                  " VALUES (?, ?, ?, ?, ?)", (kid, server_id, private_pem, status, created))
    except sqlite3.IntegrityError:
        raise ValidationFailed("kid", [f"kid: {kid} appears twice"]) from None
