"""Helpers for the API tests: Okta's error body, and how many users the store holds."""

from __future__ import annotations


def assert_okta_error(response, status, code, summary=None):
    assert response.status_code == status, response.data
    body = response.get_json()
    assert body["errorCode"] == code
    if summary is not None:
        assert body["errorSummary"] == summary
    return body


def count_users(app) -> int:
    return app.extensions["mock_okta"].store.one("SELECT COUNT(*) AS n FROM users")["n"]
