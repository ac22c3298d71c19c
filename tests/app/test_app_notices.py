"""A signed-out visitor sent to sign in from a protected page is told why, on the site,
before leaving for the org; the menu's "Log In / Register" still goes straight there."""

from __future__ import annotations

import pytest

from app.notices import SIGN_IN_REQUIRED


@pytest.fixture
def oidc_site(fake_idp, fake_client):
    fake_idp.serve_oidc()
    return fake_client


@pytest.mark.parametrize("path", ["/dashboard", "/lair", "/dashboard?tab=2"])
def test_a_protected_page_sends_the_visitor_to_a_notice_then_to_the_org(oidc_site, fake_idp,
                                                                        path, helpers):
    sent = oidc_site.get(path)
    assert sent.status_code == 302 and sent.headers["Location"].startswith("/login?next=")
    page = oidc_site.get(sent.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f'<p class="notice" role="status">{SIGN_IN_REQUIRED}</p>' in html
    assert 'id="continue-sign-in"' in html and 'id="register"' in html
    # The button goes on to the org, and back to the page asked for afterwards.
    onward = oidc_site.get(helpers.path_and_query(
        html.split('id="continue-sign-in" class="button" href="')[1].split('"')[0]
        .replace("&amp;", "&")))
    assert onward.status_code == 302
    assert onward.headers["Location"].startswith(f"{fake_idp.issuer}/v1/authorize?")
    with oidc_site.session_transaction() as session:
        assert [nxt for _, nxt in session["login_pending"]] == [path]


def test_two_protected_pages_give_one_notice(oidc_site):
    oidc_site.get("/dashboard")
    oidc_site.get("/lair")
    html = oidc_site.get("/login?next=/lair").get_data(as_text=True)
    assert html.count(SIGN_IN_REQUIRED) == 1


def test_the_menu_link_goes_straight_to_the_org(oidc_site, fake_idp):
    response = oidc_site.get("/login")
    assert response.status_code == 302
    assert response.headers["Location"].startswith(f"{fake_idp.issuer}/v1/authorize?")


def test_a_signed_in_visitor_never_sees_the_notice(client, sign_in_as):
    sign_in_as(client)
    assert client.get("/dashboard").status_code == 200
    assert SIGN_IN_REQUIRED not in client.get("/").get_data(as_text=True)


def test_the_notice_page_keeps_the_next_path_safe(oidc_site):
    oidc_site.get("/dashboard")
    html = oidc_site.get("/login?next=//evil.example/").get_data(as_text=True)
    assert "evil.example" not in html  # safe_next turned it into the default
    assert 'href="/login?next=/dashboard"' in html
