"""Fault injection (/_mock/faults): each kind, in each endpoint's dialect,
spent answer by answer, and every bad fault refused with a clear 400."""

from __future__ import annotations

import pytest

from tests.mock_okta.support import API_TOKEN


def arm(client, **fault):
    response = client.post("/_mock/faults", json=fault)
    assert response.status_code == 201, response.json
    return response.json


def test_an_http_error_is_played_count_times_then_the_endpoint_answers(client):
    assert arm(client, endpoint="keys", kind="http_error", status=503, count=2)["remaining"] == 2
    for _ in range(2):
        response = client.get("/oauth2/default/v1/keys")
        assert response.status_code == 503 and response.json["errorCode"] == "E0000009"
    assert client.get("/oauth2/default/v1/keys").status_code == 200
    assert client.get("/_mock/faults").json == []


def test_faults_bypass_the_document_cache(client):
    assert client.get("/.well-known/openid-configuration").status_code == 200  # now cached
    arm(client, endpoint="discovery", kind="http_error", status=500)
    assert client.get("/.well-known/openid-configuration").status_code == 500
    assert client.get("/.well-known/openid-configuration").status_code == 200


@pytest.mark.parametrize("status, code", [(400, "E0000002"), (401, "E0000011"), (403, "E0000006"),
                                          (404, "E0000008"), (429, "E0000047"), (500, "E0000009"),
                                          (503, "E0000009")])
def test_api_errors_carry_okta_codes(client, api_headers, status, code):
    arm(client, endpoint="api", kind="http_error", status=status, path="/api/v1/users",
        method="GET")
    response = client.get("/api/v1/users", headers=api_headers)
    assert response.status_code == status and response.json["errorCode"] == code
    if status == 429:
        assert response.headers["X-Rate-Limit-Remaining"] == "0"
        assert int(response.headers["X-Rate-Limit-Reset"]) > 0


def test_an_api_fault_matches_its_path_and_method_only(client, api_headers):
    arm(client, endpoint="api", kind="http_error", path="/api/v1/groups", method="POST")
    assert client.get("/api/v1/groups", headers=api_headers).status_code == 200
    assert client.get("/api/v1/users", headers=api_headers).status_code == 200
    response = client.post("/api/v1/groups", json={"profile": {"name": "x"}}, headers=api_headers)
    assert response.status_code == 503


def test_browser_endpoints_fail_with_a_page(client):
    arm(client, endpoint="authorize", kind="http_error", status=500)
    response = client.get("/oauth2/default/v1/authorize")
    assert response.status_code == 500 and response.content_type.startswith("text/html")


@pytest.mark.parametrize("error, status", [("invalid_grant", 400), ("temporarily_unavailable", 503)])
def test_an_oauth_error_at_the_token_endpoint(client, error, status):
    arm(client, endpoint="token", kind="oauth_error", error=error)
    response = client.post("/oauth2/v1/token", data={"grant_type": "client_credentials"})
    assert response.status_code == status and response.json["error"] == error
    assert "mock-okta fault" in response.json["error_description"]


def test_malformed_json(client):
    arm(client, endpoint="userinfo", kind="malformed_json")
    response = client.get("/oauth2/default/v1/userinfo")
    assert response.status_code == 200 and response.content_type == "application/json"
    with pytest.raises(ValueError):
        response.get_json(force=True, silent=False)


def test_a_delay_then_the_real_answer(client):
    arm(client, endpoint="keys", kind="delay", delay_ms=50)
    assert client.get("/oauth2/default/v1/keys").status_code == 200
    assert client.get("/_mock/requests?limit=1").json[0]["durationMs"] >= 50


def test_a_dropped_connection_over_real_http(okta_org):
    import requests

    okta_org.http.post(f"{okta_org.url}/_mock/faults", json={"endpoint": "keys", "kind": "drop"},
                       timeout=10).raise_for_status()
    broken = (requests.exceptions.ConnectionError, requests.exceptions.ChunkedEncodingError)
    with pytest.raises(broken, match="Connection broken|Connection aborted"):
        requests.get(f"{okta_org.issuer()}/v1/keys", timeout=10)
    assert requests.get(f"{okta_org.issuer()}/v1/keys", timeout=10).status_code == 200


def test_reset_and_delete_disarm_every_fault(client):
    arm(client, endpoint="token", kind="http_error")
    assert client.delete("/_mock/faults").status_code == 204
    assert client.get("/_mock/faults").json == []
    arm(client, endpoint="token", kind="http_error")
    client.post("/_mock/reset")
    assert client.get("/_mock/faults").json == []


@pytest.mark.parametrize("fault, field", [
    ({}, "endpoint"),
    ({"endpoint": "tokens", "kind": "http_error"}, "endpoint"),
    ({"endpoint": "token", "kind": "explode"}, "kind"),
    ({"endpoint": "token", "kind": "http_error", "count": 0}, "count"),
    ({"endpoint": "token", "kind": "http_error", "count": "2"}, "count"),
    ({"endpoint": "token", "kind": "http_error", "status": 200}, "status"),
    ({"endpoint": "token", "kind": "delay"}, "delay_ms"),
    ({"endpoint": "token", "kind": "delay", "delay_ms": 60_000}, "delay_ms"),
    ({"endpoint": "authorize", "kind": "oauth_error", "error": "access_denied"}, "endpoint"),
    ({"endpoint": "token", "kind": "oauth_error"}, "error"),
    ({"endpoint": "token", "kind": "oauth_error", "error": "Bad Error"}, "error"),
    ({"endpoint": "token", "kind": "oauth_error", "error": "x", "description": 5}, "description"),
    ({"endpoint": "token", "kind": "http_error", "path": "/api/v1/users"}, "path"),
    ({"endpoint": "api", "kind": "http_error", "path": "/oauth2/v1/token"}, "path"),
    ({"endpoint": "api", "kind": "http_error", "method": "BREW"}, "method"),
    ({"endpoint": "token", "kind": "http_error", "surprise": 1}, "surprise"),
])
def test_a_bad_fault_is_refused_clearly(client, fault, field):
    response = client.post("/_mock/faults", json=fault)
    assert response.status_code == 400 and response.json["errorCode"] == "E0000001"
    assert response.json["errorCauses"][0]["errorSummary"].startswith(f"{field}: ")
    assert client.get("/_mock/faults").json == []


def test_a_fault_body_that_is_not_json_is_refused(client):
    response = client.post("/_mock/faults", data="nope", content_type="application/json")
    assert response.status_code == 400 and response.json["errorCode"] == "E0000003"


def test_faults_need_loopback_or_the_api_token(client):
    remote = {"REMOTE_ADDR": "192.0.2.1"}
    fault = {"endpoint": "token", "kind": "http_error"}
    assert client.post("/_mock/faults", json=fault, environ_base=remote).status_code == 403
    assert client.post("/_mock/faults", json=fault, environ_base=remote,
                       headers={"Authorization": f"SSWS {API_TOKEN}"}).status_code == 201
