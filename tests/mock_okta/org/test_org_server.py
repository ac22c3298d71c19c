"""The org authorization server: issuer `{org}`, endpoints under /oauth2/v1, its own keys."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from jwt.algorithms import RSAAlgorithm

from tests.mock_okta.support import (
    CLIENT_ID,
    REDIRECT_URI,
    Pkce,
    authorize_params,
    basic_auth,
    redirect_params,
    session_token,
)

ORG = "http://localhost"


def _public_keys(client, path):
    return {key["kid"]: RSAAlgorithm.from_jwk(key) for key in client.get(path).json["keys"]}


def _code_flow(client, user, *, base="/oauth2/v1", scope="openid profile email"):
    pkce = Pkce.new()
    token = session_token(client, user["profile"]["login"])
    response = client.get(f"{base}/authorize",
                          query_string=authorize_params(pkce, scope=scope, sessionToken=token))
    assert response.status_code == 302, response.data
    code = redirect_params(response)["code"]
    return client.post(f"{base}/token", headers=basic_auth(), data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI,
        "code_verifier": pkce.verifier})


def test_openid_configuration_of_the_org_server(client):
    response = client.get("/.well-known/openid-configuration")
    assert response.status_code == 200
    doc = response.json
    assert doc["issuer"] == ORG
    for name, suffix in [("authorization_endpoint", "authorize"), ("token_endpoint", "token"),
                         ("userinfo_endpoint", "userinfo"), ("jwks_uri", "keys"),
                         ("end_session_endpoint", "logout")]:
        assert doc[name] == f"{ORG}/oauth2/v1/{suffix}"
    assert "groups" in doc["scopes_supported"]
    assert doc["code_challenge_methods_supported"] == ["S256"]


def test_oauth_metadata_of_the_org_server(client):
    doc = client.get("/.well-known/oauth-authorization-server").json
    assert doc["issuer"] == ORG
    assert doc["token_endpoint"] == f"{ORG}/oauth2/v1/token"
    assert "userinfo_endpoint" not in doc


def test_custom_server_metadata_also_at_the_root_well_known_path(client):
    nested = client.get("/oauth2/default/.well-known/oauth-authorization-server").json
    rooted = client.get("/.well-known/oauth-authorization-server/oauth2/default").json
    assert rooted == nested
    assert rooted["issuer"] == f"{ORG}/oauth2/default"


def test_unknown_server_on_the_new_route_is_okta_404(client):
    response = client.get("/.well-known/oauth-authorization-server/oauth2/nope")
    assert response.status_code == 404
    assert response.json["errorCode"] == "E0000007"
    assert response.json["errorSummary"].endswith("(AuthorizationServer)")


@pytest.mark.parametrize("path", [
    "/.well-known/oauth-authorization-server/oauth2/org%2F",
    "/oauth2/org%2F/v1/keys",
    "/oauth2/org%2F/.well-known/openid-configuration",
])
def test_the_org_servers_internal_id_is_not_reachable_by_url(client, path):
    # Werkzeug merges the decoded "//" with a redirect; either way: not found.
    assert client.get(path, follow_redirects=True).status_code == 404


def test_org_server_has_its_own_key_set(client):
    org_keys = _public_keys(client, "/oauth2/v1/keys")
    default_keys = _public_keys(client, "/oauth2/default/v1/keys")
    assert len(org_keys) == 1 and not set(org_keys) & set(default_keys)
    response = client.get("/oauth2/v1/keys")
    assert "max-age=" in response.headers["Cache-Control"]


def test_code_flow_on_the_org_server(client, make_user):
    user = make_user()
    response = _code_flow(client, user)
    assert response.status_code == 200, response.json
    body = response.json
    keys = _public_keys(client, "/oauth2/v1/keys")
    access = jwt.decode(body["access_token"], keys[jwt.get_unverified_header(
        body["access_token"])["kid"]], algorithms=["RS256"], audience=ORG, issuer=ORG)
    assert access["cid"] == CLIENT_ID and access["uid"] == user["id"]
    ident = jwt.decode(body["id_token"], keys[jwt.get_unverified_header(body["id_token"])["kid"]],
                       algorithms=["RS256"], audience=CLIENT_ID, issuer=ORG)
    assert ident["sub"] == user["id"]
    userinfo = client.get("/oauth2/v1/userinfo",
                          headers={"Authorization": f"Bearer {body['access_token']}"})
    assert userinfo.status_code == 200 and userinfo.json["sub"] == user["id"]


def test_org_server_accepts_the_groups_scope_custom_server_does_not(client, make_user):
    user = make_user()
    assert _code_flow(client, user, scope="openid groups").status_code == 200
    token = session_token(client, user["profile"]["login"])
    response = client.get("/oauth2/default/v1/authorize",
                          query_string=authorize_params(scope="openid groups", sessionToken=token))
    assert redirect_params(response)["error"] == "invalid_scope"


def test_tokens_of_one_server_are_refused_by_the_other(client, make_user):
    user = make_user()
    org_token = _code_flow(client, user).json["access_token"]
    default_token = _code_flow(client, user, base="/oauth2/default/v1").json["access_token"]
    for path, token in [("/oauth2/default/v1/userinfo", org_token),
                        ("/oauth2/v1/userinfo", default_token)]:
        response = client.get(path, headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401


def test_a_code_from_the_org_server_is_not_redeemable_at_a_custom_server(client, make_user):
    user = make_user()
    pkce = Pkce.new()
    token = session_token(client, user["profile"]["login"])
    response = client.get("/oauth2/v1/authorize",
                          query_string=authorize_params(pkce, sessionToken=token))
    code = redirect_params(response)["code"]
    response = client.post("/oauth2/default/v1/token", headers=basic_auth(), data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT_URI,
        "code_verifier": pkce.verifier})
    assert response.status_code == 400 and response.json["error"] == "invalid_grant"


def test_sign_in_round_trip_comes_back_to_the_org_server(client, make_user):
    user = make_user()
    response = client.get("/oauth2/v1/authorize", query_string=authorize_params())
    assert response.status_code == 302
    from_uri = parse_qs(urlsplit(response.headers["Location"]).query)["fromURI"][0]
    assert from_uri.startswith("/oauth2/v1/authorize/redirect?okta_key=")
    page = client.get("/login/login.htm")
    csrf = page.data.decode().split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/login/login.htm", data={
        "username": user["profile"]["login"], "password": "Correct-Horse-42",
        "csrf_token": csrf, "fromURI": from_uri})
    assert response.headers["Location"] == from_uri
    response = client.get(from_uri)
    assert response.status_code == 302 and "code" in redirect_params(response)


def test_logout_on_the_org_server(client, make_user):
    user = make_user()
    id_token = _code_flow(client, user).json["id_token"]
    response = client.get("/oauth2/v1/logout", query_string={
        "id_token_hint": id_token, "post_logout_redirect_uri": "http://localhost:5000/",
        "state": "s1"})
    assert response.status_code == 302
    assert response.headers["Location"] == "http://localhost:5000/?state=s1"
    default_hint = _code_flow(client, user, base="/oauth2/default/v1").json["id_token"]
    response = client.get("/oauth2/v1/logout", query_string={"id_token_hint": default_hint})
    assert response.status_code == 400  # not an ID token of the org server


@pytest.mark.parametrize("path", ["/.well-known/openid-configuration",
                                  "/.well-known/oauth-authorization-server",
                                  "/.well-known/oauth-authorization-server/oauth2/default"])
def test_discovery_refuses_other_methods_without_a_500(client, path):
    assert client.post(path).status_code == 405


def test_document_cache_covers_the_new_paths(app, client):
    paths = ["/.well-known/openid-configuration", "/.well-known/oauth-authorization-server",
             "/.well-known/oauth-authorization-server/oauth2/default", "/oauth2/v1/keys"]
    for path in paths:
        first = client.get(path)
        assert client.get(path).data == first.data
    cached = {key[0] for key in app.extensions["mock_okta"].documents._entries}
    assert set(paths) <= cached


def test_groups_scope_puts_group_names_in_the_id_token_and_userinfo(client, make_user,
                                                                    api_headers):
    user = make_user()
    group = client.post("/api/v1/groups", headers=api_headers,
                        json={"profile": {"name": "Engineering"}}).json
    client.put(f"/api/v1/groups/{group['id']}/users/{user['id']}", headers=api_headers)
    client.delete_cookie("sid")
    body = _code_flow(client, user, scope="openid groups").json
    id_claims = jwt.decode(body["id_token"], options={"verify_signature": False})
    assert id_claims["groups"] == ["Everyone", "Engineering"]
    info = client.get("/oauth2/v1/userinfo",
                      headers={"Authorization": f"Bearer {body['access_token']}"}).json
    assert info["groups"] == ["Everyone", "Engineering"]


def test_no_groups_claim_without_the_groups_scope(client, make_user):
    body = _code_flow(client, make_user(), scope="openid profile").json
    assert "groups" not in jwt.decode(body["id_token"], options={"verify_signature": False})
