"""The token store: what each issued token was for, so that revocation,
introspection, refresh rotation and code replay can act on it; and the
authorization codes those tokens are redeemed from.

Access tokens stay self-contained JWTs; their row (keyed by `jti`) records
only what a JWT cannot say about itself: whether it was revoked, and which
grant it belongs to. Refresh tokens are opaque and kept only as hashes.

Every token belongs to a *grant*: one authorization (a code redemption, a
password or client-credentials request) and every token refreshed from it.
A grant that came from an authorization code has that code's hash as its id,
so a replayed code revokes exactly what it issued, refreshes included.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import dataclass, field

from mock_okta.clock import now
from mock_okta.storage import Store, digest

ACCESS, REFRESH = "access_token", "refresh_token"
ACTIVE, ROTATED, REVOKED = "ACTIVE", "ROTATED", "REVOKED"
CODE_LIFETIME = 300                  # an authorization code: five minutes, one redemption
# Spent codes are remembered this long, so a late replay still revokes.
SPENT_CODE_MEMORY = 24 * 3600


@dataclass
class TokenRecord:
    key: str                 # access: the jti; refresh: SHA-256 of the token
    kind: str
    server_id: str
    client_id: str
    user_id: str | None
    scope: str
    issued: float
    expires: float
    grant_id: str
    code_hash: str | None = None
    auth_time: int | None = None
    amr: list[str] = field(default_factory=list)
    status: str = ACTIVE

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> TokenRecord:
        return cls(key=row["token_key"], kind=row["kind"], server_id=row["server_id"],
                   client_id=row["client_id"], user_id=row["user_id"], scope=row["scope"],
                   issued=row["issued"], expires=row["expires"], grant_id=row["grant_id"],
                   code_hash=row["code_hash"],
                   auth_time=None if row["auth_time"] is None else int(row["auth_time"]),
                   amr=json.loads(row["amr"] or "[]"), status=row["status"])

    def is_live(self) -> bool:
        return self.status == ACTIVE and self.expires > now()

    # What Authlib's refresh-token grant asks of a token.
    def get_scope(self) -> str:
        return self.scope

    def check_client(self, client) -> bool:
        return client.get_client_id() == self.client_id


def new_refresh_token() -> tuple[str, str]:
    """An opaque refresh token and the key it is stored under."""
    token = secrets.token_urlsafe(32)
    return token, digest(token)


def new_grant_id() -> str:
    return secrets.token_hex(16)


def record(store: Store, records: list[TokenRecord]) -> None:
    """Keep the rows of one token response, all or none; forget what has expired."""
    with store.transaction() as conn:
        conn.execute("DELETE FROM tokens WHERE expires <= ?", (now(),))
        conn.executemany(
            "INSERT INTO tokens (token_key, kind, server_id, client_id, user_id, scope, issued,"
            " expires, status, grant_id, code_hash, auth_time, amr)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(r.key, r.kind, r.server_id, r.client_id, r.user_id, r.scope, r.issued, r.expires,
              r.status, r.grant_id, r.code_hash, r.auth_time, json.dumps(r.amr))
             for r in records])


def find(store: Store, key: str, kind: str) -> TokenRecord | None:
    row = store.one("SELECT * FROM tokens WHERE token_key = ? AND kind = ?", (key, kind))
    return TokenRecord.from_row(row) if row else None


def find_refresh_token(store: Store, token: str) -> TokenRecord | None:
    return find(store, digest(token), REFRESH)


def rotate(store: Store, key: str) -> bool:
    """Spend a refresh token; False when another request spent it first."""
    return store.run("UPDATE tokens SET status = ? WHERE token_key = ? AND status = ?",
                     (ROTATED, key, ACTIVE)) == 1


def revoke_grant(store: Store, grant_id: str) -> int:
    """Revoke every token of one grant (code replay, refresh token reuse or revoke)."""
    return store.run("UPDATE tokens SET status = ? WHERE grant_id = ? AND status != ?",
                     (REVOKED, grant_id, REVOKED))


def revoke_for(store: Store, *, client_id: str | None = None, user_id: str | None = None) -> int:
    """Revoke everything issued to an app or for a user: Okta does so when an app is
    deactivated or deleted, and when a user is deactivated, suspended or deleted."""
    column, value = ("client_id", client_id) if client_id is not None else ("user_id", user_id)
    return store.run(f"UPDATE tokens SET status = ? WHERE {column} = ? AND status != ?",
                     (REVOKED, value, REVOKED))


def revoke_access_token(store: Store, claims: dict, server_id: str) -> None:
    """Revoke one access token by its claims; its refresh token lives on (as Okta)."""
    jti = claims["jti"]
    with store.transaction() as conn:
        changed = conn.execute("UPDATE tokens SET status = ? WHERE token_key = ? AND kind = ?",
                               (REVOKED, jti, ACCESS)).rowcount
        if not changed:  # issued before this store knew it: remember the revocation
            conn.execute(
                "INSERT OR IGNORE INTO tokens (token_key, kind, server_id, client_id, user_id,"
                " scope, issued, expires, status, grant_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (jti, ACCESS, server_id, str(claims.get("cid", "")), claims.get("uid"),
                 " ".join(claims.get("scp") or []), float(claims.get("iat", now())),
                 float(claims["exp"]), REVOKED, new_grant_id()))


def access_token_revoked(store: Store, jti: object) -> bool:
    if not isinstance(jti, str):
        return True
    row = store.one("SELECT status FROM tokens WHERE token_key = ? AND kind = ?", (jti, ACCESS))
    return row is not None and row["status"] == REVOKED


def forget_user(store: Store, user_id: str) -> None:
    """A deleted user: unredeemed codes go; issued tokens stay as REVOKED rows without
    the user, so a JWT that still verifies is still known to be revoked."""
    with store.transaction():
        store.run("DELETE FROM authorization_codes WHERE user_id = ?", (user_id,))
        revoke_for(store, user_id=user_id)
        store.run("UPDATE tokens SET user_id = NULL WHERE user_id = ?", (user_id,))


def forget_client(store: Store, client_id: str) -> None:
    """A deleted app: its unredeemed codes go, everything issued to it is revoked."""
    with store.transaction():
        store.run("DELETE FROM authorization_codes WHERE client_id = ?", (client_id,))
        revoke_for(store, client_id=client_id)


# --- authorization codes ---------------------------------------------------------

@dataclass
class CodeRecord:
    """What an authorization code stands for, from /authorize to its redemption."""

    server_id: str
    client_id: str
    user_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int
    amr: list[str]
    code_hash: str = ""
    expires: float = 0.0

    def is_live(self) -> bool:
        return self.expires > now()


def save_code(store: Store, code: str, record: CodeRecord) -> None:
    """Keep a new code (hashed) for CODE_LIFETIME seconds."""
    record.code_hash, record.expires = digest(code), now() + CODE_LIFETIME
    store.run(
        "INSERT INTO authorization_codes (code_hash, server_id, client_id, user_id,"
        " redirect_uri, scope, nonce, code_challenge, code_challenge_method, auth_time,"
        " amr, expires) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (record.code_hash, record.server_id, record.client_id, record.user_id,
         record.redirect_uri, record.scope, record.nonce, record.code_challenge,
         record.code_challenge_method, record.auth_time, json.dumps(record.amr),
         record.expires))


def claim_code(store: Store, code: str) -> CodeRecord | None:
    """Take a code out of the store, live or not; None if it is unknown.

    Claiming deletes: a code is spent by its first redemption attempt, and
    remembered, so a second one revokes what the first was given (RFC 6749 4.1.2).
    """
    code_hash = digest(code)
    with store.transaction() as conn:
        row = conn.execute("DELETE FROM authorization_codes WHERE code_hash = ? RETURNING *",
                           (code_hash,)).fetchone()
        if row is not None:
            spend_code(conn, code_hash)
    if row is None:
        if code_was_spent(store, code_hash):
            revoke_grant(store, code_hash)
        return None
    return CodeRecord(
        server_id=row["server_id"], client_id=row["client_id"], user_id=row["user_id"],
        redirect_uri=row["redirect_uri"], scope=row["scope"], nonce=row["nonce"],
        code_challenge=row["code_challenge"], code_challenge_method=row["code_challenge_method"],
        auth_time=int(row["auth_time"]), amr=json.loads(row["amr"]), code_hash=code_hash,
        expires=row["expires"])


def spend_code(conn: sqlite3.Connection, code_hash: str) -> None:
    """Remember a redeemed code (inside the transaction that consumed it)."""
    stamp = now()
    conn.execute("DELETE FROM spent_codes WHERE expires <= ?", (stamp,))
    conn.execute("INSERT OR IGNORE INTO spent_codes (code_hash, expires) VALUES (?, ?)",
                 (code_hash, stamp + SPENT_CODE_MEMORY))


def code_was_spent(store: Store, code_hash: str) -> bool:
    row = store.one("SELECT expires FROM spent_codes WHERE code_hash = ?", (code_hash,))
    return row is not None and row["expires"] > now()


def use_assertion_id(store: Store, client_id: str, jti: str, expires: float) -> bool:
    """Record a client assertion's `jti`; False if it was used before."""
    key = digest(f"{client_id}\n{jti}")
    try:
        with store.transaction() as conn:
            conn.execute("DELETE FROM client_assertions WHERE expires <= ?", (now(),))
            conn.execute("INSERT INTO client_assertions (key_hash, expires) VALUES (?, ?)",
                         (key, expires))
    except sqlite3.IntegrityError:
        return False
    return True
