"""org/hook_sender.py on its own: a queued event is not sent to a hook that was
deactivated or changed (so unverified) after the event was queued."""

from __future__ import annotations

import pytest

from mock_okta.directory import event_hooks, hook_deliveries, system_log
from mock_okta.org import hook_sender
from mock_okta.storage import Store
from tests.mock_okta.support.hook_receiver import hook_receiver


@pytest.fixture
def store():
    store = Store(":memory:")
    yield store
    store.close()


def hook_fields(uri: str) -> dict:
    return event_hooks.parse_hook({
        "name": "Sender test", "events": {"type": "EVENT_TYPE",
                                          "items": ["group.lifecycle.create"]},
        "channel": {"type": "HTTP", "version": "1.0.0", "config": {"uri": uri}}})


@pytest.mark.parametrize("change", ["deactivate", "new channel"])
def test_a_hook_changed_after_queueing_gets_nothing(store, change):
    with hook_receiver() as receiver:
        hook = event_hooks.create_hook(store, hook_fields(receiver.url), "http://org")
        assert hook_sender.verify(store, hook)
        system_log.record(store, "group.lifecycle.create")
        hook = event_hooks.get_hook(store, hook.id)
        if change == "deactivate":
            event_hooks.set_status(store, hook, event_hooks.INACTIVE)
        else:
            event_hooks.replace_hook(store, hook, hook_fields(receiver.url + "/moved"))
        (batch,) = hook_deliveries.claim(store)
        hook_sender.deliver(store, batch)
    assert receiver.posts() == []
    (row,) = hook_deliveries.deliveries(store)
    assert row["status"] == "FAILED"


def test_a_verified_active_hook_gets_the_batch(store):
    with hook_receiver() as receiver:
        hook = event_hooks.create_hook(store, hook_fields(receiver.url), "http://org")
        assert hook_sender.verify(store, hook)
        system_log.record(store, "group.lifecycle.create")
        (batch,) = hook_deliveries.claim(store)
        hook_sender.deliver(store, batch)
    (post,) = receiver.posts()
    assert post.body["source"] == f"http://org/api/v1/eventHooks/{hook.id}"
    assert hook_deliveries.deliveries(store)[0]["status"] == "DELIVERED"
