"""Apps API for OIDC apps: create, list, get, PUT, lifecycle, delete, validation."""

from __future__ import annotations

import copy
import re

import pytest

from tests.mock_okta.support import CLIENT_ID, Pkce, authorize_params, redirect_params, session_token

APP_REDIRECT = "http://localhost:4000/callback"


def oidc_app(**settings) -> dict:
    body = {
        "name": "oidc_client", "label": "Orders", "signOnMode": "OPENID_CONNECT",
        "credentials": {"oauthClient": {"token_endpoint_auth_method": "client_secret_basic"}},
        "settings": {"oauthClient": {
            "redirect_uris": [APP_REDIRECT], "post_logout_redirect_uris": ["http://localhost:4000/"],
            "response_types": ["code"], "grant_types": ["authorization_code"],
            "application_type": "web"}},
    }
    body["settings"]["oauthClient"].update(settings)
    return body


@pytest.fixture
def create(client, api_headers):
    def make(body=None, query=""):
        response = client.post(f"/api/v1/apps{query}", json=body or oidc_app(),
                               headers=api_headers)
        assert response.status_code == 200, response.json
        return response.json
    return make


def _code_flow(client, user, app, *, secret=None):
    import base64
    pkce = Pkce.new()
    client_id = app["credentials"]["oauthClient"]["client_id"]
    token = session_token(client, user["profile"]["login"])
    response = client.get("/oauth2/default/v1/authorize", query_string=authorize_params(
        pkce, client_id=client_id, redirect_uri=APP_REDIRECT, sessionToken=token))
    assert response.status_code == 302, response.data
    data = {"grant_type": "authorization_code", "code": redirect_params(response)["code"],
            "redirect_uri": APP_REDIRECT, "code_verifier": pkce.verifier}
    headers = {}
    if secret:
        headers["Authorization"] = "Basic " + base64.b64encode(
            f"{client_id}:{secret}".encode()).decode()
    else:
        data["client_id"] = client_id
    return client.post("/oauth2/default/v1/token", data=data, headers=headers)


def test_create_answers_okta_app_json(create):
    app = create()
    assert re.fullmatch(r"0oa[A-Za-z0-9]{17}", app["id"])
    credentials = app["credentials"]["oauthClient"]
    assert credentials["client_id"] == app["id"]
    assert len(credentials["client_secret"]) == 40
    assert credentials["token_endpoint_auth_method"] == "client_secret_basic"
    assert (app["name"], app["label"], app["signOnMode"], app["status"]) == (
        "oidc_client", "Orders", "OPENID_CONNECT", "ACTIVE")
    settings = app["settings"]["oauthClient"]
    assert settings["redirect_uris"] == [APP_REDIRECT]
    assert settings["application_type"] == "web" and settings["grant_types"] == [
        "authorization_code"]
    assert app["_links"]["deactivate"]["href"].endswith(f"/api/v1/apps/{app['id']}/lifecycle/"
                                                         "deactivate")
    assert app["created"].endswith("Z") and app["lastUpdated"] == app["created"]


def test_created_app_signs_users_in(client, create, make_user):
    app = create()
    response = _code_flow(client, make_user(), app,
                          secret=app["credentials"]["oauthClient"]["client_secret"])
    assert response.status_code == 200 and "id_token" in response.json


def test_browser_app_is_public_and_uses_pkce(client, create, make_user):
    app = create(oidc_app(application_type="browser") | {"credentials": {}})
    credentials = app["credentials"]["oauthClient"]
    assert credentials["token_endpoint_auth_method"] == "none"
    assert credentials["client_secret"] is None
    assert _code_flow(client, make_user(), app).status_code == 200


def test_service_app_needs_no_redirect_uri(create):
    app = create(oidc_app(application_type="service", grant_types=["client_credentials"],
                          redirect_uris=[], response_types=[]))
    assert app["settings"]["oauthClient"]["grant_types"] == ["client_credentials"]


def test_given_client_id_and_secret_are_kept_and_ids_are_unique(client, api_headers, create):
    body = oidc_app()
    body["credentials"]["oauthClient"].update(client_id="0oaMyOwnClientId0001",
                                              client_secret="a-long-enough-secret")
    app = create(body)
    assert app["id"] == "0oaMyOwnClientId0001"
    assert app["credentials"]["oauthClient"]["client_secret"] == "a-long-enough-secret"
    response = client.post("/api/v1/apps", json=body, headers=api_headers)
    assert response.status_code == 400 and response.json["errorCode"] == "E0000001"
    assert response.json["errorSummary"] == "Api validation failed: client_id"


