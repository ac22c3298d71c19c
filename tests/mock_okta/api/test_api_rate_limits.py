"""X-Rate-Limit-* and Date headers on /api/v1, and the 429 when a bucket is spent."""

from __future__ import annotations

import time
from dataclasses import replace

from mock_okta import create_app
from mock_okta.api.ratelimit import RateLimits


def test_api_answers_carry_rate_limit_and_date_headers(client, api_headers):
    response = client.get("/api/v1/users", headers=api_headers)
    limit = int(response.headers["X-Rate-Limit-Limit"])
    assert int(response.headers["X-Rate-Limit-Remaining"]) == limit - 1
    assert int(response.headers["X-Rate-Limit-Reset"]) > time.time()
    assert response.headers["Date"].endswith("GMT")
    second = client.get("/api/v1/users", headers=api_headers)
    assert int(second.headers["X-Rate-Limit-Remaining"]) == limit - 2


def test_errors_are_counted_too(client):
    response = client.get("/api/v1/users")
    assert response.status_code == 403
    assert "X-Rate-Limit-Remaining" in response.headers


def test_buckets_are_per_endpoint(client, api_headers, make_user):
    user = make_user()
    client.get("/api/v1/users", headers=api_headers)
    one = client.get(f"/api/v1/users/{user['id']}", headers=api_headers)
    limit = int(one.headers["X-Rate-Limit-Limit"])
    assert int(one.headers["X-Rate-Limit-Remaining"]) == limit - 1


def test_spent_bucket_is_429_e0000047(app, client, api_headers):
    app.extensions["mock_okta_rate_limits"] = RateLimits(limit=2)
    for _ in range(2):
        assert client.get("/api/v1/users", headers=api_headers).status_code == 200
    response = client.get("/api/v1/users", headers=api_headers)
    assert response.status_code == 429
    assert response.json["errorCode"] == "E0000047"
    assert response.json["errorSummary"] == (
        "API call exceeded rate limit due to too many requests.")
    assert response.headers["X-Rate-Limit-Remaining"] == "0"
    assert response.headers["X-Rate-Limit-Limit"] == "2"
    assert "Date" in response.headers and "X-Rate-Limit-Reset" in response.headers
    # another bucket is unaffected
    assert client.get("/api/v1/groups", headers=api_headers).status_code == 200


def test_window_resets_after_a_minute():
    now = [1000.0]
    limits = RateLimits(limit=1, clock=lambda: now[0])
    assert limits.hit("b") == (1, 0, 1060)
    assert limits.hit("b")[1] < 0
    now[0] += 60
    assert limits.hit("b") == (1, 0, 1120)


def test_the_limit_comes_from_the_settings(settings):
    app = create_app(replace(settings, rate_limit=3))
    try:
        client = app.test_client()
        headers = {"Authorization": f"SSWS {settings.api_token}"}
        assert client.get("/api/v1/users", headers=headers).headers["X-Rate-Limit-Limit"] == "3"
        assert app.extensions["mock_okta_rate_limits"].limit == 3
    finally:
        app.extensions["mock_okta"].store.close()
