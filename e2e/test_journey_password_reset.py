"""Journey 8: forgot password on the hosted page → the local outbox → a new
password → back on the site's dashboard, and the old password no longer works."""

from playwright.sync_api import expect

from e2e.flows import (
    DEMO_FIRST_NAME,
    DEMO_LOGIN,
    DEMO_PASSWORD,
    SIGN_IN_REQUIRED,
    continue_to_sign_in,
    expect_dashboard,
    expect_sign_in_page,
    log_in_from_home,
    log_out,
    sign_in,
)

NEW_PASSWORD = "Quiet-Harbour-77"


def test_password_reset_through_the_outbox(servers, page):
    page.goto(servers.site + "/dashboard")  # signed out: sent to sign in, then back here
    continue_to_sign_in(page, servers.site, SIGN_IN_REQUIRED)
    expect_sign_in_page(page, servers.org)
    page.locator('a[data-se="forgot-password"]').click()
    page.locator("#account-recovery-username").fill(DEMO_LOGIN)
    page.locator('input[data-se="email-button"]').click()
    expect(page.get_by_role("heading", name="Email sent!")).to_be_visible()

    # The org "sent" a mail; the kit keeps it in its outbox instead of sending it.
    page.goto(servers.org + "/_mock/outbox")
    page.locator('a[href*="/signin/reset-password/"]').first.click()
    page.locator('input[name="newPassword"]').fill(NEW_PASSWORD)
    page.locator('input[name="confirmPassword"]').fill(NEW_PASSWORD)
    page.locator('input[type="submit"][data-type="save"]').click()
    expect_dashboard(page, servers.site, DEMO_FIRST_NAME)

    log_out(page, servers.site)
    log_in_from_home(page, servers.site, servers.org, DEMO_LOGIN, DEMO_PASSWORD)
    expect(page.locator(".okta-form-infobox-error")).to_contain_text("Unable to sign in")
    sign_in(page, servers.org, DEMO_LOGIN, NEW_PASSWORD)
    expect_dashboard(page, servers.site, DEMO_FIRST_NAME)