def test_create_inactive(client, create, make_user):
    app = create(query="?activate=false")
    assert app["status"] == "INACTIVE" and "activate" in app["_links"]
    token = session_token(client, make_user()["profile"]["login"])
    response = client.get("/oauth2/default/v1/authorize", query_string=authorize_params(
        client_id=app["id"], redirect_uri=APP_REDIRECT, sessionToken=token))
    assert response.status_code == 400 and response.mimetype == "text/html"


def test_get_and_list(client, api_headers, create):
    app = create()
    assert client.get(f"/api/v1/apps/{app['id']}", headers=api_headers).json == app
    listed = client.get("/api/v1/apps", headers=api_headers).json
    assert {CLIENT_ID, app["id"]} <= {item["id"] for item in listed}


def test_list_pages_with_limit_and_after(client, api_headers, create):
    for _ in range(3):
        create()
    seen, url = [], "/api/v1/apps?limit=2"
    while url:
        response = client.get(url, headers=api_headers)
        assert response.status_code == 200 and len(response.json) <= 2
        seen += [item["id"] for item in response.json]
        links = response.headers.getlist("Link")
        nxt = [link for link in links if 'rel="next"' in link]
        url = nxt[0].split(">")[0].lstrip("<").replace("http://localhost", "") if nxt else None
    assert len(seen) == len(set(seen)) == 4


def test_list_filters_and_q(client, api_headers, create):
    active = create()
    inactive = create(query="?activate=false")
    def ids(query):
        response = client.get(f"/api/v1/apps{query}", headers=api_headers)
        assert response.status_code == 200, response.json
        return {item["id"] for item in response.json}
    assert inactive["id"] in ids('?filter=status eq "INACTIVE"')
    assert active["id"] not in ids('?filter=status eq "INACTIVE"')
    assert active["id"] in ids('?filter=name eq "oidc_client"')
    assert ids('?filter=name eq "bookmark"') == set()
    assert active["id"] in ids("?q=ord")          # label "Orders", startsWith, any case
    assert active["id"] in ids("?q=oidc")         # name
    assert ids("?q=zzz") == set()
    assert ids("?q=%25") == set()                  # LIKE wildcards are literal


@pytest.mark.parametrize("query, status, code", [
    ("?filter=status eq ACTIVE", 400, "E0000031"), ('?filter=status eq "GONE"', 400, "E0000031"),
    ('?filter=label eq "x"', 400, "E0000031"), ("?filter=", 400, "E0000031"),
    ("?limit=0", 400, "E0000001"), ("?limit=abc", 400, "E0000001"),
])
def test_bad_list_queries(client, api_headers, query, status, code):
    response = client.get(f"/api/v1/apps{query}", headers=api_headers)
    assert response.status_code == status and response.json["errorCode"] == code


def test_put_replaces_the_app_and_keeps_the_secret(client, api_headers, create):
    app = create()
    body = oidc_app(redirect_uris=["http://localhost:4000/other"])
    body["label"] = "Orders v2"
    response = client.put(f"/api/v1/apps/{app['id']}", json=body, headers=api_headers)
    assert response.status_code == 200, response.json
    updated = response.json
    assert updated["label"] == "Orders v2"
    assert updated["settings"]["oauthClient"]["redirect_uris"] == ["http://localhost:4000/other"]
    assert updated["credentials"]["oauthClient"]["client_secret"] == \
        app["credentials"]["oauthClient"]["client_secret"]
    assert updated["created"] == app["created"]


@pytest.mark.parametrize("change, field", [
    (lambda body: body["settings"]["oauthClient"].update(application_type="native"),
     "application_type"),
    (lambda body: body["credentials"]["oauthClient"].update(client_id="0oaSomethingElse0001"),
     "client_id"),
    (lambda body: body.update(label=""), "label"),
])
def test_put_refuses_what_okta_refuses(client, api_headers, create, change, field):
    app = create()
    body = oidc_app()
    change(body)
    response = client.put(f"/api/v1/apps/{app['id']}", json=body, headers=api_headers)
    assert response.status_code == 400
    assert response.json["errorSummary"] == f"Api validation failed: {field}"


