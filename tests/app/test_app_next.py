"""`next` handling: only same-site relative paths survive (no open redirects)."""

import pytest

from app.auth import DEFAULT_NEXT, safe_next


@pytest.mark.parametrize("value", [
    "/",
    "/dashboard",
    "/dashboard?tab=profile&x=1",
    "/a/b/c#frag",
    "/%2F%2Fevil.com",  # stays percent-encoded in Location; browsers keep it a path
    "/path:with:colons",
])
def test_site_paths_are_kept(value):
    assert safe_next(value) == value


@pytest.mark.parametrize("value", [
    None,
    "",
    "dashboard",                  # relative to the current path
    "//evil.com",                 # scheme-relative
    "///evil.com",
    "http://evil.com",
    "https://evil.com/dashboard",
    "javascript:alert(1)",
    "/\\evil.com",                # browsers read \ as /
    "\\\\evil.com",
    "/\\/evil.com",
    "/\t/evil.com",               # browsers drop tabs and newlines
    "/\n/evil.com",
    "/\r\n/evil.com",
    " /dashboard",
    "/dash board",
    "/caf\u00e9",                 # non-ASCII: not a valid Location without encoding
    "/\x00",
    "/" + "a" * 2000,             # absurdly long
    ["/dashboard"],
    42,
])
def test_everything_else_falls_back_to_the_default(value):
    assert safe_next(value) == DEFAULT_NEXT


def test_a_custom_default():
    assert safe_next("//evil", default="/") == "/"


def test_dashboard_sends_signed_out_visitors_to_login_with_next(client):
    response = client.get("/dashboard")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/dashboard"


def test_the_query_string_is_part_of_next(client):
    response = client.get("/dashboard?tab=2")
    assert response.headers["Location"] == "/login?next=/dashboard?tab%3D2"


@pytest.mark.parametrize("query, expected", [
    ("", "/dashboard"),
    ("?next=/", "/"),
    ("?next=/dashboard?tab%3D2", "/dashboard?tab=2"),
    ("?next=//evil.com", "/dashboard"),
    ("?next=https://evil.com/", "/dashboard"),
    ("?next=/%5Cevil.com", "/dashboard"),
])
def test_signed_in_visitors_to_login_go_straight_to_a_safe_next(client, sign_in_as, query,
                                                                 expected):
    sign_in_as(client)
    for path in ("/login", "/register"):
        response = client.get(path + query)
        assert response.status_code == 302
        assert response.headers["Location"] == expected
