"""Journey: the dev console (/_mock/console) in a real browser. A user made in the
console signs in on the site, and the console shows the request with its tokens and
the sign-in in the System Log;
keys rotate and the clock moves from the console's forms; an event hook made and
verified in the console is delivered a user's creation, and a user's factor is reset.
Screenshots of the last journey go to test-results/."""

from __future__ import annotations

import re
import time
from pathlib import Path

import requests
from playwright.sync_api import Page, expect

from e2e.flows import ADA, expect_dashboard, log_in_from_home
from tests.mock_okta.support.hook_receiver import hook_receiver

CONSOLE = "/_mock/console"
SHOTS = Path(__file__).resolve().parent.parent / "test-results"
HOOK_SECRET = "Bearer console-hook-secret"


def notice(page: Page):
    return page.locator('[data-se="flash-notice"]')


def test_a_user_created_in_the_console_signs_in_and_the_request_shows(servers, page: Page):
    page.goto(servers.org + CONSOLE)
    expect(page).to_have_url(servers.org + CONSOLE + "/users")
    form = page.locator("form#create-user")
    form.locator('input[name="firstName"]').fill(ADA.first_name)
    form.locator('input[name="lastName"]').fill(ADA.last_name)
    form.locator('input[name="email"]').fill(ADA.email)
    form.locator('input[name="password"]').fill(ADA.password)
    form.get_by_role("button", name="Create user").click()
    expect(notice(page)).to_have_text(f"Created {ADA.email} (ACTIVE).")
    expect(page.locator("#user-status")).to_have_text("ACTIVE")
    user_id = page.url.rsplit("/", 1)[1]

    log_in_from_home(page, servers.site, servers.org, ADA.email, ADA.password)
    assert expect_dashboard(page, servers.site, ADA.first_name) == user_id

    page.goto(servers.org + CONSOLE + "/requests")
    token_request = page.locator("li.request").filter(has_text="/oauth2/default/v1/token").first
    expect(token_request).to_contain_text(user_id)
    expect(token_request.locator('[data-se="token"]')).to_have_count(2)
    id_token = token_request.locator('[data-se="token"]').filter(has_text="id_token")
    expect(id_token).to_contain_text("✓ verifies")
    id_token.locator("summary").click()
    expect(id_token.locator("pre").nth(1)).to_contain_text(f'"sub": "{user_id}"')

    page.goto(servers.org + CONSOLE + f"/users/{user_id}")
    expect(page.locator("#user-sessions")).not_to_contain_text("No live session")

    # The sign-in, seen in the System Log timeline from the user's page.
    page.locator("#user-events").click()
    events = page.locator("code.event-type")
    expect(events.filter(has_text=re.compile(r"^user\.session\.start$"))).to_have_count(1)
    expect(events.filter(has_text="user.lifecycle.create")).to_have_count(1)
    expect(events.filter(has_text="app.oauth2.as.token.grant.id_token")).to_have_count(1)


def test_rotate_keys_from_the_console(servers, page: Page):
    page.goto(servers.org + CONSOLE + "/servers")
    default = page.locator("section#server-default")
    before = default.locator("code.kid").first.inner_text()
    default.get_by_role("button", name="Rotate keys").click()
    expect(notice(page)).to_contain_text("Rotated the keys of default")
    default = page.locator("section#server-default")
    expired = default.locator("tr").filter(has_text=before)
    expect(expired.locator(".key-status")).to_have_text("EXPIRED")
    expect(default.locator(".key-status")).to_have_text(["ACTIVE", "NEXT", "EXPIRED"])


def test_move_the_clock_from_the_console(servers, page: Page):
    page.goto(servers.org + CONSOLE + "/controls")
    year = int(page.locator("#org-now").inner_text()[:4])
    form = page.locator("form#clock-set")
    form.locator('input[name="set"]').fill(f"{year + 2}-06-01T12:00:00Z")
    form.get_by_role("button", name="Set").click()
    expect(notice(page)).to_contain_text(f"The org's clock reads {year + 2}-06-01T12:00")
    expect(page.locator("#clock-offset")).to_be_visible()
    page.locator("form#clock-advance").get_by_role("button", name="Advance").click()
    expect(page.locator("#org-now")).to_have_text(re.compile(rf"^{year + 2}-06-01T13:00"))
    page.locator("form#clock-real").get_by_role("button").click()
    expect(page.locator("#clock-offset")).to_have_count(0)


def _shot(page: Page, name: str) -> Path:
    SHOTS.mkdir(exist_ok=True)
    path = SHOTS / f"console-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _api(servers, method: str, path: str, **kwargs) -> requests.Response:
    response = requests.request(method, f"{servers.org}/api/v1/{path}", timeout=30,
                                headers={"Authorization": f"SSWS {servers.api_token}"}, **kwargs)
    assert response.status_code == 200, response.text
    return response


