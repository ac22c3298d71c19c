"""Journey 10: multifactor sign-in through the site. The org asks for a second
factor (a sign-on policy, set with the kit); the hosted page enrols TOTP at the
first sign-in (QR code and manual key), asks for the code at the next, shows
Okta's error for a wrong code, and sends an email factor's code to the outbox."""

from playwright.sync_api import expect

from e2e.flows import expect_dashboard, log_out, sign_in
from mock_okta.testing import DEFAULT_PASSWORD, connect_org
from mock_okta.testing.playwright import enroll_totp, pass_mfa

WRONG = "Your passcode doesn't match our records. Please try again."


def _org_with_mfa(servers):
    org = connect_org(servers.org, servers.api_token)
    org.require_mfa()
    return org


def _to_sign_in(page, servers):
    page.goto(servers.site + "/")
    page.locator("a#login").click()


def test_enrol_totp_at_first_sign_in_then_sign_in_with_the_code(servers, page):
    org = _org_with_mfa(servers)
    org.create_user("otp.user@example.com", firstName="Otto")

    _to_sign_in(page, servers)
    sign_in(page, servers.org, "otp.user@example.com", DEFAULT_PASSWORD)
    expect(page.locator('[data-se="o-form-head"]')).to_have_text(
        "Set up multifactor authentication")
    expect(page.locator('li.enroll-factor-row[data-se="GOOGLE_AUTH"]')).to_be_visible()
    page.locator('li.enroll-factor-row[data-se="GOOGLE_AUTH"] .button').click()
    qrcode = page.locator('img[data-se="qrcode"]')
    expect(qrcode).to_be_visible()
    assert qrcode.evaluate("image => image.naturalWidth") > 0      # the PNG really loaded
    secret = _finish_totp_enrolment(page, org)
    expect_dashboard(page, servers.site, "Otto")
    log_out(page, servers.site)

    _to_sign_in(page, servers)
    sign_in(page, servers.org, "otp.user@example.com", DEFAULT_PASSWORD)
    expect(page.locator('form[data-se="factor-totp"] [data-se="o-form-head"]')).to_have_text(
        "Google Authenticator")
    pass_mfa(page, org.totp_code(secret))
    expect_dashboard(page, servers.site, "Otto")


def _finish_totp_enrolment(page, org) -> str:
    """The set-up page is open: back to the list and through the kit's helper."""
    page.locator('[data-se="back-link"]').click()
    return enroll_totp(page, org)


def test_a_wrong_code_shows_oktas_error_then_the_right_one_signs_in(servers, page):
    org = _org_with_mfa(servers)
    user = org.create_user("wrong.code@example.com", firstName="Wanda")
    factor = org.enroll_factor(user["id"])

    _to_sign_in(page, servers)
    sign_in(page, servers.org, "wrong.code@example.com", DEFAULT_PASSWORD)
    right = org.totp_code(factor)
    pass_mfa(page, "000000" if right != "000000" else "111111")
    expect(page.locator(".okta-form-infobox-error p")).to_have_text(WRONG)
    pass_mfa(page, right)
    expect_dashboard(page, servers.site, "Wanda")


def test_an_email_factor_through_the_outbox(servers, page):
    org = _org_with_mfa(servers)
    user = org.create_user("mail.factor@example.com", firstName="Emil")
    org.enroll_factor(user["id"], "email", "OKTA")

    _to_sign_in(page, servers)
    sign_in(page, servers.org, "mail.factor@example.com", DEFAULT_PASSWORD)
    expect(page.locator('form[data-se="factor-email"] [data-se="email-send-code"]')).to_have_text(
        "Send me the code")
    pass_mfa(page, lambda: org.sent_code("mail.factor@example.com"))
    expect_dashboard(page, servers.site, "Emil")
