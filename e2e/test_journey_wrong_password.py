"""Journey 2: a wrong password is refused and the username stays filled."""

from playwright.sync_api import expect

from e2e.flows import DEMO_LOGIN, SIGN_IN_PATH, expect_sign_in_page, log_in_from_home, url_of


def test_wrong_password_shows_unable_to_sign_in(servers, page):
    log_in_from_home(page, servers.site, servers.org, DEMO_LOGIN, "Not-The-Password-1")

    expect(page.locator(".okta-form-infobox-error")).to_contain_text("Unable to sign in")
    expect(page).to_have_url(url_of(servers.org, SIGN_IN_PATH))
    expect_sign_in_page(page, servers.org)
    expect(page.locator("#okta-signin-username")).to_have_value(DEMO_LOGIN)
