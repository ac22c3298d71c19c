"""Journey: a team's event hook receives `user.lifecycle.create` when someone signs
up in the browser, and Okta's Python SDK reads that person's browser sign-in
from the System Log (issue 11's "done when")."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import requests

from e2e.flows import ADA, expect_dashboard, log_in_from_home, log_out, register
from tests.mock_okta.support.hook_receiver import hook_receiver


def _api(servers, method: str, path: str, **kwargs) -> requests.Response:
    response = requests.request(method, f"{servers.org}/api/v1/{path}", timeout=30,
                                headers={"Authorization": f"SSWS {servers.api_token}"}, **kwargs)
    assert response.status_code == 200, response.text
    return response


def _delivered(servers, hook_id: str) -> list[dict]:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        rows = requests.get(f"{servers.org}/_mock/hooks/deliveries", timeout=10,
                            params={"hookId": hook_id}).json()
        if rows and all(row["status"] != "PENDING" for row in rows):
            return rows
        time.sleep(0.1)
    raise AssertionError("the hook's delivery did not settle")


def test_sign_up_reaches_the_hook_and_the_sdk_reads_the_sign_in(servers, page, monkeypatch):
    with hook_receiver() as receiver:
        hook = _api(servers, "POST", "eventHooks", json={
            "name": "Provisioning",
            "events": {"type": "EVENT_TYPE", "items": ["user.lifecycle.create"]},
            "channel": {"type": "HTTP", "version": "1.0.0", "config": {
                "uri": receiver.url, "authScheme": {"type": "HEADER", "key": "Authorization",
                                                    "value": "hook-secret"}}}}).json()
        _api(servers, "POST", f"eventHooks/{hook['id']}/lifecycle/verify")

        user_id = register(page, servers.site, servers.org, ADA)
        (delivery,) = _delivered(servers, hook["id"])
    assert delivery["status"] == "DELIVERED"
    (post,) = receiver.posts()
    assert post.headers["authorization"] == "hook-secret"
    (event,) = post.body["data"]["events"]
    assert event["eventType"] == "user.lifecycle.create"
    assert event["target"][0]["id"] == user_id and event["actor"]["id"] == user_id

    log_out(page, servers.site)
    log_in_from_home(page, servers.site, servers.org, ADA.email, ADA.password)
    expect_dashboard(page, servers.site, ADA.first_name)

    monkeypatch.setenv("OKTA_TESTING_TESTINGDISABLEHTTPSCHECK", "true")  # an http:// org
    from okta.client import Client
    sdk = Client({"orgUrl": servers.org, "token": servers.api_token})
    query = sdk.list_log_events(
        filter=f'eventType eq "user.session.start" and actor.id eq "{user_id}"')
    with ThreadPoolExecutor(1) as other_thread:   # Playwright's loop owns this thread
        events, _, error = other_thread.submit(asyncio.run, query).result()
    assert error is None
    (sign_in,) = events
    assert sign_in.outcome.result == "SUCCESS"
    assert sign_in.client.user_agent.browser == "CHROME"
    assert sign_in.debug_context.debug_data["requestUri"] == "/login/login.htm"
