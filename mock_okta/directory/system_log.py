"""The System Log: one `record()` for every event the org logs, as Okta's LogEvent.

Domain code calls `record(store, "user.lifecycle.create", targets=[user_ref(user)])`
inside the transaction of the change it records, so an event exists exactly when
its change does. Who did it, from where and in which request comes from the
request context the web layer sets for each request (`begin_request`), so no
domain function takes HTTP arguments; outside a request an event is a `JOB`
done by Okta itself. Matching event hooks are queued in the same transaction.
A new kind of event needs its Okta name in event_types.CATALOG first.
"""

from __future__ import annotations

import itertools
import json
import secrets
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace

from mock_okta.clock import iso, now
from mock_okta.directory import hook_deliveries
from mock_okta.directory.event_types import CATALOG
from mock_okta.storage import Store

# Okta's own principal, the actor of what no person or app did (and, in the mock,
# of Management API calls: its API token belongs to no admin user).
SYSTEM_ACTOR = {"id": "0oa1okta0system0mock", "type": "SystemPrincipal",
                "alternateId": "system@okta.com", "displayName": "Okta System",
                "detailEntry": None}
_FAILURE_SEVERITY = "WARN"
_CALM = ("SUCCESS", "ALLOW", "SKIPPED", "UNKNOWN")   # outcomes logged at INFO
RETENTION = 90 * 24 * 3600      # Okta keeps 90 days of events
_PRUNE_EVERY = 1000             # events written between two prunings


@dataclass(frozen=True)
class RequestContext:
    """What the web layer knows about the request being served."""
    request_id: str
    ip: str | None = None
    user_agent: str | None = None
    path: str | None = None           # debugData.requestUri
    url: str | None = None            # debugData.url: path and query
    actor: dict | None = None         # who is acting, once known (set_actor)
    client_id: str | None = None      # the OAuth client of the request, if any
    api_token_id: str | None = None   # set when an SSWS token authorised the call


_context: ContextVar[RequestContext | None] = ContextVar("mock_okta_log_context", default=None)
_muted: ContextVar[bool] = ContextVar("mock_okta_log_muted", default=False)


def begin_request(context: RequestContext | None) -> None:
    _context.set(context)


def current_request() -> RequestContext | None:
    return _context.get()


def update_request(**changes) -> None:
    """Add what became known during the request (the actor, the client, the token)."""
    context = _context.get()
    if context is not None:
        _context.set(replace(context, **changes))


