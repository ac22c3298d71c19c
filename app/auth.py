"""Sign-in, sign-up, the OIDC callback and sign-out (who is signed in: site_session.py)."""

from __future__ import annotations

import logging
from contextlib import contextmanager
from urllib.parse import urlencode, urlsplit

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client import MismatchingStateError
from flask import Blueprint, current_app, g, redirect, render_template, request, session, url_for
from joserfc.errors import JoseError  # what Authlib's client raises when an ID token fails

from . import clock, csrf, notices, okta_users, site_session, tokens
from .errors import BadCsrfToken, ServiceUnavailable, SignInFailed
from .extensions import oauth

log = logging.getLogger(__name__)

bp = Blueprint("auth", __name__)

DEFAULT_NEXT = "/dashboard"
# Sign-ins started and not finished, oldest first, as [state, next] pairs: a few are kept so
# two tabs signing in at once both land where they meant to. A list, because a dict's keys
# come back from the session cookie sorted, so "first" would not mean "oldest".
_PENDING_KEY = "login_pending"
_MAX_PENDING = 5
_MAX_NEXT_LENGTH = 2000
# Browsers keep a cookie of up to 4,096 bytes (name, value and attributes); stay well below.
_COOKIE_BUDGET = 3_600


def safe_next(value, default: str = DEFAULT_NEXT) -> str:
    """`value` if it is a path on this site, else `default` (so no open redirects).

    Only printable ASCII without spaces or backslashes: browsers treat `\\` like `/` and drop
    tabs/newlines, which would turn `/\\evil.com` or `/\\t/evil.com` into `//evil.com`.
    """
    if not isinstance(value, str) or not value or len(value) > _MAX_NEXT_LENGTH:
        return default
    if any(not ("!" <= ch <= "~") or ch == "\\" for ch in value):
        return default
    if not value.startswith("/") or value.startswith("//"):
        return default
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return default
    return value


_IDP_DOWN = "The sign-in service could not be reached. Please try again in a moment."


# Setup mistakes, each answered with the setting to check (what a developer needs first).
_NO_DISCOVERY = ("The sign-in service has no OpenID Connect configuration at the configured "
                 "issuer.")
_BAD_CLIENT = "The sign-in service did not accept this site's client credentials."


@contextmanager
def _talking_to_idp(doing: str, message: str = _IDP_DOWN):
    """Turn 'the IdP is down or answered nonsense' into the 502 page."""
    try:
        yield
    except requests.HTTPError as exc:
        response = exc.response
        if response is not None and response.status_code == 404 \
                and response.url.endswith("/.well-known/openid-configuration"):
            log.warning("no discovery document at %s", response.url)
            raise ServiceUnavailable(_NO_DISCOVERY, detail=f"{response.url} answered 404: "
                                     "check OKTA_ISSUER") from exc
        log.warning("identity provider failed while %s: %r", doing, exc)
        raise ServiceUnavailable(message, detail=f"While {doing}: {type(exc).__name__}") from exc
    except (requests.RequestException, ValueError, TypeError, RuntimeError) as exc:
        # RequestException: refused, timed out, HTTP 5xx, non-JSON discovery.
        # ValueError/TypeError: a body that is JSON but not the expected object.
        # RuntimeError: Authlib's "Missing ..." for metadata without a needed endpoint.
        log.warning("identity provider failed while %s: %r", doing, exc)
        raise ServiceUnavailable(message, detail=f"While {doing}: {type(exc).__name__}") from exc


def _start_sign_in(next_url: str) -> str:
    """Build the authorize URL (PKCE, state, nonce) and remember it in the session.

    This is what Authlib's authorize_redirect() does, split so /register can wrap the URL.
    """
    redirect_uri = url_for("auth.callback", _external=True)
    client = oauth.okta
    with _talking_to_idp("starting sign-in"):
        authorization = client.create_authorization_url(redirect_uri)
    # Unlike authorize_redirect(), leave the URL itself out of the session: it is never read
    # back, and the cookie must stay well under the 4 KB browsers keep.
    client.save_authorize_data(
        redirect_uri=redirect_uri,
        **{k: v for k, v in authorization.items() if k in ("state", "code_verifier", "nonce")},
    )
    _remember_pending(authorization["state"], next_url)
    return authorization["url"]


def _pending() -> list[list[str]]:
    entries = session.get(_PENDING_KEY)
    if not isinstance(entries, list):
        return []
    return [entry for entry in entries if isinstance(entry, list) and len(entry) == 2
            and all(isinstance(part, str) for part in entry)]


def _remember_pending(state: str, next_url: str) -> None:
    """Add this attempt; forget the oldest ones while there are too many or the cookie
    would outgrow its budget (a lone attempt with a huge `next` falls back to the default)."""
    pending = _pending() + [[state, next_url]]
    session[_PENDING_KEY] = pending
    while len(pending) > _MAX_PENDING or _cookie_size() > _COOKIE_BUDGET:
        if len(pending) == 1:
            pending[0][1] = DEFAULT_NEXT
            break
        oldest_state, _ = pending.pop(0)
        # Forget the attempt entirely, Authlib's half (verifier, nonce) included.
        oauth.okta.framework.clear_state_data(session, oldest_state)
        session[_PENDING_KEY] = pending
    session[_PENDING_KEY] = pending


