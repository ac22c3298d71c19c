"""Helpers for the /authorize tests: apps with other response types, a
signed-in authorize call, and readers for fragments and HTML response pages."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import jwt

from tests.mock_okta.support import API_TOKEN, Pkce, authorize_params, session_token

AUTHORIZE = "/oauth2/default/v1/authorize"
APP_REDIRECT = "http://localhost:4000/callback"
ALL_RESPONSE_TYPES = ["code", "token", "id_token", "id_token token", "code id_token",
                      "code token", "code id_token token"]


def create_app(client, *, response_types=("code", "token", "id_token"),
               grant_types=("authorization_code", "implicit", "refresh_token"),
               application_type="web", auth_method=None, consent="TRUSTED",
               redirect_uris=(APP_REDIRECT,)) -> dict:
    """An OIDC app through the Apps API; returns {"client_id", "client_secret"}."""
    credentials = {} if auth_method is None else {"token_endpoint_auth_method": auth_method}
    body = {"name": "oidc_client", "label": "Front channel", "signOnMode": "OPENID_CONNECT",
            "credentials": {"oauthClient": credentials},
            "settings": {"oauthClient": {
                "redirect_uris": list(redirect_uris), "response_types": list(response_types),
                "grant_types": list(grant_types), "application_type": application_type,
                "consent_method": consent}}}
    response = client.post("/api/v1/apps", json=body,
                           headers={"Authorization": f"SSWS {API_TOKEN}"})
    assert response.status_code == 200, response.json
    return response.json["credentials"]["oauthClient"]


def app_params(app: dict, response_type: str, pkce: Pkce | None = None, **overrides) -> dict:
    return authorize_params(pkce, client_id=app["client_id"], redirect_uri=APP_REDIRECT,
                            response_type=response_type, **overrides)


def authorize_signed_in(client, login: str, params: dict, path: str = AUTHORIZE):
    """GET /authorize with a fresh sessionToken (no form)."""
    client.delete_cookie("sid")
    return client.get(path, query_string={**params, "sessionToken": session_token(client, login)})


def fragment_params(response) -> dict:
    location = response.headers["Location"]
    parts = urlsplit(location)
    assert not parts.query, location
    return {k: v[0] for k, v in parse_qs(parts.fragment).items()}


def claims_of(token: str) -> dict:
    return jwt.decode(token, options={"verify_signature": False})


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.inputs: list[dict] = []
        self.scripts = 0
        self.other_tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append(attrs)
        elif tag == "input":
            self.inputs.append(attrs)
        elif tag == "script":
            self.scripts += 1
        elif tag not in ("html", "head", "meta", "title", "body"):
            self.other_tags.append(tag)


def read_form_post(response) -> tuple[dict, dict, _FormReader]:
    """(form attributes, hidden fields by name, the parsed page) of a form_post page."""
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    reader = _FormReader()
    reader.feed(response.get_data(as_text=True))
    assert len(reader.forms) == 1
    fields = {item["name"]: item["value"] for item in reader.inputs}
    return reader.forms[0], fields, reader
