"""A user's status, and what Okta does when it changes.

Apart from users.py so that the owners of sessions and tokens can be asked:
users.py sits below them (sessions need users), this module above.
"""

from __future__ import annotations

from mock_okta.directory import sessions, tokens
from mock_okta.directory.users import User, may_sign_in, write_status
from mock_okta.storage import Store

# Okta revokes the tokens of a user who is suspended or deactivated (and deleted).
_REVOKES_TOKENS = ("SUSPENDED", "DEPROVISIONED")


def set_status(store: Store, user: User, status: str) -> User:
    with store.transaction():
        write_status(store, user, status)
        if not may_sign_in(user):
            # Okta ends the sessions of a user who can no longer sign in.
            sessions.end_user_sessions(store, user.id)
        if status in _REVOKES_TOKENS:
            tokens.revoke_for(store, user_id=user.id)  # and their tokens stop working
    return user
