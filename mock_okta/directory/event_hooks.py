"""Event hooks (`/api/v1/eventHooks`): Okta's rules for the hook object and its
lifecycle. Only ACTIVE and VERIFIED hooks are sent events (hook_deliveries.py);
the HTTP calls themselves (verification, delivery) are org/hook_sender.py's.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from mock_okta.clock import now
from mock_okta.directory import system_log
from mock_okta.directory.event_types import hook_eligible
from mock_okta.errors import HookNotInactive, ValidationFailed
from mock_okta.ids import okta_id
from mock_okta.storage import Store

ACTIVE, INACTIVE = "ACTIVE", "INACTIVE"
VERIFIED, UNVERIFIED = "VERIFIED", "UNVERIFIED"
MAX_EVENT_TYPES = 300
# Headers Okta sets itself, refused as custom headers.
_RESERVED = {"accept", "content-type", "content-length", "host", "user-agent",
             "x-okta-verification-challenge", "x-okta-request-id"}
_LOOPBACK = {"localhost", "127.0.0.1", "::1"}


@dataclass
class Hook:
    id: str
    name: str
    description: str | None
    status: str
    verification_status: str
    events: list[str]
    uri: str
    headers: list[dict]                 # [{"key", "value"}]
    auth_key: str | None                # authScheme.key (the header name)
    source: str                         # the hook's own API URL (the envelope's `source`)
    auth_value: str | None = field(default=None, repr=False)
    created: float = 0.0
    last_updated: float = 0.0

    @classmethod
    def from_row(cls, row: sqlite3.Row) -> Hook:
        config = json.loads(row["config"])
        return cls(row["id"], row["name"], row["description"], row["status"],
                   row["verification_status"], json.loads(row["events"]), config["uri"],
                   config["headers"], config.get("authKey"), config["source"], row["auth_value"],
                   row["created"], row["last_updated"])

    def send_headers(self) -> dict[str, str]:
        """The configured custom headers and the auth header, as every call carries them."""
        headers = {header["key"]: header["value"] for header in self.headers}
        if self.auth_key and self.auth_value is not None:
            headers[self.auth_key] = self.auth_value
        return headers


def _fail(field_name: str, message: str) -> ValidationFailed:
    return ValidationFailed(field_name, [f"{field_name}: {message}"])


def _string(value: object, name: str, *, required: bool = True, limit: int = 255) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(name, "The field cannot be left blank")
    if len(value) > limit:
        raise _fail(name, f"The field is too long (max {limit} characters)")
    return value


def parse_hook(body: dict) -> dict:
    """Validate a POST/PUT body; the fields to store. ValidationFailed in Okta's words."""
    name = _string(body.get("name"), "name")
    description = body.get("description")
    if description is not None and not isinstance(description, str):
        raise _fail("description", "must be a string")
    events = body.get("events")
    if not isinstance(events, dict) or events.get("type") != "EVENT_TYPE":
        raise _fail("events", "The events object must have type EVENT_TYPE")
    if events.get("filter") is not None:
        raise _fail("events.filter", "Event hook filters are not supported by mock-okta")
    items = events.get("items")
    if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
        raise _fail("events.items", "The field cannot be left blank")
    if len(items) > MAX_EVENT_TYPES:
        raise _fail("events.items", f"An event hook may subscribe to at most {MAX_EVENT_TYPES}"
                    " event types")
    for item in items:
        if not hook_eligible(item):
            raise _fail("events.items", f"Invalid event type: {item} is not eligible for"
                        " event hooks")
    status = body.get("status", ACTIVE)
    if status not in (ACTIVE, INACTIVE):
        raise _fail("status", "must be ACTIVE or INACTIVE")
    return {"name": name, "description": description, "status": status,
            "events": list(dict.fromkeys(items)), **_channel(body.get("channel"))}


def _channel(channel: object) -> dict:
    if not isinstance(channel, dict) or channel.get("type") != "HTTP":
        raise _fail("channel", "The channel type must be HTTP")
    if channel.get("version") not in (None, "1.0.0"):
        raise _fail("channel.version", "The channel version must be 1.0.0")
    config = channel.get("config")
    if not isinstance(config, dict):
        raise _fail("channel.config", "The field cannot be left blank")
    uri = _string(config.get("uri"), "channel.config.uri", limit=1024)
    if re.search(r"\s", uri) or not _acceptable_uri(uri):
        raise _fail("channel.config.uri", "The URI must be a valid https:// URL")
    headers = config.get("headers") or []
    if not isinstance(headers, list):
        raise _fail("channel.config.headers", "must be a list of {key, value}")
    for header in headers:
        if not (isinstance(header, dict) and isinstance(header.get("key"), str)
                and isinstance(header.get("value"), str) and header["key"].strip()):
            raise _fail("channel.config.headers", "must be a list of {key, value}")
        if header["key"].lower() in _RESERVED:
            raise _fail("channel.config.headers", f"The header {header['key']} is reserved")
    auth = config.get("authScheme")
    auth_key = auth_value = None
    if auth is not None:
        if not isinstance(auth, dict) or auth.get("type") != "HEADER":
            raise _fail("channel.config.authScheme", "The auth scheme type must be HEADER")
        auth_key = _string(auth.get("key"), "channel.config.authScheme.key")
        auth_value = auth.get("value")
        if auth_value is not None and not isinstance(auth_value, str):
            raise _fail("channel.config.authScheme.value", "must be a string")
    return {"uri": uri, "headers": [{"key": h["key"], "value": h["value"]} for h in headers],
            "auth_key": auth_key, "auth_value": auth_value}