def _create_user_in_console(page: Page, servers) -> str:
    page.goto(servers.org + CONSOLE + "/users")
    form = page.locator("form#create-user")
    form.locator('input[name="firstName"]').fill(ADA.first_name)
    form.locator('input[name="lastName"]').fill(ADA.last_name)
    form.locator('input[name="email"]').fill(ADA.email)
    form.locator('input[name="password"]').fill(ADA.password)
    form.get_by_role("button", name="Create user").click()
    expect(notice(page)).to_have_text(f"Created {ADA.email} (ACTIVE).")
    return page.url.rsplit("/", 1)[1]


def test_an_event_hook_made_in_the_console_is_delivered_and_a_factor_reset(servers, page):
    with hook_receiver() as receiver:
        page.goto(servers.org + CONSOLE)
        page.get_by_role("navigation", name="Console sections").get_by_role(
            "link", name="Event hooks").click()
        expect(page.locator("#event-hooks-table")).to_contain_text("No event hooks yet.")
        form = page.locator("form#create-event-hook")
        form.locator('input[name="name"]').fill("Provisioning")
        form.locator('input[name="uri"]').fill(receiver.url)
        form.locator('input[name="authKey"]').fill("Authorization")
        form.locator('input[name="authValue"]').fill(HOOK_SECRET)
        form.locator('input[name="events"][value="user.lifecycle.create"]').check()
        form.get_by_role("button", name="Create event hook").click()
        expect(notice(page)).to_contain_text("Created Provisioning (ACTIVE, UNVERIFIED)")
        expect(page.locator("#hook-verification")).to_have_text("UNVERIFIED")
        expect(page.locator("body")).not_to_contain_text(HOOK_SECRET)
        hook_page = page.url

        page.locator("#hook-verify").click()
        expect(notice(page)).to_have_text("Verified: the endpoint echoed the challenge.")
        expect(page.locator("#hook-verification")).to_have_text("VERIFIED")
        assert [r.method for r in receiver.requests] == ["GET"]
        assert receiver.requests[0].headers["authorization"] == HOOK_SECRET
        page.locator("#show-secret").click()
        expect(page.locator("#hook-secret")).to_have_text(HOOK_SECRET)
        shots = [_shot(page, "event-hook-verified")]

        user_id = _create_user_in_console(page, servers)
        page.goto(hook_page)
        delivered = page.locator('[data-se="delivery"]').filter(
            has_text="user.lifecycle.create").filter(has_text="DELIVERED")
        deadline = time.monotonic() + 20
        while delivered.count() == 0 and time.monotonic() < deadline:
            time.sleep(0.2)
            page.reload()
        expect(delivered).to_have_count(1)
        expect(delivered).to_contain_text("200")
        shots.append(_shot(page, "event-hook-delivery"))
        page.goto(servers.org + CONSOLE + "/event-hooks")
        listed = page.locator('[data-se="event-hook"]')
        expect(listed).to_contain_text(["Provisioning"])
        expect(listed).to_contain_text(["VERIFIED"])
        shots.append(_shot(page, "event-hooks"))
    (post,) = receiver.posts()
    (event,) = post.body["data"]["events"]
    assert event["eventType"] == "user.lifecycle.create"
    assert event["target"][0]["id"] == user_id

    # Factors: enrolled through the API, seen and reset on the user's page.
    _api(servers, "POST", f"users/{user_id}/factors", params={"activate": "true"},
         json={"factorType": "sms", "provider": "OKTA",
               "profile": {"phoneNumber": "+15555550123"}})
    pending = _api(servers, "POST", f"users/{user_id}/factors",
                   json={"factorType": "token:software:totp", "provider": "GOOGLE"}).json()
    shared_secret = pending["_embedded"]["activation"]["sharedSecret"]
    page.goto(servers.org + CONSOLE + f"/users/{user_id}")
    factors = page.locator("#user-factors")
    sms = factors.locator('[data-se="factor"]').filter(has_text="sms")
    expect(sms).to_contain_text("ACTIVE")
    expect(sms).to_contain_text("+15555550123")
    expect(factors.locator('[data-se="factor"]').filter(
        has_text="token:software:totp")).to_contain_text("PENDING_ACTIVATION")
    assert shared_secret not in page.content()
    page.locator("#factors").scroll_into_view_if_needed()
    shots.append(_shot(page, "user-factors"))

    page.once("dialog", lambda dialog: dialog.accept())   # console.js asks first
    sms.get_by_role("button", name="Reset").click()
    expect(notice(page)).to_have_text("Reset the sms factor (OKTA).")
    expect(sms).to_have_count(0)
    expect(factors.locator('[data-se="factor"]')).to_have_count(1)
    shots.append(_shot(page, "user-factor-reset"))
    logged = _api(servers, "GET", "logs", params={
        "filter": f'eventType eq "user.mfa.factor.deactivate" and target.id eq "{user_id}"'})
    (reset,) = logged.json()
    assert reset["debugContext"]["debugData"]["factor"] == "sms"
    assert all(shot.stat().st_size > 0 for shot in shots)
