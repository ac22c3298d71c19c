"""Authentication API answers as Okta writes them: the embedded user, links, and
the MFA states (MFA_ENROLL, MFA_ENROLL_ACTIVATE, MFA_REQUIRED, MFA_CHALLENGE).

Lists of factors are `_embedded.factors`; the one factor being activated or
challenged is `_embedded.factor` (the widget and auth-js read them so). Factors
here are masked and carry no status or dates.
"""

from __future__ import annotations

from mock_okta.clock import iso
from mock_okta.directory.factor_catalog import TOTP
from mock_okta.directory.factor_json import (
    activation_json,
    authn_factor_json,
    factors_url,
    link,
)
from mock_okta.directory.factors import RESEND_WAIT, Factor
from mock_okta.directory.mfa import MFA_ENROLL_ACTIVATE, Choice
from mock_okta.directory.policies import MfaDecision
from mock_okta.directory.signon import Transaction
from mock_okta.directory.users import User

EMBEDDED_PROFILE = ("login", "firstName", "lastName", "locale", "timeZone")


def embedded_user(user: User) -> dict:
    profile = {key: user.profile[key] for key in EMBEDDED_PROFILE if key in user.profile}
    profile.setdefault("locale", "en_US")
    return {"id": user.id, "passwordChanged": iso(user.password_changed), "profile": profile}


def authn_link(org_url: str, path: str, name: str | None = None) -> dict:
    extra = {"name": name} if name else {}
    return link(f"{org_url}/api/v1/authn{path}", "POST", **extra)


def remember_policy(decision: MfaDecision) -> dict:
    """`_embedded.policy`: may the device be remembered, and for how long (0: per device)."""
    return {"allowRememberDevice": decision.prompt_mode != "ALWAYS",
            "rememberDeviceLifetimeInMinutes":
                decision.factor_lifetime if decision.prompt_mode == "SESSION" else 0,
            "rememberDeviceByDefault": False, "factorsPolicyInfo": {}}


def _state(transaction: Transaction, embedded: dict, links: dict) -> dict:
    return {"stateToken": transaction.token, "expiresAt": iso(transaction.expires),
            "status": transaction.status,
            "_embedded": {"user": embedded_user(transaction.user), **embedded},
            "_links": links}


def mfa_required(transaction: Transaction, factors: list[Factor], decision: MfaDecision,
                 org_url: str) -> dict:
    listed = [authn_factor_json(factor, org_url, {"verify": authn_link(
        org_url, f"/factors/{factor.id}/verify")}) for factor in factors]
    return _state(transaction, {"factors": listed, "policy": remember_policy(decision)},
                  {"cancel": authn_link(org_url, "/cancel")})


def mfa_enroll(transaction: Transaction, choices: list[Choice], skip: bool,
               org_url: str) -> dict:
    listed = []
    for choice in choices:
        entry = {"factorType": choice.kind.factor_type, "provider": choice.kind.provider,
                 "vendorName": choice.kind.provider, "enrollment": choice.enrollment,
                 "status": "ACTIVE" if choice.factor else "NOT_SETUP",
                 "_links": {"enroll": authn_link(org_url, "/factors")}}
        if choice.kind.factor_type == "question":
            entry["_links"]["questions"] = link(
                f"{factors_url(org_url, transaction.user.id)}/questions", "GET")
        listed.append(entry)
    links = {"cancel": authn_link(org_url, "/cancel")}
    if skip:
        links["skip"] = authn_link(org_url, "/skip", "skip")
    return _state(transaction, {"factors": listed}, links)


def one_factor(transaction: Transaction, factor: Factor, decision: MfaDecision,
               org_url: str) -> dict:
    """MFA_ENROLL_ACTIVATE or MFA_CHALLENGE: the one factor, and how to go on."""
    body = authn_factor_json(factor, org_url)
    base = f"/factors/{factor.id}"
    embedded: dict = {"factor": body}
    if transaction.status == MFA_ENROLL_ACTIVATE:
        if factor.factor_type == TOTP:
            body["_embedded"] = {"activation": activation_json(factor, org_url)}
        links = {"next": authn_link(org_url, f"{base}/lifecycle/activate", "activate")}
        resend = f"{base}/lifecycle/resend"
    else:
        embedded["policy"] = remember_policy(decision)
        links = {"next": authn_link(org_url, f"{base}/verify", "verify")}
        resend = f"{base}/verify/resend"
    links |= {"prev": authn_link(org_url, "/previous"), "cancel": authn_link(org_url, "/cancel")}
    if factor.factor_type in RESEND_WAIT:
        links["resend"] = [authn_link(org_url, resend, factor.factor_type)]
    return _state(transaction, embedded, links)
