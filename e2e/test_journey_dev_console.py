"""Journey: the dev console (/_mock/console) in a real browser. A user made in the
console signs in on the site, and the console shows the request with its tokens and
the sign-in in the System Log;
keys rotate and the clock moves from the console's forms."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from e2e.flows import ADA, expect_dashboard, log_in_from_home

CONSOLE = "/_mock/console"


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
