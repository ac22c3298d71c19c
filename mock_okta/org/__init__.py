"""The org: everything one running mock holds, hung off the Flask app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from flask import current_app, request

from mock_okta.config import AuthServerSettings, Settings
from mock_okta.directory import event_hooks, groups, system_log, users
from mock_okta.ids import okta_id
from mock_okta.org import kit_state
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
    # holder registers how to drop it when the org is reset (by any worker).
    on_reset: list[Callable[[], None]] = field(default_factory=list)
    faults: Faults | None = None          # armed through /_mock/faults (in the store)
    forgeries: Forgeries | None = None    # /_mock/forgeries (in the store)
    # Seconds the org's clock is ahead of the real one (/_mock/clock): a copy of
    # kit_state's, read again whenever another worker wrote (sync()).
    clock_offset: float = 0.0
    requests: object = None     # the RequestLog around the app (/_mock/requests)
    hook_sender: HookSender | None = None   # delivers to event hooks, once there is one
    _seen_version: int = -1     # the store's data_version when sync() last caught up
    _notes: dict = field(default_factory=dict)   # kit_state's notes as last acted on

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
        org.faults, org.forgeries = Faults(store), Forgeries(store)
        org.hook_sender = HookSender(store)
        if not settings.forked:   # forked: each worker starts its own (after_fork)
            org.start_background()
        org._notes = kit_state.read(store)
        return org

    def start_background(self) -> None:
        if event_hooks.any_active(self.store):   # deliveries left queued by a previous run
            self.hook_sender.ensure_running()

    def sync(self) -> None:
        """Catch up with what other worker processes changed; once per request, before
        anything reads the org. One PRAGMA when no other process wrote since."""
        version = self.store.data_version()
        if version != self._seen_version:
            self._seen_version = version
            self._catch_up()

    def _catch_up(self) -> None:
        notes = kit_state.read(self.store)
        seeded = notes.get(kit_state.SEEDED)
        if (seeded is not None and seeded != self._notes.get(kit_state.SEEDED)
                and not self.store.load_shared(seeded)):
            notes[kit_state.SEEDED] = self._notes.get(kit_state.SEEDED)
            self._seen_version = -1   # its file is not written yet: look again next request
        self.clock_offset = float(notes.get(kit_state.CLOCK, 0.0))
        self.faults.refresh()
        self.forgeries.refresh()
        reset = notes.get(kit_state.RESETS) != self._notes.get(kit_state.RESETS)
        if reset or notes.get(kit_state.KEYS) != self._notes.get(kit_state.KEYS):
            dropped = [server.keyring.refresh() for server in self._all_servers()]
            if any(dropped) and self.documents is not None:
                self.documents.clear()
        self._notes = notes
        if reset:
            if self.requests is not None:
                self.requests.forget()
            for drop in self.on_reset:
                drop()

    def reset(self) -> None:
        """Back to the seeded state: every table as it was after start-up (the
        first signing keys included), the System Log empty, and what is held in
        memory dropped, in this worker now and in every other at its next request."""
        self.store.restore(then=lambda conn: kit_state.note(conn, kit_state.RESETS))
        system_log.clear(self.store)
        self._catch_up()

    def take_snapshot(self) -> None:
        """The org as it now is becomes the state a reset brings back (/_mock/seed). With
        several workers the others load it from a file beside the database, whose name
        the note gives (it is in the snapshot itself, so a reset does not undo it)."""
        if self.settings.workers == 1:
            self.store.snapshot()
            return
        name = kit_state.note(self.store, kit_state.SEEDED)
        self._notes = kit_state.read(self.store)
        self.store.snapshot(share_as=name)

    def move_clock(self, offset: float) -> None:
        kit_state.put(self.store, kit_state.CLOCK, repr(offset))
        self.clock_offset = offset

    def after_fork(self) -> None:
        """In a worker process just forked from the master: a connection of its own."""
        self.store.reopen()
        self._seen_version = -1
        self.start_background()

    def _all_servers(self) -> list[AuthServer]:
        return [self.org_server, *self.servers.values()]

    def server(self, server_id: str) -> AuthServer | None:
        """The org server for ORG_SERVER_ID, else the custom server with that id."""
        if server_id == ORG_SERVER_ID:
            return self.org_server
        return self.servers.get(server_id)

    def rotate_keys(self, server: AuthServer) -> list[SigningKey]:
        """Okta's keyRotate for one server. Its JWKS changes, so every cached copy of
        the org's documents goes (the org knows its caches; no view has to)."""
        keys = server.keyring.rotate()
        kit_state.note(self.store, kit_state.KEYS)
        self._notes = kit_state.read(self.store)
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
