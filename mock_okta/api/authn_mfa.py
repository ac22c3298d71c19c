"""Authentication API, the MFA states: enrol (`/authn/factors`), activate, verify
(and their resends), `previous`, `skip`, and the answer for each state.

One stateToken carries the whole transaction: each step slides its expiry,
SUCCESS or cancel ends it. A call that does not belong to the transaction's
state is Okta's 403 E0000079; an unknown or expired stateToken 401 E0000011.
"""

from __future__ import annotations

from flask import jsonify

from mock_okta.api import bp, query_flag
from mock_okta.clock import iso
from mock_okta.directory import authn_json, mfa
from mock_okta.directory import factors as factor_store
from mock_okta.directory.passcodes import SENT_CODE_LIFETIME
from mock_okta.directory.sessions import issue_session_token
from mock_okta.directory.signon import (
    Transaction,
    end_transaction,
    load_transaction,
    move_transaction,
    start_transaction,
)
from mock_okta.directory.users import User
from mock_okta.errors import ApiError
from mock_okta.org import current_org
from mock_okta.web.request_body import json_object


def success(user: User, amr: list[str] | None = None):
    token, expires = issue_session_token(current_org().store, user, amr)
    return jsonify({"expiresAt": iso(expires), "status": "SUCCESS", "sessionToken": token,
                    "_embedded": {"user": authn_json.embedded_user(user)}})


def after_password(user: User, *, multi_optional: bool = False):
    """The answer once the password is good: SUCCESS, or the first MFA state."""
    store = current_org().store
    context = mfa.start_context(multi_optional=multi_optional)
    decision = mfa.decision_for(store, user, context)
    if decision.denied:
        raise ApiError.authentication_failed()   # a sign-on rule with access DENY
    status = mfa.next_status(store, user, context, decision)
    if status == mfa.SUCCESS:
        return success(user)
    token, _ = start_transaction(store, user, status, context=context)
    return state_answer(load_transaction(store, token))


def state_answer(transaction: Transaction):
    """The JSON of the transaction's current MFA state."""
    org = current_org()
    store, user = org.store, transaction.user
    decision = mfa.decision_for(store, user, transaction.context)
    if transaction.status == mfa.MFA_ENROLL:
        return jsonify(authn_json.mfa_enroll(transaction, mfa.choices(store, user, decision),
                                             mfa.can_skip(store, user, transaction.context),
                                             org.url()))
    if transaction.status == mfa.MFA_REQUIRED:
        return jsonify(authn_json.mfa_required(
            transaction, factor_store.active_factors(store, user.id), decision, org.url()))
    factor = mfa.factor_of(store, transaction, transaction.factor_id)
    return jsonify(authn_json.one_factor(transaction, factor, decision, org.url()))


def _step(*states: str) -> tuple[Transaction, dict]:
    """The request's transaction, which must be in one of `states`, and its body."""
    body = json_object()
    transaction = load_transaction(current_org().store, body.get("stateToken"))
    if transaction is None:
        raise ApiError.invalid_token()
    if transaction.user.status == "LOCKED_OUT":
        raise ApiError.user_locked()
    if transaction.status not in states:
        raise ApiError.wrong_authn_state()
    return transaction, body


def _factor(transaction: Transaction, factor_id: str) -> factor_store.Factor:
    factor = mfa.factor_of(current_org().store, transaction, factor_id)
    if factor is None:
        raise ApiError.not_found(factor_id, "UserFactor")
    return factor


def _go_on(transaction: Transaction):
    """After a verified factor or a skip: SUCCESS (ending the transaction) or the next state."""
    store = current_org().store
    status = mfa.next_status(store, transaction.user, transaction.context)
    if status == mfa.SUCCESS:
        end_transaction(store, transaction.token)
        return success(transaction.user, transaction.context.get("amr"))
    return state_answer(move_transaction(store, transaction, status))


@bp.post("/authn/factors")
def enroll_authn_factor():
    transaction, body = _step(mfa.MFA_ENROLL)
    org = current_org()
    factor = mfa.enroll(org.store, transaction, body.get("factorType"), body.get("provider"),
                        body.get("profile"),
                        hash_iterations=org.settings.password_hash_iterations)
    if factor.status == "ACTIVE":
        return _go_on(transaction)
    return state_answer(move_transaction(org.store, transaction, mfa.MFA_ENROLL_ACTIVATE,
                                         factor_id=factor.id))


@bp.post("/authn/factors/<factor_id>/lifecycle/activate")
def activate_authn_factor(factor_id):
    transaction, body = _step(mfa.MFA_ENROLL_ACTIVATE)
    factor = _factor(transaction, factor_id)
    if factor.id != transaction.factor_id:
        raise ApiError.wrong_authn_state()
    factor_store.activate(current_org().store, factor, body.get("passCode"))
    mfa.verified(transaction, factor)
    return _go_on(transaction)


@bp.post("/authn/factors/<factor_id>/lifecycle/resend")
def resend_authn_enroll_factor(factor_id):
    transaction, _ = _step(mfa.MFA_ENROLL_ACTIVATE)
    return _resend(transaction, _factor(transaction, factor_id))


@bp.post("/authn/factors/<factor_id>/verify/resend")
def resend_authn_verify_factor(factor_id):
    transaction, _ = _step(mfa.MFA_CHALLENGE)
    return _resend(transaction, _factor(transaction, factor_id))


def _resend(transaction: Transaction, factor: factor_store.Factor):
    if factor.id != transaction.factor_id or factor.factor_type not in factor_store.RESEND_WAIT:
        raise ApiError.wrong_authn_state()
    store = current_org().store
    factor_store.send_code(store, transaction.user, factor, SENT_CODE_LIFETIME)
    return state_answer(move_transaction(store, transaction, transaction.status,
                                         factor_id=factor.id))


@bp.post("/authn/factors/<factor_id>/verify")
def verify_authn_factor(factor_id):
    """A code or answer → the next state; an SMS or email factor without one is
    sent its code (MFA_CHALLENGE). `rememberDevice` travels in the query string."""
    query_flag("rememberDevice", False)
    transaction, body = _step(mfa.MFA_REQUIRED, mfa.MFA_CHALLENGE)
    factor = _factor(transaction, factor_id)
    store = current_org().store
    if factor.status != "ACTIVE":
        raise ApiError.wrong_authn_state()
    if factor.factor_type in factor_store.RESEND_WAIT and body.get("passCode") is None:
        if transaction.status != mfa.MFA_CHALLENGE or transaction.factor_id != factor.id:
            factor_store.send_code(store, transaction.user, factor, SENT_CODE_LIFETIME)
        return state_answer(move_transaction(store, transaction, mfa.MFA_CHALLENGE,
                                             factor_id=factor.id))
    factor_store.verify_at_sign_in(store, transaction.user, factor,
                                   passcode=body.get("passCode"), answer=body.get("answer"))
    mfa.verified(transaction, factor)
    return _go_on(transaction)


@bp.post("/authn/previous")
def previous_authn_state():
    transaction, _ = _step(mfa.MFA_ENROLL_ACTIVATE, mfa.MFA_CHALLENGE)
    back = mfa.MFA_ENROLL if transaction.status == mfa.MFA_ENROLL_ACTIVATE else mfa.MFA_REQUIRED
    return state_answer(move_transaction(current_org().store, transaction, back))


@bp.post("/authn/skip")
def skip_authn_state():
    transaction, _ = _step(mfa.MFA_ENROLL)
    if not mfa.can_skip(current_org().store, transaction.user, transaction.context):
        raise ApiError.wrong_authn_state()
    transaction.context["skipped"] = True
    return _go_on(transaction)
