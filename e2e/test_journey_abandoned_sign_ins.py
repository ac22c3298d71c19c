"""Journey 10: a visitor who starts signing in many times and gives up each
time can still sign in: the site's cookie stays under what Chromium keeps."""

from e2e.flows import DEMO_FIRST_NAME, DEMO_LOGIN, DEMO_PASSWORD, expect_dashboard, sign_in


def test_45_abandoned_sign_ins_then_a_real_one(servers, page):
    for _ in range(45):
        page.goto(servers.site + "/login")
        page.locator("#okta-signin-username").wait_for()
    cookie = next(c for c in page.context.cookies(servers.site)
                  if c["name"] == "flask_site_session")
    assert len(cookie["name"]) + 1 + len(cookie["value"]) < 4096

    page.goto(servers.site + "/login")
    sign_in(page, servers.org, DEMO_LOGIN, DEMO_PASSWORD)
    expect_dashboard(page, servers.site, DEMO_FIRST_NAME)
