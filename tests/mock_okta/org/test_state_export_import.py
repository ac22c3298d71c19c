"""Export and import: GET /_mock/export writes the org's lasting state; an org started
from that document (`--import`) has the same users (who still sign in with their
passwords), groups, apps, servers, keys and policies, and old tokens still verify."""

from __future__ import annotations

import base64
import copy
import dataclasses
import hashlib
import json

import jwt
import pytest

from mock_okta import create_app
from mock_okta.config import AuthServerSettings
from mock_okta.config.state_file import parse_state
from tests.mock_okta.support import CLIENT_ID, PASSWORD, session_token

ORDERS_APP = {"name": "oidc_client", "label": "Orders", "signOnMode": "OPENID_CONNECT",
              "credentials": {"oauthClient": {"client_id": "0oaOrdersService0001",
                                              "client_secret": "orders-secret-0123456789",
                                              "token_endpoint_auth_method": "client_secret_post"}},
              "settings": {"oauthClient": {"application_type": "service",
                                           "grant_types": ["client_credentials"]}}}
MFA_FOR_ADMINS = {"type": "OKTA_SIGN_ON", "name": "MFA for admins",
                  "conditions": {"people": {"groups": {"include": ["Admins"]}}},
                  "rules": [{"name": "Ask", "actions": {"signon": {
                      "access": "ALLOW", "requireFactor": True, "factorPromptMode": "ALWAYS"}}}]}


def sha256_import(login: str, password: str) -> dict:
    """A user with an imported, salted SHA-256 hash (Okta's import shape)."""
    salt = b"pepper-and-salt"
    digest = hashlib.sha256(salt + password.encode()).digest()
    return {"profile": {"login": login, "email": login, "firstName": "Imp", "lastName": "Orted"},
            "credentials": {"password": {"hash": {
                "algorithm": "SHA-256", "salt": base64.b64encode(salt).decode(),
                "saltOrder": "PREFIX", "value": base64.b64encode(digest).decode()}}}}


@pytest.fixture
def settings(settings):
    """The test org plus a custom server with a scope of its own."""
    orders = AuthServerSettings(id="orders", audience="api://orders", name="Orders API",
                                scopes=("orders.read",), published_scopes=("orders.read",),
                                access_token_lifetime=90)
    return dataclasses.replace(settings, auth_servers=(orders,))


@pytest.fixture
def exported(client, api_headers, make_user, tokens):
    """An org with a bit of everything in it, its tokens, and its export."""
    client.post("/_mock/seed", json={"groups": [{"profile": {"name": "Admins",
                                                             "description": "Run things"}}],
                                     "apps": [ORDERS_APP], "policies": [MFA_FOR_ADMINS]})
    ada = make_user(first="Ada", email="ada@example.com")
    client.put(f"/api/v1/groups/{group_id(client, api_headers, 'Admins')}/users/{ada['id']}",
               headers=api_headers)
    response = client.post("/api/v1/users?activate=true", headers=api_headers,
                           json=sha256_import("imp@example.com", "Imported-Pass-7"))
    assert response.status_code == 200, response.json
    signed_in, issued = tokens()
    response = client.get("/_mock/export")
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    return {"document": response.json, "ada": ada, "tokens": issued, "signed_in": signed_in,
            "jwks": client.get("/oauth2/default/v1/keys").json}


def group_id(client, api_headers, name):
    return client.get(f"/api/v1/groups?q={name}", headers=api_headers).json[0]["id"]


@pytest.fixture
def imported(settings, exported):
    """A second org started from the first one's export, as --import does."""
    document = json.loads(json.dumps(exported["document"]))   # as if read from the file
    app = create_app(dataclasses.replace(settings, import_path="org.json", imported=document,
                                         auth_servers=parse_state(document)))
    yield app.test_client()
    app.extensions["mock_okta"].store.close()


