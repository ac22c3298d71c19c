"""Deleting a user: every module that keeps rows about users drops its own,
in one transaction, so a failure leaves the user whole rather than half-deleted.

Each owner knows its tables (storage/schema.py names them); this module only
knows who to ask. A new table with a `user_id` needs its owner listed here
(tests/mock_okta/directory/test_user_deletion.py fails until it is).
"""

from __future__ import annotations

from mock_okta.directory import (
    credentials,
    factors,
    groups,
    lifecycle,
    sessions,
    signon,
    status,
    system_log,
    tokens,
    users,
)
from mock_okta.directory.users import User
from mock_okta.storage import Store

# Each has forget_user(store, user_id).
_OWNERS = (sessions, signon, lifecycle, credentials, groups, factors, tokens)


def delete_user(store: Store, user: User) -> None:
    with store.transaction():
        system_log.record(store, "user.lifecycle.delete.initiated",
                          targets=[system_log.user_ref(user)])
        for owner in _OWNERS:
            owner.forget_user(store, user.id)
        users.remove(store, user.id)
        system_log.record(store, "user.lifecycle.delete.completed",
                          targets=[system_log.user_ref(user)])


def deactivate_or_delete(store: Store, user: User) -> bool:
    """Okta deletes in two steps: the first call deactivates, the second deletes.
    True when the user is gone."""
    if user.status == "DEPROVISIONED":
        delete_user(store, user)
        return True
    status.set_status(store, user, "DEPROVISIONED")
    return False
