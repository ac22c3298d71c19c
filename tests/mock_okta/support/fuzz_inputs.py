"""Hypothesis strategies for what a client may send the org: field values that mean
something to it mixed with arbitrary text and bytes, duplicated fields, odd encodings
and content types, and credentials of every shape."""

from __future__ import annotations

import base64
import json
from urllib.parse import quote, quote_from_bytes

from hypothesis import strategies as st

from tests.mock_okta.support import CLIENT_ID, CLIENT_SECRET, POST_LOGOUT_URI, REDIRECT_URI

DEMO_LOGIN, DEMO_PASSWORD = "demo.user@example.com", "Sunny-Meadow-42"

# Text a client can send: any character but lone surrogates (which no encoder sends).
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
latin1 = st.text(st.characters(max_codepoint=255, exclude_characters="\r\n"), max_size=40)

MEANINGFUL = [
    CLIENT_ID, CLIENT_SECRET, REDIRECT_URI, POST_LOGOUT_URI, DEMO_LOGIN, DEMO_PASSWORD,
    "code", "token", "id_token", "id_token token", "code id_token token", "none",
    "openid", "openid profile email offline_access", "groups", "S256", "plain",
    "query", "fragment", "form_post", "okta_post_message", "login", "consent",
    "authorization_code", "refresh_token", "client_credentials", "password",
    "access_token", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
    "eyJhbGciOiJub25lIn0.e30.", "a.b.c", "0", "-1", "99999999999999999999", "", " ",
    "%00", "\x00", "é", "\U0001f600", "/", "//evil.example", "https://evil.example/",
    "javascript:alert(1)", "../../", "null", "true", "[]", "{}",
]
value = st.one_of(st.sampled_from(MEANINGFUL), text)


def pairs(fields: list[str]):
    """Form or query fields: known names (repeated at times) and unknown ones."""
    name = st.one_of(st.sampled_from(fields), text)
    return st.lists(st.tuples(name, value), max_size=len(fields) + 3)


def _join(items) -> str:
    def part(item):
        return quote_from_bytes(item) if isinstance(item, bytes) else quote(item, safe="")
    return "&".join(f"{part(name)}={part(val)}" for name, val in items)


def encoded(fields: list[str]):
    """Fields urlencoded, with at times a raw-bytes pair (invalid UTF-8 included)."""
    raw = st.lists(st.tuples(st.binary(max_size=12), st.binary(max_size=12)), max_size=2)
    return st.tuples(pairs(fields), raw).map(lambda both: _join([*both[0], *both[1]]))


CONTENT_TYPES = st.sampled_from([
    "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=latin-1",
    "application/json", "text/plain", "multipart/form-data", "multipart/form-data; boundary=x",
    "application/xml", "", None])


def basic(user: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{secret}".encode()).decode()


authorization = st.one_of(
    st.none(),
    # headers that split oddly: one word and a space, other whitespace, a scheme alone
    st.sampled_from(["x ", " x", "\x1c x", "Basic", "Bearer", "SSWS", "Bearer ", "Basic \x85",
                     "\tBasic " + base64.b64encode(b"a:b").decode(), "Basic Og==", "Bearer a b"]),
    st.just(basic(CLIENT_ID, CLIENT_SECRET)),
    st.builds(basic, value, value),
    st.binary(max_size=30).map(lambda raw: "Basic " + base64.b64encode(raw).decode()),
    st.builds(lambda token: "Basic " + token, latin1),
    st.builds(lambda token: "Bearer " + token, latin1),
    st.builds(lambda token: "SSWS " + token, latin1),
    latin1,
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | value,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(text, children, max_size=3),
    max_leaves=8)


def json_bodies(fields: list[str]):
    """JSON objects with the endpoint's fields in any type, other JSON, or raw bytes."""
    objects = st.dictionaries(st.one_of(st.sampled_from(fields), text),
                              st.one_of(value, json_values), max_size=len(fields) + 2)
    return st.one_of(objects.map(json.dumps), json_values.map(json.dumps),
                     st.binary(max_size=60).map(lambda raw: raw))