@contextmanager
def muted() -> Iterator[None]:
    """Nothing is logged inside (the org's own start-up seeding)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


# --- actors and targets: Okta's {id, type, alternateId, displayName} ----------------

def user_ref(user) -> dict:
    profile = user.profile
    name = " ".join(part for part in (profile.get("firstName"), profile.get("lastName")) if part)
    return {"id": user.id, "type": "User", "alternateId": profile.get("login"),
            "displayName": name or profile.get("login"), "detailEntry": None}


def unknown_user(login: str) -> dict:
    """The actor of a sign-in with a username the org does not know."""
    return {"id": "unknown", "type": "User", "alternateId": login[:255] or "unknown",
            "displayName": "unknown", "detailEntry": None}


def app_ref(client_id: str, name: str | None) -> dict:
    return {"id": client_id, "type": "AppInstance", "alternateId": name or client_id,
            "displayName": name or client_id, "detailEntry": None}


def client_actor(client_id: str, name: str | None) -> dict:
    return {"id": client_id, "type": "PublicClientApp", "alternateId": name or client_id,
            "displayName": name or client_id, "detailEntry": None}


def ref(object_id: str, kind: str, name: str, alternate_id: str | None = None) -> dict:
    """Any other target: a group (`UserGroup`), a hook, a key, a server."""
    return {"id": object_id, "type": kind, "alternateId": alternate_id or name,
            "displayName": name, "detailEntry": None}


# --- recording ---------------------------------------------------------------------

def record(store: Store, event_type: str, *, targets: Sequence[dict] = (),
           result: str = "SUCCESS", reason: str | None = None, actor: dict | None = None,
           debug: dict | None = None, credential_type: str | None = None) -> dict | None:
    """Log one event (in the caller's transaction, if there is one); returns it.

    `actor` defaults to the request's (else Okta itself); `debug` adds keys to
    debugContext.debugData; a `result` other than a success is logged as WARN.
    """
    if _muted.get():
        return None
    kind = CATALOG[event_type]  # KeyError: not an event type the org knows
    calm = result in _CALM
    published_ms = int(now() * 1000)
    event = _event(event_type, kind.display, (kind.legacy if calm else kind.legacy_failure),
                   published_ms, targets=targets, result=result, reason=reason, actor=actor,
                   debug=debug, credential_type=credential_type,
                   severity="INFO" if calm else _FAILURE_SEVERITY)
    with store.joined() as conn:   # an event is part of the change it records
        cursor = conn.execute(
            "INSERT INTO log_events (uuid, published_ms, event_type, body) VALUES (?, ?, ?, ?)",
            (event["uuid"], published_ms, event_type, json.dumps(event)))
        hook_deliveries.enqueue(store, event_type, cursor.lastrowid)
        if cursor.lastrowid % _PRUNE_EVERY == 0:
            prune(store)
    return event


def _event(event_type: str, display: str, legacy: str | None, published_ms: int, *,
           targets, result, reason, actor, debug, credential_type, severity) -> dict:
    context = _context.get()
    actor = actor or (context.actor if context else None) or SYSTEM_ACTOR
    return {
        "uuid": _time_uuid(),
        "published": iso((published_ms + 0.5) / 1000),  # +0.5: no float round-down
        "eventType": event_type,
        "version": "0",
        "severity": severity,
        "legacyEventType": legacy,
        "displayMessage": display,
        "actor": actor,
        "client": _client(context),
        "outcome": {"result": result, "reason": reason},
        "target": [dict(target) for target in targets] or None,
        "transaction": _transaction(context),
        "debugContext": {"debugData": _debug_data(context, debug)},
        "authenticationContext": {
            "authenticationProvider": None, "credentialProvider": None,
            "credentialType": credential_type, "issuer": None, "interface": None,
            "authenticationStep": 0,
            "externalSessionId": None,
        },
        "securityContext": {"asNumber": None, "asOrg": None, "isp": None, "domain": None,
                            "isProxy": None},
        "request": {"ipChain": _ip_chain(context)},
    }


# Okta's event uuids are time-based (version 1). Built here from the clock, a
# per-process counter and a random node: uuid.uuid1() costs several times more.
_NODE = secrets.randbits(48) | (1 << 40)      # multicast bit: not a real MAC address
_SEQUENCE = itertools.count(secrets.randbits(14))
_GREGORIAN_OFFSET = 0x01B21DD213814000        # 100-ns ticks from 1582-10-15 to 1970-01-01


def _time_uuid() -> str:
    ticks = time.time_ns() // 100 + _GREGORIAN_OFFSET
    sequence = next(_SEQUENCE) & 0x3FFF
    return str(uuid.UUID(fields=(ticks & 0xFFFFFFFF, (ticks >> 32) & 0xFFFF,
                                 (ticks >> 48) & 0x0FFF, sequence >> 8, sequence & 0xFF, _NODE),
                         version=1))


def _client(context: RequestContext | None) -> dict:
    if context is None:
        return {"userAgent": None, "zone": None, "device": None, "id": None,
                "ipAddress": None, "geographicalContext": None}
    return {"userAgent": _user_agent(context.user_agent), "zone": "null",
            "device": _device(context.user_agent), "id": context.client_id,
            "ipAddress": context.ip, "geographicalContext": None}


def _transaction(context: RequestContext | None) -> dict:
    if context is None:
        return {"type": "JOB", "id": uuid.uuid4().hex, "detail": {}}
    detail = {"requestApiTokenId": context.api_token_id} if context.api_token_id else {}
    return {"type": "WEB", "id": context.request_id, "detail": detail}


def _debug_data(context: RequestContext | None, extra: dict | None) -> dict:
    data = {}
    if context is not None:
        data = {"requestId": context.request_id, "requestUri": context.path,
                "url": context.url, "threatSuspected": "false"}
    return {**data, **(extra or {})}


def _ip_chain(context: RequestContext | None) -> list:
    if context is None or not context.ip:
        return []
    version = "V6" if ":" in context.ip else "V4"
    return [{"ip": context.ip, "geographicalContext": None, "version": version, "source": None}]


# Okta's upper-case browser tokens, most specific first (Edge and Chrome say "Safari" too).
_BROWSERS = (("Edg/", "EDGE_CHROMIUM"), ("Firefox/", "FIREFOX"), ("Chrome/", "CHROME"),
             ("Safari/", "SAFARI"))
_SYSTEMS = (("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iOS"),
            ("Mac OS X", "Mac OS X"), ("Linux", "Linux"))


def _user_agent(raw: str | None) -> dict:
    raw = raw or ""
    browser = next((name for token, name in _BROWSERS if token in raw), "UNKNOWN")
    system = next((name for token, name in _SYSTEMS if token in raw), "Unknown")
    return {"rawUserAgent": raw or None, "os": system, "browser": browser}


def _device(raw: str | None) -> str:
    if not raw:
        return "Unknown"
    return "Mobile" if "Mobile" in raw else "Computer"


# --- reading -------------------------------------------------------------------------

def prune(store: Store) -> int:
    """Drop events older than Okta's retention (the API never shows them anyway)."""
    oldest_ms = int((now() - RETENTION) * 1000)
    return store.run("DELETE FROM log_events WHERE published_ms < ?", (oldest_ms,))


def clear(store: Store) -> None:
    """Forget every event (a reset of the org)."""
    with store.transaction():
        store.run("DELETE FROM log_events")
        hook_deliveries.clear(store)


def events(store: Store, event_type: str | None = None) -> list[dict]:
    """Every event, oldest first (tests and the kit; the API pages with log_query)."""
    if event_type is None:
        rows = store.all("SELECT body FROM log_events ORDER BY seq")
    else:
        rows = store.all("SELECT body FROM log_events WHERE event_type = ? ORDER BY seq",
                         (event_type,))
    return [json.loads(row["body"]) for row in rows]