def test_lifecycle_and_two_step_delete(client, api_headers, create, make_user):
    app = create()
    path = f"/api/v1/apps/{app['id']}"
    refused = client.delete(path, headers=api_headers)
    assert refused.status_code == 403
    assert refused.json["errorCode"] == "E0000056"
    assert refused.json["errorSummary"] == "Delete application forbidden."
    assert refused.json["errorCauses"] == [
        {"errorSummary": "The application must be deactivated before deletion."}]
    response = client.post(f"{path}/lifecycle/deactivate", headers=api_headers)
    assert response.status_code == 200 and response.json == {}
    assert client.get(path, headers=api_headers).json["status"] == "INACTIVE"
    assert client.post(f"{path}/lifecycle/deactivate", headers=api_headers).status_code == 200
    token = session_token(client, make_user()["profile"]["login"])
    blocked = client.get("/oauth2/default/v1/authorize", query_string=authorize_params(
        client_id=app["id"], redirect_uri=APP_REDIRECT, sessionToken=token))
    assert blocked.status_code == 400
    assert client.post(f"{path}/lifecycle/activate", headers=api_headers).json == {}
    assert client.get(path, headers=api_headers).json["status"] == "ACTIVE"
    client.post(f"{path}/lifecycle/deactivate", headers=api_headers)
    deleted = client.delete(path, headers=api_headers)
    assert deleted.status_code == 204 and deleted.data == b""
    assert client.get(path, headers=api_headers).status_code == 404


@pytest.mark.parametrize("method, suffix", [
    ("get", ""), ("put", ""), ("delete", ""), ("post", "/lifecycle/activate"),
    ("post", "/lifecycle/deactivate"),
])
def test_unknown_app_is_okta_404(client, api_headers, method, suffix):
    response = getattr(client, method)(f"/api/v1/apps/0oaNoSuchApp00000001{suffix}",
                                       json=oidc_app(), headers=api_headers)
    assert response.status_code == 404
    assert response.json["errorCode"] == "E0000007"
    assert response.json["errorSummary"].endswith("(AppInstance)")


def _with(path: str, value):
    body = oidc_app()
    target = body
    *parents, leaf = path.split(".")
    for part in parents:
        target = target[part]
    if value is _DROP:
        target.pop(leaf, None)
    else:
        target[leaf] = value
    return body


_DROP = object()
_OC = "settings.oauthClient"
_CR = "credentials.oauthClient"


@pytest.mark.parametrize("path, value, field", [
    ("label", _DROP, "label"), ("label", "   ", "label"), ("label", 42, "label"),
    ("name", "bookmark", "name"), ("name", _DROP, "name"),
    ("signOnMode", "SAML_2_0", "signOnMode"),
    ("settings", "x", "settings"), ("credentials", [], "credentials"),
    (f"{_OC}", "x", "settings.oauthClient"), (f"{_CR}", 1, "credentials.oauthClient"),
    (f"{_OC}.application_type", "desktop", "application_type"),
    (f"{_OC}.grant_types", ["authorization_code", "magic"], "grant_types"),
    (f"{_OC}.grant_types", "authorization_code", "grant_types"),
    (f"{_OC}.grant_types", [1], "grant_types"),
    (f"{_OC}.grant_types", ["implicit"], "grant_types"),         # web needs authorization_code
    (f"{_OC}.grant_types", ["authorization_code", "urn:ietf:params:oauth:grant-type:device_code"],
     "grant_types"),                                              # not for web apps
    (f"{_OC}.redirect_uris", _DROP, "redirect_uris"),
    (f"{_OC}.redirect_uris", [], "redirect_uris"),
    (f"{_OC}.redirect_uris", ["/relative/callback"], "redirect_uris"),
    (f"{_OC}.redirect_uris", ["http://localhost:4000/cb#frag"], "redirect_uris"),
    (f"{_OC}.redirect_uris", ["http:///nohost"], "redirect_uris"),
    (f"{_OC}.redirect_uris", ["http://localhost/a b"], "redirect_uris"),
    (f"{_OC}.post_logout_redirect_uris", ["not a uri"], "post_logout_redirect_uris"),
    (f"{_OC}.response_types", ["code", "magic"], "response_types"),
    (f"{_OC}.response_types", ["token"], "response_types"),       # needs implicit
    (f"{_OC}.consent_method", "MAYBE", "consent_method"),
    (f"{_OC}.jwks", "x", "jwks"),
    (f"{_CR}.token_endpoint_auth_method", "magic", "token_endpoint_auth_method"),
    (f"{_CR}.token_endpoint_auth_method", "none", "token_endpoint_auth_method"),  # web
    (f"{_CR}.token_endpoint_auth_method", "private_key_jwt", "jwks"),
    (f"{_CR}.client_secret", "short", "client_secret"),
    (f"{_CR}.client_secret", "x" * 101, "client_secret"),
    (f"{_CR}.client_id", "has spaces in it", "client_id"),
    (f"{_CR}.client_id", 7, "client_id"),
])
def test_validation_errors_are_okta_e0000001(client, api_headers, path, value, field):
    response = client.post("/api/v1/apps", json=_with(path, value), headers=api_headers)
    assert response.status_code == 400, response.json
    assert response.json["errorCode"] == "E0000001"
    assert response.json["errorSummary"] == f"Api validation failed: {field}"
    assert response.json["errorCauses"]
    assert client.get("/api/v1/apps", headers=api_headers).json[0]["id"] == CLIENT_ID
    assert len(client.get("/api/v1/apps", headers=api_headers).json) == 1  # nothing half-made


