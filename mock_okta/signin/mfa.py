"""The hosted page's MFA steps after the password: the enrolment list, enrolling
and activating a factor (QR code and manual key for TOTP), and the challenge.

Server-rendered forms carry the authn transaction's stateToken, the CSRF token
and `fromURI`; each step is the Authentication API's rule (directory/mfa.py),
so the page and `/api/v1/authn` cannot disagree. Paths follow the widget's
routes (`/signin/verify/{provider}/{factorType}`, ...), providers in lower case.
"""

from __future__ import annotations

from functools import partial, wraps

from flask import render_template, request

from mock_okta.directory import factors as factor_store
from mock_okta.directory import mfa as flow
from mock_okta.directory.factor_catalog import SECURITY_QUESTIONS, TOTP, kind_of
from mock_okta.directory.factor_json import activation_json, mask_email, mask_phone
from mock_okta.directory.passcodes import SENT_CODE_LIFETIME
from mock_okta.directory.signon import (
    Transaction,
    end_transaction,
    load_transaction,
    move_transaction,
    start_transaction,
)
from mock_okta.org import current_org
from mock_okta.signin import bp, common, mfa_texts
from mock_okta.signin.forms import BLANK, EXPIRED_FORM, REVIEW_FORM, UNABLE_TO_SIGN_IN


def start(user, from_uri):
    """After a good password: signed in, or the first MFA screen."""
    store = current_org().store
    context = flow.start_context(common.client_of(from_uri))
    decision = flow.decision_for(store, user, context)
    if decision.denied:
        return common.login_page(from_uri, user.login, banner=UNABLE_TO_SIGN_IN, status=401)
    status = flow.next_status(store, user, context, decision)
    if status == flow.SUCCESS:
        return common.signed_in_redirect(user, from_uri)
    token, _ = start_transaction(store, user, status, context=context)
    return _screen(load_transaction(store, token), from_uri)


def _step(*states):
    """The view runs with the form's live transaction in one of `states`; otherwise the
    sign-in page again ("This page has expired")."""
    def wrap(view):
        @wraps(view)
        def wrapper(**kwargs):
            from_uri = common.from_uri()
            transaction = load_transaction(current_org().store, request.form.get("stateToken"))
            if transaction is None or transaction.status not in states or not common.csrf_ok():
                return common.login_page(from_uri, "", banner=EXPIRED_FORM, status=400)
            if transaction.user.status == "LOCKED_OUT":
                return _screen(transaction, from_uri, banner=mfa_texts.LOCKED, status=403)
            common.rerender_on(mfa_texts.MFA_REFUSALS, partial(_screen, transaction, from_uri),
                               lambda error: (mfa_texts.error_text(error), {}))
            return view(transaction, from_uri, **kwargs)
        return wrapper
    return wrap


def _go_on(transaction: Transaction, from_uri):
    store = current_org().store
    status = flow.next_status(store, transaction.user, transaction.context)
    if status == flow.SUCCESS:
        end_transaction(store, transaction.token)
        return common.signed_in_redirect(transaction.user, from_uri,
                                         transaction.context.get("amr"))
    return _screen(move_transaction(store, transaction, status), from_uri)


def _screen(transaction: Transaction, from_uri, *, banner=None, fields=None, status=200,
            **extra):
    """The page for the transaction's state."""
    store, user = current_org().store, transaction.user
    page = {"state_token": transaction.token, "from_uri": from_uri, "banner": banner,
            "fields": fields or {}, "csrf_token": common.csrf_token(), **extra}
    if transaction.status == flow.MFA_ENROLL:
        decision = flow.decision_for(store, user, transaction.context)
        return render_template("mfa_enroll.html", choices=flow.choices(store, user, decision),
                               rows=mfa_texts.ROWS, skip=flow.can_skip(store, user,
                                                                       transaction.context),
                               texts=mfa_texts, **page), status
    if transaction.status == flow.MFA_ENROLL_ACTIVATE:
        factor = flow.factor_of(store, transaction, transaction.factor_id)
        activation = activation_json(factor, "") if factor.factor_type == TOTP else None
        return render_template("mfa_enroll_activate.html", factor=factor, activation=activation,
                               texts=mfa_texts, masked=_masked(factor), **page), status
    active = factor_store.active_factors(store, user.id)
    chosen = next((f for f in active if f.id == transaction.factor_id), active[0])
    return render_template("mfa_verify.html", factor=chosen, others=[
        f for f in active if f.id != chosen.id], sent=transaction.status == flow.MFA_CHALLENGE,
        texts=mfa_texts, masked=_masked(chosen), **page), status


