"""OIDC apps (clients): stored rows and the Authlib client model over them."""

from __future__ import annotations

import hmac
import json
import sqlite3
from dataclasses import dataclass, field

from authlib.oauth2.rfc6749 import ClientMixin

from .config import ClientSettings
from .store import Store
from .timeutil import now

SECRET_METHODS = ("client_secret_basic", "client_secret_post")


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

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> "Client":
        return cls(client_id=row["client_id"], client_secret=row["client_secret"],
                   name=row["name"], status=row["status"], **json.loads(row["metadata"]))

    def metadata(self) -> dict:
        return {
            "redirect_uris": self.redirect_uris,
            "post_logout_redirect_uris": self.post_logout_redirect_uris,
            "grant_types": self.grant_types,
            "response_types": self.response_types,
            "token_endpoint_auth_method": self.token_endpoint_auth_method,
        }

    # --- Authlib's ClientMixin -------------------------------------------
    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> None:
        return None  # Okta requires redirect_uri on every request

    def get_allowed_scope(self, scope: str | None) -> str | None:
        return scope or None  # which scopes exist is the server's question

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris  # exact match, as Okta

    def check_post_logout_redirect_uri(self, uri: str) -> bool:
        return uri in self.post_logout_redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        if not self.client_secret:
            return False
        return hmac.compare_digest(self.client_secret.encode(), client_secret.encode())

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        # An app with a client secret may present it in the header or the body.
        if self.token_endpoint_auth_method in SECRET_METHODS:
            return method in SECRET_METHODS
        return method == self.token_endpoint_auth_method

    def check_response_type(self, response_type: str) -> bool:
        return response_type in self.response_types

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.grant_types


def register_from_settings(store: Store, settings: ClientSettings) -> Client:
    """Create or refresh the app configured at start-up (the site's client)."""
    client = Client(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        name=settings.name,
        redirect_uris=list(settings.redirect_uris),
        post_logout_redirect_uris=list(settings.post_logout_redirect_uris),
    )
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
