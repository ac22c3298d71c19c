"""directory/system_log.py and hook_deliveries.py without HTTP: events outside a
request, the queue's claims (shared by every sender process), and batching."""

from __future__ import annotations

import json

import pytest

from mock_okta.directory import hook_deliveries, system_log
from mock_okta.storage import Store


@pytest.fixture
def store():
    store = Store(":memory:")
    yield store
    store.close()


def add_hook(store, events=("group.lifecycle.create",), status="ACTIVE", verified=True):
    """A hook row as event_hooks.py would leave it (the queue only reads it)."""
    store.run("INSERT INTO event_hooks (id, name, description, status, verification_status,"
              " events, config, auth_value, created, last_updated)"
              " VALUES ('whoTest', 'Test', NULL, ?, ?, ?, '{}', NULL, 0, 0)",
              (status, "VERIFIED" if verified else "UNVERIFIED", json.dumps(list(events))))


def test_outside_a_request_okta_itself_acts_in_a_job(store):
    event = system_log.record(store, "group.lifecycle.create")
    assert event["actor"] == system_log.SYSTEM_ACTOR
    assert event["transaction"]["type"] == "JOB" and event["transaction"]["detail"] == {}
    assert event["client"]["ipAddress"] is None and event["request"]["ipChain"] == []
    assert event["debugContext"]["debugData"] == {}


def test_muted_records_nothing(store):
    with system_log.muted():
        assert system_log.record(store, "group.lifecycle.create") is None
    assert system_log.events(store) == []


def test_a_failure_outcome_is_logged_as_a_warning(store):
    event = system_log.record(store, "user.session.start", result="FAILURE",
                              reason="INVALID_CREDENTIALS")
    assert event["severity"] == "WARN"


@pytest.mark.parametrize(("status", "verified", "events", "queued"), [
    ("ACTIVE", True, ["group.lifecycle.create"], 1),
    ("INACTIVE", True, ["group.lifecycle.create"], 0),
    ("ACTIVE", False, ["group.lifecycle.create"], 0),
    ("ACTIVE", True, ["group.lifecycle.delete"], 0),
])
def test_only_active_verified_subscribed_hooks_are_queued(store, status, verified, events,
                                                         queued):
    add_hook(store, events, status, verified)
    system_log.record(store, "group.lifecycle.create")
    assert len(hook_deliveries.deliveries(store)) == queued


def test_events_close_together_go_in_one_batch(store):
    add_hook(store)
    first = system_log.record(store, "group.lifecycle.create")
    second = system_log.record(store, "group.lifecycle.create")
    (batch,) = hook_deliveries.claim(store)
    assert [event["uuid"] for event in batch.events] == [first["uuid"], second["uuid"]]
    assert batch.attempt == 1 and batch.hook_id == "whoTest"


def test_a_claim_keeps_other_senders_off_until_it_runs_out(store):
    add_hook(store)
    system_log.record(store, "group.lifecycle.create")
    assert len(hook_deliveries.claim(store)) == 1
    assert hook_deliveries.claim(store) == []            # another sender finds nothing
    store.run("UPDATE hook_deliveries SET claimed_until = 0")   # the first sender died
    (again,) = hook_deliveries.claim(store)
    assert again.attempt == 2                            # at least once: sent again


def test_settle_retries_once_then_fails(store):
    add_hook(store)
    system_log.record(store, "group.lifecycle.create")
    (batch,) = hook_deliveries.claim(store)
    assert hook_deliveries.settle(store, batch, delivered=False, result="503",
                                  retry=True) is False
    (retry,) = hook_deliveries.claim(store)
    assert hook_deliveries.settle(store, retry, delivered=False, result="503",
                                  retry=True) is True
    (row,) = hook_deliveries.deliveries(store)
    assert (row["status"], row["attempts"], row["lastResult"]) == ("FAILED", 2, "503")


def test_clearing_the_log_drops_the_queue(store):
    add_hook(store)
    system_log.record(store, "group.lifecycle.create")
    system_log.clear(store)
    assert system_log.events(store) == [] and hook_deliveries.deliveries(store) == []
