"""Deciding what g.user is for a request, from the session snapshot (pure: no Flask, no I/O).

The snapshot is trusted until it is USER_REFRESH_SECONDS old; only then is the Users API asked
again, so an ordinary page view never waits on the IdP. At most one refresh is attempted per
interval: a failed attempt is remembered in `checked_at`, so an IdP outage costs one slow
request per interval rather than one per page view.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from .okta_users import UserNotFound, UsersApiError, snapshot

# Okta refuses sign-in for these statuses, so an existing site session ends too.
# (DEPROVISIONED is also the first half of Okta's two-step delete.)
SIGN_OUT_STATUSES = frozenset({"DEPROVISIONED", "SUSPENDED"})


class Outcome(Enum):
    FRESH = "fresh"            # snapshot young enough, used as is
    REFRESHED = "refreshed"    # fetched again; store the new snapshot
    STALE = "stale"            # refresh failed; keep the old snapshot for now
    SIGNED_OUT = "signed_out"  # user gone, blocked, or snapshot unreadable: end the session


def is_snapshot(value) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("id"), str)
        and bool(value["id"])
        and isinstance(value.get("fetched_at"), int)
    )


def resolve(snap, *, now: int, max_age: int, fetch: Callable[[str], dict]):
    """Return (user_snapshot_or_None, Outcome, error_or_None)."""
    if not is_snapshot(snap):
        return None, Outcome.SIGNED_OUT, None
    checked_at = snap.get("checked_at")
    last_try = checked_at if isinstance(checked_at, int) else snap["fetched_at"]
    if now - last_try < max_age:
        return snap, Outcome.FRESH, None
    try:
        user = fetch(snap["id"])
    except UserNotFound as exc:
        return None, Outcome.SIGNED_OUT, exc
    except UsersApiError as exc:
        return {**snap, "checked_at": now}, Outcome.STALE, exc
    fresh = snapshot(user, fetched_at=now)
    if fresh["id"] != snap["id"]:
        # The API answered for someone else: never swap identities mid-session.
        return None, Outcome.SIGNED_OUT, UsersApiError(
            f"Users API returned user {fresh['id']!r} when asked for {snap['id']!r}")
    if fresh["status"] in SIGN_OUT_STATUSES:
        return None, Outcome.SIGNED_OUT, None
    return fresh, Outcome.REFRESHED, None
