"""A user as Okta's Users API returns it (pure: a User in, JSON out)."""

from __future__ import annotations

from mock_okta.clock import iso
from mock_okta.directory.users import User

# Links Okta attaches to a single user, by status (collections carry `self` only).
_LIFECYCLE_LINKS = {
    "ACTIVE": ("suspend", "resetPassword", "expirePassword", "forgotPassword",
               "changeRecoveryQuestion", "resetFactors", "changePassword", "deactivate"),
    "STAGED": ("activate", "deactivate"),
    "PROVISIONED": ("reactivate", "deactivate"),
    "SUSPENDED": ("unsuspend", "deactivate"),
    "LOCKED_OUT": ("unlock", "deactivate"),
    "PASSWORD_EXPIRED": ("resetPassword", "changePassword", "deactivate"),
    "RECOVERY": ("resetPassword", "changePassword", "deactivate"),
    "DEPROVISIONED": ("activate",),
}
_LINK_PATHS = {
    "suspend": "lifecycle/suspend", "unsuspend": "lifecycle/unsuspend",
    "activate": "lifecycle/activate", "reactivate": "lifecycle/reactivate",
    "deactivate": "lifecycle/deactivate", "unlock": "lifecycle/unlock",
    "resetPassword": "lifecycle/reset_password", "expirePassword": "lifecycle/expire_password",
    "resetFactors": "lifecycle/reset_factors",
    "forgotPassword": "credentials/forgot_password",
    "changePassword": "credentials/change_password",
    "changeRecoveryQuestion": "credentials/change_recovery_question",
}


def user_json(user: User, org_url: str, *, user_type_id: str, collection: bool = False) -> dict:
    """A user as Okta's Users API returns it (never any password material)."""
    self_href = f"{org_url}/api/v1/users/{user.id}"
    links = {"self": {"href": self_href}}
    if not collection:
        for rel in _LIFECYCLE_LINKS.get(user.status, ()):
            links[rel] = {"href": f"{self_href}/{_LINK_PATHS[rel]}", "method": "POST"}
        links["type"] = {"href": f"{org_url}/api/v1/meta/types/user/{user_type_id}"}
    credentials = {"provider": {"type": "OKTA", "name": "OKTA"}}
    if user.password_hash:
        credentials = {"password": {}, **credentials}
    return {
        "id": user.id,
        "status": user.status,
        "created": iso(user.created),
        "activated": iso(user.activated),
        "statusChanged": iso(user.status_changed),
        "lastLogin": iso(user.last_login),
        "lastUpdated": iso(user.last_updated),
        "passwordChanged": iso(user.password_changed),
        "type": {"id": user_type_id},
        "profile": dict(user.profile),
        "credentials": credentials,
        "_links": links,
    }
