"""The site session ends or renews when the org's tokens expire, and ends at the next
protected request when the org revokes them or deactivates the user: each case driven
through the kit's controls (the org's clock, faults) and Okta's own APIs (revoke, lifecycle)."""

from __future__ import annotations

import pytest
import requests

from app import create_app
from app.notices import RENEWAL_FAILED, SESSION_ENDED, SESSION_EXPIRED, SIGN_IN_REQUIRED

HOUR = 3600


def grant_of(client) -> dict:
    with client.session_transaction() as session:
        return dict(session.get("grant") or {})


def id_token_of(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("id_token")


def notice_after_redirect(client, response) -> str:
    """Follow the site's redirect to /login and return the page with its notice."""
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    assert response.headers["Location"].startswith("/login?next=")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    return page.get_data(as_text=True)


def revoke(org, client_id: str, secret: str, token: str, hint: str) -> None:
    response = requests.post(f"{org.issuer()}/v1/revoke", auth=(client_id, secret), timeout=10,
                             data={"token": token, "token_type_hint": hint})
    assert response.status_code == 200, response.text


@pytest.fixture
def site(org, site_clock, helpers):
    """The site as configured by default (no offline_access: no refresh token)."""
    return create_app(helpers.site_config(OKTA_ISSUER=org.issuer(), CLOCK=site_clock))\
        .test_client()


@pytest.fixture
def refreshing_app(org):
    """An app allowed the refresh_token grant, as a site asking for offline_access needs."""
    return org.client_of(org.create_app(
        "Refreshing site", redirect_uris=["http://localhost/authorization-code/callback"],
        grant_types=["authorization_code", "refresh_token"]))


@pytest.fixture
def renewing_site(org, site_clock, refreshing_app, helpers):
    return create_app(helpers.site_config(
        OKTA_ISSUER=org.issuer(), CLOCK=site_clock, OKTA_SCOPES="openid profile email offline_access",
        OKTA_CLIENT_ID=refreshing_app.client_id,
        OKTA_CLIENT_SECRET=refreshing_app.client_secret)).test_client()


def test_the_grant_is_kept_with_the_tokens_expiry(site, make_user, headless_sign_in, site_clock):
    headless_sign_in(site, make_user()["profile"]["login"])
    grant = grant_of(site)
    assert set(grant) == {"expires_at", "access_token"}  # no offline_access: no refresh token
    assert abs(grant["expires_at"] - (site_clock() + HOUR)) <= 5


def test_expired_tokens_without_a_refresh_token_end_the_session_with_a_notice(
        org, site, make_user, headless_sign_in, site_clock):
    user = make_user()
    headless_sign_in(site, user["profile"]["login"])
    site_clock.advance(org, HOUR - 60)
    assert site.get("/dashboard").status_code == 200  # not yet
    site_clock.advance(org, 61)
    page = notice_after_redirect(site, site.get("/dashboard"))
    assert SESSION_EXPIRED in page and SIGN_IN_REQUIRED not in page
    assert 'id="continue-sign-in" class="button" href="/login?next=/dashboard"' in page
    with site.session_transaction() as session:
        assert "user" not in session and "grant" not in session
    # Signing in again works on the moved clocks (the new ID token is checked on the site's).
    again = headless_sign_in(site, user["profile"]["login"], next_path="/dashboard")
    assert again.headers["Location"] == "/dashboard"
    assert site.get("/dashboard").status_code == 200


def test_expiry_seen_on_a_public_page_shows_the_notice_there(
        org, site, make_user, headless_sign_in, site_clock):
    headless_sign_in(site, make_user()["profile"]["login"])
    site_clock.advance(org, HOUR + 1)
    page = site.get("/").get_data(as_text=True)
    assert f'<p class="notice" role="status">{SESSION_EXPIRED}</p>' in page
    assert 'id="login"' in page and 'id="logout"' not in page
    assert SESSION_EXPIRED not in site.get("/").get_data(as_text=True)  # shown once


def test_a_refresh_token_renews_the_session_on_expiry(
        org, renewing_site, make_user, headless_sign_in, site_clock):
    headless_sign_in(renewing_site, make_user()["profile"]["login"])
    before, first_id_token = grant_of(renewing_site), id_token_of(renewing_site)
    assert set(before) == {"expires_at", "refresh_token"}
    site_clock.advance(org, HOUR + 1)
    assert renewing_site.get("/dashboard").status_code == 200
    after = grant_of(renewing_site)
    assert after["expires_at"] >= before["expires_at"] + HOUR
    assert id_token_of(renewing_site) != first_id_token  # the sign-out hint is the new one
    # Renewed again an hour later: the rotated refresh token is the one kept.
    site_clock.advance(org, HOUR + 1)
    assert renewing_site.get("/lair").status_code == 200
    again = grant_of(renewing_site)
    assert again["refresh_token"] != after["refresh_token"]  # the org rotates them
    assert again["expires_at"] >= after["expires_at"] + HOUR


def test_a_refused_renewal_ends_the_session_as_expired(
        org, renewing_site, refreshing_app, make_user, headless_sign_in, site_clock):
    headless_sign_in(renewing_site, make_user()["profile"]["login"])
    org.fail("token", "oauth_error", error="invalid_grant")
    site_clock.advance(org, HOUR + 1)
    page = notice_after_redirect(renewing_site, renewing_site.get("/dashboard"))
    assert SESSION_EXPIRED in page


def test_an_unreachable_org_at_renewal_ends_the_session_saying_so(
        org, renewing_site, make_user, headless_sign_in, site_clock):
    headless_sign_in(renewing_site, make_user()["profile"]["login"])
    org.fail("token", "http_error", status=503)
    site_clock.advance(org, HOUR + 1)
    page = notice_after_redirect(renewing_site, renewing_site.get("/dashboard"))
    assert RENEWAL_FAILED in page


def test_a_revoked_refresh_token_ends_the_session_at_the_next_protected_request(
        org, renewing_site, refreshing_app, make_user, headless_sign_in):
    headless_sign_in(renewing_site, make_user()["profile"]["login"])
    assert renewing_site.get("/dashboard").status_code == 200
    revoke(org, refreshing_app.client_id, refreshing_app.client_secret,
           grant_of(renewing_site)["refresh_token"], "refresh_token")
    page = notice_after_redirect(renewing_site, renewing_site.get("/dashboard"))
    assert SESSION_ENDED in page
    with renewing_site.session_transaction() as session:
        assert "user" not in session


def test_a_revoked_access_token_ends_the_session_at_the_next_protected_request(
        org, site, make_user, headless_sign_in, helpers):
    headless_sign_in(site, make_user()["profile"]["login"])
    revoke(org, helpers.CLIENT_ID, helpers.CLIENT_SECRET, grant_of(site)["access_token"],
           "access_token")
    assert 'id="logout"' in site.get("/").get_data(as_text=True)  # public pages ask nobody
    page = notice_after_redirect(site, site.get("/lair"))
    assert SESSION_ENDED in page


@pytest.mark.parametrize("operation", ["deactivate", "suspend"])
def test_a_user_the_org_deactivates_or_suspends_is_signed_out_at_the_next_protected_request(
        org, site, make_user, headless_sign_in, operation):
    # USER_REFRESH_SECONDS is the default (300): the Users API is not what notices it.
    user = make_user()
    headless_sign_in(site, user["profile"]["login"])
    org.api("POST", f"users/{user['id']}/lifecycle/{operation}")
    page = notice_after_redirect(site, site.get("/dashboard"))
    assert SESSION_ENDED in page


def test_an_unreachable_org_at_the_check_keeps_the_session_until_it_expires(
        org, site, make_user, headless_sign_in, site_clock):
    headless_sign_in(site, make_user()["profile"]["login"])
    org.fail("introspect", "http_error", status=503)
    assert site.get("/dashboard").status_code == 200
    org.fail("introspect", "oauth_error", error="invalid_client")
    assert site.get("/dashboard").status_code == 200
    site_clock.advance(org, HOUR + 1)
    assert SESSION_EXPIRED in notice_after_redirect(site, site.get("/dashboard"))


@pytest.mark.parametrize("kind", ["bad_signature", "wrong_aud", "wrong_at_hash"])
def test_a_forged_id_token_at_renewal_ends_the_session(
        org, renewing_site, refreshing_app, make_user, headless_sign_in, site_clock, kind):
    headless_sign_in(renewing_site, make_user()["profile"]["login"])
    org.forge(kind, client=refreshing_app)
    site_clock.advance(org, HOUR + 1)
    page = notice_after_redirect(renewing_site, renewing_site.get("/dashboard"))
    assert SESSION_EXPIRED in page
