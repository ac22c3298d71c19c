"""Groups API, memberships, Everyone, and groups_of for the `groups` claim."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from mock_okta.directory.groups import groups_of

GROUP_ID = re.compile(r"^00g[0-9A-Za-z]{17}$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")


@pytest.fixture
def store(app):
    return app.extensions["mock_okta"].store


@pytest.fixture
def make_group(client, api_headers):
    def make(name="Engineers", description=None):
        profile = {"name": name}
        if description is not None:
            profile["description"] = description
        response = client.post("/api/v1/groups", json={"profile": profile}, headers=api_headers)
        assert response.status_code == 200, response.json
        return response.json
    return make


def err(response, status, code):
    assert response.status_code == status, response.json
    assert response.json["errorCode"] == code
    return response.json


def test_create_answers_an_okta_group(make_group):
    group = make_group("Engineers", "Builds things")
    assert GROUP_ID.match(group["id"])
    assert group["type"] == "OKTA_GROUP"
    assert group["objectClass"] == ["okta:user_group"]
    assert group["profile"] == {"name": "Engineers", "description": "Builds things"}
    for key in ("created", "lastUpdated", "lastMembershipUpdated"):
        assert DATE.match(group[key])
    links = group["_links"]
    assert [logo["name"] for logo in links["logo"]] == ["medium", "large"]
    assert all("href" in logo for logo in links["logo"])
    assert links["users"]["href"] == f"http://localhost/api/v1/groups/{group['id']}/users"
    assert links["apps"]["href"].endswith("/apps")


def test_description_is_null_when_unset(make_group):
    assert make_group()["profile"]["description"] is None


@pytest.mark.parametrize("body, field", [
    ({}, "profile"), ({"profile": "x"}, "profile"), ({"profile": {}}, "name"),
    ({"profile": {"name": "  "}}, "name"), ({"profile": {"name": 5}}, "name"),
    ({"profile": {"name": "x" * 256}}, "name"),
    ({"profile": {"name": "ok", "description": 3}}, "description"),
    ({"profile": {"name": "ok", "description": "d" * 1025}}, "description"),
])
def test_bad_group_profiles_are_e0000001(client, api_headers, store, body, field):
    before = store.one("SELECT COUNT(*) AS n FROM groups")["n"]
    response = client.post("/api/v1/groups", json=body, headers=api_headers)
    assert err(response, 400, "E0000001")["errorSummary"] == f"Api validation failed: {field}"
    assert store.one("SELECT COUNT(*) AS n FROM groups")["n"] == before


@pytest.mark.parametrize("name", ["Engineers", "ENGINEERS", "everyone"])
def test_group_names_are_unique_ignoring_case(client, api_headers, make_group, name):
    make_group("Engineers")
    response = client.post("/api/v1/groups", json={"profile": {"name": name}},
                           headers=api_headers)
    body = err(response, 400, "E0000001")
    assert body["errorCauses"] == [{"errorSummary": "name: An object with this field already "
                                                    "exists in the current organization"}]


def test_bad_json_is_e0000003(client, api_headers):
    response = client.post("/api/v1/groups", data="{nope", headers=api_headers,
                           content_type="application/json")
    err(response, 400, "E0000003")


def test_get_update_delete(client, api_headers, make_group):
    group = make_group("Old")
    gid = group["id"]
    assert client.get(f"/api/v1/groups/{gid}", headers=api_headers).json == group
    response = client.put(f"/api/v1/groups/{gid}", headers=api_headers,
                          json={"profile": {"name": "New", "description": "Renamed"}})
    assert response.status_code == 200
    assert response.json["profile"] == {"name": "New", "description": "Renamed"}
    response = client.put(f"/api/v1/groups/{gid}", headers=api_headers,
                          json={"profile": {"name": ""}})
    err(response, 400, "E0000001")
    assert client.get(f"/api/v1/groups/{gid}", headers=api_headers).json["profile"]["name"] == "New"
    response = client.delete(f"/api/v1/groups/{gid}", headers=api_headers)
    assert response.status_code == 204 and response.data == b""
    body = err(client.get(f"/api/v1/groups/{gid}", headers=api_headers), 404, "E0000007")
    assert body["errorSummary"] == f"Not found: Resource not found: {gid} (UserGroup)"


@pytest.mark.parametrize("method, path", [
    ("get", ""), ("put", ""), ("delete", ""), ("get", "/users"),
    ("put", "/users/{uid}"), ("delete", "/users/{uid}"),
])
def test_unknown_group_is_404(client, api_headers, make_user, method, path):
    uid = make_user()["id"]
    response = getattr(client, method)(
        f"/api/v1/groups/00gNoSuchGroup000000{path.format(uid=uid)}", headers=api_headers,
        json={"profile": {"name": "x"}})
    err(response, 404, "E0000007")


@pytest.mark.parametrize("method", ["put", "delete"])
def test_unknown_member_is_404(client, api_headers, make_group, method):
    gid = make_group()["id"]
    response = getattr(client, method)(f"/api/v1/groups/{gid}/users/00uNoSuchUser0000000",
                                       headers=api_headers)
    assert err(response, 404, "E0000007")["errorSummary"].endswith("(User)")


@pytest.mark.parametrize("method, path", [
    ("post", "/api/v1/groups"), ("get", "/api/v1/groups"), ("get", "/api/v1/groups/00g1"),
    ("get", "/api/v1/users/00u1/groups"),
])
def test_groups_need_a_token(client, method, path):
    err(getattr(client, method)(path, json={}), 403, "E0000005")


def test_membership_add_is_idempotent_and_remove_works(client, api_headers, store, make_group,
                                                      make_user):
    group, user = make_group(), make_user()
    url = f"/api/v1/groups/{group['id']}/users/{user['id']}"
    for _ in range(2):
        response = client.put(url, headers=api_headers)
        assert response.status_code == 204 and response.data == b""
    members = client.get(f"/api/v1/groups/{group['id']}/users", headers=api_headers).json
    assert [m["id"] for m in members] == [user["id"]]
    assert list(members[0]["_links"]) == ["self"]
    assert groups_of(store, user["id"]) == ["Everyone", "Engineers"]
    assert client.delete(url, headers=api_headers).status_code == 204
    assert client.delete(url, headers=api_headers).status_code == 204
    assert client.get(f"/api/v1/groups/{group['id']}/users", headers=api_headers).json == []
    assert groups_of(store, user["id"]) == ["Everyone"]


def test_last_membership_updated_moves_only_on_a_change(client, api_headers, make_group,
                                                        make_user, store):
    group, user = make_group(), make_user()
    store.run("UPDATE groups SET last_membership_updated = 0 WHERE id = ?", (group["id"],))
    url = f"/api/v1/groups/{group['id']}/users/{user['id']}"
    client.put(url, headers=api_headers)
    stamp = client.get(f"/api/v1/groups/{group['id']}", headers=api_headers).json[
        "lastMembershipUpdated"]
    assert not stamp.startswith("1970")
    store.run("UPDATE groups SET last_membership_updated = 0 WHERE id = ?", (group["id"],))
    client.put(url, headers=api_headers)
    assert client.get(f"/api/v1/groups/{group['id']}", headers=api_headers).json[
        "lastMembershipUpdated"].startswith("1970")


def test_every_user_is_in_everyone(client, api_headers, make_user, make_group):
    user = make_user()
    make_group("Zeta")
    groups = client.get(f"/api/v1/users/{user['id']}/groups", headers=api_headers).json
    assert [g["profile"]["name"] for g in groups] == ["Everyone"]
    everyone = groups[0]
    assert everyone["type"] == "BUILT_IN"
    assert everyone["profile"]["description"] == "All users in your organization"
    members = client.get(f"/api/v1/groups/{everyone['id']}/users", headers=api_headers).json
    assert user["id"] in [m["id"] for m in members]


def test_user_groups_for_unknown_user_is_404(client, api_headers):
    err(client.get("/api/v1/users/00uNoSuchUser0000000/groups", headers=api_headers), 404,
        "E0000007")


@pytest.mark.parametrize("method, suffix", [("put", ""), ("delete", ""),
                                             ("put", "/users/{uid}"), ("delete", "/users/{uid}")])
def test_everyone_cannot_be_changed(client, api_headers, make_user, method, suffix):
    user = make_user()
    everyone = client.get(f"/api/v1/users/{user['id']}/groups", headers=api_headers).json[0]
    url = f"/api/v1/groups/{everyone['id']}{suffix.format(uid=user['id'])}"
    response = getattr(client, method)(url, headers=api_headers,
                                       json={"profile": {"name": "Renamed"}})
    err(response, 403, "E0000006")
    assert client.get(f"/api/v1/groups/{everyone['id']}", headers=api_headers).json[
        "profile"]["name"] == "Everyone"


def test_deleting_a_user_or_group_removes_memberships(client, api_headers, store, make_group,
                                                     make_user):
    group, user = make_group(), make_user()
    client.put(f"/api/v1/groups/{group['id']}/users/{user['id']}", headers=api_headers)
    client.delete(f"/api/v1/users/{user['id']}", headers=api_headers)
    client.delete(f"/api/v1/users/{user['id']}", headers=api_headers)
    assert store.one("SELECT COUNT(*) AS n FROM group_members")["n"] == 0
    other = make_user()
    client.put(f"/api/v1/groups/{group['id']}/users/{other['id']}", headers=api_headers)
    client.delete(f"/api/v1/groups/{group['id']}", headers=api_headers)
    assert groups_of(store, other["id"]) == ["Everyone"]


# --- listing ----------------------------------------------------------------

def names(response):
    assert response.status_code == 200, response.json
    return sorted(g["profile"]["name"] for g in response.json)


def test_list_q_filter_search(client, api_headers, make_group, store):
    for name in ("Engineers", "engineering-leads", "Sales"):
        make_group(name)
    def get(**qs):
        return client.get("/api/v1/groups", query_string=qs, headers=api_headers)

    assert names(get()) == ["Engineers", "Everyone", "Sales", "engineering-leads"]
    assert names(get(q="ENG")) == ["Engineers", "engineering-leads"]
    assert names(get(filter='type eq "BUILT_IN"')) == ["Everyone"]
    assert names(get(filter='type eq "OKTA_GROUP" and lastUpdated gt "2000-01-01T00:00:00.000Z"')
                 ) == ["Engineers", "Sales", "engineering-leads"]
    assert names(get(filter='type eq "okta_group"')) == []           # filter: case-sensitive
    assert names(get(search='profile.name sw "sal"')) == ["Sales"]   # search: ignores case
    sales = get(q="Sales").json[0]["id"]
    assert names(get(filter=f'id eq "{sales}"')) == ["Sales"]


def test_groups_page_with_link_headers(client, api_headers, make_group):
    for n in range(4):
        make_group(f"Team {n}")
    seen, url = [], "/api/v1/groups?limit=2"
    while url:
        response = client.get(url, headers=api_headers)
        seen += [g["id"] for g in response.json]
        links = response.headers.getlist("Link")
        assert links[0].endswith('rel="self"')
        nexts = [link[1:link.index(">")] for link in links if link.endswith('rel="next"')]
        url = urlsplit(nexts[0])._replace(scheme="", netloc="").geturl() if nexts else None
    assert len(seen) == len(set(seen)) == 5


@pytest.mark.parametrize("query, code", [
    ({"filter": 'profile.name eq "x"'}, "E0000031"), ({"search": "nope"}, "E0000031"),
    ({"filter": 'type sw "O"'}, "E0000031"), ({"after": "garbage"}, "E0000029"),
    ({"limit": "0"}, "E0000001"),
])
def test_bad_group_list_requests(client, api_headers, query, code):
    err(client.get("/api/v1/groups", query_string=query, headers=api_headers), 400, code)


def test_members_page(client, api_headers, make_group, make_user):
    group = make_group()
    ids = sorted(make_user()["id"] for _ in range(3))
    for uid in ids:
        client.put(f"/api/v1/groups/{group['id']}/users/{uid}", headers=api_headers)
    first = client.get(f"/api/v1/groups/{group['id']}/users?limit=2", headers=api_headers)
    assert [u["id"] for u in first.json] == ids[:2]
    next_link = first.headers.getlist("Link")[1]
    assert next_link.endswith('rel="next"')
    url = urlsplit(next_link[1:next_link.index(">")])._replace(scheme="", netloc="").geturl()
    assert [u["id"] for u in client.get(url, headers=api_headers).json] == ids[2:]
    err(client.get(f"/api/v1/groups/{group['id']}/users?after=bad", headers=api_headers), 400,
        "E0000029")