def _acceptable_uri(uri: str) -> bool:
    """Okta takes https:// only; the kit also takes http:// to this machine (a local receiver)."""
    parts = urlsplit(uri)
    if not parts.hostname:
        return False
    return parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in _LOOPBACK)


def _config_json(fields: dict, source: str) -> str:
    return json.dumps({"uri": fields["uri"], "headers": fields["headers"],
                       "authKey": fields["auth_key"], "source": source})


def _target(hook: Hook) -> dict:
    return system_log.ref(hook.id, "EventHook", hook.name)


def create_hook(store: Store, fields: dict, org_url: str) -> Hook:
    stamp = now()
    hook_id = okta_id("who")
    with store.transaction() as conn:
        conn.execute(
            "INSERT INTO event_hooks (id, name, description, status, verification_status,"
            " events, config, auth_value, created, last_updated)"
            " VALUES (?, ?, ?, ?, 'UNVERIFIED', ?, ?, ?, ?, ?)",
            (hook_id, fields["name"], fields["description"], fields["status"],
             json.dumps(fields["events"]),
             _config_json(fields, f"{org_url}/api/v1/eventHooks/{hook_id}"),
             fields["auth_value"], stamp, stamp))
        hook = get_hook(store, hook_id)
        system_log.record(store, "event_hook.created", targets=[_target(hook)])
    return hook


def get_hook(store: Store, hook_id: str) -> Hook | None:
    row = store.one("SELECT * FROM event_hooks WHERE id = ?", (hook_id,))
    return Hook.from_row(row) if row else None


def list_hooks(store: Store) -> list[Hook]:
    return [Hook.from_row(row) for row in store.all("SELECT * FROM event_hooks ORDER BY created")]


def any_active(store: Store) -> bool:
    return store.one("SELECT 1 FROM event_hooks WHERE status = 'ACTIVE' LIMIT 1") is not None


def replace_hook(store: Store, hook: Hook, fields: dict) -> Hook:
    """PUT: a full replace. A new channel must be verified again; an omitted
    authScheme.value keeps the stored secret (it is never sent back to be echoed)."""
    auth_value = fields["auth_value"] if fields["auth_value"] is not None else hook.auth_value
    channel_changed = (fields["uri"], fields["headers"], fields["auth_key"], auth_value) != (
        hook.uri, hook.headers, hook.auth_key, hook.auth_value)
    verification = UNVERIFIED if channel_changed else hook.verification_status
    with store.transaction():
        store.run(
            "UPDATE event_hooks SET name = ?, description = ?, status = ?,"
            " verification_status = ?, events = ?, config = ?, auth_value = ?,"
            " last_updated = ? WHERE id = ?",
            (fields["name"], fields["description"], fields["status"], verification,
             json.dumps(fields["events"]), _config_json(fields, hook.source), auth_value,
             now(), hook.id))
        hook = get_hook(store, hook.id)
        system_log.record(store, "event_hook.updated", targets=[_target(hook)])
    return hook


def set_status(store: Store, hook: Hook, status: str) -> Hook:
    with store.transaction():
        store.run("UPDATE event_hooks SET status = ?, last_updated = ? WHERE id = ?",
                  (status, now(), hook.id))
        hook = get_hook(store, hook.id)
        event = "event_hook.activated" if status == ACTIVE else "event_hook.deactivated"
        system_log.record(store, event, targets=[_target(hook)])
    return hook


def record_verification(store: Store, hook: Hook, passed: bool, reason: str | None) -> Hook:
    """Okta logs `event_hook.verified` whether the check passed or not."""
    with store.transaction():
        if passed:
            store.run("UPDATE event_hooks SET verification_status = 'VERIFIED',"
                      " last_updated = ? WHERE id = ?", (now(), hook.id))
        system_log.record(store, "event_hook.verified", targets=[_target(hook)],
                          result="SUCCESS" if passed else "FAILURE", reason=reason)
    return get_hook(store, hook.id)


def delete_hook(store: Store, hook: Hook) -> None:
    if hook.status != INACTIVE:
        raise HookNotInactive(hook.id)
    with store.transaction():
        store.run("DELETE FROM event_hooks WHERE id = ?", (hook.id,))
        system_log.record(store, "event_hook.deleted", targets=[_target(hook)])
