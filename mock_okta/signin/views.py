"""The hosted sign-in and sign-up pages, and the org's landing page."""

from __future__ import annotations

from functools import partial

from flask import make_response, redirect, render_template, request, url_for

from mock_okta.directory import outbox
from mock_okta.directory.self_service import register_unverified
from mock_okta.directory.sessions import end_session, find_session
from mock_okta.directory.signon import (
    Outcome,
    change_expired_password,
    end_transaction,
    find_transaction,
    policy_from,
    primary_auth,
    start_transaction,
)
from mock_okta.directory.users import create_user
from mock_okta.errors import CredentialsRejected, NewPasswordRefused, ValidationFailed
from mock_okta.org import current_org
from mock_okta.signin import bp, common, mfa
from mock_okta.signin.forms import (
    EXPIRED_FIELDS,
    EXPIRED_FORM,
    LOCKED_OUT,
    PASSWORDS_DIFFER,
    REGISTRATION_FIELDS,
    REVIEW_FORM,
    UNABLE_TO_SIGN_IN,
    blank_fields,
    new_password_errors,
    registration_errors,
)
from mock_okta.web.cookies import (
    clear_session_cookie,
    remember_login,
    remembered_login,
    session_id_from_request,
)


@bp.route("/login/login.htm", methods=["GET", "POST"])
def login():
    from_uri = common.from_uri()
    username = request.values.get("username", request.args.get("login_hint", "")).strip()
    if request.method == "GET":
        remembered = remembered_login()
        return common.login_page(from_uri, username or remembered, remember=bool(remembered))
    if not common.csrf_ok():
        return common.login_page(from_uri, username, banner=EXPIRED_FORM, status=400)
    password = request.form.get("password", "")
    missing = blank_fields({"username": username, "password": password}, ("username", "password"))
    if missing:
        return common.login_page(from_uri, username, fields=missing, status=400)
    org = current_org()
    result = primary_auth(org.store, username, password, policy_from(org.settings))
    if result.outcome is Outcome.SUCCESS:
        # Signed in, or a second factor first.
        response = make_response(mfa.start(result.user, from_uri))
        return remember_login(response, username if request.form.get("remember") else None)
    if result.outcome is Outcome.PASSWORD_EXPIRED:
        token, _ = start_transaction(org.store, result.user, "PASSWORD_EXPIRED")
        return _expired_page(from_uri, token)
    if result.outcome is Outcome.LOCKED_OUT:
        return common.login_page(from_uri, username, banner=LOCKED_OUT, status=403)
    return common.login_page(from_uri, username, banner=UNABLE_TO_SIGN_IN, status=401)


@bp.post("/signin/password-expired")
def password_expired():
    """The step Okta shows a user whose password has expired: choose a new one."""
    from_uri = common.from_uri()
    token = request.form.get("stateToken", "")
    org = current_org()
    found = find_transaction(org.store, token) if token else None
    if found is None or found[1] != "PASSWORD_EXPIRED":
        return common.login_page(from_uri, "", banner=EXPIRED_FORM, status=400)
    if not common.csrf_ok():
        return _expired_page(from_uri, token, banner=EXPIRED_FORM, status=400)
    user = found[0]
    form = {name: request.form.get(name, "") for name in EXPIRED_FIELDS}
    fields = blank_fields(form, EXPIRED_FIELDS)
    if not fields and form["newPassword"] != form["confirmPassword"]:
        fields = {"confirmPassword": PASSWORDS_DIFFER}
    if fields:
        return _expired_page(from_uri, token, fields=fields, status=400)
    common.rerender_on((CredentialsRejected, NewPasswordRefused),
                       partial(_expired_page, from_uri, token), new_password_errors)
    change_expired_password(org.store, user, form["oldPassword"], form["newPassword"],
                            org.settings.password_hash_iterations)
    end_transaction(org.store, token)
    return common.signed_in_redirect(user, from_uri)


def _expired_page(from_uri, token, *, banner=None, fields=None, status=200):
    return render_template("password_expired.html", from_uri=from_uri, state_token=token,
                           banner=banner, fields=fields or {},
                           csrf_token=common.csrf_token()), status




@bp.route("/signin/register", methods=["GET", "POST"])
def register():
    from_uri = common.from_uri()
    form = {name: request.form.get(name, "") for name in ("email", "firstName", "lastName")}
    if request.method == "GET":
        return _register_page(from_uri, form)
    if not common.csrf_ok():
        return _register_page(from_uri, form, banner=EXPIRED_FORM, status=400)
    password = request.form.get("password", "")
    missing = blank_fields({**form, "password": password}, REGISTRATION_FIELDS)
    if missing:
        return _register_page(from_uri, form, fields=missing, status=400, banner=REVIEW_FORM)
    org = current_org()
    email = form["email"].strip()
    profile = {"login": email, "email": email, "firstName": form["firstName"],
               "lastName": form["lastName"]}
    iterations = org.settings.password_hash_iterations
    common.rerender_on(ValidationFailed, partial(_register_page, from_uri, form),
                       registration_errors)
    if org.settings.registration_verify_email:  # Okta SSR "email verification required"
        user, token = register_unverified(org.store, profile, password, iterations)
        link = common.org_link("signin.welcome", token=token, fromURI=from_uri)
        outbox.registration_mail(org.store, user, link)
        return render_template("registration_complete.html", from_uri=from_uri)
    user = create_user(org.store, profile, password=password, activate=True,
                       hash_iterations=iterations, self_registered=True)
    return common.signed_in_redirect(user, from_uri)


def _register_page(from_uri, form, *, banner=None, fields=None, status=200):
    return render_template("register.html", from_uri=from_uri, form=form, banner=banner,
                           fields=fields or {}, csrf_token=common.csrf_token()), status


@bp.get("/")
def home():
    signed_in = find_session(current_org().store, session_id_from_request())
    return render_template("home.html", signed_in=signed_in, org_url=current_org().url(),
                           csrf_token=common.csrf_token(),
                           controls=current_org().settings.controls)


@bp.post("/login/signout")
def sign_out():
    """The landing page's "Sign out": end the org session (a form with the CSRF token)."""
    if common.csrf_ok():
        end_session(current_org().store, session_id_from_request())
        return clear_session_cookie(redirect(url_for("signin.home")))
    return redirect(url_for("signin.home"))


