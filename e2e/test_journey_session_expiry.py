"""Journey 11: the site session ends or renews with the org's tokens.

* Tokens expire (the org's clock moved an hour, the site's with it): the next page says the
  session has expired; "Sign in" goes through the org, whose own session (two hours) is
  still alive, straight back to the dashboard without a password.
* With a refresh token (`offline_access`, an app allowed to refresh), the hour passes unseen.
* The org deactivates the user: the next protected page ends the site session and says so.
"""

from __future__ import annotations

import json
import urllib.request

from playwright.sync_api import expect

from e2e.flows import (
    DEMO_FIRST_NAME,
    DEMO_LOGIN,
    DEMO_PASSWORD,
    SESSION_ENDED,
    SESSION_EXPIRED,
    SIGN_IN_REQUIRED,
    continue_to_sign_in,
    expect_dashboard,
    expect_sign_in_notice,
    expect_signed_out_home,
    sign_in,
)

HOUR = 3600


def admin(org: str, token: str, method: str, path: str, body: dict | None = None) -> dict:
    request = urllib.request.Request(
        f"{org}/api/v1/{path}", method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"SSWS {token}", "Accept": "application/json",
                 "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"{}")


def sign_in_from_a_protected_page(page, servers) -> None:
    page.goto(servers.site + "/dashboard")
    continue_to_sign_in(page, servers.site, SIGN_IN_REQUIRED)
    sign_in(page, servers.org, DEMO_LOGIN, DEMO_PASSWORD)
    expect_dashboard(page, servers.site, DEMO_FIRST_NAME)


def test_expired_tokens_end_the_session_with_a_notice(clocked_servers, page):
    servers = clocked_servers
    servers.start_site()
    sign_in_from_a_protected_page(page, servers)

    servers.advance_clocks(HOUR + 1)
    page.locator("a#lair").click()
    continue_to_sign_in(page, servers.site, SESSION_EXPIRED)
    # The org's session outlives its tokens: no password asked, back where we were going.
    expect(page).to_have_url(servers.site + "/lair")
    expect(page.locator("#lair-user")).to_have_text(DEMO_FIRST_NAME)


def test_expiry_on_the_home_page_is_said_there(clocked_servers, page):
    servers = clocked_servers
    servers.start_site()
    sign_in_from_a_protected_page(page, servers)

    servers.advance_clocks(HOUR + 1)
    page.goto(servers.site + "/")
    expect(page.get_by_role("status")).to_have_text(SESSION_EXPIRED)
    expect_signed_out_home(page, servers.site)


def test_a_refresh_token_renews_the_session_unseen(clocked_servers, page):
    servers = clocked_servers
    app = admin(servers.org, servers.api_token, "POST", "apps", {
        "name": "oidc_client", "label": "Renewing site", "signOnMode": "OPENID_CONNECT",
        "credentials": {"oauthClient": {"token_endpoint_auth_method": "client_secret_basic"}},
        "settings": {"oauthClient": {
            "application_type": "web", "response_types": ["code"],
            "grant_types": ["authorization_code", "refresh_token"],
            "redirect_uris": [f"{servers.site}/authorization-code/callback"],
            "post_logout_redirect_uris": [f"{servers.site}/"]}}})
    oauth = app["credentials"]["oauthClient"]
    servers.start_site(OKTA_CLIENT_ID=oauth["client_id"], OKTA_CLIENT_SECRET=oauth["client_secret"],
                       OKTA_SCOPES="openid profile email offline_access")
    sign_in_from_a_protected_page(page, servers)

    for _ in range(3):  # three hours, each renewed with the latest (rotated) refresh token
        servers.advance_clocks(HOUR + 1)
        page.locator("a#dashboard").click()
        expect_dashboard(page, servers.site, DEMO_FIRST_NAME)
        expect(page.get_by_role("status")).to_have_count(0)


def test_a_user_the_org_deactivates_is_signed_out_at_the_next_protected_page(servers, page):
    sign_in_from_a_protected_page(page, servers)
    user = admin(servers.org, servers.api_token, "GET", f"users/{DEMO_LOGIN}")
    admin(servers.org, servers.api_token, "POST", f"users/{user['id']}/lifecycle/deactivate")

    page.locator("a#lair").click()
    expect_sign_in_notice(page, servers.site, SESSION_ENDED)
    expect(page.locator("a#login")).to_have_text("Log In / Register")
