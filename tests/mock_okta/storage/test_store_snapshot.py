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


def test_a_nested_transaction_is_a_savepoint(store):
    with store.transaction() as conn:
        conn.execute("INSERT INTO settings (key, value) VALUES ('outer', '1')")
        with pytest.raises(ValueError):
            with store.transaction() as inner:
                inner.execute("INSERT INTO settings (key, value) VALUES ('inner', '1')")
                raise ValueError("inner fails")
        with store.transaction() as inner:
            inner.execute("INSERT INTO settings (key, value) VALUES ('kept', '1')")
    keys = {row[0] for row in store.all("SELECT key FROM settings")}
    assert keys == {"seeded", "outer", "kept"}


def test_a_failure_after_nested_work_undoes_all_of_it(store):
    with pytest.raises(ValueError):
        with store.transaction() as conn:
            with store.transaction() as inner:
                inner.execute("INSERT INTO settings (key, value) VALUES ('inner', '1')")
            conn.execute("INSERT INTO settings (key, value) VALUES ('outer', '1')")
            raise ValueError("outer fails")
    assert {row[0] for row in store.all("SELECT key FROM settings")} == {"seeded"}


def test_snapshot_and_restore_a_file_database(tmp_path):
    store = Store(str(tmp_path / "org.sqlite3"))  # WAL mode, as `make run` uses it
    store.run("INSERT INTO settings (key, value) VALUES ('seeded', 'yes')")
    store.snapshot()
    store.run("DELETE FROM settings")
    store.run("INSERT INTO outbox (recipient, subject, body, created) VALUES ('a', 's', 'b', 0)")
    assert store.restore() is True
    store.close()
    reopened = Store(str(tmp_path / "org.sqlite3"))  # and the restored state is on disk
    assert [tuple(r) for r in reopened.all("SELECT key, value FROM settings")] == [("seeded", "yes")]
    assert reopened.one("SELECT COUNT(*) FROM outbox")[0] == 0
    reopened.close()
