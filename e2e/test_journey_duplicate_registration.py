"""Journey 3: signing up again with the same email (other case) is refused."""

from playwright.sync_api import expect

from e2e.flows import (
    ADA,
    SIGN_UP_PATH,
    log_out,
    open_sign_up_from_home,
    register,
    submit_sign_up,
    url_of,
)


def test_duplicate_email_is_refused_and_form_keeps_values(servers, page):
    register(page, servers.site, servers.org, ADA)
    log_out(page, servers.site)

    same_email_other_case = ADA.email.upper()
    open_sign_up_from_home(page, servers.site, servers.org)
    submit_sign_up(page, servers.org, ADA, email=same_email_other_case)

    errors = page.locator(".okta-form-infobox-error, .o-form-input-error")
    expect(errors.filter(has_text="A user with this Email already exists").first).to_be_visible()
    expect(page).to_have_url(url_of(servers.org, SIGN_UP_PATH))
    expect(page.locator('input[name="email"]')).to_have_value(same_email_other_case)
    expect(page.locator('input[name="firstName"]')).to_have_value(ADA.first_name)
    expect(page.locator('input[name="lastName"]')).to_have_value(ADA.last_name)
