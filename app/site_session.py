"""Who is signed in, and for how long: g.user on every request, the grant's expiry and its
renewal, and `login_required`, which also asks the org whether the grant still stands.

The rules, in order:
* The grant (tokens.py) is trusted until it expires on the site's clock. Then the site renews
  it with its refresh token if it has one; otherwise, or when the org refuses, the site
  session ends with a notice. An org that cannot be reached cannot renew: that ends it too.
* A protected page asks the org first (introspection), so a revoked grant, or a user the org
  deactivated or deleted, ends the session at the next protected request. An org that cannot
  be reached changes nothing there: the grant still expires on time.
* The user's profile is re-read from the Users API every USER_REFRESH_SECONDS (current_user).
"""

from __future__ import annotations

import functools
import logging

from flask import Blueprint, current_app, g, redirect, request, session, url_for

from . import clock, notices, okta_users, tokens
from .current_user import Outcome, resolve

log = logging.getLogger(__name__)

bp = Blueprint("site_session", __name__)
# Files, not pages: they need no user, and must not renew or end the session beside the page
# that asked for them (two renewals at once would spend the refresh token twice).
_FILE_ENDPOINTS = frozenset({"static", "views.favicon"})


def fetch_user(user_id: str) -> dict:
    config = current_app.config
    return okta_users.get_user(config["OKTA_ORG_URL"], config["OKTA_API_TOKEN"], user_id,
                               timeout=config["OKTA_HTTP_TIMEOUT"])


def start(user: dict, id_token: str, grant: dict, now: int) -> None:
    """A fresh session at sign-in: nothing from before (fixation, stale state) survives."""
    session.clear()
    session["user"] = okta_users.snapshot(user, fetched_at=now)
    session["id_token"] = id_token  # the id_token_hint for sign-out
    session[tokens.SESSION_KEY] = grant


def end(notice: str | None, reason) -> None:
    """End the site session (the org's own session is not touched), leaving `notice`."""
    log.info("ending site session: %s", reason)
    session.clear()
    if notice:
        notices.notify(notice)


@bp.before_app_request
def load_signed_in_user():
    g.user = None
    if request.endpoint in _FILE_ENDPOINTS or "user" not in session:
        return
    now = clock.now()
    if not _grant_current(now):
        return
    user, outcome, error = resolve(session["user"], now=now,
                                   max_age=current_app.config["USER_REFRESH_SECONDS"],
                                   fetch=fetch_user)
    if outcome is Outcome.SIGNED_OUT:
        end(notices.SESSION_ENDED, error or "user no longer allowed to sign in")
    elif outcome is Outcome.STALE:
        log.warning("keeping a stale user profile, refresh failed: %s", error)
        session["user"] = user
    elif outcome is Outcome.REFRESHED:
        session["user"] = user
    g.user = user


def _grant_current(now: int) -> bool:
    """Keep, renew or end the session's grant; False when the session has ended."""
    grant = session.get(tokens.SESSION_KEY)
    if not tokens.is_grant(grant):
        end(None, "no grant in the session")  # unreadable, or a cookie from an older site
        return False
    if not tokens.has_expired(grant, now):
        return True
    if "refresh_token" not in grant:
        end(notices.SESSION_EXPIRED, "tokens expired, no refresh token")
        return False
    snap = session.get("user")
    try:
        renewed, id_token = tokens.renew(grant, now=now,
                                         user_id=snap.get("id") if isinstance(snap, dict) else "")
    except tokens.GrantEnded as exc:
        end(notices.SESSION_EXPIRED, exc)
        return False
    except tokens.OrgUnavailable as exc:
        end(notices.RENEWAL_FAILED, exc)
        return False
    session[tokens.SESSION_KEY] = renewed
    if id_token:
        session["id_token"] = id_token
    return True


def _org_honours_grant() -> bool:
    try:
        if tokens.still_active(session[tokens.SESSION_KEY]):
            return True
    except tokens.OrgUnavailable as exc:
        log.warning("could not check the session with the org; keeping it until it "
                    "expires: %s", exc)
        return True
    end(notices.SESSION_ENDED, "the org no longer honours the grant")
    return False


def login_required(view):
    """Send signed-out visitors to sign in (with a notice), then back to the page they asked
    for; for signed-in ones, check with the org that the grant still stands."""

    @functools.wraps(view)
    def wrapped(**kwargs):
        if g.user is not None and not _org_honours_grant():
            g.user = None
        if g.user is None:
            if not notices.pending():  # "your session has expired" already says it
                notices.notify(notices.SIGN_IN_REQUIRED)
            here = request.full_path if request.query_string else request.path
            return redirect(url_for("auth.login", next=here))
        return view(**kwargs)

    return wrapped
