"""Store.transaction nests: an owner's own transaction (or single write) inside a
caller's joins it, so a change that spans owners is still all or nothing."""

from __future__ import annotations

import pytest

from mock_okta.storage import Store


@pytest.fixture
def store():
    store = Store(":memory:")
    yield store
    store.close()


def _keys(store) -> list[str]:
    return [row["key"] for row in store.all("SELECT key FROM settings ORDER BY key")]


def _put(store, key: str) -> None:
    store.run("INSERT INTO settings (key, value) VALUES (?, 'v')", (key,))


def test_nested_writes_commit_with_the_outer_transaction(store):
    with store.transaction():
        _put(store, "a")
        with store.transaction():
            _put(store, "b")
    assert _keys(store) == ["a", "b"]


def test_a_failure_in_the_outer_transaction_undoes_the_nested_writes(store):
    with pytest.raises(RuntimeError), store.transaction():
        with store.transaction():
            _put(store, "a")
        _put(store, "b")
        raise RuntimeError
    assert _keys(store) == []


def test_a_nested_failure_caught_by_the_caller_undoes_only_its_own_writes(store):
    with store.transaction():
        _put(store, "a")
        with pytest.raises(RuntimeError), store.transaction():
            _put(store, "b")
            raise RuntimeError
        _put(store, "c")
    assert _keys(store) == ["a", "c"]


def test_transactions_open_again_after_a_nested_one(store):
    with store.transaction(), store.transaction():
        _put(store, "a")
    with store.transaction():
        _put(store, "b")
    assert _keys(store) == ["a", "b"]
