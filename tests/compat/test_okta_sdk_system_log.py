"""Okta's official Python SDK reads the System Log the mock wrote: a sign-in on
the hosted page, read back as typed LogEvent objects (the SDK's pydantic models
are strict about `version`, enums and ids), with filter and paging."""

from __future__ import annotations

import asyncio
import re

import requests
from okta.models import LogEvent, LogSeverity
from okta.pagination import PaginationHelper

from .sdk_support import PASSWORD, new_user, ok, unique_login


def browser_sign_in(org_url: str, login: str, password: str) -> requests.Response:
    """What a browser does on the hosted sign-in page: the form, its CSRF token, the post."""
    with requests.Session() as browser:
        browser.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/120.0"
        page = browser.get(f"{org_url}/login/login.htm", timeout=10)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        return browser.post(f"{org_url}/login/login.htm", timeout=10, allow_redirects=False,
                            data={"username": login, "password": password, "csrf_token": token})


def test_the_sdk_reads_the_sign_in_the_browser_made(sdk, sdk_org):
    user = ok(sdk.create_user(new_user(login=unique_login("logs"))))
    signed_in = browser_sign_in(sdk_org.url, user.profile.login, PASSWORD)
    assert signed_in.status_code == 302
    events = ok(sdk.list_log_events(
        filter=f'eventType eq "user.session.start" and actor.id eq "{user.id}"'))
    (event,) = events
    assert isinstance(event, LogEvent)
    assert event.event_type == "user.session.start" and event.version == "0"
    assert event.severity is LogSeverity.INFO
    assert event.outcome.result == "SUCCESS"
    assert event.actor.id == user.id and event.actor.alternate_id == user.profile.login
    assert event.client.user_agent.browser == "FIREFOX"
    assert event.debug_context.debug_data["requestUri"] == "/login/login.htm"
    assert event.transaction.id == event.debug_context.debug_data["requestId"]
    assert event.published is not None and event.uuid


def test_the_sdk_sees_failures_and_pages_with_the_next_link(sdk, sdk_org):
    user = ok(sdk.create_user(new_user(login=unique_login("pages"))))
    for _ in range(2):
        browser_sign_in(sdk_org.url, user.profile.login, "wrong-password")
    wanted = f'actor.id eq "{user.id}" and outcome.result eq "FAILURE"'

    async def read_all():
        pages, after = [], None
        while len(pages) < 5:   # follow `next` until a page is empty (polling never ends)
            page, response, error = await sdk.list_log_events(filter=wanted, limit=1,
                                                              after=after)
            assert error is None
            after = PaginationHelper.extract_next_cursor(response.headers)
            assert after is not None   # polling: there is always a next link
            if not page:
                return pages
            pages.append(page)
        return pages

    pages = asyncio.run(read_all())
    reasons = [event.outcome.reason for page in pages for event in page]
    assert reasons == ["INVALID_CREDENTIALS", "INVALID_CREDENTIALS"]
    assert [len(page) for page in pages] == [1, 1]
