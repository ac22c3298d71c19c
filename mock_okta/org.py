"""The org: everything one running mock holds, hung off the Flask app."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, request

from .config import Settings
from .ids import okta_id
from .keys import KeyRing
from .store import Store

# Scopes every custom authorization server offers out of the box.
OIDC_SCOPES = ("openid", "profile", "email", "address", "phone", "offline_access")


@dataclass
class AuthServer:
    """A custom authorization server, e.g. `default`."""

    id: str
    audience: str
    keyring: KeyRing
    scopes: tuple[str, ...] = OIDC_SCOPES

    def issuer(self, org_url: str) -> str:
        return f"{org_url}/oauth2/{self.id}"


@dataclass
class Org:
    settings: Settings
    store: Store
    org_id: str = ""            # the Okta IdP id, `idp` claim
    user_type_id: str = ""      # the default user type, `type.id`
    secret_key: str = ""        # signs the sign-in pages' CSRF cookie
    servers: dict[str, AuthServer] = field(default_factory=dict)
    documents: object = None    # the DocumentCache in front of the app

    @classmethod
    def open(cls, settings: Settings) -> "Org":
        store = Store(settings.db_path)
        org = cls(settings=settings, store=store)
        org.org_id = store.setting("org_id", lambda: okta_id("00o"))
        org.user_type_id = store.setting("user_type_id", lambda: okta_id("oty"))
        org.secret_key = store.setting("secret_key", lambda: okta_id("", 64))
        org.servers["default"] = AuthServer("default", "api://default",
                                            KeyRing(store, "default"))
        return org

    def url(self) -> str:
        """Public base URL: configured, else the host this request came to."""
        return self.settings.org_url or request.host_url.rstrip("/")


def current_org() -> Org:
    return current_app.extensions["mock_okta"]
