"""State in SQLite: the Store, its schema, and Okta's filter/search grammar in SQL."""

from mock_okta.storage.store import Store, digest, fold

__all__ = ["Store", "digest", "fold"]
