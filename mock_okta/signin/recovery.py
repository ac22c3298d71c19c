"""Pages reached from the outbox: the activation link (`/welcome/{token}`) and
password reset (`/signin/forgot-password`, `/signin/reset-password/{token}`).

Routes live on the sign-in blueprint. Unknown, used or expired links get a
readable 404 page; every form carries the CSRF token and keeps `fromURI`.
"""

from __future__ import annotations

from flask import render_template, request, url_for

from mock_okta.directory import outbox
from mock_okta.directory.lifecycle import finish_activation, finish_reset
from mock_okta.directory.self_service import (
    activation_user,
    confirm_activation,
    needs_password,
    request_reset,
    reset_user,
)
from mock_okta.errors import ValidationFailed
from mock_okta.org import current_org
from mock_okta.signin import bp, common
from mock_okta.signin.forms import (
    BLANK,
    EXPIRED_FORM,
    PASSWORDS_DIFFER,
    blank_fields,
    new_password_errors,
)

NEW_PASSWORD_FIELDS = ("newPassword", "confirmPassword")


@bp.route("/welcome/<token>", methods=["GET", "POST"])
def welcome(token):
    """Okta's activation link. A user who already chose a password (verify-email
    sign-up) is activated by opening it; anyone else sets a password first."""
    org = current_org()
    from_uri = common.from_uri()
    user = activation_user(org.store, token)
    if user is None:
        return common.link_gone()
    if not needs_password(user):
        user = confirm_activation(org.store, token)
        return common.link_gone() if user is None else common.signed_in_redirect(user, from_uri)
    page = _NewPasswordPage("welcome", token, from_uri, user)
    if request.method == "GET":
        return page.render()
    return _set_password(page, finish_activation)


@bp.route("/signin/forgot-password", methods=["GET", "POST"])
def forgot_password_page():
    """Ask for a reset link. The answer never tells whether the user exists."""
    from_uri = common.from_uri()
    username = request.values.get("username", "").strip()
    if request.method == "GET":
        return _forgot_page(from_uri, username)
    if not common.csrf_ok():
        return _forgot_page(from_uri, username, banner=EXPIRED_FORM, status=400)
    if not username:
        return _forgot_page(from_uri, username, fields={"username": BLANK}, status=400)
    store = current_org().store
    found = request_reset(store, username)
    if found is not None:
        user, token = found
        link = common.org_link("signin.reset_password_page", token=token, fromURI=from_uri)
        outbox.reset_mail(store, user, link)
    return _forgot_page(from_uri, username, sent=True)


@bp.route("/reset_password/<token>", methods=["GET", "POST"])        # Users API reset_password
@bp.route("/signin/reset-password/<token>", methods=["GET", "POST"])  # forgot password
def reset_password_page(token):
    user = reset_user(current_org().store, token)
    if user is None:
        return common.link_gone()
    page = _NewPasswordPage("reset", token, common.from_uri(), user)
    if request.method == "GET":
        return page.render()
    return _set_password(page, finish_reset)


def _set_password(page: _NewPasswordPage, finish):
    """The POST half of both pages: check the form, then `finish(store, token, ...)`."""
    if not common.csrf_ok():
        return page.render(banner=EXPIRED_FORM, status=400)
    form = {name: request.form.get(name, "") for name in NEW_PASSWORD_FIELDS}
    fields = blank_fields(form, NEW_PASSWORD_FIELDS)
    if not fields and form["newPassword"] != form["confirmPassword"]:
        fields = {"confirmPassword": PASSWORDS_DIFFER}
    if fields:
        return page.render(fields=fields, status=400)
    org = current_org()
    # A weak password re-renders the form; a link gone meanwhile is LinkExpired.
    common.rerender_on(ValidationFailed, page.render, new_password_errors)
    user = finish(org.store, page.token, form["newPassword"], org.settings.password_hash_iterations)
    return common.signed_in_redirect(user, page.from_uri)


class _NewPasswordPage:
    """The "choose a password" form, as the welcome page or the reset page."""

    TEXT = {
        "welcome": {"title": "Create your account", "submit": "Create My Account",
                    "endpoint": "signin.welcome", "css": "activation-form"},
        "reset": {"title": "Reset your password", "submit": "Reset Password",
                  "endpoint": "signin.reset_password_page", "css": "password-reset-form"},
    }

    def __init__(self, kind: str, token: str, from_uri: str | None, user):
        self.kind, self.token, self.from_uri, self.user = kind, token, from_uri, user

    def render(self, *, banner=None, fields=None, status=200):
        text = self.TEXT[self.kind]
        return render_template(
            "new_password.html", kind=self.kind, text=text, user=self.user,
            action=url_for(text["endpoint"], token=self.token), from_uri=self.from_uri,
            banner=banner, fields=fields or {}, csrf_token=common.csrf_token()), status


def _forgot_page(from_uri, username, *, banner=None, fields=None, sent=False, status=200):
    return render_template("forgot_password.html", from_uri=from_uri, username=username,
                           banner=banner, fields=fields or {}, sent=sent,
                           csrf_token=common.csrf_token()), status
