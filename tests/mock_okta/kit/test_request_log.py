"""Recent requests (/_mock/requests): what was asked and answered, never a secret."""

from __future__ import annotations

import pytest

from tests.mock_okta.support import CLIENT_ID, CLIENT_SECRET, PASSWORD


def recent(client, limit=50):
    response = client.get(f"/_mock/requests?limit={limit}")
    assert response.status_code == 200
    return response.json


def test_each_request_is_recorded_newest_first(client, api_headers):
    client.get("/api/v1/users/nobody@example.com", headers=api_headers)
    client.get("/oauth2/default/v1/keys")
    entries = recent(client)
    assert [(e["method"], e["path"], e["status"]) for e in entries[:2]] == [
        ("GET", "/oauth2/default/v1/keys", 200),
        ("GET", "/api/v1/users/nobody@example.com", 404)]
    first = entries[1]
    assert first["requestId"] and first["durationMs"] >= 0 and first["time"].endswith("Z")


def test_the_client_of_an_oauth_request_is_named(client):
    client.post("/oauth2/default/v1/token", data={"grant_type": "client_credentials",
                                                   "scope": "openid"},
                auth=(CLIENT_ID, CLIENT_SECRET))
    assert recent(client)[0]["clientId"] == CLIENT_ID


def test_no_query_string_body_or_token_is_recorded(client, make_user):
    user = make_user()
    client.post("/api/v1/authn", json={"username": user["profile"]["login"], "password": PASSWORD})
    client.get("/oauth2/default/v1/authorize?client_id=x&sessionToken=secret-session-token")
    client.get("/welcome/super-secret-activation-token")
    entries = recent(client)
    for secret in (PASSWORD, "secret-session-token", "super-secret-activation-token"):
        assert secret not in str(entries)
    assert [e["path"] for e in entries[:3]] == [
        "/welcome/{token}", "/oauth2/default/v1/authorize", "/api/v1/authn"]


def test_delete_and_reset_empty_the_log(client):
    client.get("/oauth2/default/v1/keys")
    assert client.delete("/_mock/requests").status_code == 204
    assert [(e["method"], e["path"]) for e in recent(client)] == [("DELETE", "/_mock/requests")]
    client.post("/_mock/reset")
    assert [(e["method"], e["path"]) for e in recent(client)] == [("POST", "/_mock/reset")]


@pytest.mark.parametrize("limit", ["0", "1001", "ten", "-1"])
def test_a_bad_limit_is_refused_clearly(client, limit):
    response = client.get(f"/_mock/requests?limit={limit}")
    assert response.status_code == 400 and response.json["errorCode"] == "E0000001"
