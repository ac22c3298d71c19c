"""GET /api/v1/users: list, q, filter, search, limit/after and Link headers."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from mock_okta.directory.status import set_status
from mock_okta.directory.users import create_user, get_user

LINK = re.compile(r'^<([^>]+)>; rel="(self|next)"$')


@pytest.fixture
def store(app):
    return app.extensions["mock_okta"].store


@pytest.fixture
def seed(store):
    """Create users straight through the identity core (fast: no password hashing)."""

    def make(first, last, email=None, status="ACTIVE", **profile):
        email = email or f"{first}.{last}@example.com".lower()
        user = create_user(store, {"login": email, "email": email, "firstName": first,
                                   "lastName": last, **profile},
                           password=None, activate=True, hash_iterations=1)
        if status != user.status:
            set_status(store, user, status)
        return user

    return make


def get(client, api_headers, query=""):
    return client.get(f"/api/v1/users{query}", headers=api_headers)


def links(response) -> list[tuple[str, str]]:
    return [LINK.match(value).group(2, 1) for value in response.headers.getlist("Link")]


def logins(response) -> list[str]:
    assert response.status_code == 200, response.json
    return sorted(user["profile"]["login"] for user in response.json)


def test_list_needs_a_token(client):
    assert client.get("/api/v1/users").status_code == 403


def test_list_shows_everyone_but_deprovisioned(client, api_headers, seed):
    seed("Ann", "Active")
    seed("Sue", "Suspended", status="SUSPENDED")
    seed("Dee", "Gone", status="DEPROVISIONED")
    got = logins(get(client, api_headers))
    assert "ann.active@example.com" in got
    assert "sue.suspended@example.com" in got
    assert "dee.gone@example.com" not in got


def test_collections_carry_only_a_self_link(client, api_headers, seed):
    seed("Ann", "Active")
    for user in get(client, api_headers).json:
        assert list(user["_links"]) == ["self"]
        assert user["_links"]["self"]["href"].endswith(f"/api/v1/users/{user['id']}")


def test_pages_walk_every_user_once_and_end_without_next(client, api_headers, seed):
    for n in range(6):
        seed(f"Pat{n}", "Page")
    total = len(get(client, api_headers).json)
    seen, url, pages = [], "/api/v1/users?limit=2", 0
    while url:
        response = client.get(url, headers=api_headers)
        assert response.status_code == 200
        rels = links(response)
        assert rels[0][0] == "self"
        seen += [user["id"] for user in response.json]
        nexts = [href for rel, href in rels if rel == "next"]
        assert len(rels) == 1 + len(nexts)
        url = urlsplit(nexts[0])._replace(scheme="", netloc="").geturl() if nexts else None
        pages += 1
    assert len(seen) == len(set(seen)) == total
    assert pages == -(-total // 2)


def test_link_headers_echo_the_query(client, api_headers, seed):
    for n in range(3):
        seed(f"Lou{n}", "Link")
    response = get(client, api_headers, '?limit=1&filter=profile.lastName+eq+"Link"')
    assert response.headers.getlist("Link")[0] == (
        '<http://localhost/api/v1/users?limit=1&filter=profile.lastName+eq+%22Link%22>; '
        'rel="self"')
    rel, href = links(response)[1]
    assert rel == "next"
    query = parse_qs(urlsplit(href).query)
    assert query["limit"] == ["1"] and query["filter"] == ['profile.lastName eq "Link"']
    assert urlsplit(href).query.startswith("after=")


def test_next_is_absent_when_the_page_holds_the_rest(client, api_headers, seed):
    seed("Ann", "Active")
    assert [rel for rel, _ in links(get(client, api_headers, "?limit=200"))] == ["self"]


def test_limit_is_capped_at_200(client, api_headers, seed):
    for n in range(205):
        seed(f"Cap{n}", "Many")
    response = get(client, api_headers, "?limit=1000")
    assert len(response.json) == 200
    assert "next" in dict(links(response))
    assert len(get(client, api_headers).json) == 200


@pytest.mark.parametrize("limit", ["0", "-1", "abc", "1.5"])
def test_bad_limit_is_e0000001(client, api_headers, limit):
    response = get(client, api_headers, f"?limit={limit}")
    assert response.status_code == 400
    assert response.json["errorCode"] == "E0000001"
    assert response.json["errorSummary"] == "Api validation failed: limit"


@pytest.mark.parametrize("query", ["?after=bogus", "?after=00u!!!", "?filter=id+eq+%22x%22&after=x",
                                   "?search=id+pr&sortBy=profile.lastName&after=00u12345678901234567"])
def test_bogus_cursor_is_e0000029(client, api_headers, query):
    response = get(client, api_headers, query)
    assert response.status_code == 400
    assert response.json["errorCode"] == "E0000029"
    assert response.json["errorSummary"] == "Invalid paging request."


# --- q ----------------------------------------------------------------------

def test_q_starts_with_first_last_or_email_ignoring_case(client, api_headers, seed):
    seed("Jonah", "Zed", email="zz1@example.com")
    seed("Ann", "Jones", email="zz2@example.com")
    seed("Bob", "Brown", email="JOHN@example.com")
    seed("Ann", "Ajo", email="zz3@example.com")          # contains "jo", does not start with it
    assert logins(get(client, api_headers, "?q=jo")) == [
        "JOHN@example.com", "zz1@example.com", "zz2@example.com"]


def test_q_matches_non_ascii_case_insensitively(client, api_headers, seed):
    seed("Émile", "Zola")
    assert len(get(client, api_headers, "?q=%C3%A9MI").json) == 1


def test_q_hides_deprovisioned_defaults_to_10_and_has_no_next(client, api_headers, seed):
    for n in range(12):
        seed("Quinn", f"Q{n}")
    seed("Quinn", "Gone", status="DEPROVISIONED")
    response = get(client, api_headers, "?q=quinn")
    assert len(response.json) == 10
    assert [rel for rel, _ in links(response)] == ["self"]
    assert len(get(client, api_headers, "?q=quinn&limit=50").json) == 12


# --- filter -----------------------------------------------------------------

def test_filter_values_are_case_sensitive(client, api_headers, seed):
    seed("Sam", "Smith")
    assert logins(get(client, api_headers, '?filter=profile.lastName eq "Smith"')) == [
        "sam.smith@example.com"]
    assert get(client, api_headers, '?filter=profile.lastName eq "smith"').json == []


def test_filter_includes_deprovisioned(client, api_headers, seed):
    seed("Dee", "Gone", status="DEPROVISIONED")
    assert logins(get(client, api_headers, '?filter=status eq "DEPROVISIONED"')) == [
        "dee.gone@example.com"]


def test_filter_and_or_parentheses(client, api_headers, seed):
    seed("Ann", "One")
    seed("Bea", "Two", status="SUSPENDED")
    seed("Cy", "Three")
    query = ('?filter=(profile.firstName eq "Ann" or profile.firstName eq "Bea")'
             ' and status eq "ACTIVE"')
    assert logins(get(client, api_headers, query)) == ["ann.one@example.com"]
    query = '?filter=profile.firstName eq "Cy" or id eq "nope"'
    assert logins(get(client, api_headers, query)) == ["cy.three@example.com"]


def test_filter_last_updated_ranges(client, api_headers, seed, store):
    user = seed("Tim", "Stamp")
    store.run("UPDATE users SET last_updated = 1704067200.0005 WHERE id = ?", (user.id,))
    for op, found in [("eq", True), ("ge", True), ("le", True), ("gt", False), ("lt", False)]:
        query = f'?filter=lastUpdated {op} "2024-01-01T00:00:00.000Z"'
        got = [u["id"] for u in get(client, api_headers, query).json]
        assert (user.id in got) is found, op


def test_filter_by_id_and_login(client, api_headers, seed):
    user = seed("Ida", "Ident")
    assert [u["id"] for u in get(client, api_headers, f'?filter=id eq "{user.id}"').json] == [
        user.id]
    query = '?filter=profile.login eq "ida.ident@example.com"'
    assert [u["id"] for u in get(client, api_headers, query).json] == [user.id]


@pytest.mark.parametrize("expression", [
    'profile.nickName eq "x"', 'status sw "A"', 'not status eq "ACTIVE"', 'status eq',
    'status eq "ACTIVE" and', 'created gt "2020-01-01T00:00:00.000Z"', "", 'status ne "A"',
    'lastUpdated gt "not a date"',
])
def test_bad_filter_is_e0000031(client, api_headers, expression):
    response = client.get("/api/v1/users", query_string={"filter": expression},
                          headers=api_headers)
    assert response.status_code == 400
    assert response.json["errorCode"] == "E0000031"
    assert response.json["errorSummary"] == "Invalid search criteria."


# --- search -----------------------------------------------------------------

def search(client, api_headers, expression, **extra):
    response = client.get("/api/v1/users", query_string={"search": expression, **extra},
                          headers=api_headers)
    return response


def test_search_values_ignore_case_and_include_deprovisioned(client, api_headers, seed):
    seed("Sam", "Smith", department="Engineering")
    seed("Dee", "Smith", status="DEPROVISIONED")
    assert logins(search(client, api_headers, 'profile.lastName eq "SMITH"')) == [
        "dee.smith@example.com", "sam.smith@example.com"]
    assert logins(search(client, api_headers, 'profile.department eq "engineering"')) == [
        "sam.smith@example.com"]
    assert logins(search(client, api_headers, 'status eq "deprovisioned"')) == [
        "dee.smith@example.com"]


def test_search_operators(client, api_headers, seed):
    seed("Ann", "Alpha", age=30, title="Boss")
    seed("Bob", "Beta", age=40)
    assert logins(search(client, api_headers, 'profile.age gt 35')) == ["bob.beta@example.com"]
    assert logins(search(client, api_headers, 'profile.age le 30')) == ["ann.alpha@example.com"]
    assert logins(search(client, api_headers, 'profile.title pr')) == ["ann.alpha@example.com"]
    assert logins(search(client, api_headers, 'profile.firstName sw "b" and profile.age pr')) == [
        "bob.beta@example.com"]
    assert logins(search(client, api_headers,
                         'profile.age pr and not (profile.lastName eq "alpha")')) == [
        "bob.beta@example.com"]
    # not over a missing attribute: the user does not match the inner test, so is kept
    got = logins(search(client, api_headers, 'not (profile.title eq "boss")'))
    assert "bob.beta@example.com" in got and "ann.alpha@example.com" not in got


def test_search_by_dates_and_type(client, api_headers, seed, app):
    user = seed("Dot", "Date")
    type_id = app.extensions["mock_okta"].user_type_id
    query = f'type.id eq "{type_id}" and created gt "2000-01-01T00:00:00.000Z" and id eq "{user.id}"'
    assert [u["id"] for u in search(client, api_headers, query).json] == [user.id]
    assert search(client, api_headers, 'type.id eq "otyOther"').json == []
    assert search(client, api_headers, 'activated lt "2000-01-01T00:00:00.000Z"').json == []


def test_search_sorts_and_pages_in_sort_order(client, api_headers, seed):
    for last in ("Delta", "alpha", "Charlie", "bravo", "Echo"):
        seed("Sorty", last)
    seen, params = [], {"sortBy": "profile.lastName", "sortOrder": "desc", "limit": "2"}
    response = search(client, api_headers, 'profile.firstName eq "Sorty"', **params)
    while True:
        seen += [u["profile"]["lastName"] for u in response.json]
        nexts = [href for rel, href in links(response) if rel == "next"]
        if not nexts:
            break
        response = client.get(urlsplit(nexts[0])._replace(scheme="", netloc="").geturl(),
                              headers=api_headers)
    assert seen == ["bravo", "alpha", "Echo", "Delta", "Charlie"]  # stored order, descending


@pytest.mark.parametrize("expression, extra", [
    ('nickName eq "x"', {}), ('profile.x eq', {}), ('status eq "A" or', {}),
    ('(status eq "A"', {}), ('status eq true', {}), ('profile.x sw 3', {}),
    ('status eq "ACTIVE"', {"sortOrder": "sideways"}), ('status eq "ACTIVE"', {"sortBy": "nope"}),
    ('id pr', {"sortBy": "type.id"}),
])
def test_bad_search_is_e0000031(client, api_headers, expression, extra):
    response = search(client, api_headers, expression, **extra)
    assert response.status_code == 400
    assert response.json["errorCode"] == "E0000031"


def test_search_wins_over_filter_and_q(client, api_headers, seed):
    seed("Wyn", "Winner")
    response = client.get("/api/v1/users", headers=api_headers, query_string={
        "search": 'profile.firstName eq "wyn"', "filter": 'status eq "NOPE"', "q": "zzz"})
    assert logins(response) == ["wyn.winner@example.com"]


def test_a_user_found_is_the_same_user(client, api_headers, seed, store):
    user = seed("Same", "Person")
    listed = search(client, api_headers, f'id eq "{user.id}"').json[0]
    assert listed["profile"] == get_user(store, user.id).profile