def test_the_export_is_readable_and_holds_no_password_in_the_clear(exported):
    document, text = exported["document"], json.dumps(exported["document"])
    assert document["mockOkta"]["format"] == 1
    assert PASSWORD not in text and "Imported-Pass-7" not in text
    ada = next(u for u in document["users"] if u["profile"]["login"] == "ada@example.com")
    assert ada["id"] == exported["ada"]["id"] and ada["status"] == "ACTIVE"
    assert ada["groups"] == ["Admins"]
    assert ada["credentials"]["password"]["hash"]["algorithm"] == "PBKDF2"
    assert [g["profile"] for g in document["groups"]] == [{"name": "Admins",
                                                          "description": "Run things"}]
    orders = next(a for a in document["apps"]
                  if a["credentials"]["oauthClient"]["client_id"] == "0oaOrdersService0001")
    assert orders["credentials"]["oauthClient"]["client_secret"] == "orders-secret-0123456789"
    (policy,) = document["policies"]
    assert policy["conditions"]["people"]["groups"]["include"] == ["Admins"]   # by name
    default = next(s for s in document["authorizationServers"] if s["id"] == "default")
    assert default["keys"][0]["privateKey"].startswith("-----BEGIN PRIVATE KEY-----")
    orders = next(s for s in document["authorizationServers"] if s["id"] == "orders")
    assert orders["scopes"] == [{"name": "orders.read", "metadataPublish": "ALL_CLIENTS"}]
    assert orders["accessTokenLifetimeSeconds"] == 90 and orders["keys"] == []


def test_imported_users_sign_in_with_their_passwords_and_keep_their_ids(imported, exported,
                                                                        api_headers):
    assert session_token(imported, "imp@example.com", "Imported-Pass-7")
    # Ada is an admin: the imported policy asks her for a second factor after her password.
    response = imported.post("/api/v1/authn", json={"username": "ada@example.com",
                                                   "password": PASSWORD})
    assert response.json["status"] == "MFA_ENROLL"
    for login in ("ada@example.com", "imp@example.com"):
        assert imported.post("/api/v1/authn", json={"username": login, "password": "Wrong-1a"}
                             ).status_code == 401
    ada = imported.get("/api/v1/users/ada@example.com", headers=api_headers).json
    assert ada["id"] == exported["ada"]["id"]
    assert ada["created"] == exported["ada"]["created"]
    groups = imported.get(f"/api/v1/users/{ada['id']}/groups", headers=api_headers).json
    assert [g["profile"]["name"] for g in groups] == ["Everyone", "Admins"]
    assert groups[1]["id"] == exported["document"]["groups"][0]["id"]


def test_tokens_issued_before_the_export_still_verify(imported, exported):
    jwks = imported.get("/oauth2/default/v1/keys").json
    assert jwks == exported["jwks"]
    id_token = exported["tokens"]["id_token"]
    key = jwt.PyJWKSet.from_dict(jwks)[jwt.get_unverified_header(id_token)["kid"]]
    claims = jwt.decode(id_token, key.key, algorithms=["RS256"], audience=CLIENT_ID,
                        options={"verify_exp": False})
    assert claims["sub"] == exported["signed_in"]["id"]
    assert claims["idp"] == exported["document"]["mockOkta"]["orgId"]


def test_imported_servers_apps_and_policies_work_as_before(imported, api_headers):
    discovery = imported.get("/oauth2/orders/.well-known/openid-configuration").json
    assert "orders.read" in discovery["scopes_supported"]
    response = imported.post("/oauth2/orders/v1/token", data={
        "grant_type": "client_credentials", "client_id": "0oaOrdersService0001",
        "client_secret": "orders-secret-0123456789", "scope": "orders.read"})
    assert response.status_code == 200, response.json
    assert response.json["expires_in"] == 90
    assert imported.post("/oauth2/orders/v1/token", data={
        "grant_type": "client_credentials", "client_id": "0oaOrdersService0001",
        "client_secret": "not-the-secret-0123456789", "scope": "orders.read"}).status_code == 401
    policies = imported.get("/api/v1/policies?type=OKTA_SIGN_ON", headers=api_headers).json
    custom = next(p for p in policies if p["name"] == "MFA for admins")
    admins = imported.get("/api/v1/groups?q=Admins", headers=api_headers).json[0]["id"]
    assert custom["conditions"]["people"]["groups"]["include"] == [admins]
    rules = imported.get(f"/api/v1/policies/{custom['id']}/rules", headers=api_headers).json
    assert [r["name"] for r in rules if not r["system"]] == ["Ask"]


def test_export_import_export_is_stable(imported, exported):
    again = imported.get("/_mock/export").json
    first = exported["document"]
    for key in ("users", "groups", "apps", "policies", "authorizationServers",
                "orgAuthorizationServer", "mockOkta"):
        if key == "mockOkta":
            again[key].pop("exported"), first[key].pop("exported")
        assert again[key] == first[key], key


