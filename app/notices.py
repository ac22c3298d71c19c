"""What the site tells a visitor it has signed out or is sending to sign in: one owner for
the wording, shown by base.html (Flask's flashed messages, kept in the session cookie)."""

from __future__ import annotations

from flask import flash, get_flashed_messages, session

SIGN_IN_REQUIRED = "Please sign in to see this page."
SESSION_EXPIRED = "Your session has expired. Please sign in again."
SESSION_ENDED = ("Your session has ended: the sign-in service no longer accepts it. "
                 "Please sign in again.")
RENEWAL_FAILED = ("Your session has expired and could not be renewed, because the sign-in "
                  "service could not be reached. Please sign in again.")


def notify(message: str) -> None:
    """Queue a notice for the next page, once (two tabs must not stack the same words)."""
    if message not in [text for _, text in session.get("_flashes", [])]:
        flash(message, "notice")


def pending() -> bool:
    """A notice is waiting to be shown (without taking it off the queue)."""
    return bool(session.get("_flashes"))


def take() -> list[str]:
    return get_flashed_messages()
