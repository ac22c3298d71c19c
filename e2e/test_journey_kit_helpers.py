"""Journey 9: the kit's own helpers drive the real site, as another project's
suite would: a user made with `OktaOrg`, signed in and up with the Playwright
steps of `mock_okta.testing.playwright`."""

from e2e.flows import expect_dashboard, expect_signed_out_home, log_out
from mock_okta.testing import connect_org
from mock_okta.testing.playwright import sign_in, sign_up


def test_a_user_made_by_the_factory_signs_in_with_the_helper(servers, page):
    org = connect_org(servers.org, servers.api_token)
    org.create_user("kit.user@example.com", firstName="Kit", groups=["Testers"])

    page.goto(servers.site + "/")
    page.locator("a#login").click()
    sign_in(page, "kit.user@example.com")

    user_id = expect_dashboard(page, servers.site, "Kit")
    assert org.api("GET", "users/kit.user@example.com")["id"] == user_id
    log_out(page, servers.site)


def test_sign_up_from_the_sign_in_page_then_reset_forgets_the_user(servers, page):
    org = connect_org(servers.org, servers.api_token)

    page.goto(servers.site + "/")
    page.locator("a#login").click()
    sign_up(page, "new.kit@example.com", first_name="Newt", last_name="Kit")

    expect_dashboard(page, servers.site, "Newt")
    log_out(page, servers.site)
    org.reset()
    org.api("GET", "users/new.kit@example.com", expect=404)
    page.goto(servers.site + "/")
    expect_signed_out_home(page, servers.site)
