"""The event hooks' delivery queue: one row per (hook, event), kept after delivery
as the record a test reads (/_mock/hooks/deliveries).

`enqueue` runs inside the transaction that logs the event, so a change that is
rolled back is never delivered. Senders (org/hook_sender.py) `claim` due rows
for a while, send them and `settle` them; a claim that runs out (a sender that
died) makes its rows due again, so delivery is at least once, as Okta's is.
Times here are the real clock: the org's clock may be moved, the network's is not.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass

from mock_okta.clock import iso
from mock_okta.storage import Store

PENDING, DELIVERED, FAILED = "PENDING", "DELIVERED", "FAILED"
MAX_ATTEMPTS = 2          # Okta retries a failed delivery once
CLAIM_SECONDS = 30.0      # longer than two attempts with their 3 s timeouts
BATCH = 50

# Wakes this process's senders when something is queued (others poll); the
# generation tells a sender whether anything was queued since it last looked.
_queued = threading.Condition()
_generation = 0


@dataclass(frozen=True)
class Batch:
    """Events of one hook to send in one POST."""
    hook_id: str
    event_id: str             # the envelope's eventId (one per POST)
    delivery_ids: list[int]
    events: list[dict]
    attempt: int


def enqueue(store: Store, event_type: str, event_seq: int) -> int:
    """Queue the event for every ACTIVE, VERIFIED hook subscribed to its type (one
    statement: it joins the caller's transaction, and costs little with no hooks)."""
    global _generation
    count = store.run(
        "INSERT INTO hook_deliveries (hook_id, event_seq, status, attempts, due)"
        " SELECT id, ?, 'PENDING', 0, ? FROM event_hooks"
        " WHERE status = 'ACTIVE' AND verification_status = 'VERIFIED'"
        " AND EXISTS (SELECT 1 FROM json_each(event_hooks.events) WHERE value = ?)",
        (event_seq, time.time(), event_type))
    if count:
        with _queued:
            _generation += 1
            _queued.notify_all()
    return count


def generation() -> int:
    return _generation


def wait_for_more(seen: int, timeout: float) -> None:
    """Sleep until something is queued after generation `seen`, or `timeout`."""
    with _queued:
        _queued.wait_for(lambda: _generation != seen, timeout)


def claim(store: Store) -> list[Batch]:
    """Take the due deliveries for a while, grouped per hook (Okta batches events
    that are close together in time)."""
    stamp = time.time()
    with store.transaction() as conn:
        rows = conn.execute(
            "UPDATE hook_deliveries SET attempts = attempts + 1, claimed_until = ?"
            " WHERE id IN (SELECT id FROM hook_deliveries WHERE status = 'PENDING' AND due <= ?"
            " AND (claimed_until IS NULL OR claimed_until <= ?) ORDER BY id LIMIT ?)"
            " RETURNING id, hook_id, event_seq, attempts",
            (stamp + CLAIM_SECONDS, stamp, stamp, BATCH)).fetchall()
        bodies = {}
        for row in rows:
            event = conn.execute("SELECT body FROM log_events WHERE seq = ?",
                                 (row["event_seq"],)).fetchone()
            bodies[row["id"]] = json.loads(event["body"]) if event else None
        batches: dict[tuple[str, int], Batch] = {}
        for row in sorted(rows, key=lambda r: r["id"]):
            if bodies[row["id"]] is None:   # the log was cleared under it
                conn.execute("DELETE FROM hook_deliveries WHERE id = ?", (row["id"],))
                continue
            key = (row["hook_id"], row["attempts"])
            if key not in batches:
                batches[key] = Batch(row["hook_id"], str(uuid.uuid4()), [], [], row["attempts"])
            batches[key].delivery_ids.append(row["id"])
            batches[key].events.append(bodies[row["id"]])
        for batch in batches.values():
            conn.executemany("UPDATE hook_deliveries SET event_id = ? WHERE id = ?",
                             [(batch.event_id, i) for i in batch.delivery_ids])
    return list(batches.values())


def settle(store: Store, batch: Batch, *, delivered: bool, result: str,
           retry: bool = False) -> bool:
    """Record an attempt's outcome; True when the batch has failed for good."""
    stamp = time.time()
    again = not delivered and retry and batch.attempt < MAX_ATTEMPTS
    status = DELIVERED if delivered else (PENDING if again else FAILED)
    with store.transaction() as conn:
        conn.executemany(
            "UPDATE hook_deliveries SET status = ?, last_result = ?, claimed_until = NULL,"
            " due = ?, finished = ? WHERE id = ?",
            [(status, result, stamp, None if again else stamp, i) for i in batch.delivery_ids])
    return status == FAILED


def clear(store: Store) -> None:
    store.run("DELETE FROM hook_deliveries")


def deliveries(store: Store, hook_id: str | None = None) -> list[dict]:
    """The record of deliveries, oldest first, for tests and the kit."""
    sql = ("SELECT d.*, e.uuid, e.event_type FROM hook_deliveries d"
           " LEFT JOIN log_events e ON e.seq = d.event_seq")
    params: tuple = ()
    if hook_id:
        sql, params = sql + " WHERE d.hook_id = ?", (hook_id,)
    return [{"hookId": row["hook_id"], "eventType": row["event_type"], "uuid": row["uuid"],
             "status": row["status"], "attempts": row["attempts"], "eventId": row["event_id"],
             "lastResult": row["last_result"],
             "finished": iso(row["finished"]) if row["finished"] else None}
            for row in store.all(sql + " ORDER BY d.id", params)]
