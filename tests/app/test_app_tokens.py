"""What the session keeps of a token response, and how a kept grant is read back."""

from __future__ import annotations

import pytest

from app import tokens


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
