"""Journey 4: /dashboard signed out says "please sign in" on the site, goes on to the
org's sign-in page, then back to /dashboard."""

from e2e.flows import (
    DEMO_FIRST_NAME,
    DEMO_LOGIN,
    DEMO_PASSWORD,
    SIGN_IN_REQUIRED,
    continue_to_sign_in,
    expect_dashboard,
    sign_in,
)


def test_dashboard_requires_sign_in_and_returns_there(servers, page):
    page.goto(servers.site + "/dashboard")
    continue_to_sign_in(page, servers.site, SIGN_IN_REQUIRED)

    sign_in(page, servers.org, DEMO_LOGIN, DEMO_PASSWORD)

    expect_dashboard(page, servers.site, DEMO_FIRST_NAME)
