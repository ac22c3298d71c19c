"""Primary authentication: one answer for the sign-in page, /api/v1/authn and
anything else that checks a password, with Okta's lockout and status rules.

Okta's default password policy locks a user out after 10 failed attempts and,
unless the policy shows lockout failures, answers a locked-out user exactly
as it answers a wrong password.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field

from mock_okta.clock import now
from mock_okta.directory import passwords, system_log
from mock_okta.directory.status import set_status
from mock_okta.directory.users import (
    User,
    find_by_login,
    get_user,
    may_sign_in,
    password_causes,
    record_login,
    store_password,
    upgrade_password_hash,
)
from mock_okta.errors import CredentialsRejected, NewPasswordRefused
from mock_okta.ids import opaque_token
from mock_okta.storage import Store, digest

STATE_TOKEN_LIFETIME = 300
DEFAULT_MAX_ATTEMPTS = 10           # Okta's default password policy locks out after 10
# Whose password is checked at sign-in, so a wrong one counts toward lockout: an
# expired password still signs in, to be changed.
_PASSWORD_STATUSES = ("ACTIVE", "PASSWORD_EXPIRED")
# The org's sign-on policy as Okta names it in `policy.evaluate_sign_on` (the mock has one).
_SIGN_ON_POLICY = (
    {"id": "00pDefaultSignOnPol1", "type": "PolicyEntity", "alternateId": "unknown",
     "displayName": "Default Policy", "detailEntry": {"policyType": "OktaSignOn"}},
    {"id": "0prDefaultSignOnRul1", "type": "PolicyRule", "alternateId": "00pDefaultSignOnPol1",
     "displayName": "Default Rule", "detailEntry": None},
)


class Outcome(enum.Enum):
    SUCCESS = "SUCCESS"
    PASSWORD_EXPIRED = "PASSWORD_EXPIRED"
    LOCKED_OUT = "LOCKED_OUT"        # only reported when the policy shows lockouts
    FAILED = "FAILED"                # Okta's E0000004 "Authentication failed"


@dataclass(frozen=True)
class LockoutPolicy:
    max_attempts: int = DEFAULT_MAX_ATTEMPTS
    show_failures: bool = False
    rehash_iterations: int = 0      # the org's PBKDF2 cost, for upgrading imported hashes


@dataclass
class SignOnResult:
    outcome: Outcome
    user: User | None = None


def primary_auth(store: Store, username: str, password: str,
                 policy: LockoutPolicy = LockoutPolicy()) -> SignOnResult:
    """Check a password; each attempt is logged as Okta logs it (`user.session.start`,
    FAILURE with a reason, and `user.account.lock` when this attempt locks the user)."""
    user = find_by_login(store, username)
    if user is None:
        _log_failure(store, system_log.unknown_user(username), "UNKNOWN_USER")
        return SignOnResult(Outcome.FAILED)
    actor = system_log.user_ref(user)
    if user.status == "LOCKED_OUT":
        _log_failure(store, actor, "LOCKED_OUT")
        return _locked(user, policy)
    if not passwords.verify_password(password, user.password_hash):
        with store.transaction():
            _log_failure(store, actor, "INVALID_CREDENTIALS")
            if user.status in _PASSWORD_STATUSES and _record_failure(store, user, policy):
                set_status(store, user, "LOCKED_OUT")
                system_log.record(store, "user.account.lock", actor=actor, targets=[actor],
                                  result="FAILURE", reason="LOCKED_OUT")
                return _locked(user, policy)
        return SignOnResult(Outcome.FAILED)
    forget_failures(store, user.id)
    if user.status == "PASSWORD_EXPIRED":
        return SignOnResult(Outcome.PASSWORD_EXPIRED, user)
    if not may_sign_in(user):
        _log_failure(store, actor, "GENERAL_NONSUCCESS")  # STAGED, SUSPENDED, ...
        return SignOnResult(Outcome.FAILED)
    with store.transaction():
        record_login(store, user, now())
        system_log.record(store, "user.session.start", actor=actor, credential_type="PASSWORD")
        system_log.record(store, "policy.evaluate_sign_on", actor=actor, targets=_SIGN_ON_POLICY,
                          result="ALLOW", reason="Sign-on policy evaluation resulted in ALLOW")
    # Okta re-hashes an imported password hash (Users API credentials.password.hash)
    # with its own algorithm once the user has signed in with it.
    if policy.rehash_iterations and passwords.needs_rehash(user.password_hash):
        upgrade_password_hash(store, user,
                              passwords.hash_password(password, policy.rehash_iterations))
    return SignOnResult(Outcome.SUCCESS, user)


def _log_failure(store: Store, actor: dict, reason: str) -> None:
    system_log.record(store, "user.session.start", actor=actor, result="FAILURE",
                      reason=reason, credential_type="PASSWORD")


def forget_failures(store: Store, user_id: str) -> None:
    """Start the lockout count again (a sign-in, an unlock, a reset)."""
    # A read is cheaper than a write on the common path: most sign-ins had no failure.
    if store.one("SELECT 1 FROM sign_in_failures WHERE user_id = ?", (user_id,)):
        store.run("DELETE FROM sign_in_failures WHERE user_id = ?", (user_id,))


def forget_user(store: Store, user_id: str) -> None:
    """A deleted user's failure count and unfinished authn transactions."""
    with store.transaction():
        store.run("DELETE FROM sign_in_failures WHERE user_id = ?", (user_id,))
        store.run("DELETE FROM authn_transactions WHERE user_id = ?", (user_id,))


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
    with store.transaction():
        store_password(store, user, new, hash_iterations)
        record_login(store, user, user.password_changed)  # changing it was this sign-in
        set_status(store, user, "ACTIVE")
        system_log.record(store, "user.account.update_password", actor=system_log.user_ref(user),
                          targets=[system_log.user_ref(user)])


