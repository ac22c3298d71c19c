"""Helpers for the hosted pages' tests (sign-in, sign-up, activation, password reset,
outbox): their URLs and messages, a tiny HTML reader, and form posts with a CSRF token."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

LOGIN_PAGE = "/login/login.htm"
REGISTER_PAGE = "/signin/register"
BLANK = "This field cannot be left blank"
EXPIRED = "This page has expired. Please try again."
NEW_PASSWORD = "Quiet-Harbor-77"


# --- tiny HTML helpers -----------------------------------------------------

class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.text_of: dict[int, list[str]] = {}
        self._open: list[int] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: (v if v is not None else "") for k, v in attrs}))
        if tag not in ("input", "meta", "link", "br"):
            self._open.append(len(self.elements) - 1)
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        for position in range(len(self._open) - 1, -1, -1):
            if self.elements[self._open[position]][0] == tag:
                del self._open[position:]
                break
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        for index in self._open:
            self.text_of.setdefault(index, []).append(data)


class Page:
    def __init__(self, response):
        self.html = response.get_data(as_text=True)
        self._parsed = _Page()
        self._parsed.feed(self.html)
        self.title = self._parsed.title

    def find_all(self, tag=None, **attrs) -> list[dict]:
        found = []
        for index, (name, element_attrs) in enumerate(self._parsed.elements):
            if tag and name != tag:
                continue
            if all(self._matches(element_attrs, key, value) for key, value in attrs.items()):
                found.append({**element_attrs, "_tag": name,
                              "_text": " ".join("".join(self._parsed.text_of.get(index, [])).split())})
        return found

    def find(self, tag=None, **attrs) -> dict | None:
        found = self.find_all(tag, **attrs)
        return found[0] if found else None

    @staticmethod
    def _matches(element_attrs, key, value):
        key = {"class_": "class", "data_se": "data-se", "data_type": "data-type"}.get(key, key)
        if key == "class":
            return value in element_attrs.get("class", "").split()
        return element_attrs.get(key) == value

    def input_value(self, name) -> str | None:
        element = self.find("input", name=name)
        return None if element is None else element.get("value", "")

    def banner(self) -> str | None:
        element = self.find(class_="okta-form-infobox-error")
        return None if element is None else element["_text"]

    def field_error(self, field_id) -> str | None:
        element = self.find(id=f"{field_id}-error")
        return None if element is None else element["_text"]


def csrf_token(response) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', response.get_data(as_text=True))
    assert match, "no csrf_token in the page"
    return match.group(1)


def sid_cookie_header(response) -> str | None:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith("sid="):
            return header
    return None


def location_path(response) -> str:
    parts = urlsplit(response.headers["Location"])
    return parts.path + (f"?{parts.query}" if parts.query else "")


def post_login(client, username, password, from_uri=None, token=None):
    page = client.get(LOGIN_PAGE, query_string={"fromURI": from_uri} if from_uri else None)
    data = {"username": username, "password": password,
            "csrf_token": csrf_token(page) if token is None else token}
    if from_uri is not None:
        data["fromURI"] = from_uri
    return client.post(LOGIN_PAGE, data=data)


def register_form(email="grace@example.com", password=NEW_PASSWORD, first="Grace",
                  last="Hopper") -> dict:
    return {"email": email, "password": password, "firstName": first, "lastName": last}


def post_register(client, form, from_uri=None, with_csrf=True):
    page = client.get(REGISTER_PAGE)
    data = dict(form)
    if with_csrf:
        data["csrf_token"] = csrf_token(page)
    if from_uri is not None:
        data["fromURI"] = from_uri
    return client.post(REGISTER_PAGE, data=data)
