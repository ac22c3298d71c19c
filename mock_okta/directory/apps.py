"""OIDC apps (clients): stored rows and the Authlib client model over them."""

from __future__ import annotations

import hmac
import json
import secrets
import sqlite3
from dataclasses import dataclass, field, fields

from authlib.oauth2.rfc6749 import ClientMixin

from mock_okta.clock import now
from mock_okta.directory import system_log, tokens
from mock_okta.directory.app_spec import APP_NAME, SECRET_METHODS, AppSpec
from mock_okta.errors import ValidationFailed
from mock_okta.ids import okta_id
from mock_okta.storage import Store


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str | None
    name: str
    status: str = "ACTIVE"
    redirect_uris: list[str] = field(default_factory=list)
    post_logout_redirect_uris: list[str] = field(default_factory=list)
    grant_types: list[str] = field(default_factory=lambda: ["authorization_code"])
    response_types: list[str] = field(default_factory=lambda: ["code"])
    token_endpoint_auth_method: str = "client_secret_basic"
    # Okta's `application_type`: web | service (confidential), browser | native (public).
    application_type: str = "web"
    # Public keys ({"keys": [JWK, ...]}) for `private_key_jwt` client assertions.
    jwks: dict | None = None

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Client:
        metadata = json.loads(row["metadata"])
        known = {k: v for k, v in metadata.items() if k in _METADATA_FIELDS}
        return cls(client_id=row["client_id"], client_secret=row["client_secret"],
                   name=row["name"], status=row["status"], **known)

    def metadata(self) -> dict:
        return {
            "redirect_uris": self.redirect_uris,
            "post_logout_redirect_uris": self.post_logout_redirect_uris,
            "grant_types": self.grant_types,
            "response_types": self.response_types,
            "token_endpoint_auth_method": self.token_endpoint_auth_method,
            "application_type": self.application_type,
            "jwks": self.jwks,
        }

    @property
    def is_public(self) -> bool:
        """A client that cannot keep a secret: authenticates with `none`."""
        return self.token_endpoint_auth_method == "none"

    # --- Authlib's ClientMixin -------------------------------------------
    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        return None  # Okta requires redirect_uri on every request

    def get_allowed_scope(self, scope: str | None) -> str | None:
        return scope or None  # which scopes exist is the server's question

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris  # exact match, as Okta

    @property
    def client_metadata(self) -> dict:
        """Authlib's name for it: its end-session endpoint reads the registered
        `post_logout_redirect_uris` here (exact match, as Okta)."""
        return self.metadata()

    def check_client_secret(self, client_secret: str) -> bool:
        if not self.client_secret:
            return False
        return hmac.compare_digest(self.client_secret.encode(), client_secret.encode())

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        # An app with a client secret may present it in the header or the body.
        # Every other method (client_secret_jwt, private_key_jwt, none) is exclusive.
        if self.token_endpoint_auth_method in SECRET_METHODS:
            return method in SECRET_METHODS
        return method == self.token_endpoint_auth_method

    def check_response_type(self, response_type: str) -> bool:
        """`code id_token` and the like: every part must be one the app allows."""
        parts = response_type.split()
        return bool(parts) and all(part in self.response_types for part in parts)

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.grant_types


# Stored as JSON in `metadata`; keys the model does not know are ignored on load.
_METADATA_FIELDS = {f.name for f in fields(Client)} - {"client_id", "client_secret", "name",
                                                      "status"}


def save_client(store: Store, client: Client) -> Client:
    """Create or refresh an active app with a fixed id (the site's client, seeded at start)."""
    stamp = now()
    store.run(
        "INSERT INTO clients (client_id, client_secret, name, status, metadata, created,"
        " last_updated) VALUES (?, ?, ?, 'ACTIVE', ?, ?, ?)"
        " ON CONFLICT (client_id) DO UPDATE SET client_secret = excluded.client_secret,"
        " name = excluded.name, status = 'ACTIVE', metadata = excluded.metadata,"
        " last_updated = excluded.last_updated",
        (client.client_id, client.client_secret, client.name, json.dumps(client.metadata()),
         stamp, stamp),
    )
    return client


def find_client(store: Store, client_id: str | None) -> Client | None:
    if not client_id:
        return None
    row = store.one("SELECT * FROM clients WHERE client_id = ? AND status = 'ACTIVE'",
                    (client_id,))
    return Client.from_row(row) if row else None


# --- Apps API storage (api/apps.py; config-file seeding) ----------------------
# Okta-only app attributes ride in `metadata` under "okta"; Client.from_row ignores them.

@dataclass
class StoredApp:
    client: Client
    created: float
    last_updated: float
    consent_method: str = "TRUSTED"


def _stored(row: sqlite3.Row) -> StoredApp:
    extra = json.loads(row["metadata"]).get("okta") or {}
    return StoredApp(Client.from_row(row), row["created"], row["last_updated"],
                     extra.get("consent_method", "TRUSTED"))


