"""Journey 12: on a phone (390x844), a user with long names and a long email signs in from a
protected page; no page of the journey is wider than the screen, nor is the console's System
Log with an event opened, nor the console's event hooks and a user's factors."""

from __future__ import annotations

import json
import urllib.request

from e2e.flows import SIGN_IN_REQUIRED, continue_to_sign_in, expect_dashboard, sign_in

PHONE = {"width": 390, "height": 844}
LONG_EMAIL = ("maximilian.alexander.featherstonehaugh-wolfeschlegelsteinhausen"
              "@a-rather-long-subdomain.example.com")
FIRST_NAME = "Maximilian-Alexander-Bartholomew"
PASSWORD = "Correct-Horse-Battery-9"


def create_user(servers) -> None:
    body = {"profile": {"firstName": FIRST_NAME, "lastName": "Featherstonehaugh-Wolfeschlegel",
                        "email": LONG_EMAIL, "login": LONG_EMAIL},
            "credentials": {"password": {"value": PASSWORD}}}
    request = urllib.request.Request(
        f"{servers.org}/api/v1/users?activate=true", method="POST", data=json.dumps(body).encode(),
        headers={"Authorization": f"SSWS {servers.api_token}", "Accept": "application/json",
                 "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def assert_fits(page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{what} is {width}px wide on a {PHONE['width']}px screen"


def test_every_page_fits_a_phone(servers, page):
    create_user(servers)
    page.set_viewport_size(PHONE)
    page.goto(servers.site + "/")
    assert_fits(page, "the home page")
    page.goto(servers.site + "/dashboard")
    continue_to_sign_in(page, servers.site, SIGN_IN_REQUIRED)
    sign_in(page, servers.org, LONG_EMAIL, PASSWORD)
    expect_dashboard(page, servers.site, FIRST_NAME)
    assert_fits(page, "the dashboard")
    for path in ("/lair", "/", "/logout", "/no-such-page"):
        page.goto(servers.site + path)
        assert_fits(page, path)


def test_the_console_s_system_log_fits_a_phone_with_an_event_open(servers, page):
    create_user(servers)   # a long login in every event about the user
    page.set_viewport_size(PHONE)
    page.goto(servers.org + "/_mock/console/logs")
    page.locator('[data-se="log-event"] details summary').first.click()
    assert_fits(page, "the System Log with a LogEvent open")


def test_the_console_s_event_hooks_and_factors_fit_a_phone(servers, page):
    create_user(servers)
    hook = {"name": "A hook with a rather long name for a small screen",
            "events": {"type": "EVENT_TYPE", "items": [
                "system.email.send_factor_verify_message", "user.lifecycle.delete.initiated"]},
            "channel": {"type": "HTTP", "version": "1.0.0", "config": {
                "uri": "https://hooks.a-rather-long-subdomain.example.com/okta/events/" + "x" * 60,
                "authScheme": {"type": "HEADER", "key": "Authorization", "value": "s" * 80}}}}
    headers = {"Authorization": f"SSWS {servers.api_token}", "Accept": "application/json",
               "Content-Type": "application/json"}

    def post(path, body):
        request = urllib.request.Request(f"{servers.org}{path}", method="POST",
                                         data=json.dumps(body).encode(), headers=headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)

    hook_id = post("/api/v1/eventHooks", hook)["id"]
    user_id = post(f"/api/v1/users/{LONG_EMAIL}/factors",
                   {"factorType": "token:software:totp", "provider": "GOOGLE"})["_links"][
        "user"]["href"].rsplit("/", 1)[1]
    page.set_viewport_size(PHONE)
    for path in ("/event-hooks", f"/event-hooks/{hook_id}", f"/event-hooks/{hook_id}/secret",
                 f"/users/{user_id}"):
        page.goto(servers.org + "/_mock/console" + path)
        assert_fits(page, f"the console's {path}")
