"""Playwright steps on the org's hosted pages, for pytest-playwright's `page`.

Use them after the app under test has sent the browser to the org: they wait
for the hosted page, fill it in and submit; where the browser goes next is the
app's business (assert it in the test). Selectors are the hosted pages' stable
contract: `#okta-signin-username`, `#okta-signin-password`, `#okta-signin-submit`
on sign-in; inputs named email/password/firstName/lastName on sign-up.
"""

from __future__ import annotations

from mock_okta.testing.org import DEFAULT_PASSWORD


def sign_in(page, login: str, password: str = DEFAULT_PASSWORD, *, timeout: float = 10_000) -> None:
    """Sign in on the hosted sign-in page (`/login/login.htm`)."""
    page.locator("#okta-signin-username").wait_for(timeout=timeout)
    page.fill("#okta-signin-username", login)
    page.fill("#okta-signin-password", password)
    page.click("#okta-signin-submit")


def sign_up(page, email: str, password: str = DEFAULT_PASSWORD, *, first_name: str = "Test",
            last_name: str = "User", timeout: float = 10_000) -> None:
    """Create an account on the hosted sign-up page, reached directly or from sign-in."""
    form = page.locator("form.registration-form")
    sign_up_link = page.locator("a.registration-link")
    form.or_(sign_up_link).first.wait_for(timeout=timeout)
    if not form.is_visible():
        sign_up_link.click()
        form.wait_for(timeout=timeout)
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    page.fill("input[name=firstName]", first_name)
    page.fill("input[name=lastName]", last_name)
    page.click("form.registration-form input[type=submit][data-type=save]")
