"""Okta's System Log event types that the org emits: name, display message,
legacy (Events API) name, and whether an event hook may subscribe to it.

Names and eligibility follow Okta's event-type catalog; display messages are
the ones seen in real events where known, else the catalog's one-line
description. `record()` refuses a name that is not here, so a typo in a call
site fails its test instead of inventing an event type.
"""

from __future__ import annotations

from typing import NamedTuple


class EventType(NamedTuple):
    display: str
    hook_eligible: bool = True
    legacy: str | None = None
    legacy_failure: str | None = None     # the legacy name of a failed one, where it differs


_OIDC = {  # the org authorization server's runtime events (app.oauth2.*): never hook-eligible
    "authorize": "OIDC authorization request",
    "authorize.code": "OIDC authorization code request",
    "token.grant": "OIDC token request",
    "token.grant.access_token": "OIDC access token is granted",
    "token.grant.id_token": "OIDC id token is granted",
    "token.grant.refresh_token": "OIDC refresh token is granted",
    "token.revoke": "OIDC token revocation request",
    "token.detect_reuse": "OIDC refresh token reuse detected",
}

CATALOG: dict[str, EventType] = {
    # sign-in and sessions
    "user.session.start": EventType("User login to Okta", legacy="core.user_auth.login_success",
                                    legacy_failure="core.user_auth.login_failed"),
    "user.session.end": EventType("User logout from Okta", legacy="core.user_auth.logout_success"),
    "user.session.clear": EventType("Clear user session"),
    "user.authentication.sso": EventType("User single sign on to app"),
    "policy.evaluate_sign_on": EventType("Evaluation of sign-on policy", hook_eligible=False),
    "user.account.lock": EventType("Max sign in attempts exceeded",
                                   legacy_failure="core.user_auth.account_locked"),
    "user.account.unlock_by_admin": EventType("User account unlock by admin"),
    # credentials
    "user.account.update_password": EventType("User update password for Okta"),
    "user.account.reset_password": EventType("Fired when the user's Okta password is reset"),
    "user.account.expire_password": EventType("Expire user password", hook_eligible=False),
    "user.account.update_profile": EventType("Update user profile for Okta"),
    # user lifecycle
    "user.lifecycle.create": EventType("Create okta user"),
    "user.lifecycle.activate": EventType("Activate Okta user"),
    "user.lifecycle.reactivate": EventType("Reactivate Okta user"),
    "user.lifecycle.deactivate": EventType("Deactivate Okta User",
                                           legacy="core.user.config.user_deactivated"),
    "user.lifecycle.suspend": EventType("Suspend Okta user"),
    "user.lifecycle.unsuspend": EventType("Unsuspend Okta user"),
    "user.lifecycle.delete.initiated": EventType("Delete Okta user initiated"),
    "user.lifecycle.delete.completed": EventType("Delete Okta user completed",
                                                 hook_eligible=False),
    # factors (Classic: auth_via_mfa is the second factor only)
    "user.authentication.auth_via_mfa": EventType("Authentication of user via MFA"),
    "user.mfa.factor.activate": EventType("Activate factor for user"),
    "user.mfa.factor.deactivate": EventType("Reset factor for user"),
    "user.mfa.factor.reset_all": EventType("Reset all factors for user"),
    "system.sms.send_factor_verify_message": EventType("Send SMS verification message"),
    "system.email.send_factor_verify_message": EventType("Send email verification message"),
    # groups
    "group.lifecycle.create": EventType("Create Okta group"),
    "group.lifecycle.delete": EventType("Delete Okta group"),
    "group.profile.update": EventType("Update Okta group profile"),
    "group.user_membership.add": EventType("Add user to group membership"),
    "group.user_membership.remove": EventType("Remove user from group membership"),
    # apps
    "application.lifecycle.create": EventType("Create application"),
    "application.lifecycle.update": EventType("Update application"),
    "application.lifecycle.activate": EventType("Activate application"),
    "application.lifecycle.deactivate": EventType("Deactivate application"),
    "application.lifecycle.delete": EventType("Delete application"),
    # OAuth 2.0 and OIDC: the org server, then custom servers (app.oauth2.as.*)
    **{f"app.oauth2.{name}": EventType(text, hook_eligible=False) for name, text in _OIDC.items()},
    **{f"app.oauth2.as.{name}": EventType(text.replace("OIDC", "OAuth2"), hook_eligible=False)
       for name, text in _OIDC.items()},
    "app.oauth2.as.key.rollover": EventType("OAuth2 authorization server key rollover",
                                            hook_eligible=False),
    # event hooks themselves (none eligible)
    **{f"event_hook.{name}": EventType(text, hook_eligible=False) for name, text in (
        ("created", "Event hook created"), ("updated", "Event hook updated"),
        ("activated", "Event hook activated"), ("deactivated", "Event hook deactivated"),
        ("deleted", "Event hook deleted"), ("verified", "Event hook verified"),
        ("delivery", "Event hook delivery failed"))},
}


def oauth2_event(server_is_org: bool, name: str) -> str:
    """`app.oauth2.{name}` for the org server, `app.oauth2.as.{name}` for a custom one."""
    return f"app.oauth2.{name}" if server_is_org else f"app.oauth2.as.{name}"


def hook_eligible(event_type: str) -> bool:
    known = CATALOG.get(event_type)
    return known is not None and known.hook_eligible
