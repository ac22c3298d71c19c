"""Console: recent requests, with the JWTs the org issued decoded and verified."""

from __future__ import annotations

import jwt

from mock_okta.org.token_check import check_token
from tests.mock_okta.support.pages import Page


def test_a_token_request_shows_its_tokens_verified(console, tokens):
    user, answer = tokens()
    page = console.page("/requests")
    log = page.find(id="request-log")["_text"]
    assert "POST /oauth2/default/v1/token 200" in log
    decoded = page.find_all(data_se="token")
    assert {d["_text"].split()[0] for d in decoded} == {"id_token", "access_token"}
    assert all("✓ verifies" in d["_text"] for d in decoded)
    assert user["id"] in page.html            # the sub claim and the user link
    # Only what the org issued is kept: never the refresh token or the code.
    entry = console.client.get("/_mock/requests?limit=5").json
    token_entry = next(e for e in entry if e["path"] == "/oauth2/default/v1/token")
    assert token_entry["tokens"] == {"id_token": answer["id_token"],
                                     "access_token": answer["access_token"]}


def test_requests_without_tokens_have_no_tokens_key(client, console):
    client.get("/oauth2/default/.well-known/openid-configuration")
    entries = client.get("/_mock/requests").json
    assert all("tokens" not in entry for entry in entries)


def test_paste_a_token_to_decode_it(console, tokens):
    _, answer = tokens()
    response = console.submit("/requests/decode", {"token": answer["id_token"]}, on="/requests")
    assert response.status_code == 200
    pasted = Page(response).find(id="pasted-token")["_text"]
    assert "✓ verifies" in pasted and "Signed by default" in pasted
    assert '"nonce"' in pasted and '"RS256"' in pasted     # claims and header


def test_a_forged_or_foreign_token_does_not_verify(console, org):
    foreign = jwt.encode({"iss": "http://localhost/oauth2/default", "sub": "x", "exp": 1,
                          "iat": 0}, "secret-of-someone-else-long-enough", algorithm="HS256",
                         headers={"kid": "nope"})
    response = console.submit("/requests/decode", {"token": foreign}, on="/requests")
    html = response.get_data(as_text=True)
    assert "✗ does not verify" in html and "unknown signing key" in html
    assert "expired" in html


def test_garbage_is_a_message_not_a_500(console):
    response = console.submit("/requests/decode", {"token": "<not a jwt>"}, on="/requests")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Not a JWT" in html and "<not a jwt>" not in html


def test_empty_the_log(console, client):
    client.get("/")
    shown = console.act("/requests/clear", on="/requests")
    assert shown.notice == "Request log emptied."
    # The log now holds only the requests made since: the redirect's page itself.
    paths = [entry["path"] for entry in client.get("/_mock/requests").json]
    assert "/" not in paths


# --- org/token_check.py ------------------------------------------------------------

def test_check_token_names_the_issuer_it_does_not_know(org, tokens, app):
    _, answer = tokens()
    servers = [org.org_server, *org.servers.values()]
    with app.test_request_context():
        checked = check_token(answer["access_token"], servers, "http://elsewhere")
    assert not checked.verified and "No authorization server" in checked.verdict
    assert checked.claims["sub"] and checked.header["kid"]


def test_check_token_after_rotation_still_verifies_with_the_expired_key(org, tokens, app):
    _, answer = tokens()
    org.rotate_keys(org.server("default"))
    with app.test_request_context():
        checked = check_token(answer["id_token"], [org.server("default")], "http://localhost")
    assert checked.verified      # EXPIRED keys stay published until the next rotation
    org.rotate_keys(org.server("default"))
    with app.test_request_context():
        checked = check_token(answer["id_token"], [org.server("default")], "http://localhost")
    assert not checked.verified and "unknown signing key" in checked.verdict


def test_the_consoles_own_requests_are_hidden_unless_asked_for(console, client):
    client.get("/oauth2/default/.well-known/openid-configuration")
    console.get("/users")
    client.get("/static/console.css")
    hidden = console.page("/requests").find(id="request-log")["_text"]
    assert "/oauth2/default/.well-known/openid-configuration" in hidden
    assert "/_mock/console/users" not in hidden and "/static/console.css" not in hidden
    shown = console.page("/requests", query_string={"all": "1"}).find(id="request-log")["_text"]
    assert "/_mock/console/users" in shown and "/static/console.css" in shown


def test_hostile_claims_are_escaped_in_the_decoded_tokens(console, tokens, make_user):
    hostile = make_user(first="<script>alert(1)</script>")
    tokens(user=hostile)
    html = console.get("/requests").get_data(as_text=True)
    assert "alert(1)" in html and "<script>alert(1)" not in html
