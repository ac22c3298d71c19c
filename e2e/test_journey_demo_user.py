"""Journey 7: the seeded demo user can log in and out."""

from e2e.flows import (
    DEMO_FIRST_NAME,
    DEMO_LOGIN,
    DEMO_PASSWORD,
    expect_dashboard,
    log_in_from_home,
    log_out,
)


def test_seeded_demo_user_logs_in(servers, page):
    log_in_from_home(page, servers.site, servers.org, DEMO_LOGIN, DEMO_PASSWORD)

    expect_dashboard(page, servers.site, DEMO_FIRST_NAME)
    log_out(page, servers.site)
