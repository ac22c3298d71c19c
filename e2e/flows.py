"""Steps the journeys share, written against the selector contract.

Site (app): home `a#login` (menu) / `a#register` (page text) when signed out, `a#dashboard` and
`form button#logout` when signed in; dashboard `#user-first-name`, `#user-id`; notices in
`role=status`, and on /login with a notice, `a#continue-sign-in`.
Mock hosted pages: sign-in `#okta-sign-in` with `#okta-signin-username`,
`#okta-signin-password`, `#okta-signin-submit`; sign-up (/signin/register)
with inputs named email/password/firstName/lastName and a
`input[type=submit][data-type=save]`; errors in `.okta-form-infobox-error`
and `.o-form-input-error`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Page, expect

SIGN_IN_REQUIRED = "Please sign in to see this page."
SESSION_EXPIRED = "Your session has expired. Please sign in again."
SESSION_ENDED = ("Your session has ended: the sign-in service no longer accepts it. "
                 "Please sign in again.")
DEMO_LOGIN = "demo.user@example.com"
DEMO_PASSWORD = "Sunny-Meadow-42"
DEMO_FIRST_NAME = "Demo"

SIGN_IN_PATH = "/login/login.htm"
SIGN_UP_PATH = "/signin/register"


@dataclass(frozen=True)
class NewUser:
    email: str
    password: str
    first_name: str
    last_name: str


# Meets Okta's default policy: 8+ chars, lower, upper, digit, no part of the login.
ADA = NewUser("ada.lovelace@example.com", "Analytical-Engine-1843", "Ada", "Lovelace")


def url_of(base: str, path: str) -> re.Pattern:
    """A URL on `base` with exactly `path`, any query string."""
    return re.compile(re.escape(base + path) + r"(\?.*)?$")


# ------------------------------------------------------------------ site


def expect_signed_out_home(page: Page, site: str) -> None:
    expect(page).to_have_url(url_of(site, "/"))
    login = page.locator("a#login")
    expect(login).to_have_text("Log In / Register")
    expect(login).to_have_attribute("href", re.compile(r"/login$"))
    expect(page.locator("nav a")).to_have_text(["Log In / Register"])  # one link in the menu
    expect(page.locator("a#register")).to_have_text("sign up")
    expect(page.locator("button#logout")).to_have_count(0)


def expect_dashboard(page: Page, site: str, first_name: str) -> str:
    """Assert the dashboard shows `first_name`; return the Okta user id shown."""
    expect(page).to_have_url(url_of(site, "/dashboard"))
    expect(page.locator("#user-first-name")).to_have_text(first_name)
    user_id = page.locator("#user-id")
    expect(user_id).to_have_text(re.compile(r"^\s*00u\w+\s*$"))
    return user_id.inner_text().strip()


def expect_sign_in_notice(page: Page, site: str, notice: str) -> None:
    """The site's own page before the org's: the notice, then a button to go on."""
    expect(page).to_have_url(url_of(site, "/login"))
    expect(page.get_by_role("status")).to_have_text(notice)
    expect(page.get_by_role("status")).to_be_visible()
    expect(page.locator("a#continue-sign-in")).to_have_text("Sign in")


def continue_to_sign_in(page: Page, site: str, notice: str) -> None:
    expect_sign_in_notice(page, site, notice)
    page.locator("a#continue-sign-in").click()


def log_out(page: Page, site: str) -> None:
    button = page.locator("form button#logout")
    expect(button).to_have_text("Log Out")
    button.click()
    expect_signed_out_home(page, site)


# ------------------------------------------------------------------ mock org pages


def expect_sign_in_page(page: Page, org: str) -> None:
    expect(page).to_have_url(url_of(org, SIGN_IN_PATH))
    expect(page.locator("#okta-sign-in")).to_be_visible()
    expect(page.locator("#okta-signin-username")).to_be_visible()
    expect(page.locator("#okta-signin-submit")).to_have_value("Sign In")


def sign_in(page: Page, org: str, login: str, password: str) -> None:
    expect_sign_in_page(page, org)
    page.locator("#okta-signin-username").fill(login)
    page.locator("#okta-signin-password").fill(password)
    page.locator("#okta-signin-submit").click()


def expect_sign_up_page(page: Page, org: str) -> None:
    expect(page).to_have_url(url_of(org, SIGN_UP_PATH))
    expect(page.get_by_role("heading", name="Create Account")).to_be_visible()


def submit_sign_up(page: Page, org: str, user: NewUser, email: str | None = None) -> None:
    expect_sign_up_page(page, org)
    page.locator('input[name="email"]').fill(email or user.email)
    page.locator('input[name="password"]').fill(user.password)
    page.locator('input[name="firstName"]').fill(user.first_name)
    page.locator('input[name="lastName"]').fill(user.last_name)
    submit = page.locator('input[type="submit"][data-type="save"]')
    expect(submit).to_have_value("Register")
    submit.click()


def open_sign_up_from_home(page: Page, site: str, org: str) -> None:
    page.goto(site + "/")
    expect_signed_out_home(page, site)
    page.locator("a#register").click()
    expect_sign_up_page(page, org)


def register(page: Page, site: str, org: str, user: NewUser) -> str:
    """Sign up from the site's home page; return the new user's id from the dashboard."""
    open_sign_up_from_home(page, site, org)
    submit_sign_up(page, org, user)
    return expect_dashboard(page, site, user.first_name)


def log_in_from_home(page: Page, site: str, org: str, login: str, password: str) -> None:
    page.goto(site + "/")
    expect_signed_out_home(page, site)
    page.locator("a#login").click()
    sign_in(page, org, login, password)
