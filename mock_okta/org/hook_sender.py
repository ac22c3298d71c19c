"""Event hooks on the wire: the one-time verification GET, and delivery of queued
events as Okta's POST, off the request path.

Okta's rules (event hooks concept and API reference): a 3-second timeout on
every call; verification is retried once; a delivery is retried once after a
timeout, a connection error or a 5xx, never after a 4xx; each failed attempt is
logged as `event_hook.delivery`. Redirects are not followed. The queue is the
store's (hook_deliveries.py), so senders in several processes share it.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
import threading
import urllib.error
import urllib.request

from mock_okta.clock import iso, now
from mock_okta.directory import event_hooks, hook_deliveries, system_log
from mock_okta.directory.event_hooks import Hook
from mock_okta.errors import HookVerificationFailed
from mock_okta.ids import opaque_token
from mock_okta.storage import Store

TIMEOUT = 3.0                    # seconds, every outbound call
POLL = 1.0                       # how often to look for work queued by other processes
USER_AGENT = "Okta Hook Service v1.0.0 - mock-okta"
CHALLENGE_HEADER = "X-Okta-Verification-Challenge"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None              # a 3xx is the answer, as it is to Okta


_opener = urllib.request.build_opener(_NoRedirects())


def _call(request: urllib.request.Request) -> tuple[int | None, bytes, str]:
    """(status or None, body, what happened in words)."""
    try:
        with _opener.open(request, timeout=TIMEOUT) as response:
            return response.status, response.read(65536), str(response.status)
    except urllib.error.HTTPError as error:
        return error.code, b"", str(error.code)
    except TimeoutError:
        return None, b"", "timeout"
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        return None, b"", "timeout" if isinstance(reason, TimeoutError) else f"error: {reason}"


def _headers(hook: Hook) -> dict[str, str]:
    return {"Accept": "application/json", "Content-Type": "application/json",
            "User-Agent": USER_AGENT, "X-Okta-Request-Id": opaque_token(nbytes=20),
            **hook.send_headers()}


# --- verification -------------------------------------------------------------------

def verify(store: Store, hook: Hook) -> bool:
    """Okta's one-time GET with a challenge the endpoint must echo as
    `{"verification": ...}`; one retry. Logged as `event_hook.verified` either way."""
    challenge = secrets.token_urlsafe(32)
    outcome = "no attempt"
    for _ in range(2):
        request = urllib.request.Request(
            hook.uri, method="GET", headers={**_headers(hook), CHALLENGE_HEADER: challenge})
        status, body, outcome = _call(request)
        if status is not None:
            break                # an answer (right or wrong) is not retried
    passed = status == 200 and _echoes(body, challenge)
    reason = None if passed else f"Verification failed: {outcome}"
    event_hooks.record_verification(store, hook, passed, reason)
    return passed


def _echoes(body: bytes, challenge: str) -> bool:
    try:
        answer = json.loads(body)
    except ValueError:
        return False
    return isinstance(answer, dict) and answer.get("verification") == challenge


# --- delivery -----------------------------------------------------------------------

def envelope(hook: Hook, batch: hook_deliveries.Batch) -> dict:
    """Okta's POST body: the CloudEvents-style wrapper around LogEvent objects."""
    return {"eventType": "com.okta.event_hook", "eventTypeVersion": "1.0",
            "cloudEventsVersion": "0.1", "source": hook.source, "eventId": batch.event_id,
            "data": {"events": batch.events}, "eventTime": iso(now()),
            "contentType": "application/json"}


def deliver(store: Store, batch: hook_deliveries.Batch) -> None:
    """One attempt at one batch; settles it and logs a failure."""
    hook = event_hooks.get_hook(store, batch.hook_id)
    if hook is None or (hook.status, hook.verification_status) != (event_hooks.ACTIVE,
                                                                    event_hooks.VERIFIED):
        hook_deliveries.settle(store, batch, delivered=False,
                               result="the hook was deactivated, deleted or changed since")
        return
    request = urllib.request.Request(hook.uri, method="POST", headers=_headers(hook),
                                     data=json.dumps(envelope(hook, batch)).encode())
    status, _, outcome = _call(request)
    delivered = status is not None and 200 <= status < 300
    retry = status is None or status >= 500
    with store.transaction():
        hook_deliveries.settle(store, batch, delivered=delivered, result=outcome, retry=retry)
        if not delivered:
            system_log.record(store, "event_hook.delivery", result="FAILURE",
                              reason=f"Event hook delivery failed: {outcome}",
                              targets=[system_log.ref(hook.id, "EventHook", hook.name)])


class HookSender:
    """The org's sender thread, started once the org has an active hook."""

    def __init__(self, store: Store):
        self._store = store
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def verify_hook(self, hook: Hook) -> Hook:
        """POST …/lifecycle/verify, for the API and the console alike: Okta's one-time
        check (HookVerificationFailed when the endpoint fails it); a verified hook
        may have events to send, so the sender starts."""
        if not verify(self._store, hook):
            raise HookVerificationFailed(hook.id)
        self.ensure_running()
        return event_hooks.get_hook(self._store, hook.id)

    def set_hook_status(self, hook: Hook, status: str) -> Hook:
        """POST …/lifecycle/activate or deactivate; an active hook starts the sender."""
        hook = event_hooks.set_status(self._store, hook, status)
        if status == event_hooks.ACTIVE:
            self.ensure_running()
        return hook

    def ensure_running(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="mock-okta-hooks",
                                                daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            seen = hook_deliveries.generation()
            try:
                batches = hook_deliveries.claim(self._store)
                for batch in batches:
                    deliver(self._store, batch)
            except sqlite3.ProgrammingError:
                return           # the org was closed: nothing left to send from
            if not batches:
                hook_deliveries.wait_for_more(seen, POLL)
