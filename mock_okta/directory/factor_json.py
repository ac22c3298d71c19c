"""Factors as Okta writes them: the Factors API's (admin, unmasked) view, the
Authentication API's (masked, no status or dates) view, and the catalog.

Links drive Okta's clients: each has `href` and `hints.allow` with its methods;
`resend` is an array of named links; a pending TOTP factor embeds its activation
(shared secret and the QR code link, inside `activation`, where the widget reads it).
"""

from __future__ import annotations

from mock_okta.clock import iso
from mock_okta.directory import passcodes
from mock_okta.directory.factor_catalog import SECURITY_QUESTIONS, TOTP, FactorKind
from mock_okta.directory.factors import RESEND_WAIT, Factor


def link(href: str, *methods: str, **extra) -> dict:
    return {**extra, "href": href, "hints": {"allow": list(methods)}}


def factors_url(org_url: str, user_id: str) -> str:
    return f"{org_url}/api/v1/users/{user_id}/factors"


def activation_json(factor: Factor, org_url: str) -> dict:
    qr = f"{factors_url(org_url, factor.user_id)}/{factor.id}/qr/{factor.qr_token}"
    return {"timeStep": passcodes.TIME_STEP, "sharedSecret": factor.secret,
            "encoding": "base32", "keyLength": passcodes.DIGITS,
            "_links": {"qrcode": {"href": qr, "type": "image/png"}}}


def _public_profile(factor: Factor) -> dict:
    return {key: value for key, value in factor.profile.items() if key != "answer"}


def factor_json(factor: Factor, org_url: str) -> dict:
    """The Factors API's factor object."""
    base = f"{factors_url(org_url, factor.user_id)}/{factor.id}"
    user = link(f"{org_url}/api/v1/users/{factor.user_id}", "GET")
    if factor.status == "PENDING_ACTIVATION":
        links = {"activate": link(f"{base}/lifecycle/activate", "POST"),
                 "self": link(base, "GET"), "user": user}
        if factor.factor_type in RESEND_WAIT:
            links["resend"] = [link(f"{base}/resend", "POST", name=factor.factor_type)]
    else:
        links = {"verify": link(f"{base}/verify", "POST"),
                 "self": link(base, "GET", "DELETE"), "user": user}
        if factor.factor_type == "question":
            links["questions"] = link(f"{factors_url(org_url, factor.user_id)}/questions", "GET")
    body = {"id": factor.id, "factorType": factor.factor_type, "provider": factor.provider,
            "vendorName": factor.provider, "status": factor.status,
            "created": iso(factor.created), "lastUpdated": iso(factor.last_updated),
            "profile": _public_profile(factor), "_links": links}
    if factor.factor_type == TOTP and factor.status == "PENDING_ACTIVATION":
        body["_embedded"] = {"activation": activation_json(factor, org_url)}
    return body


def mask_phone(phone: str) -> str:
    """`+1 XXX-XXX-1337` as Okta shows a US number; elsewhere all but the last four hidden."""
    if phone.startswith("+1") and len(phone) == 12:
        return f"+1 XXX-XXX-{phone[-4:]}"
    return "+" + "X" * (len(phone) - 5) + phone[-4:]


def mask_email(email: str) -> str:
    local, _, domain = email.partition("@")
    return f"{local[:1]}...{local[-1:]}@{domain}" if len(local) > 1 else email


def authn_factor_json(factor: Factor, org_url: str, links: dict | None = None) -> dict:
    """A factor inside an authn transaction: masked profile, no status or dates."""
    profile = _public_profile(factor)
    if "phoneNumber" in profile:
        profile["phoneNumber"] = mask_phone(profile["phoneNumber"])
    if "email" in profile:
        profile["email"] = mask_email(profile["email"])
    body = {"id": factor.id, "factorType": factor.factor_type, "provider": factor.provider,
            "vendorName": factor.provider, "profile": profile}
    if links:
        body["_links"] = links
    return body


def catalog_json(kinds: tuple[FactorKind, ...], enrolled: list[Factor], org_url: str,
                 user_id: str, enrollment: dict[str, str] | None = None) -> list[dict]:
    """`GET …/factors/catalog`: what the user may enrol, with its status for them."""
    entries = []
    for kind in kinds:
        mine = next((f for f in enrolled if f.kind == kind), None)
        entry = {"factorType": kind.factor_type, "provider": kind.provider,
                 "vendorName": kind.provider,
                 "status": mine.status if mine else "NOT_SETUP",
                 "_links": {"enroll": link(factors_url(org_url, user_id), "POST")}}
        if enrollment is not None:
            entry["enrollment"] = enrollment.get(kind.policy_key, "OPTIONAL")
        if kind.factor_type == "question":
            entry["_links"]["questions"] = link(f"{factors_url(org_url, user_id)}/questions",
                                                "GET")
        entries.append(entry)
    return entries


def questions_json() -> list[dict]:
    return [{"question": key, "questionText": text} for key, text in SECURITY_QUESTIONS.items()]

