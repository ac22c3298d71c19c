"""The org: everything one running mock holds, hung off the Flask app."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import current_app, request

from .config import AuthServerSettings, Settings
from .ids import okta_id
from .keys import KeyRing
from .store import Store

# Scopes every custom authorization server offers out of the box.
OIDC_SCOPES = ("openid", "profile", "email", "address", "phone", "offline_access")
# The org authorization server adds `groups` (custom servers have none by default).
ORG_SCOPES = OIDC_SCOPES + ("groups",)
# The org authorization server's id inside the mock (codes, keys, parked requests).
# It holds a "/", so no `/oauth2/{authServerId}/...` URL can ever name it.
ORG_SERVER_ID = "org/"
ACCESS_TOKEN_LIFETIME = 3600                 # Okta's default: one hour
REFRESH_TOKEN_LIFETIME = 90 * 24 * 3600      # Okta's org server: 90 days


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
    access_token_lifetime: int = ACCESS_TOKEN_LIFETIME
    refresh_token_lifetime: int = REFRESH_TOKEN_LIFETIME

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
    def custom(cls, store: Store, settings: AuthServerSettings) -> "AuthServer":
        published = OIDC_SCOPES + tuple(s for s in settings.published_scopes
                                        if s not in OIDC_SCOPES)
        return cls(settings.id, KeyRing(store, settings.id),
                   configured_audience=settings.audience,
                   scopes=OIDC_SCOPES + tuple(s for s in settings.scopes if s not in OIDC_SCOPES),
                   published_scopes=published, name=settings.name or settings.id,
                   access_token_lifetime=settings.access_token_lifetime,
                   refresh_token_lifetime=settings.refresh_token_lifetime)


@dataclass
class Org:
    settings: Settings
    store: Store
    org_id: str = ""            # the Okta IdP id, `idp` claim
    user_type_id: str = ""      # the default user type, `type.id`
    secret_key: str = ""        # signs the sign-in pages' CSRF cookie
    servers: dict[str, AuthServer] = field(default_factory=dict)   # custom servers by id
    org_server: AuthServer | None = None
    documents: object = None    # the DocumentCache in front of the app

    @classmethod
    def open(cls, settings: Settings) -> "Org":
        store = Store(settings.db_path)
        org = cls(settings=settings, store=store)
        org.org_id = store.setting("org_id", lambda: okta_id("00o"))
        org.user_type_id = store.setting("user_type_id", lambda: okta_id("oty"))
        org.secret_key = store.setting("secret_key", lambda: okta_id("", 64))
        # Keys are created lazily, on first use: opening the org stays cheap.
        org.org_server = AuthServer(ORG_SERVER_ID, KeyRing(store, ORG_SERVER_ID),
                                    scopes=ORG_SCOPES, published_scopes=ORG_SCOPES,
                                    name="Okta org authorization server")
        org.servers["default"] = AuthServer.custom(
            store, AuthServerSettings(id="default", audience="api://default", name="default"))
        for server in settings.auth_servers:   # may redefine `default`
            org.servers[server.id] = AuthServer.custom(store, server)
        return org

    def server(self, server_id: str) -> AuthServer | None:
        """The org server for ORG_SERVER_ID, else the custom server with that id."""
        if server_id == ORG_SERVER_ID:
            return self.org_server
        return self.servers.get(server_id)

    def url(self) -> str:
        """Public base URL: configured, else the host this request came to."""
        if self.settings.org_url:
            return self.settings.org_url
        # Asked for many times per request (issuer, links, tokens): work it out once.
        environ = request.environ
        url = environ.get("mock_okta.org_url")
        if url is None:
            url = environ["mock_okta.org_url"] = request.host_url.rstrip("/")
        return url


def current_org() -> Org:
    return current_app.extensions["mock_okta"]
