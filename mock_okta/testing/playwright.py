"""Playwright steps on the org's hosted pages, for pytest-playwright's `page`.

Use them after the app under test has sent the browser to the org: they wait
for the hosted page, fill it in and submit; where the browser goes next is the
app's business (assert it in the test). Selectors are the hosted pages' stable
contract: `#okta-signin-username`, `#okta-signin-password`, `#okta-signin-submit`
on sign-in; inputs named email/password/firstName/lastName on sign-up; the MFA
screens' `li.enroll-factor-row[data-se=…]`, `.shared-key`, `input[name=passCode]`
(enrolment) and `form[data-se^="factor-"]` with `input[name=answer]` (challenge).
"""

from __future__ import annotations

from collections.abc import Callable

from mock_okta.testing.org import DEFAULT_PASSWORD, OktaOrg

_ROWS = {"google": "GOOGLE_AUTH", "okta": "OKTA_VERIFY"}


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


def enroll_totp(page, org: OktaOrg, provider: str = "google", *,
                timeout: float = 10_000) -> str:
    """On the MFA enrolment list: set up Google Authenticator (or `provider="okta"`,
    Okta Verify), read the manual key as a person would, type the app's code.
    Returns the shared secret, for `org.totp_code(secret)` at the next sign-in."""
    row = page.locator(f'li.enroll-factor-row[data-se="{_ROWS[provider]}"]')
    row.wait_for(timeout=timeout)
    row.locator(".enroll-factor-button .button").click()
    page.locator('[data-se="manual-setup"]').click()
    secret = page.locator('[data-se="step-manual-setup"] .shared-key').inner_text().strip()
    page.fill('[data-se="step-sendcode"] input[name="passCode"]', org.totp_code(secret))
    page.click('[data-se="step-sendcode"] input[data-type="save"]')
    return secret


def pass_mfa(page, code: str | Callable[[], str], *, timeout: float = 10_000) -> None:
    """On the MFA challenge: type the code and verify. For email and SMS the code is sent
    first: pass a callable (e.g. `lambda: org.sent_code(email)`), called once it is."""
    form = page.locator('form[data-se^="factor-"]')
    form.wait_for(timeout=timeout)
    send = form.locator('[data-se$="-send-code"]')
    if send.count():
        send.click()
        form.locator('input[name="answer"]').wait_for(timeout=timeout)
    page.fill('form[data-se^="factor-"] input[name="answer"]', code() if callable(code) else code)
    page.click('form[data-se^="factor-"] input[data-type="save"]')