@dataclass
class Transaction:
    """An authn transaction between its first answer and SUCCESS (or cancel)."""

    token: str
    user: User
    status: str
    expires: float
    factor_id: str | None = None
    context: dict = field(default_factory=dict)  # the MFA step's amr, app, options


def start_transaction(store: Store, user: User, status: str, *, factor_id: str | None = None,
                      context: dict | None = None) -> tuple[str, float]:
    """A stateToken for a multi-step authn answer such as PASSWORD_EXPIRED or MFA_REQUIRED."""
    token = opaque_token("00", 30)
    expires = now() + STATE_TOKEN_LIFETIME
    store.run("INSERT INTO authn_transactions (state_hash, user_id, status, expires, factor_id,"
              " context) VALUES (?, ?, ?, ?, ?, ?)",
              (digest(token), user.id, status, expires, factor_id, json.dumps(context or {})))
    return token, expires


def load_transaction(store: Store, token: object) -> Transaction | None:
    """The live transaction behind a stateToken (None: unknown, ended or expired)."""
    if not isinstance(token, str) or not token:
        return None
    row = store.one("SELECT * FROM authn_transactions WHERE state_hash = ?", (digest(token),))
    if row is None or row["expires"] <= now():
        return None
    user = get_user(store, row["user_id"])
    if user is None:
        return None
    return Transaction(token, user, row["status"], row["expires"], row["factor_id"],
                       json.loads(row["context"] or "{}"))


def move_transaction(store: Store, transaction: Transaction, status: str, *,
                     factor_id: str | None = None) -> Transaction:
    """The next step of the same transaction; its expiry slides (Okta's stateToken)."""
    transaction.status, transaction.factor_id = status, factor_id
    transaction.expires = now() + STATE_TOKEN_LIFETIME
    store.run("UPDATE authn_transactions SET status = ?, factor_id = ?, context = ?, expires = ?"
              " WHERE state_hash = ?", (status, factor_id, json.dumps(transaction.context),
                                        transaction.expires, digest(transaction.token)))
    return transaction


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
