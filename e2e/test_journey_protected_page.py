"""Journey 4: /dashboard signed out goes to sign-in, then back to /dashboard."""

from e2e.flows import DEMO_FIRST_NAME, DEMO_LOGIN, DEMO_PASSWORD, expect_dashboard, sign_in


def test_dashboard_requires_sign_in_and_returns_there(servers, page):
    page.goto(servers.site + "/dashboard")

    sign_in(page, servers.org, DEMO_LOGIN, DEMO_PASSWORD)

    expect_dashboard(page, servers.site, DEMO_FIRST_NAME)
