"""User lifecycle: Okta's status transitions and the one-time tokens they hand out.

Each operation checks the allowed-from statuses, moves the user through
`status.set_status` (which also ends sessions of users who can no longer sign
in) and, where Okta does, issues a single-use activation or reset token. The
tokens are stored hashed; `redeem_token` consumes one, so the welcome and
reset pages can never use a link twice.
"""

from __future__ import annotations

import secrets
import string

from mock_okta.clock import now
from mock_okta.directory import passwords, system_log
from mock_okta.directory.signon import forget_failures
from mock_okta.directory.status import set_status
from mock_okta.directory.users import User, check_password, get_user, store_password
from mock_okta.errors import AlreadyActive, LinkExpired, NotLockedOut, ValidationFailed, WrongStatus
from mock_okta.ids import okta_id
from mock_okta.storage import Store, digest

ACTIVATION_LIFETIME = 7 * 24 * 3600     # Okta's default activation link lifetime
RESET_LIFETIME = 3600                   # the default password-reset token lifetime
ACTIVATION, RESET = "activation", "reset"
# Whose activation link still works (the welcome page), and whose reset link does not.
ACTIVATABLE = ("PROVISIONED", "ACTIVE", "RECOVERY")
RESET_BLOCKED = ("DEPROVISIONED", "SUSPENDED", "STAGED")


def activation_link(org_url: str, token: str) -> str:
    """Where an activation mail sends the user (signin/recovery.py answers it)."""
    return f"{org_url}/welcome/{token}"


def reset_link(org_url: str, token: str) -> str:
    """Where the Users API's reset_password mail sends the user."""
    return f"{org_url}/reset_password/{token}"


def _log(store: Store, event_type: str, user: User) -> None:
    system_log.record(store, event_type, targets=[system_log.user_ref(user)])


def _require(user: User, allowed: tuple[str, ...]) -> None:
    if user.status not in allowed:
        raise WrongStatus(user.status)


# --- tokens -----------------------------------------------------------------

def issue_token(store: Store, user: User, kind: str, lifetime: float) -> str:
    """A fresh one-time token; any older token of the same kind stops working."""
    token = okta_id("", 20)
    stamp = now()
    with store.transaction() as conn:
        conn.execute("DELETE FROM user_tokens WHERE user_id = ? AND kind = ?", (user.id, kind))
        conn.execute("INSERT INTO user_tokens (token_hash, user_id, kind, created, expires)"
                     " VALUES (?, ?, ?, ?, ?)", (digest(token), user.id, kind, stamp,
                                                stamp + lifetime))
    return token


def token_user(store: Store, token: str, kind: str) -> User | None:
    """The user a live token belongs to, without using it up (to show a form)."""
    row = store.one("SELECT * FROM user_tokens WHERE token_hash = ? AND kind = ?",
                    (digest(token), kind))
    if row is None or row["expires"] <= now():
        return None
    return get_user(store, row["user_id"])


def redeem_token(store: Store, token: str, kind: str) -> User | None:
    """Consume a token: valid once, until it expires."""
    with store.transaction() as conn:
        row = conn.execute("DELETE FROM user_tokens WHERE token_hash = ? AND kind = ? RETURNING *",
                           (digest(token), kind)).fetchone()
    if row is None or row["expires"] <= now():
        return None
    return get_user(store, row["user_id"])


def revoke_tokens(store: Store, user: User, kind: str | None = None) -> None:
    if kind is None:
        forget_user(store, user.id)
    else:
        store.run("DELETE FROM user_tokens WHERE user_id = ? AND kind = ?", (user.id, kind))


def forget_user(store: Store, user_id: str) -> None:
    """Every one-time token of a user (deleted, or all links revoked)."""
    store.run("DELETE FROM user_tokens WHERE user_id = ?", (user_id,))


# --- operations ---------------------------------------------------------------

def activate(store: Store, user: User) -> str:
    """STAGED or DEPROVISIONED → ACTIVE (has a password) or PROVISIONED; an activation token."""
    if user.status == "ACTIVE":
        raise AlreadyActive(user.status)
    _require(user, ("STAGED", "DEPROVISIONED"))
    with store.transaction():
        set_status(store, user, "ACTIVE" if user.password_hash else "PROVISIONED")
        _log(store, "user.lifecycle.activate", user)
        return issue_token(store, user, ACTIVATION, ACTIVATION_LIFETIME)