@pytest.mark.parametrize("oauth_settings, method", [
    ({"application_type": "browser"}, "client_secret_basic"),
    ({"application_type": "service", "grant_types": ["authorization_code"]}, None),
    ({"application_type": "browser", "grant_types": ["password"]}, "none"),
])
def test_application_type_rules(client, api_headers, oauth_settings, method):
    body = oidc_app(**oauth_settings)
    if method:
        body["credentials"]["oauthClient"]["token_endpoint_auth_method"] = method
    response = client.post("/api/v1/apps", json=body, headers=api_headers)
    assert response.status_code == 400 and response.json["errorCode"] == "E0000001"


@pytest.mark.parametrize("data", ["not json", "[]", "", '"text"'])
def test_malformed_bodies(client, api_headers, data):
    response = client.post("/api/v1/apps", data=data, content_type="application/json",
                           headers=api_headers)
    assert response.status_code == 400 and response.json["errorCode"] == "E0000003"


@pytest.mark.parametrize("method, path", [
    ("post", "/api/v1/apps"), ("get", "/api/v1/apps"), ("get", f"/api/v1/apps/{CLIENT_ID}"),
    ("delete", f"/api/v1/apps/{CLIENT_ID}"),
])
def test_apps_api_needs_an_api_token(client, method, path):
    response = getattr(client, method)(path, json=oidc_app())
    assert response.status_code == 403 and response.json["errorCode"] == "E0000005"
    response = getattr(client, method)(path, json=oidc_app(),
                                       headers={"Authorization": "SSWS nope"})
    assert response.status_code == 401 and response.json["errorCode"] == "E0000011"


def test_the_sites_configured_client_is_an_app_too(client, api_headers):
    app = client.get(f"/api/v1/apps/{CLIENT_ID}", headers=api_headers).json
    assert app["status"] == "ACTIVE" and app["signOnMode"] == "OPENID_CONNECT"
    assert app["settings"]["oauthClient"]["application_type"] == "web"


def test_body_is_not_mutated_by_defaults(create):
    body = oidc_app()
    kept = copy.deepcopy(body)
    create(body)
    assert body == kept


@pytest.mark.parametrize("uri", ["javascript:alert(1)", "JavaScript://x/%0aalert(1)",
                                 "data:text/html,<script>alert(1)</script>",
                                 "vbscript:msgbox(1)"])
def test_script_scheme_redirect_uris_are_refused(client, api_headers, uri):
    response = client.post("/api/v1/apps", headers=api_headers,
                           json=oidc_app(redirect_uris=[uri]))
    assert response.status_code == 400
    assert response.json["errorSummary"] == "Api validation failed: redirect_uris"


def test_native_apps_may_use_custom_schemes(create):
    app = create(oidc_app(application_type="native", redirect_uris=["com.example.app:/callback"],
                          post_logout_redirect_uris=[]) | {"credentials": {}})
    assert app["settings"]["oauthClient"]["redirect_uris"] == ["com.example.app:/callback"]
