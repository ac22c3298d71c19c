"""Journey 1: sign up on the hosted page, log out, log back in, log out."""

from e2e.flows import ADA, expect_dashboard, log_in_from_home, log_out, register


def test_register_then_log_out_and_back_in(servers, page):
    user_id = register(page, servers.site, servers.org, ADA)

    log_out(page, servers.site)

    log_in_from_home(page, servers.site, servers.org, ADA.email, ADA.password)
    assert expect_dashboard(page, servers.site, ADA.first_name) == user_id

    log_out(page, servers.site)
