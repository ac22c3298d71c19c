"""GET /api/v1/logs: Okta's polling and bounded requests, filter, q, limit,
sortOrder, Link headers, and its errors."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import pytest

from mock_okta.clock import iso, now, use_offset
from mock_okta.directory import system_log
from tests.mock_okta.support.api import assert_okta_error
from tests.mock_okta.support.system_log import log_events


def make_groups(client, api_headers, *names):
    for name in names:
        response = client.post("/api/v1/groups", json={"profile": {"name": name}},
                               headers=api_headers)
        assert response.status_code == 200


def links(response) -> dict[str, str]:
    found = {}
    for header in response.headers.getlist("Link"):
        url, rel = header.split(";")
        found[rel.split('"')[1]] = url.strip()[1:-1]
    return found


def follow(client, api_headers, url):
    parts = urlsplit(url)
    return client.get(parts.path, query_string=parts.query, headers=api_headers)


def names(events) -> list[str]:
    return [event["target"][0]["displayName"] for event in events]


def test_needs_the_api_token(client):
    assert_okta_error(client.get("/api/v1/logs"), 403, "E0000005")


def test_polling_pages_never_end_and_each_event_comes_once(client, api_headers):
    make_groups(client, api_headers, "a", "b", "c")
    first = client.get("/api/v1/logs?limit=2", headers=api_headers)
    assert names(first.get_json()) == ["a", "b"]
    assert set(links(first)) == {"self", "next"}
    assert links(first)["self"].endswith("/api/v1/logs?limit=2")
    second = follow(client, api_headers, links(first)["next"])
    assert names(second.get_json()) == ["c"]
    third = follow(client, api_headers, links(second)["next"])
    assert third.get_json() == [] and "next" in links(third)   # an empty page still has next
    make_groups(client, api_headers, "d")
    fourth = follow(client, api_headers, links(third)["next"])
    assert names(fourth.get_json()) == ["d"]


def test_polling_an_empty_log_then_events_arrive(client, api_headers):
    empty = client.get("/api/v1/logs", headers=api_headers)
    assert empty.get_json() == [] and "next" in links(empty)
    make_groups(client, api_headers, "late")
    assert names(follow(client, api_headers, links(empty)["next"]).get_json()) == ["late"]


def test_the_next_link_keeps_limit_and_filter(client, api_headers):
    make_groups(client, api_headers, "a", "b")
    response = client.get("/api/v1/logs", headers=api_headers, query_string={
        "limit": 1, "filter": 'eventType eq "group.lifecycle.create"'})
    query = parse_qs(urlsplit(links(response)["next"]).query)
    assert query["limit"] == ["1"] and query["filter"] == ['eventType eq "group.lifecycle.create"']
    assert query["after"][0].count("_") == 1       # Okta's `{epoch-ms}_{n}` cursor


def test_bounded_queries_end_and_can_go_backwards(client, api_headers):
    make_groups(client, api_headers, "a", "b", "c")
    window = {"since": iso(now() - 60), "until": iso(now() + 60)}
    first = client.get("/api/v1/logs", headers=api_headers, query_string={**window, "limit": 2})
    assert names(first.get_json()) == ["a", "b"]
    last = follow(client, api_headers, links(first)["next"])
    assert names(last.get_json()) == ["c"] and "next" not in links(last)
    backwards = log_events(client, api_headers, sortOrder="DESCENDING", **window)
    assert names(backwards) == ["c", "b", "a"]
    page = client.get("/api/v1/logs", headers=api_headers,
                      query_string={**window, "limit": 2, "sortOrder": "DESCENDING"})
    assert names(follow(client, api_headers, links(page)["next"]).get_json()) == ["a"]


def test_since_and_until_bound_published(client, api_headers):
    make_groups(client, api_headers, "a")
    assert log_events(client, api_headers, until=iso(now() - 60)) == []
    assert log_events(client, api_headers, since=iso(now() + 60)) == []
    assert names(log_events(client, api_headers, since=iso(now() - 60))) == ["a"]


def test_the_org_clock_moves_published(app, client, api_headers):
    assert client.post("/_mock/clock", json={"advanceSeconds": 3600},
                       headers=api_headers).status_code == 200
    make_groups(client, api_headers, "later")
    (event,) = log_events(client, api_headers)
    assert event["published"] > iso(time.time() + 3000)   # the real clock, not the org's


FILTERS = [
    ('eventType eq "group.lifecycle.create"', ["a", "b"]),
    ('eventType Eq "group.lifecycle.create" and target.displayName eq "b"', ["b"]),
    ('target.displayName eq "a" or target.displayName eq "b"', ["a", "b", "b"]),
    ('not (eventType eq "group.lifecycle.create")', ["b"]),
    ('eventType sw "group.profile"', ["b"]),
    ('eventType co "profile"', ["b"]),
    ('eventType ew ".create"', ["a", "b"]),
    ('target.displayName ne "a"', ["b", "b"]),
    ('severity ge "INFO"', ["a", "b", "b"]),
    ('outcome.result eq "SUCCESS"', ["a", "b", "b"]),
    ('outcome.reason pr', []),
    ('debugContext.debugData.requestUri eq "/api/v1/groups"', ["a", "b"]),
]


@pytest.mark.parametrize(("expression", "expected"), FILTERS, ids=[f[0] for f in FILTERS])
def test_filters(client, api_headers, expression, expected):
    make_groups(client, api_headers, "a", "b")
    group_b = client.get("/api/v1/groups?q=b", headers=api_headers).get_json()[0]
    client.put(f"/api/v1/groups/{group_b['id']}", json={"profile": {"name": "b"}},
               headers=api_headers)
    assert names(log_events(client, api_headers, filter=expression)) == expected


def test_filter_on_an_array_matches_any_element(client, api_headers, make_user):
    user = make_user()
    make_groups(client, api_headers, "crew")
    group = client.get("/api/v1/groups?q=crew", headers=api_headers).get_json()[0]
    client.put(f"/api/v1/groups/{group['id']}/users/{user['id']}", headers=api_headers)
    both = f'target.id eq "{user["id"]}" and target.id eq "{group["id"]}"'
    assert [e["eventType"] for e in log_events(client, api_headers, filter=both)] == [
        "group.user_membership.add"]
    by_actor = log_events(client, api_headers, filter='actor.type eq "SystemPrincipal"')
    assert len(by_actor) == len(log_events(client, api_headers))


def test_q_matches_whole_values_case_insensitively_and_hyphen_parts(client, api_headers):
    make_groups(client, api_headers, "Night-Shift", "Day Crew")
    assert names(log_events(client, api_headers, q="night-shift")) == ["Night-Shift"]
    assert names(log_events(client, api_headers, q="SHIFT")) == ["Night-Shift"]
    assert names(log_events(client, api_headers, q="Day")) == []     # "Day Crew" is one value
    assert names(log_events(client, api_headers, q="shift group.lifecycle.create")) == [
        "Night-Shift"]


BAD = [
    ({"since": "yesterday"}, 400, "E0000001",
     "Api validation failed: 'since'"),
    ({"until": "2024-13-01T00:00:00Z"}, 400, "E0000001", "Api validation failed: 'until'"),
    ({"since": "2000-01-01T00:00:00Z"}, 400, "E0000053",
     "Invalid parameter: The since parameter is over 180 days prior to the current day."),
    ({"q": "x" * 41}, 400, "E0000001", "Api validation failed: 'q'"),
    ({"q": " ".join("abcdefghijk")}, 400, "E0000001", "Api validation failed: 'q'"),
    ({"limit": "ten"}, 400, "E0000001", "Api validation failed: limit"),
    ({"limit": "-1"}, 400, "E0000001", "Api validation failed: limit"),
    ({"sortOrder": "UP"}, 400, "E0000001", "Api validation failed: sortOrder"),
    ({"after": "not-a-cursor"}, 400, "E0000029", "Invalid paging request."),
    ({"filter": 'display_message eqq "Create okta user"'}, 400, "E0000053",
     "Invalid filter 'display_message eqq \"Create okta user\"': Unrecognized attribute "
     "operator 'eqq' at position 16. Expected: eq,sw,gt,ge,lt,le,ne,co,ew,pr"),
    ({"filter": 'some_invalid_field eq "x"'}, 400, "E0000053",
     "field is not valid: some_invalid_field"),
    ({"filter": 'published gt "2024-01-01T00:00:00Z"'}, 400, "E0000053",
     "field is not valid: published"),
    ({"filter": 'debugContext.debugData.url co "/api"'}, 400, "E0000031",
     "The supplied combination of operator and field is not currently supported. "
     "Operator: co, Field: debugContext.debugData.url"),
    ({"filter": 'eventType eq "x" and ('}, 400, "E0000053", None),
]


@pytest.mark.parametrize(("params", "status", "code", "summary"), BAD,
                         ids=[str(case[0]) for case in BAD])
def test_bad_requests_get_okta_s_errors(client, api_headers, params, status, code, summary):
    response = client.get("/api/v1/logs", query_string=params, headers=api_headers)
    body = assert_okta_error(response, status, code, summary)
    if code == "E0000001" and "since" in params and params["since"] == "yesterday":
        assert [cause["errorSummary"] for cause in body["errorCauses"]] == [
            "since: The date format in your query is not recognized. Please enter dates using"
            " ISO8601 string format.", "since: must be a valid date-time or empty."]


def test_limit_caps_at_1000_and_zero_is_an_empty_page(client, api_headers):
    make_groups(client, api_headers, "a")
    assert len(log_events(client, api_headers, limit=5000)) == 1
    assert client.get("/api/v1/logs?limit=0", headers=api_headers).get_json() == []


def test_events_older_than_90_days_are_not_served_then_pruned(app, client, api_headers):
    make_groups(client, api_headers, "old")
    assert client.post("/_mock/clock", json={"advanceSeconds": 91 * 24 * 3600},
                       headers=api_headers).status_code == 200
    make_groups(client, api_headers, "new")
    # 92 days before the org's now: allowed (under 180), but Okta serves only 90 days.
    assert names(log_events(client, api_headers, since=iso(time.time() - 86400))) == ["new"]
    store = app.extensions["mock_okta"].store
    use_offset(91 * 24 * 3600)      # the org's clock, as the org reads it in a request
    try:
        assert system_log.prune(store) == 1
    finally:
        use_offset(0.0)
    assert names(system_log.events(store)) == ["new"]
