"""Store.snapshot / restore: the seeded state that a reset brings back."""

from __future__ import annotations

import pytest

from mock_okta.storage import Store


@pytest.fixture
def store():
    store = Store(":memory:")
    store.run("INSERT INTO settings (key, value) VALUES ('seeded', 'yes')")
    yield store
    store.close()


def test_restore_needs_a_snapshot(store):
    with pytest.raises(RuntimeError, match="snapshot"):
        store.restore()


def test_restore_brings_back_every_table(store):
    store.snapshot()
    store.run("INSERT INTO settings (key, value) VALUES ('later', 'x')")
    store.run("UPDATE settings SET value = 'no' WHERE key = 'seeded'")
    store.run("INSERT INTO outbox (recipient, subject, body, created) VALUES ('a', 's', 'b', 0)")
    assert store.restore() is True
    assert [tuple(r) for r in store.all("SELECT key, value FROM settings")] == [("seeded", "yes")]
    assert store.one("SELECT COUNT(*) FROM outbox")[0] == 0


def test_restore_without_changes_does_nothing(store):
    store.snapshot()
    assert store.restore() is False
    store.run("DELETE FROM settings")
    assert store.restore() is True
    assert store.restore() is False


def test_a_seeded_insert_survives_restore(store):
    store.snapshot()
    store.insert_seeded("signing_keys", {"kid": "k1", "server_id": "default",
                                         "private_pem": "pem", "status": "ACTIVE", "created": 1})
    assert store.restore() is False  # still exactly the seeded state
    store.run("UPDATE signing_keys SET status = 'EXPIRED'")
    assert store.restore() is True
    assert tuple(store.one("SELECT kid, status FROM signing_keys")) == ("k1", "ACTIVE")


def test_a_seeded_insert_after_other_changes_keeps_those_for_restore(store):
    store.snapshot()
    store.run("DELETE FROM settings")
    store.insert_seeded("signing_keys", {"kid": "k1", "server_id": "default",
                                         "private_pem": "pem", "status": "ACTIVE", "created": 1})
    assert store.restore() is True
    assert store.one("SELECT COUNT(*) FROM settings")[0] == 1
    assert store.one("SELECT COUNT(*) FROM signing_keys")[0] == 1
