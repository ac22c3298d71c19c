"""The token store (mock_okta.directory.tokens) and the client rows it relies on."""

import json

import pytest

from mock_okta.clock import now
from mock_okta.directory import tokens
from mock_okta.directory.apps import Client, find_client
from mock_okta.storage import Store


@pytest.fixture
def store():
    store = Store(":memory:")
    yield store
    store.close()


def record(kind=tokens.ACCESS, key="AT.one", grant_id="g1", expires_in=3600, **extra):
    stamp = now()
    values = dict(key=key, kind=kind, server_id="default", client_id="0oaApp", user_id="00uUser",
                  scope="openid", issued=stamp, expires=stamp + expires_in, grant_id=grant_id,
                  auth_time=int(stamp), amr=["pwd"])
    values.update(extra)
    return tokens.TokenRecord(**values)


def test_records_round_trip(store):
    refresh_token, key = tokens.new_refresh_token()
    assert len(refresh_token) >= 40 and key != refresh_token  # only the hash is stored
    tokens.record(store, [record(), record(tokens.REFRESH, key, code_hash="c1")])
    found = tokens.find_refresh_token(store, refresh_token)
    assert found.kind == tokens.REFRESH and found.code_hash == "c1" and found.amr == ["pwd"]
    assert found.is_live() and found.get_scope() == "openid"
    assert tokens.find(store, "AT.one", tokens.REFRESH) is None  # kinds do not mix


def test_rotation_is_single_use(store):
    tokens.record(store, [record(tokens.REFRESH, "r1")])
    assert tokens.rotate(store, "r1") is True
    assert tokens.rotate(store, "r1") is False
    assert tokens.find(store, "r1", tokens.REFRESH).status == tokens.ROTATED


def test_revoke_grant_touches_only_that_grant(store):
    tokens.record(store, [record(key="AT.a", grant_id="g1"), record(key="AT.b", grant_id="g2")])
    assert tokens.revoke_grant(store, "g1") == 1
    assert tokens.access_token_revoked(store, "AT.a")
    assert not tokens.access_token_revoked(store, "AT.b")
    assert tokens.revoke_grant(store, "g1") == 0  # already revoked


@pytest.mark.parametrize("jti", [None, 42, ["AT.a"]])
def test_odd_jti_counts_as_revoked(store, jti):
    assert tokens.access_token_revoked(store, jti)


def test_unknown_jti_is_not_revoked(store):
    assert not tokens.access_token_revoked(store, "AT.never-seen")


def test_expired_rows_are_purged_on_the_next_issue(store):
    tokens.record(store, [record(key="AT.old", expires_in=-1)])
    tokens.record(store, [record(key="AT.new")])
    assert store.one("SELECT COUNT(*) AS n FROM tokens")["n"] == 1


def test_spent_codes(store):
    with store.transaction() as conn:
        tokens.spend_code(conn, "code-hash")
        tokens.spend_code(conn, "code-hash")  # idempotent
    assert tokens.code_was_spent(store, "code-hash")
    assert not tokens.code_was_spent(store, "other")


def test_assertion_ids_are_single_use_per_client(store):
    assert tokens.use_assertion_id(store, "0oaA", "jti-1", now() + 60)
    assert not tokens.use_assertion_id(store, "0oaA", "jti-1", now() + 60)
    assert tokens.use_assertion_id(store, "0oaB", "jti-1", now() + 60)


def test_expired_assertion_ids_are_forgotten(store):
    assert tokens.use_assertion_id(store, "0oaA", "jti-1", now() - 1)
    assert tokens.use_assertion_id(store, "0oaA", "jti-1", now() + 60)


def insert_client(store, metadata):
    store.run("INSERT INTO clients (client_id, client_secret, name, status, metadata, created,"
              " last_updated) VALUES ('0oaOld', 's', 'old', 'ACTIVE', ?, 0, 0)",
              (json.dumps(metadata),))


def test_old_client_rows_keep_loading(store):
    insert_client(store, {"redirect_uris": ["http://x/cb"], "grant_types": ["authorization_code"],
                          "token_endpoint_auth_method": "client_secret_basic"})
    client = find_client(store, "0oaOld")
    assert client.application_type == "web" and client.jwks is None and not client.is_public


def test_unknown_metadata_keys_are_ignored(store):
    insert_client(store, {"redirect_uris": [], "some_future_field": True})
    assert find_client(store, "0oaOld").client_id == "0oaOld"


def test_client_metadata_round_trips_new_fields():
    client = Client("0oaNew", None, "new", token_endpoint_auth_method="none",
                    application_type="browser", jwks={"keys": []})
    metadata = client.metadata()
    assert metadata["application_type"] == "browser" and metadata["jwks"] == {"keys": []}
    assert client.is_public


@pytest.mark.parametrize("configured, method, allowed", [
    ("client_secret_basic", "client_secret_post", True),
    ("client_secret_post", "client_secret_basic", True),
    ("client_secret_basic", "client_secret_jwt", False),
    ("client_secret_jwt", "client_secret_basic", False),
    ("private_key_jwt", "client_secret_jwt", False),
    ("private_key_jwt", "private_key_jwt", True),
    ("none", "none", True),
    ("client_secret_basic", "none", False),
])
def test_auth_method_rules(configured, method, allowed):
    client = Client("0oa", "s", "n", token_endpoint_auth_method=configured)
    assert client.check_endpoint_auth_method(method, "token") is allowed
