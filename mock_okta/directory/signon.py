"""Primary authentication: one answer for the sign-in page, /api/v1/authn and
anything else that checks a password, with Okta's lockout and status rules.

Okta's default password policy locks a user out after 10 failed attempts and,
unless the policy shows lockout failures, answers a locked-out user exactly
as it answers a wrong password.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from mock_okta.clock import now
from mock_okta.directory import passwords
from mock_okta.directory.users import (
    User,
    get_user,
    login_key,
    password_causes,
    set_status,
    store_password,
)
from mock_okta.errors import CredentialsRejected, NewPasswordRefused
from mock_okta.ids import opaque_token
from mock_okta.storage import Store, digest

STATE_TOKEN_LIFETIME = 300


class Outcome(enum.Enum):
    SUCCESS = "SUCCESS"
    PASSWORD_EXPIRED = "PASSWORD_EXPIRED"
    LOCKED_OUT = "LOCKED_OUT"        # only reported when the policy shows lockouts
    FAILED = "FAILED"                # Okta's E0000004 "Authentication failed"


@dataclass(frozen=True)
class LockoutPolicy:
    max_attempts: int = 10
    show_failures: bool = False
    rehash_iterations: int = 0      # the org's PBKDF2 cost, for upgrading imported hashes


@dataclass
class SignOnResult:
    outcome: Outcome
    user: User | None = None


def primary_auth(store: Store, username: str, password: str,
                 policy: LockoutPolicy = LockoutPolicy()) -> SignOnResult:
    user = _find_by_login(store, username)
    if user is None:
        return SignOnResult(Outcome.FAILED)
    if user.status == "LOCKED_OUT":
        return _locked(user, policy)
    if not passwords.verify_password(password, user.password_hash):
        if user.status in ("ACTIVE", "PASSWORD_EXPIRED") and _record_failure(store, user, policy):
            set_status(store, user, "LOCKED_OUT")
            return _locked(user, policy)
        return SignOnResult(Outcome.FAILED)
    _forget_failures(store, user)
    if user.status == "PASSWORD_EXPIRED":
        return SignOnResult(Outcome.PASSWORD_EXPIRED, user)
    if user.status != "ACTIVE":
        return SignOnResult(Outcome.FAILED)  # STAGED, PROVISIONED, SUSPENDED, ...
    user.last_login = now()
    store.run("UPDATE users SET last_login = ? WHERE id = ?", (user.last_login, user.id))
    # Okta re-hashes an imported password hash (Users API credentials.password.hash)
    # with its own algorithm once the user has signed in with it.
    if policy.rehash_iterations and passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password, policy.rehash_iterations)
        store.run("UPDATE users SET password_hash = ? WHERE id = ?", (user.password_hash, user.id))
    return SignOnResult(Outcome.SUCCESS, user)


def _find_by_login(store: Store, username: str) -> User | None:
    row = store.one("SELECT * FROM users WHERE login_key = ?", (login_key(username),))
    return User.from_row(row) if row else None


def _forget_failures(store: Store, user: User) -> None:
    # A read is cheaper than a write on the common path: most sign-ins had no failure.
    if store.one("SELECT 1 FROM sign_in_failures WHERE user_id = ?", (user.id,)):
        store.run("DELETE FROM sign_in_failures WHERE user_id = ?", (user.id,))


def _locked(user: User, policy: LockoutPolicy) -> SignOnResult:
    return SignOnResult(Outcome.LOCKED_OUT if policy.show_failures else Outcome.FAILED, user)


def _record_failure(store: Store, user: User, policy: LockoutPolicy) -> bool:
    """Count a failed attempt; True when it reaches the policy's limit."""
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO sign_in_failures (user_id, count, last) VALUES (?, 1, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET count = count + 1, last = excluded.last",
            (user.id, now()))
        count = conn.execute("SELECT count FROM sign_in_failures WHERE user_id = ?",
                             (user.id,)).fetchone()["count"]
        if count >= policy.max_attempts:
            conn.execute("DELETE FROM sign_in_failures WHERE user_id = ?", (user.id,))
            return True
    return False


def change_expired_password(store: Store, user: User, old: str, new: str,
                            hash_iterations: int) -> None:
    """Replace an expired password (old one must match); the user becomes ACTIVE.

    Raises CredentialsRejected for a wrong old password, NewPasswordRefused when
    the new one breaks the policy or equals the old one.
    """
    if not passwords.verify_password(old, user.password_hash):
        raise CredentialsRejected(["oldPassword: Old Password is not correct"])
    causes = password_causes(new, user.login)
    if not causes and new == old:
        causes = ["password: Password cannot be your current password"]
    if causes:
        raise NewPasswordRefused(causes)
    store_password(store, user, new, hash_iterations)
    user.last_login = user.password_changed  # changing it was this sign-in
    store.run("UPDATE users SET last_login = ? WHERE id = ?", (user.last_login, user.id))
    set_status(store, user, "ACTIVE")


def start_transaction(store: Store, user: User, status: str) -> tuple[str, float]:
    """A stateToken for a multi-step authn answer such as PASSWORD_EXPIRED."""
    token = opaque_token("00", 30)
    expires = now() + STATE_TOKEN_LIFETIME
    store.run("INSERT INTO authn_transactions (state_hash, user_id, status, expires)"
              " VALUES (?, ?, ?, ?)", (digest(token), user.id, status, expires))
    return token, expires


def find_transaction(store: Store, token: str) -> tuple[User, str] | None:
    row = store.one("SELECT * FROM authn_transactions WHERE state_hash = ?", (digest(token),))
    if row is None or row["expires"] <= now():
        return None
    user = get_user(store, row["user_id"])
    return (user, row["status"]) if user else None


def end_transaction(store: Store, token: str) -> None:
    store.run("DELETE FROM authn_transactions WHERE state_hash = ?", (digest(token),))


def policy_from(settings) -> LockoutPolicy:
    return LockoutPolicy(settings.lockout_attempts, settings.show_lockout_failures,
                         settings.password_hash_iterations)
