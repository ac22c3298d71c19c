"""Console: apps. Redirect URIs and grant types through the Apps API's own rules; the
secret only when asked for."""

from __future__ import annotations

from mock_okta.directory.apps import get_app
from tests.mock_okta.support import CLIENT_ID, CLIENT_SECRET, REDIRECT_URI


def test_the_app_is_listed(console):
    assert CLIENT_ID in console.page("/apps").find(id="apps-table")["_text"]


def test_the_secret_is_shown_only_on_demand(console):
    assert CLIENT_SECRET not in console.get(f"/apps/{CLIENT_ID}").get_data(as_text=True)
    shown = console.page(f"/apps/{CLIENT_ID}/secret")
    assert shown.find(id="client-secret")["_text"] == CLIENT_SECRET


def test_edit_redirect_uris_and_grants(console, org):
    page = f"/apps/{CLIENT_ID}"
    shown = console.act(page, {
        "redirect_uris": f"{REDIRECT_URI}\n  http://localhost:5001/callback  \n\n",
        "post_logout_redirect_uris": "http://localhost:5000/",
        "grant_types": ["authorization_code", "refresh_token"]}, on=page)
    assert shown.notice == "App saved."
    client = get_app(org.store, CLIENT_ID).client
    assert client.redirect_uris == [REDIRECT_URI, "http://localhost:5001/callback"]
    assert client.grant_types == ["authorization_code", "refresh_token"]
    assert client.client_secret == CLIENT_SECRET    # kept


def test_adding_implicit_brings_its_response_types(console, org):
    page = f"/apps/{CLIENT_ID}"
    console.act(page, {"redirect_uris": REDIRECT_URI,
                       "grant_types": ["authorization_code", "implicit"]}, on=page)
    assert get_app(org.store, CLIENT_ID).client.response_types == ["code", "token", "id_token"]


def test_bad_settings_are_oktas_messages(console, org):
    page = f"/apps/{CLIENT_ID}"
    no_code = console.act(page, {"redirect_uris": REDIRECT_URI, "grant_types": ["implicit"]},
                          on=page)
    assert "web applications must have at least authorization_code" in no_code.error
    bad_uri = console.act(page, {"redirect_uris": "javascript:alert(1)",
                                 "grant_types": ["authorization_code"]}, on=page)
    assert "must be an absolute URI without a fragment" in bad_uri.error
    no_uri = console.act(page, {"redirect_uris": "", "grant_types": ["authorization_code"]},
                         on=page)
    assert "At least one redirect URI is required" in no_uri.error
    assert get_app(org.store, CLIENT_ID).client.redirect_uris == [REDIRECT_URI]
