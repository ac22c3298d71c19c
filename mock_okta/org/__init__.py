"""The org: everything one running mock holds, hung off the Flask app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app, request

from mock_okta.config import AuthServerSettings, Settings
from mock_okta.directory import event_hooks, groups, system_log, users
from mock_okta.ids import okta_id
from mock_okta.org.faults import Faults
from mock_okta.org.forgeries import Forgeries
from mock_okta.org.hook_sender import HookSender
from mock_okta.org.keys import KeyRing, SigningKey
from mock_okta.org.servers import ORG_SCOPES, ORG_SERVER_ID, AuthServer
from mock_okta.storage import Store


@dataclass
class Org:
    settings: Settings
    store: Store
    org_id: str = ""            # the Okta IdP id, `idp` claim
    user_type_id: str = ""      # the default user type, `type.id`
    secret_key: str = ""        # signs the sign-in pages' CSRF cookie
    api_token_id: str = ""      # the API token's `00T…` id (System Log requestApiTokenId)
    servers: dict[str, AuthServer] = field(default_factory=dict)   # custom servers by id
    org_server: AuthServer | None = None
    documents: object = None    # the DocumentCache in front of the app: see rotate_keys
    # In-memory state kept beside the store (rate-limit counters, ...): each
    # holder registers how to drop it when the org is reset.
    on_reset: list[Callable[[], None]] = field(default_factory=list)
    faults: Faults = field(default_factory=Faults)   # armed through /_mock/faults
    forgeries: Forgeries = field(default_factory=Forgeries)   # /_mock/forgeries
    clock_offset: float = 0.0   # seconds the org's clock is ahead of the real one (/_mock/clock)
    requests: object = None     # the RequestLog around the app (/_mock/requests)
    hook_sender: HookSender | None = None   # delivers to event hooks, once there is one

    @classmethod
    def open(cls, settings: Settings) -> Org:
        # A file from an older version gets the folded columns its owners derive.
        store = Store(settings.db_path,
                      backfill=(users.fill_profile_keys, groups.fill_description_keys))
        org = cls(settings=settings, store=store)
        org.org_id = store.setting("org_id", lambda: okta_id("00o"))
        org.user_type_id = store.setting("user_type_id", lambda: okta_id("oty"))
        org.secret_key = store.setting("secret_key", lambda: okta_id("", 64))
        org.api_token_id = store.setting("api_token_id", lambda: okta_id("00T"))
        # Keys are created lazily, on first use: opening the org stays cheap.
        org.org_server = AuthServer(ORG_SERVER_ID, KeyRing(store, ORG_SERVER_ID),
                                    scopes=ORG_SCOPES, published_scopes=ORG_SCOPES,
                                    name="Okta org authorization server")
        org.servers["default"] = AuthServer.custom(
            store, AuthServerSettings(id="default", audience="api://default", name="default"))
        for server in settings.auth_servers:   # may redefine `default`
            org.servers[server.id] = AuthServer.custom(store, server)
        org.hook_sender = HookSender(store)
        if event_hooks.any_active(store):   # deliveries left queued by a previous run
            org.hook_sender.ensure_running()
        return org

    def reset(self) -> None:
        """Back to the seeded state: every table as it was after start-up (the
        first signing keys included), the System Log empty, and what is held in
        memory dropped."""
        restored = self.store.restore()
        system_log.clear(self.store)
        if restored:
            for server in (self.org_server, *self.servers.values()):
                server.keyring.refresh()
            if self.documents is not None:
                self.documents.clear()
        self.faults.clear()
        self.forgeries.clear()
        self.clock_offset = 0.0
        if self.requests is not None:
            self.requests.clear()
        for drop in self.on_reset:
            drop()

    def server(self, server_id: str) -> AuthServer | None:
        """The org server for ORG_SERVER_ID, else the custom server with that id."""
        if server_id == ORG_SERVER_ID:
            return self.org_server
        return self.servers.get(server_id)

    def rotate_keys(self, server: AuthServer) -> list[SigningKey]:
        """Okta's keyRotate for one server. Its JWKS changes, so every cached copy of
        the org's documents goes (the org knows its caches; no view has to)."""
        keys = server.keyring.rotate()
        if self.documents is not None:
            self.documents.clear()
        return keys

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
