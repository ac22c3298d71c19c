"""Console: the System Log timeline (the same events as GET /api/v1/logs)."""

from __future__ import annotations

from mock_okta.kit.console.system_log import log_filter
from tests.mock_okta.support import PASSWORD


def _types(page) -> list[str]:
    return [element["_text"] for element in page.find_all("code", class_="event-type")]


def test_the_timeline_shows_the_org_s_events_newest_first(console, client, make_user):
    user = make_user()
    client.post("/api/v1/authn", json={"username": user["profile"]["login"], "password": "nope"})
    page = console.page("/logs")
    assert _types(page)[:3] == ["user.session.start", "user.lifecycle.activate",
                                "user.lifecycle.create"]
    assert "FAILURE" in page.find(data_se="log-event")["_text"]
    assert page.find("meta", **{"http-equiv": "refresh"}) is None


def test_filters_by_event_type_user_and_outcome(console, client, make_user):
    ada, bob = make_user(), make_user()
    client.post("/api/v1/authn", json={"username": ada["profile"]["login"], "password": PASSWORD})
    client.post("/api/v1/authn", json={"username": bob["profile"]["login"], "password": "nope"})
    by_prefix = console.page("/logs", query_string={"eventType": "user.lifecycle"})
    assert set(_types(by_prefix)) == {"user.lifecycle.create", "user.lifecycle.activate"}
    for_ada = console.page("/logs", query_string={"user": ada["id"]})
    assert len(_types(for_ada)) == 4 and bob["profile"]["login"] not in for_ada.html
    failures = console.page("/logs", query_string={"outcome": "FAILURE"})
    assert _types(failures) == ["user.session.start"]
    assert bob["profile"]["login"] in failures.html


def test_a_user_page_links_to_their_events(console, make_user):
    user = make_user()
    link = console.page(f"/users/{user['id']}").find(id="user-events")["href"]
    assert link.endswith(f"/_mock/console/logs?user={user['id']}")


def test_live_mode_reloads_the_page_without_script(console):
    page = console.page("/logs", query_string={"live": "1"})
    assert page.find("meta", **{"http-equiv": "refresh"})["content"] == "5"


def test_hostile_values_in_events_stay_escaped(console, client, make_user):
    make_user(first="<script>alert(1)</script>")
    html = console.page("/logs").html
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html or "\\u003cscript\\u003ealert(1)" in html


def test_a_search_the_log_cannot_answer_is_a_message_not_a_500(console):
    page = console.page("/logs", query_string={"q": "x" * 50})   # Okta: words are < 40 chars
    assert page.find(id="log-problem") is not None
    assert page.find(id="log-filters") is not None


def test_the_filter_is_built_from_the_form_and_drops_quotes():
    assert log_filter("", "", "") is None
    assert log_filter('user."x', "00u1", "FAILURE") == (
        'eventType sw "user.x" and (actor.id eq "00u1" or target.id eq "00u1")'
        ' and outcome.result eq "FAILURE"')
    assert log_filter("", "", "NOT-AN-OUTCOME") is None
