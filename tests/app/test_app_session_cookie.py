"""The site's session cookie stays under what browsers keep (4,096 bytes),
whatever a visitor does: abandoned sign-ins, many tabs, long `next` paths."""

from __future__ import annotations

import secrets

import requests

from tests.app.support import PASSWORD, path_and_query

COOKIE = "flask_site_session"
BROWSER_LIMIT = 4096


def cookie_size(client) -> int:
    cookie = client.get_cookie(COOKIE)
    return len(COOKIE) + 1 + len(cookie.value) if cookie else 0


def start(client, next_path: str) -> str:
    """Start a sign-in on the site; return the org's authorize URL it sent us to."""
    response = client.get("/login", query_string={"next": next_path})
    assert response.status_code == 302
    return response.headers["Location"]


def finish(live_okta, client, authorize_url: str, login: str):
    """Sign in at the org for that authorize URL and bring the answer back to the site."""
    authn = requests.post(f"{live_okta.url}/api/v1/authn",
                          json={"username": login, "password": PASSWORD}, timeout=10)
    answered = requests.get(authorize_url + "&sessionToken=" + authn.json()["sessionToken"],
                            allow_redirects=False, timeout=10)
    assert answered.status_code == 302, answered.text
    return client.get(path_and_query(answered.headers["Location"]))


def test_abandoned_sign_ins_do_not_grow_the_cookie(live_okta, live_client, make_user):
    user = make_user()
    for n in range(45):
        last = start(live_client, f"/dashboard?attempt={n}")
        assert cookie_size(live_client) < BROWSER_LIMIT
    landed = finish(live_okta, live_client, last, user["profile"]["login"])
    assert landed.status_code == 302 and landed.headers["Location"] == "/dashboard?attempt=44"


def test_the_oldest_attempt_is_the_one_forgotten(live_okta, live_client, make_user):
    user = make_user()
    # Paths that sort in the reverse order of the attempts: "oldest" must mean started first.
    urls = [start(live_client, f"/dashboard?{chr(ord('z') - n)}") for n in range(6)]
    forgotten = finish(live_okta, live_client, urls[0], user["profile"]["login"])
    assert forgotten.status_code == 400
    assert "expired or was already used" in forgotten.get_data(as_text=True)
    # A failed callback leaves the other attempts alone; the next oldest still finishes.
    kept = finish(live_okta, live_client, urls[1], user["profile"]["login"])
    assert kept.headers["Location"] == "/dashboard?y"


def test_two_tabs_with_long_next_paths_stay_under_the_limit(live_okta, live_client, make_user):
    user = make_user()
    # Random text, which the cookie's compression cannot shrink.
    first_path, second_path = (f"/dashboard?q={secrets.token_urlsafe(1480)}" for _ in range(2))
    start(live_client, first_path)
    second = start(live_client, second_path)
    assert cookie_size(live_client) < BROWSER_LIMIT
    landed = finish(live_okta, live_client, second, user["profile"]["login"])
    assert landed.status_code == 302 and landed.headers["Location"] == second_path


def test_a_signed_in_session_with_its_tokens_stays_under_the_limit(live_client, make_user,
                                                                   headless_sign_in):
    user = make_user(first_name="A" * 50, last_name="B" * 50)
    headless_sign_in(live_client, user["profile"]["login"])
    live_client.get("/")  # the menu's CSRF token joins the session
    with live_client.session_transaction() as session:
        assert {"user", "id_token", "grant", "_csrf_token"} <= set(session)
    assert cookie_size(live_client) < 3_600