def _client(spec: AppSpec, client_id: str, secret: str | None, status: str) -> Client:
    return Client(client_id=client_id, client_secret=secret, name=spec.label, status=status,
                  redirect_uris=list(spec.redirect_uris),
                  post_logout_redirect_uris=list(spec.post_logout_redirect_uris),
                  grant_types=list(spec.grant_types), response_types=list(spec.response_types),
                  token_endpoint_auth_method=spec.token_endpoint_auth_method,
                  application_type=spec.application_type, jwks=spec.jwks)


def _secret_for(spec: AppSpec, current: str | None) -> str | None:
    """Okta generates a 40-character secret for confidential apps that give none."""
    if spec.token_endpoint_auth_method == "none":
        return None
    return spec.client_secret or current or secrets.token_urlsafe(30)


def _metadata_json(client: Client, spec: AppSpec) -> str:
    return json.dumps({**client.metadata(), "okta": {"consent_method": spec.consent_method}})


def _log(store: Store, event_type: str, client_id: str, name: str | None) -> None:
    system_log.record(store, event_type, targets=[system_log.app_ref(client_id, name)])


def create_app(store: Store, spec: AppSpec, *, activate: bool = True) -> StoredApp:
    """Insert a new app; a taken client_id is Okta's E0000001 (ValidationFailed)."""
    client = _client(spec, spec.client_id or okta_id("0oa"), _secret_for(spec, None),
                     "ACTIVE" if activate else "INACTIVE")
    stamp = now()
    try:
        with store.transaction():
            store.run("INSERT INTO clients (client_id, client_secret, name, status, metadata,"
                      " created, last_updated) VALUES (?, ?, ?, ?, ?, ?, ?)",
                      (client.client_id, client.client_secret, client.name, client.status,
                       _metadata_json(client, spec), stamp, stamp))
            _log(store, "application.lifecycle.create", client.client_id, client.name)
    except sqlite3.IntegrityError:
        raise ValidationFailed("client_id", ["client_id: An object with this field already "
                                             "exists in the current organization"]) from None
    return StoredApp(client, stamp, stamp, spec.consent_method)


def get_app(store: Store, app_id: str) -> StoredApp | None:
    """Any status (find_client sees ACTIVE apps only)."""
    row = store.one("SELECT * FROM clients WHERE client_id = ?", (app_id,))
    return _stored(row) if row else None


def list_apps(store: Store, *, limit: int, after: str | None = None, q: str | None = None,
              status: str | None = None) -> list[StoredApp]:
    """Apps in id order after the cursor; `q` is a case-insensitive startsWith on name or label."""
    sql, params = "SELECT * FROM clients WHERE client_id > ?", [after or ""]
    if status:
        sql += " AND status = ?"
        params.append(status)
    if q:
        pattern = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        sql += " AND (lower(name) LIKE ? ESCAPE '\\' OR ?)"
        params += [pattern, APP_NAME.startswith(q.lower())]
    sql += " ORDER BY client_id LIMIT ?"
    params.append(limit)
    return [_stored(row) for row in store.all(sql, tuple(params))]


def update_app(store: Store, app: StoredApp, spec: AppSpec) -> StoredApp:
    """A full replacement (PUT); the id, status and, unless given, the secret stay."""
    current = app.client
    client = _client(spec, current.client_id, _secret_for(spec, current.client_secret),
                     current.status)
    stamp = now()
    with store.transaction():
        store.run("UPDATE clients SET client_secret = ?, name = ?, metadata = ?,"
                  " last_updated = ? WHERE client_id = ?",
                  (client.client_secret, client.name, _metadata_json(client, spec), stamp,
                   client.client_id))
        _log(store, "application.lifecycle.update", client.client_id, client.name)
    return StoredApp(client, app.created, stamp, spec.consent_method)


def set_app_status(store: Store, app_id: str, status: str) -> None:
    with store.transaction() as conn:
        row = conn.execute("UPDATE clients SET status = ?, last_updated = ? WHERE client_id = ?"
                           " AND status != ? RETURNING name", (status, now(), app_id, status)
                           ).fetchone()
        if row is not None:
            _log(store, "application.lifecycle." + (
                "activate" if status == "ACTIVE" else "deactivate"), app_id, row["name"])
        if status != "ACTIVE":  # a deactivated app's tokens stop working for good
            tokens.revoke_for(store, client_id=app_id)


def delete_app(store: Store, app_id: str) -> None:
    with store.transaction() as conn:
        tokens.forget_client(store, app_id)  # its codes and tokens
        row = conn.execute("DELETE FROM clients WHERE client_id = ? RETURNING name",
                           (app_id,)).fetchone()
        if row is not None:
            _log(store, "application.lifecycle.delete", app_id, row["name"])


def seed_app(store: Store, spec: AppSpec) -> StoredApp:
    """Create or refresh an app from the configuration file (its client_id is required)."""
    existing = get_app(store, spec.client_id)
    if existing is None:
        return create_app(store, spec)
    set_app_status(store, spec.client_id, "ACTIVE")
    existing.client.status = "ACTIVE"
    return update_app(store, existing, spec)
