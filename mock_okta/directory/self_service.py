"""Self-service flows behind the hosted pages: verify-email registration,
the activation link, and "Forgot password?" from the sign-in page.

They reuse the identity core (users.create_user, the password policy) and the
one-time tokens of lifecycle.py, so a link from the outbox behaves exactly
like the one the Users API hands out.
"""

from __future__ import annotations

from mock_okta.directory import system_log
from mock_okta.directory.lifecycle import (
    ACTIVATABLE,
    ACTIVATION,
    ACTIVATION_LIFETIME,
    RESET,
    RESET_BLOCKED,
    RESET_LIFETIME,
    issue_token,
    redeem_token,
    token_user,
)
from mock_okta.directory.status import set_status
from mock_okta.directory.users import User, create_user, find_by_login
from mock_okta.storage import Store

# Who may ask for a reset link from the sign-in page (and has a password to reset).
RESETTABLE = ("ACTIVE", "PASSWORD_EXPIRED", "RECOVERY")


def register_unverified(store: Store, profile: dict, password: str,
                        hash_iterations: int) -> tuple[User, str]:
    """Okta SSR with email verification: PROVISIONED, password set, an activation token.

    Raises ValidationFailed as create_user does; nothing is written then.
    """
    with store.transaction():
        user = create_user(store, profile, password=password, activate=False,
                           hash_iterations=hash_iterations, self_registered=True)
        set_status(store, user, "PROVISIONED")
        return user, issue_token(store, user, ACTIVATION, ACTIVATION_LIFETIME)


def activation_user(store: Store, token: str) -> User | None:
    """The user a live activation link belongs to, when the welcome page may serve it."""
    user = token_user(store, token, ACTIVATION) if token else None
    return user if user is not None and user.status in ACTIVATABLE else None


def needs_password(user: User) -> bool:
    """The welcome page asks for a password unless the user already chose one
    (verify-email registration, or an admin-set password on an ACTIVE user)."""
    return user.password_hash is None or user.status == "RECOVERY"


def confirm_activation(store: Store, token: str) -> User | None:
    """Use an activation link of a user who has a password: they become ACTIVE.

    None when the link is unknown, used, expired, or the user must set a
    password first (lifecycle.finish_activation does that).
    """
    user = activation_user(store, token)
    if user is None or needs_password(user):
        return None
    with store.transaction():
        if redeem_token(store, token, ACTIVATION) is None:
            return None
        if user.status != "ACTIVE":
            set_status(store, user, "ACTIVE")
            system_log.record(store, "user.lifecycle.activate",
                              targets=[system_log.user_ref(user)])
    return user


def request_reset(store: Store, username: str) -> tuple[User, str] | None:
    """A reset token for a user who may reset, else None (the caller says the same either way)."""
    user = find_by_login(store, username)
    if user is None or user.status not in RESETTABLE or not user.password_hash:
        return None
    return user, issue_token(store, user, RESET, RESET_LIFETIME)


def reset_user(store: Store, token: str) -> User | None:
    """The user a live reset link belongs to, when the reset page may serve it."""
    user = token_user(store, token, RESET) if token else None
    return user if user is not None and user.status not in RESET_BLOCKED else None