def _masked(factor) -> dict:
    profile = dict(factor.profile)
    if "phoneNumber" in profile:
        profile["phoneNumber"] = mask_phone(profile["phoneNumber"])
    if "email" in profile:
        profile["email"] = mask_email(profile["email"])
    return profile


@bp.post("/signin/enroll")
@_step(flow.MFA_ENROLL, flow.MFA_ENROLL_ACTIVATE)
def mfa_enroll_list(transaction, from_uri):
    """The factor list (also "Back to factor list" from an enrolment)."""
    return _screen(move_transaction(current_org().store, transaction, flow.MFA_ENROLL), from_uri)


@bp.post("/signin/enroll/<provider>/<factor_type>")
@_step(flow.MFA_ENROLL)
def mfa_enroll_factor(transaction, from_uri, provider, factor_type):
    """Set up one kind: TOTP and email at once; SMS and question after their form."""
    kind = kind_of(factor_type, provider.upper())
    profile = None
    if kind is not None and kind.factor_type in ("sms", "question"):
        names = ("phoneNumber",) if kind.factor_type == "sms" else ("question", "answer")
        form = {name: request.form.get(name, "") for name in names}
        if "submitted" not in request.form or not all(value.strip() for value in form.values()):
            fields = {name: BLANK for name, value in form.items() if not value.strip()} \
                if "submitted" in request.form else {}
            return render_template(
                "mfa_enroll_profile.html", kind=kind, form=form, fields=fields,
                banner=REVIEW_FORM if fields else None, questions=SECURITY_QUESTIONS,
                state_token=transaction.token, from_uri=from_uri,
                csrf_token=common.csrf_token()), 400 if fields else 200
        profile = form
    org = current_org()
    factor = flow.enroll(org.store, transaction, factor_type, provider.upper(), profile,
                         hash_iterations=org.settings.password_hash_iterations)
    if factor.status == "ACTIVE":
        return _go_on(transaction, from_uri)
    return _screen(move_transaction(org.store, transaction, flow.MFA_ENROLL_ACTIVATE,
                                    factor_id=factor.id), from_uri)


@bp.post("/signin/enroll-activate/<provider>/<factor_type>")
@_step(flow.MFA_ENROLL_ACTIVATE)
def mfa_activate_factor(transaction, from_uri, provider, factor_type):
    store = current_org().store
    factor = flow.factor_of(store, transaction, transaction.factor_id)
    if "resend" in request.form:
        factor_store.send_code(store, transaction.user, factor, SENT_CODE_LIFETIME)
        return _screen(transaction, from_uri)
    code = request.form.get("passCode", "").strip()
    if not code:
        return _screen(transaction, from_uri, banner=REVIEW_FORM, fields={"passCode": BLANK},
                       status=400)
    factor_store.activate(store, factor, code)
    flow.verified(transaction, factor)
    return _go_on(transaction, from_uri)


@bp.post("/signin/verify/<provider>/<factor_type>")
@_step(flow.MFA_REQUIRED, flow.MFA_CHALLENGE)
def mfa_verify_factor(transaction, from_uri, provider, factor_type):
    """Verify the chosen factor; `switch` picks another, `send` sends an SMS or email code."""
    store = current_org().store
    factor = flow.factor_of(store, transaction, request.form.get("factorId", ""))
    if factor is None or factor.status != "ACTIVE":
        return common.login_page(from_uri, "", banner=EXPIRED_FORM, status=400)
    if "switch" in request.form:
        return _screen(move_transaction(store, transaction, flow.MFA_REQUIRED,
                                        factor_id=factor.id), from_uri)
    if "send" in request.form:
        factor_store.send_code(store, transaction.user, factor, SENT_CODE_LIFETIME)
        return _screen(move_transaction(store, transaction, flow.MFA_CHALLENGE,
                                        factor_id=factor.id), from_uri)
    transaction.factor_id = factor.id   # a refusal re-renders this factor's form
    answer = request.form.get("answer", "").strip()
    if not answer:
        return _screen(transaction, from_uri, banner=REVIEW_FORM, fields={"answer": BLANK},
                       status=400)
    code = {"answer": answer} if factor.factor_type == "question" else {"passcode": answer}
    factor_store.verify_at_sign_in(store, transaction.user, factor, **code)
    flow.verified(transaction, factor)
    return _go_on(transaction, from_uri)


@bp.post("/signin/skip")
@_step(flow.MFA_ENROLL)
def mfa_skip_enrollment(transaction, from_uri):
    if not flow.can_skip(current_org().store, transaction.user, transaction.context):
        return _screen(transaction, from_uri, status=400)
    transaction.context["skipped"] = True
    return _go_on(transaction, from_uri)
