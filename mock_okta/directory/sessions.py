"""Org sessions (the `sid` cookie), one-time session tokens, and parked
authorization requests waiting for the user to sign in."""

from __future__ import annotations

import json
from dataclasses import dataclass

from mock_okta.clock import now
from mock_okta.directory import system_log, tokens
from mock_okta.directory.users import User, get_user, may_sign_in
from mock_okta.ids import opaque_token
from mock_okta.storage import Store, digest

SESSION_LIFETIME = 2 * 3600          # Okta's default org session policy
SESSION_TOKEN_LIFETIME = 300         # sessionToken: five minutes, one use
PENDING_REQUEST_LIFETIME = 3600


@dataclass
class SignedIn:
    """A user as the authorization server sees them: who, when, and how."""

    user: User
    auth_time: int
    amr: list[str]
    session_id: str | None = None


def start_session(store: Store, user: User, *, auth_time: float | None = None,
                  amr: list[str] | None = None) -> tuple[str, SignedIn]:
    """Create an org session; returns the cookie value and the signed-in user."""
    session_id = opaque_token("102", 18)
    stamp = now()
    auth_time = stamp if auth_time is None else auth_time
    amr = amr or ["pwd"]
    store.run(
        "INSERT INTO org_sessions (id_hash, user_id, created, expires, auth_time, amr)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (digest(session_id), user.id, stamp, stamp + SESSION_LIFETIME, auth_time, json.dumps(amr)),
    )
    return session_id, SignedIn(user, int(auth_time), amr, session_id)


def find_session(store: Store, session_id: str | None) -> SignedIn | None:
    """The live session behind a cookie value, if its user may still sign in."""
    if not session_id:
        return None
    row = store.one("SELECT * FROM org_sessions WHERE id_hash = ?", (digest(session_id),))
    if row is None or row["expires"] <= now():
        return None
    user = get_user(store, row["user_id"])
    if not may_sign_in(user):
        return None
    return SignedIn(user, int(row["auth_time"]), json.loads(row["amr"]), session_id)


def end_session(store: Store, session_id: str | None) -> bool:
    """Sign out: the session goes, and `user.session.end` is logged by its user."""
    if not session_id:
        return False
    with store.transaction() as conn:
        row = conn.execute("DELETE FROM org_sessions WHERE id_hash = ? RETURNING user_id",
                           (digest(session_id),)).fetchone()
        user = get_user(store, row["user_id"]) if row else None
        if user is not None:
            system_log.record(store, "user.session.end", actor=system_log.user_ref(user))
    return row is not None


def end_user_sessions(store: Store, user_id: str) -> int:
    """Every org session of one user (a status change, or revokeSessions)."""
    return store.run("DELETE FROM org_sessions WHERE user_id = ?", (user_id,))


def clear_user_sessions(store: Store, user_id: str, *, oauth_tokens: bool = False) -> int:
    """Okta's clear-user-sessions: every org session ends; with `oauth_tokens`, every
    token issued for the user is revoked too. The number of sessions ended."""
    with store.transaction():
        ended = end_user_sessions(store, user_id)
        if oauth_tokens:
            tokens.revoke_for(store, user_id=user_id)
        user = get_user(store, user_id)
        if user is not None:
            system_log.record(store, "user.session.clear", targets=[system_log.user_ref(user)],
                              debug={"revokeOauthTokens": oauth_tokens})
    return ended


@dataclass
class LiveSession:
    """One of a user's org sessions as the dev console lists it: the cookie value
    is never kept, so a session is known by the start of its hash."""

    ref: str
    created: float
    expires: float
    amr: list[str]


def user_sessions(store: Store, user_id: str) -> list[LiveSession]:
    """A user's live org sessions, newest first."""
    rows = store.all("SELECT id_hash, created, expires, amr FROM org_sessions"
                     " WHERE user_id = ? AND expires > ? ORDER BY created DESC", (user_id, now()))
    return [LiveSession(row["id_hash"][:12], row["created"], row["expires"], json.loads(row["amr"]))
            for row in rows]


def forget_user(store: Store, user_id: str) -> None:
    """A deleted user's sessions and unused session tokens."""
    with store.transaction():
        end_user_sessions(store, user_id)
        store.run("DELETE FROM session_tokens WHERE user_id = ?", (user_id,))


def issue_session_token(store: Store, user: User, amr: list[str] | None = None
                        ) -> tuple[str, float]:
    """A one-time sessionToken; `amr` says how the user signed in (password only if None)."""
    token = opaque_token("20111", 33)
    expires = now() + SESSION_TOKEN_LIFETIME
    store.run("INSERT INTO session_tokens (token_hash, user_id, auth_time, expires, amr)"
              " VALUES (?, ?, ?, ?, ?)",
              (digest(token), user.id, now(), expires, json.dumps(amr) if amr else None))
    return token, expires


def redeem_session_token(store: Store, token: str) -> tuple[User, float, list[str]] | None:
    """Consume a sessionToken: valid once, for five minutes; (user, auth_time, amr)."""
    with store.transaction() as conn:
        row = conn.execute("DELETE FROM session_tokens WHERE token_hash = ? RETURNING *",
                           (digest(token),)).fetchone()
    if row is None or row["expires"] <= now():
        return None
    user = get_user(store, row["user_id"])
    if not may_sign_in(user):
        return None
    return user, row["auth_time"], json.loads(row["amr"]) if row["amr"] else ["pwd"]


def park_request(store: Store, server_id: str, params: dict) -> str:
    """Keep a validated /authorize request while the user signs in (Okta's okta_key)."""
    key = opaque_token(nbytes=24)
    store.run("INSERT INTO authorize_requests (key_hash, server_id, params, expires)"
              " VALUES (?, ?, ?, ?)",
              (digest(key), server_id, json.dumps(params), now() + PENDING_REQUEST_LIFETIME))
    return key


def peek_request(store: Store, key: str) -> dict | None:
    """A parked request's parameters, left parked (the sign-in page asks which app it is for)."""
    row = store.one("SELECT params, expires FROM authorize_requests WHERE key_hash = ?",
                    (digest(key),))
    return json.loads(row["params"]) if row and row["expires"] > now() else None


def resume_request(store: Store, server_id: str, key: str) -> dict | None:
    with store.transaction() as conn:
        row = conn.execute(
            "DELETE FROM authorize_requests WHERE key_hash = ? AND server_id = ? RETURNING *",
            (digest(key), server_id)).fetchone()
        conn.execute("DELETE FROM authorize_requests WHERE expires <= ?", (now(),))
    if row is None or row["expires"] <= now():
        return None
    return json.loads(row["params"])


@dataclass
class SessionInfo:
    """An org session as the Sessions API describes it."""

    id: str
    user: User
    created: float
    expires: float
    auth_time: float
    amr: list[str]


def describe_session(store: Store, session_id: str | None) -> SessionInfo | None:
    signed_in = find_session(store, session_id)
    if signed_in is None:
        return None
    row = store.one("SELECT created, expires FROM org_sessions WHERE id_hash = ?",
                    (digest(session_id),))
    if row is None:
        return None
    return SessionInfo(session_id, signed_in.user, row["created"], row["expires"],
                       signed_in.auth_time, signed_in.amr)


def refresh_session(store: Store, session_id: str) -> bool:
    """Slide the session's expiry forward, as Okta's refresh does."""
    return store.run("UPDATE org_sessions SET expires = ? WHERE id_hash = ? AND expires > ?",
                     (now() + SESSION_LIFETIME, digest(session_id), now())) > 0
