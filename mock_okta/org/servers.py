"""Authorization servers: the org's own and the custom ones, with their scopes,
token lifetimes and signing keys."""

from __future__ import annotations

from dataclasses import dataclass

from mock_okta.config import (
    DEFAULT_ACCESS_TOKEN_LIFETIME,
    DEFAULT_REFRESH_TOKEN_LIFETIME,
    AuthServerSettings,
)
from mock_okta.org.keys import KeyRing
from mock_okta.storage import Store

# Scopes every custom authorization server offers out of the box.
OIDC_SCOPES = ("openid", "profile", "email", "address", "phone", "offline_access")
# The org authorization server adds `groups` (custom servers have none by default).
ORG_SCOPES = OIDC_SCOPES + ("groups",)
# The org authorization server's id inside the mock (codes, keys, parked requests).
# It holds a "/", so no `/oauth2/{authServerId}/...` URL can ever name it.
ORG_SERVER_ID = "org/"


@dataclass
class AuthServer:
    """An authorization server: the org's own (issuer `{org}`) or a custom one
    (issuer `{org}/oauth2/{id}`, e.g. `default`)."""

    id: str
    keyring: KeyRing
    # Custom servers have one configured audience; None marks the org server,
    # whose access tokens carry the org URL as `aud`.
    configured_audience: str | None = None
    scopes: tuple[str, ...] = OIDC_SCOPES
    published_scopes: tuple[str, ...] = OIDC_SCOPES   # `scopes_supported` in discovery
    name: str = ""
    access_token_lifetime: int = DEFAULT_ACCESS_TOKEN_LIFETIME
    refresh_token_lifetime: int = DEFAULT_REFRESH_TOKEN_LIFETIME

    @property
    def is_org(self) -> bool:
        return self.id == ORG_SERVER_ID

    def issuer(self, org_url: str) -> str:
        return org_url if self.is_org else f"{org_url}/oauth2/{self.id}"

    def audience_for(self, org_url: str) -> str:
        """The `aud` of this server's access tokens."""
        return org_url if self.configured_audience is None else self.configured_audience

    def endpoint_base(self, org_url: str) -> str:
        """Where `/v1/authorize`, `/v1/token`, ... live: under `/oauth2` for both kinds."""
        return f"{org_url}/oauth2" if self.is_org else self.issuer(org_url)

    @classmethod
    def custom(cls, store: Store, settings: AuthServerSettings) -> AuthServer:
        published = OIDC_SCOPES + tuple(s for s in settings.published_scopes
                                        if s not in OIDC_SCOPES)
        return cls(settings.id, KeyRing(store, settings.id),
                   configured_audience=settings.audience,
                   scopes=OIDC_SCOPES + tuple(s for s in settings.scopes if s not in OIDC_SCOPES),
                   published_scopes=published, name=settings.name or settings.id,
                   access_token_lifetime=settings.access_token_lifetime,
                   refresh_token_lifetime=settings.refresh_token_lifetime)
