"""What the session keeps of a token response, and how a kept grant is read back."""

from __future__ import annotations

import json
import time

import pytest

from app import tokens
from app.notices import RENEWAL_FAILED, SESSION_EXPIRED


@pytest.mark.parametrize(("token", "id_expires", "expected"), [
    ({"access_token": "at", "expires_in": 3600}, 1_000_000 + 3600,
     {"expires_at": 1_003_600, "access_token": "at"}),
    # The first of the two to expire ends the grant.
    ({"access_token": "at", "expires_in": 300}, 1_003_600,
     {"expires_at": 1_000_300, "access_token": "at"}),
    ({"access_token": "at", "expires_in": 7200}, 1_003_600,
     {"expires_at": 1_003_600, "access_token": "at"}),
    # A refresh token is kept instead of the access token (it is what renews and is checked).
    ({"access_token": "at", "expires_in": 3600, "refresh_token": "rt"}, 1_003_600,
     {"expires_at": 1_003_600, "refresh_token": "rt"}),
    # Nonsense lifetimes are ignored; nothing at all means already spent.
    ({"access_token": "at", "expires_in": "3600"}, 1_003_600,
     {"expires_at": 1_003_600, "access_token": "at"}),
    ({"access_token": "at", "expires_in": True}, None, {"expires_at": 1_000_000,
                                                         "access_token": "at"}),
    ({"access_token": "at", "expires_in": -5, "refresh_token": ""}, None,
     {"expires_at": 1_000_000, "access_token": "at"}),
])
def test_grant_from_a_token_response(token, id_expires, expected):
    assert tokens.grant_from(token, id_expires, now=1_000_000) == expected


@pytest.mark.parametrize("value", [
    None, "grant", [], {}, {"expires_at": "1"}, {"expires_at": 1.5, "access_token": "a"},
    {"expires_at": 1}, {"expires_at": 1, "access_token": ""}, {"expires_at": 1, "access_token": 7},
    {"expires_at": 1, "refresh_token": None},
])
def test_unreadable_grants_are_not_grants(value):
    assert not tokens.is_grant(value)


def test_expiry_is_on_or_after_expires_at():
    grant = {"expires_at": 100, "access_token": "a"}
    assert not tokens.has_expired(grant, 99)
    assert tokens.has_expired(grant, 100)


@pytest.mark.parametrize("grant", [{"expires_at": "soon", "access_token": "a"},
                                   {"user": "x"}, "garbage"])
def test_a_session_with_an_unreadable_grant_is_signed_out(client, sign_in_as, grant):
    sign_in_as(client)
    with client.session_transaction() as session:
        session["grant"] = grant
    response = client.get("/dashboard")
    assert response.status_code == 302
    with client.session_transaction() as session:
        assert "user" not in session and "grant" not in session


@pytest.mark.parametrize("path", ["/favicon.ico", "/static/style.css"])
def test_files_leave_an_expired_session_to_the_page(client, sign_in_as, path):
    sign_in_as(client, grant={"expires_at": 1, "access_token": "test-access-token"})
    assert client.get(path).status_code == 200
    with client.session_transaction() as session:
        assert "user" in session  # the next page will end (or renew) it, and say so
    assert client.get("/dashboard").status_code == 302


@pytest.mark.parametrize(("answer", "kept"), [
    ((200, "application/json", b'{"active": false}'), False),
    ((200, "application/json", b'{"active": true, "sub": "x"}'), True),
    # What cannot be read says nothing either way: the grant stands until it expires.
    ((200, "application/json", b'{"active": "false"}'), True),
    ((200, "application/json", b'[true]'), True),
    ((200, "text/html", b"<html>gateway</html>"), True),
    ((401, "application/json", b'{"error": "invalid_client"}'), True),
    ((500, "text/plain", b"boom"), True),
])
def test_what_the_org_answers_at_introspection(fake_idp, fake_client, sign_in_as, answer, kept):
    discovery = fake_idp.serve_oidc(introspection_endpoint=f"{fake_idp.issuer}/v1/introspect")
    fake_idp.routes["/oauth2/default/v1/introspect"] = answer
    sign_in_as(fake_client)
    response = fake_client.get("/dashboard")
    assert (response.status_code == 200) is kept
    asked = fake_idp.requests_to("/oauth2/default/v1/introspect")
    assert len(asked) == 1 and asked[0]["headers"]["Authorization"].startswith("Basic ")
    assert "token=test-access-token" in asked[0]["body"]
    assert "token_type_hint=access_token" in asked[0]["body"]
    assert discovery["introspection_endpoint"].endswith("/v1/introspect")


def test_an_issuer_without_introspection_leaves_the_grant_to_its_expiry(fake_idp, fake_client,
                                                                        sign_in_as):
    fake_idp.serve_oidc()
    sign_in_as(fake_client)
    assert fake_client.get("/dashboard").status_code == 200


USER_ID = "00uTestUser000000001"  # the sign_in_as snapshot's


def renewal_answer(fake_idp, body: dict | bytes, status: int = 200):
    fake_idp.serve_oidc()
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    fake_idp.routes["/oauth2/default/v1/token"] = (status, "application/json", raw)


@pytest.mark.parametrize(("status", "answer", "notice"), [
    (400, lambda idp: {"error": "invalid_grant",
                       "error_description": "The refresh token is invalid or expired."},
     SESSION_EXPIRED),
    (400, lambda idp: {"error": "temporarily_unavailable"}, RENEWAL_FAILED),
    (200, lambda idp: b"<html>not json</html>", RENEWAL_FAILED),
    # A refreshed ID token for someone else, or not signed by the issuer: refused.
    (200, lambda idp: {"access_token": "at-2", "token_type": "Bearer", "expires_in": 3600,
                       "id_token": idp.id_token({"sub": "00uSomeoneElse000001"})},
     SESSION_EXPIRED),
    (200, lambda idp: {"access_token": "at-2", "token_type": "Bearer", "expires_in": 3600,
                       "id_token": idp.id_token({"sub": USER_ID}, alg="HS256", key=b"k" * 32)},
     SESSION_EXPIRED),
])
def test_a_renewal_that_fails_ends_the_session_saying_why(fake_idp, fake_client, sign_in_as,
                                                          status, answer, notice):
    sign_in_as(fake_client, grant={"expires_at": 1, "refresh_token": "rt-1"})
    renewal_answer(fake_idp, answer(fake_idp), status)
    response = fake_client.get("/dashboard")
    assert response.status_code == 302
    assert notice in fake_client.get(response.headers["Location"]).get_data(as_text=True)
    sent = fake_idp.requests_to("/oauth2/default/v1/token")[0]
    assert "grant_type=refresh_token" in sent["body"] and "refresh_token=rt-1" in sent["body"]


def test_a_renewal_without_a_new_refresh_token_keeps_the_old_one(fake_idp, fake_client,
                                                                 sign_in_as):
    sign_in_as(fake_client, grant={"expires_at": 1, "refresh_token": "rt-1"}, id_token="old")
    renewal_answer(fake_idp, {"access_token": "at-2", "token_type": "Bearer", "expires_in": 600,
                              "id_token": fake_idp.id_token({"sub": USER_ID})})
    assert fake_client.get("/dashboard").status_code == 200
    with fake_client.session_transaction() as session:
        assert session["grant"]["refresh_token"] == "rt-1"
        assert abs(session["grant"]["expires_at"] - (time.time() + 600)) < 5
        assert session["id_token"] != "old"
