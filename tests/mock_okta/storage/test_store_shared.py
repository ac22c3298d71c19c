"""Store shared by several processes (mock-okta --workers N): what one connection
cannot see of another's writes, and the seeded state crossing fork as bytes. Two
Store objects on one file stand in for two worker processes."""

from __future__ import annotations

import pytest

from mock_okta.storage import Store


@pytest.fixture
def pair(tmp_path):
    path = str(tmp_path / "org.sqlite3")
    first = Store(path)
    first.run("INSERT INTO settings (key, value) VALUES ('seeded', 'yes')")
    first.snapshot()
    second = Store(path)
    yield first, second
    first.close()
    second.close()


def test_data_version_moves_for_the_other_connections_writes_only(pair):
    first, second = pair
    before = first.data_version()
    first.run("INSERT INTO settings (key, value) VALUES ('own', 'x')")
    assert first.data_version() == before
    second.run("INSERT INTO settings (key, value) VALUES ('other', 'x')")
    assert first.data_version() != before


def test_restore_is_not_skipped_when_only_another_process_wrote(pair):
    first, second = pair
    second.run("INSERT INTO settings (key, value) VALUES ('later', 'x')")
    assert first.restore() is True
    assert [row["key"] for row in second.all("SELECT key FROM settings")] == ["seeded"]
    assert first.restore() is False       # and nothing changed since: skipped again


def test_a_reopened_store_restores_the_snapshot_taken_before_fork(pair):
    first, second = pair
    first.close_for_fork()
    first.reopen()
    second.run("DELETE FROM settings")
    assert first.restore() is True
    assert [row["key"] for row in second.all("SELECT key FROM settings")] == ["seeded"]


def test_restore_runs_then_inside_and_keeps_the_shortcut(pair):
    first, _ = pair
    first.run("DELETE FROM settings")
    first.restore(then=lambda conn: conn.execute(
        "INSERT INTO settings (key, value) VALUES ('note', '1')"))
    assert {row["key"] for row in first.all("SELECT key FROM settings")} == {"seeded", "note"}
    assert first.restore() is False
