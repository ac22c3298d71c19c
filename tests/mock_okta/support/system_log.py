"""Helpers for the System Log tests: read events through GET /api/v1/logs."""

from __future__ import annotations

from mock_okta.directory import system_log


def log_events(client, api_headers, **params) -> list[dict]:
    response = client.get("/api/v1/logs", query_string={"limit": 1000, **params},
                          headers=api_headers)
    assert response.status_code == 200, response.data
    return response.get_json()


def event_types(client, api_headers, **params) -> list[str]:
    return [event["eventType"] for event in log_events(client, api_headers, **params)]


def stored_events(app, event_type: str | None = None) -> list[dict]:
    """Straight from the store (no request of its own in the log)."""
    return system_log.events(app.extensions["mock_okta"].store, event_type)


def target_ids(event: dict) -> set[str]:
    return {target["id"] for target in event["target"] or ()}