def reactivate(store: Store, user: User) -> str:
    """PROVISIONED (or RECOVERY) users get a new activation token; the old one dies."""
    _require(user, ("PROVISIONED", "RECOVERY"))
    with store.transaction():
        _log(store, "user.lifecycle.reactivate", user)
        return issue_token(store, user, ACTIVATION, ACTIVATION_LIFETIME)


def deactivate(store: Store, user: User) -> None:
    """Any status but DEPROVISIONED → DEPROVISIONED (sessions end, tokens are revoked)."""
    if user.status == "DEPROVISIONED":
        raise WrongStatus(user.status)
    with store.transaction():
        set_status(store, user, "DEPROVISIONED")
        _log(store, "user.lifecycle.deactivate", user)


def suspend(store: Store, user: User) -> None:
    # Okta answers these two as a validation failure of `status`, not E0000038.
    if user.status != "ACTIVE":
        raise ValidationFailed("status", ["Cannot suspend a user that is not active"])
    with store.transaction():
        set_status(store, user, "SUSPENDED")
        _log(store, "user.lifecycle.suspend", user)


def unsuspend(store: Store, user: User) -> None:
    if user.status != "SUSPENDED":
        raise ValidationFailed("status", ["Cannot unsuspend a user that is not suspended"])
    with store.transaction():
        set_status(store, user, "ACTIVE")
        _log(store, "user.lifecycle.unsuspend", user)


def unlock(store: Store, user: User) -> None:
    if user.status != "LOCKED_OUT":
        raise NotLockedOut(user.status)
    with store.transaction():
        forget_failures(store, user.id)
        set_status(store, user, "ACTIVE")
        _log(store, "user.account.unlock_by_admin", user)


def reset_password(store: Store, user: User) -> str:
    """The user goes to RECOVERY with a one-time reset token."""
    _require(user, ("ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT"))
    with store.transaction():
        set_status(store, user, "RECOVERY")
        _log(store, "user.account.reset_password", user)
        return issue_token(store, user, RESET, RESET_LIFETIME)


def expire_password(store: Store, user: User, *, temp_password: bool = False,
                    hash_iterations: int) -> str | None:
    """ACTIVE → PASSWORD_EXPIRED; with `temp_password`, sets and returns a new one."""
    _require(user, ("ACTIVE", "PASSWORD_EXPIRED"))
    if not user.password_hash:
        raise WrongStatus(user.status)
    temp = None
    with store.transaction():
        if temp_password:
            temp = _temp_password(user.login)
            store_password(store, user, temp, hash_iterations)
        set_status(store, user, "PASSWORD_EXPIRED")
        _log(store, "user.account.expire_password", user)
    return temp


def finish_activation(store: Store, token: str, password: str, hash_iterations: int) -> User:
    """The welcome page: a PROVISIONED user sets a password and becomes ACTIVE.

    Raises ValidationFailed for a weak password (the token stays usable) and
    LinkExpired for a used, expired or unknown token.
    """
    user = token_user(store, token, ACTIVATION)
    if user is None or user.status not in ACTIVATABLE:
        raise LinkExpired()
    check_password(password, user.login)
    with store.transaction():
        if redeem_token(store, token, ACTIVATION) is None:
            raise LinkExpired()
        store_password(store, user, password, hash_iterations)
        _log(store, "user.account.update_password", user)
        if user.status != "ACTIVE":
            set_status(store, user, "ACTIVE")
            _log(store, "user.lifecycle.activate", user)
    return user


def finish_reset(store: Store, token: str, password: str, hash_iterations: int) -> User:
    """The reset page: a new password ends RECOVERY (or any resettable state)."""
    user = token_user(store, token, RESET)
    if user is None or user.status in RESET_BLOCKED:
        raise LinkExpired()
    check_password(password, user.login)
    with store.transaction():
        if redeem_token(store, token, RESET) is None:
            raise LinkExpired()
        store_password(store, user, password, hash_iterations)
        forget_failures(store, user.id)
        set_status(store, user, "ACTIVE")
        _log(store, "user.account.update_password", user)
    return user


def _temp_password(login: str) -> str:
    """Eight characters that meet the default policy, like Okta's `x4HpS7TE`."""
    alphabet = string.ascii_letters + string.digits
    while True:
        candidate = "".join(secrets.choice(alphabet) for _ in range(8))
        if not passwords.policy_violations(candidate, login):
            return candidate