def test_an_import_into_a_database_that_holds_an_org_is_refused(settings, exported, tmp_path):
    db = str(tmp_path / "state.db")
    create_app(dataclasses.replace(settings, db_path=db)).extensions["mock_okta"].store.close()
    document = copy.deepcopy(exported["document"])
    with pytest.raises(ValueError, match="import file org.json: import: the database already "
                                         "holds an org"):
        create_app(dataclasses.replace(settings, db_path=db, import_path="org.json",
                                       imported=document))


BAD_ENTRIES = [
    (lambda d: d["users"][0].update(status="HAPPY"), "users[0]: status: must be one of"),
    (lambda d: d["users"][0].update(id="not an id!"), "users[0]: id: must be an id"),
    (lambda d: d["users"][0].update(created="yesterday"), "users[0]: created: must be an ISO"),
    (lambda d: d["users"][0].update(groups=["Nobody"]), "users[0]: groups: no group named"),
    (lambda d: d["users"][0]["profile"].update(email="nope"), "users[0]: email:"),
    (lambda d: d["users"].append(copy.deepcopy(d["users"][0])), "appears twice"),
    (lambda d: d["users"][0]["credentials"]["password"]["hash"].update(value="!!"),
     "users[0]: password: hash.value: Must be Base64"),
    (lambda d: d["groups"][0].update(profile={}), "groups[0]: name: The field cannot be left"),
    (lambda d: d["apps"][0].update(status="ON"), "apps[0]: status: must be ACTIVE or INACTIVE"),
    (lambda d: d["apps"][0].update(name="bookmark"), "apps[0]: name: Only OpenID Connect"),
    (lambda d: d["policies"][0].update(apps=["0oaNobody"]), "policies[0]: apps: no app"),
    (lambda d: d["authorizationServers"][0]["keys"][0].update(privateKey="-----BEGIN nothing"),
     "authorizationServers[0].keys[0].privateKey: not an unencrypted PEM private key"),
    (lambda d: d["authorizationServers"][0]["keys"].append(
        dict(d["authorizationServers"][0]["keys"][0], kid="second")),
     "authorizationServers[0].keys: exactly one key must be ACTIVE"),
    (lambda d: d.update(users={}), "users: must be a list"),
    (lambda d: d["mockOkta"].update(orgId=7), "mockOkta.orgId: must be an id"),
]


@pytest.mark.parametrize("spoil, message", BAD_ENTRIES, ids=[m for _, m in BAD_ENTRIES])
def test_a_bad_entry_is_named_and_nothing_is_kept(settings, exported, tmp_path, spoil, message):
    document = copy.deepcopy(exported["document"])
    spoil(document)
    db = str(tmp_path / "state.db")
    with pytest.raises(ValueError) as raised:
        create_app(dataclasses.replace(settings, db_path=db, import_path="org.json",
                                       imported=document, demo_user=None))
    assert str(raised.value).startswith("import file org.json: "), raised.value
    assert message in str(raised.value)
    # Nothing half-written: the same database takes the good export afterwards.
    good = copy.deepcopy(exported["document"])
    app = create_app(dataclasses.replace(settings, db_path=db, import_path="org.json",
                                         imported=good, auth_servers=parse_state(good)))
    assert app.test_client().get("/api/v1/users/ada@example.com",
                                 headers={"Authorization": "SSWS test-api-token"}).status_code == 200
    app.extensions["mock_okta"].store.close()


@pytest.mark.parametrize("document, message", [
    ([], "not an export of mock-okta"),
    ({"users": []}, "not an export of mock-okta"),
    ({"mockOkta": {"format": 2}}, "format 2 is not one this version reads"),
    ({"mockOkta": {"format": 1}, "sessions": []}, "unknown key(s) sessions"),
    ({"mockOkta": {"format": 1}, "authorizationServers": [{"id": "x y"}]},
     "authorizationServers[0].id must be"),
    ({"mockOkta": {"format": 1}, "authorizationServers": "all"}, "must be a list of objects"),
])
def test_a_file_that_is_not_an_export_is_refused_before_anything_opens(document, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")
                       .replace("[", r"\[").replace("]", r"\]")):
        parse_state(document)