def _cookie_size() -> int:
    app = current_app._get_current_object()
    value = app.session_interface.get_signing_serializer(app).dumps(dict(session))
    return len(app.config["SESSION_COOKIE_NAME"]) + 1 + len(value)


@bp.get("/login")
def login():
    """Straight to the org's sign-in page, unless the site has something to say first
    ("please sign in", "your session has expired"): then a page with the notice and a
    button to go on. A notice must be shown now or never, as sign-in starts a fresh session."""
    next_url = safe_next(request.args.get("next"))
    if g.user is not None:
        return redirect(next_url)
    if notices.pending():
        return render_template("login.html", next_url=next_url)
    return redirect(_start_sign_in(next_url))


@bp.get("/register")
def register():
    next_url = safe_next(request.args.get("next"))
    if g.user is not None:
        return redirect(next_url)
    authorize_url = _start_sign_in(next_url)
    # The org's hosted sign-up page creates the account, signs it in, then continues the very
    # authorization request we just started, so the callback below finishes both flows.
    query = urlencode({"fromURI": authorize_url})
    return redirect(f"{current_app.config['OKTA_ORG_URL']}/signin/register?{query}")


@bp.get("/authorization-code/callback")
def callback():
    args = request.args
    if "error" in args:
        error = args.get("error") or "unknown_error"
        description = args.get("error_description") or "No description was given."
        raise SignInFailed(f"The sign-in service reported: {description}", detail=error)
    if not args.get("code") or not args.get("state"):
        raise SignInFailed("The sign-in response was incomplete (no code or state).")
    next_url = safe_next(next((nxt for state, nxt in _pending() if state == args["state"]), None))

    now = clock.now()
    with _talking_to_idp("finishing sign-in"):
        try:
            token = oauth.okta.authorize_access_token(
                claims_options=tokens.id_token_checks(),
                claims_cls=tokens.id_token_claims(now, lambda: oauth.okta.token.get("access_token")))
        except MismatchingStateError as exc:
            raise SignInFailed("This sign-in attempt has expired or was already used. "
                               "Please sign in again.", detail=exc.error) from exc
        except (AuthlibBaseError, JoseError) as exc:
            if getattr(exc, "error", None) in tokens.RETRY_LATER:
                # RFC 6749 says: try again later. Nothing was wrong with this sign-in.
                raise ServiceUnavailable(_IDP_DOWN, detail=exc.error) from exc
            if getattr(exc, "error", None) == "invalid_client":
                raise SignInFailed(_BAD_CLIENT, detail="invalid_client: check OKTA_CLIENT_ID "
                                   "and OKTA_CLIENT_SECRET") from exc
            # Token endpoint errors (invalid_grant...) and the ID token checks (signature,
            # iss, aud, exp, nonce) land here: the answer is not trustworthy, so refuse it.
            log.warning("rejected sign-in response: %r", exc)
            raise SignInFailed("The sign-in response could not be verified.",
                               detail=getattr(exc, "error", None) or type(exc).__name__) from exc

    claims = token.get("userinfo") or {}
    user_id = claims.get("sub")
    if not token.get("id_token") or not isinstance(user_id, str) or not user_id:
        raise SignInFailed("The sign-in service did not return an ID token.")

    try:
        user = site_session.fetch_user(user_id)
    except okta_users.UsersApiError as exc:
        log.warning("Users API failed during sign-in: %s", exc)
        detail = str(exc)
        if exc.status in (401, 403):  # E0000011 / E0000005: the token, not the org
            detail += ": check OKTA_API_TOKEN"
        raise ServiceUnavailable("Your account details could not be loaded. "
                                 "Please try again in a moment.", detail=detail) from exc
    if user.get("id") != user_id:
        raise ServiceUnavailable("Your account details could not be loaded.",
                                 detail=f"Users API returned {user.get('id')!r} for {user_id!r}")

    site_session.start(user, token["id_token"], tokens.grant_from(token, claims.get("exp"), now),
                       now)
    return redirect(next_url)


@bp.route("/logout", methods=["GET", "POST"])
def logout():
    if request.method == "GET":
        return render_template("logout.html")
    if "user" not in session and "id_token" not in session:
        # Nobody to sign out: the session may have ended on this very request (its tokens
        # expired), taking the form's token with it; a forged post could do nothing here.
        return redirect(url_for("views.home"))
    if not csrf.is_valid(request.form.get(csrf.FORM_FIELD)):
        raise BadCsrfToken("Your sign-out request could not be verified. "
                           "Go back, reload the page and try again.")
    id_token = session.get("id_token")
    session.clear()
    if not isinstance(id_token, str) or not id_token:
        return redirect(url_for("views.home"))
    # The site session is already gone; an unreachable IdP only means the org session stays.
    with _talking_to_idp("signing out", "You are signed out of this site, but the sign-in "
                         "service could not be reached, so you may still be signed in there."):
        end_session = oauth.okta.create_logout_url(
            post_logout_redirect_uri=url_for("views.home", _external=True),
            id_token_hint=id_token,
        )
    return redirect(end_session["url"])
