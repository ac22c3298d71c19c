"""Journey 5: after logging out, logging in asks for credentials again."""

from playwright.sync_api import expect

from e2e.flows import (
    DEMO_FIRST_NAME,
    DEMO_LOGIN,
    DEMO_PASSWORD,
    expect_dashboard,
    expect_sign_in_page,
    log_in_from_home,
    log_out,
)


def test_log_in_after_log_out_shows_the_sign_in_form(servers, page):
    log_in_from_home(page, servers.site, servers.org, DEMO_LOGIN, DEMO_PASSWORD)
    expect_dashboard(page, servers.site, DEMO_FIRST_NAME)
    log_out(page, servers.site)

    page.locator("a#login").click()

    # The org session ended too: no silent SSO back to the dashboard.
    expect_sign_in_page(page, servers.org)
    expect(page.locator("#okta-signin-password")).to_have_value("")
