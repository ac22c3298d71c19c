"""The MFA steps of one sign-in, shared by the Authentication API and the hosted
page: after the password, which state comes next (MFA_ENROLL, MFA_REQUIRED or
SUCCESS), what may be enrolled, and what the verified factor adds to `amr`.

Okta's rules (policies.py decides who): a user who must verify a second factor
and has none enrols one first; factors the enrolment policy marks REQUIRED are
enrolled at sign-in (rule `LOGIN`) or when a factor is asked for (`CHALLENGE`);
OPTIONAL ones may be skipped. Enrolling and activating a factor during sign-in
verifies it. `amr` gains the factor's values and `mfa`.
"""

from __future__ import annotations

from dataclasses import dataclass

from mock_okta.directory import factors as factor_store
from mock_okta.directory.factor_catalog import KINDS, FactorKind, kind_of
from mock_okta.directory.factors import ENROLL_REQUEST, Factor
from mock_okta.directory.policies import MfaDecision, decide
from mock_okta.directory.signon import Transaction
from mock_okta.directory.users import User
from mock_okta.errors import ValidationFailed
from mock_okta.storage import Store

SUCCESS, MFA_ENROLL, MFA_REQUIRED = "SUCCESS", "MFA_ENROLL", "MFA_REQUIRED"
MFA_ENROLL_ACTIVATE, MFA_CHALLENGE = "MFA_ENROLL_ACTIVATE", "MFA_CHALLENGE"
MFA_STATES = (MFA_ENROLL, MFA_REQUIRED, MFA_ENROLL_ACTIVATE, MFA_CHALLENGE)
NOT_ALLOWED = "Factor not allowed for the user based on the Multifactor policy."


@dataclass(frozen=True)
class Choice:
    """One row of MFA_ENROLL: a kind, whether it must be enrolled, and the user's own."""

    kind: FactorKind
    enrollment: str          # REQUIRED | OPTIONAL
    factor: Factor | None    # the user's ACTIVE factor of this kind, if any


def start_context(client_id: str | None = None, multi_optional: bool = False) -> dict:
    """What a transaction remembers between MFA steps."""
    return {"amr": ["pwd"], "client": client_id, "verified": False,
            "multiOptional": multi_optional}


def decision_for(store: Store, user: User, context: dict) -> MfaDecision:
    return decide(store, user.id, context.get("client"))


def choices(store: Store, user: User, decision: MfaDecision) -> list[Choice]:
    active = {factor.kind: factor for factor in factor_store.active_factors(store, user.id)}
    return [Choice(kind, decision.enrollment[kind.policy_key], active.get(kind))
            for kind in KINDS if kind.policy_key in decision.enrollment]


def _required_missing(store: Store, user: User, decision: MfaDecision) -> bool:
    prompt = decision.enroll_when == "LOGIN" or (
        decision.enroll_when == "CHALLENGE" and decision.require_factor)
    return prompt and any(choice.enrollment == "REQUIRED" and choice.factor is None
                          for choice in choices(store, user, decision))


def next_status(store: Store, user: User, context: dict,
                decision: MfaDecision | None = None) -> str:
    """MFA_ENROLL, MFA_REQUIRED or SUCCESS, from the policies and what is done so far
    (`decision`: the policies' answer, when the caller has just asked for it)."""
    decision = decision or decision_for(store, user, context)
    has_factor = bool(factor_store.active_factors(store, user.id))
    if decision.require_factor and not has_factor:
        return MFA_ENROLL
    if _required_missing(store, user, decision):
        return MFA_ENROLL
    if context.get("multiOptional") and context.get("verified") and not context.get(
            "skipped") and any(choice.factor is None for choice in choices(store, user, decision)):
        return MFA_ENROLL   # multiOptionalFactorEnroll: back to the list after each one
    if decision.require_factor and not context.get("verified"):
        return MFA_REQUIRED
    return SUCCESS


def can_skip(store: Store, user: User, context: dict) -> bool:
    """`skip` is offered once only optional factors remain."""
    decision = decision_for(store, user, context)
    if decision.require_factor and not context.get("verified") and not \
            factor_store.active_factors(store, user.id):
        return False
    return not _required_missing(store, user, decision)


def enroll(store: Store, transaction: Transaction, factor_type: object, provider: object,
           profile: object, *, hash_iterations: int) -> Factor:
    """Enrol a factor the enrolment policy allows (E0000001 with Okta's cause if not)."""
    user = transaction.user
    decision = decision_for(store, user, transaction.context)
    kind = kind_of(factor_type, provider)
    if kind is not None and kind.policy_key not in decision.enrollment:
        raise ValidationFailed(ENROLL_REQUEST, [NOT_ALLOWED])
    factor = factor_store.enroll(store, user, factor_type, provider, profile,
                                 hash_iterations=hash_iterations)
    if factor.status == "ACTIVE":   # a security question: no activation step
        verified(transaction, factor)
    return factor


def verified(transaction: Transaction, factor: Factor) -> None:
    """The factor was verified (or enrolled and activated) in this sign-in."""
    amr = transaction.context.setdefault("amr", ["pwd"])
    for value in (*factor.kind.amr, "mfa"):
        if value not in amr:
            amr.append(value)
    transaction.context["verified"] = True


def factor_of(store: Store, transaction: Transaction, factor_id: str) -> Factor | None:
    return factor_store.get_factor(store, transaction.user.id, factor_id)
