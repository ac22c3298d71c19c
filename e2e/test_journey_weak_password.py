"""Journey 6: a password that breaks the policy is refused on sign-up."""

import re

from playwright.sync_api import expect

from e2e.flows import ADA, SIGN_UP_PATH, NewUser, open_sign_up_from_home, submit_sign_up, url_of


def test_weak_password_shows_policy_error(servers, page):
    weak = NewUser(ADA.email, "password", ADA.first_name, ADA.last_name)
    open_sign_up_from_home(page, servers.site, servers.org)
    submit_sign_up(page, servers.org, weak)

    errors = page.locator(".okta-form-infobox-error, .o-form-input-error")
    policy = re.compile("Password requirements", re.I)
    expect(errors.filter(has_text=policy).first).to_be_visible()
    expect(page).to_have_url(url_of(servers.org, SIGN_UP_PATH))
    expect(page.locator('input[name="email"]')).to_have_value(ADA.email)
    expect(page.locator('input[name="firstName"]')).to_have_value(ADA.first_name)
