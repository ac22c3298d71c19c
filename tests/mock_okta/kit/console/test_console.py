"""The console as a whole: its guard, CSRF on every form, the `back` path, the
navigation, and how refusals and unknown objects are shown."""

from __future__ import annotations

import pytest

from mock_okta import create_app
from mock_okta.config import Settings
from tests.mock_okta.support import API_TOKEN
from tests.mock_okta.support.console import CONSOLE, Console


def console_rules(app, method):
    return [rule for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith("mock.console_") and method in rule.methods]


def sample_path(rule) -> str:
    values = {name: "00uNoSuchThing" for name in rule.arguments}
    if "operation" in values:
        values["operation"] = "suspend"
    return rule.rule.replace("<", "{").replace(">", "}").format(**values)


def test_the_console_opens_on_its_first_section(client):
    response = client.get(CONSOLE)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/_mock/console/users")


def test_every_section_is_in_the_navigation_in_order(console):
    nav = [link["_text"] for link in console.page("/users").find_all("a")
           if link.get("href", "").startswith(CONSOLE + "/")]
    assert nav[:9] == ["Users", "Groups", "Apps", "Authorization servers", "Requests",
                       "System Log", "Event hooks", "Outbox", "Controls"]


def test_every_form_refuses_a_post_without_the_csrf_token(app, console, make_user):
    user = make_user()
    rules = console_rules(app, "POST")
    assert len(rules) >= 20
    before = console.get(f"/users/{user['id']}").get_data(as_text=True)
    for rule in rules:
        path = sample_path(rule).replace("00uNoSuchThing", user["id"])
        response = console.client.post(path, data={"csrf_token": "forged", "name": "x"})
        assert response.status_code == 403, rule.rule
        assert "This page has expired" in response.get_data(as_text=True)
    # Nothing was done: the user is as before, still ACTIVE.
    assert console.get(f"/users/{user['id']}").get_data(as_text=True) == before


def test_a_post_with_no_token_at_all_is_refused(console):
    response = console.submit("/users", {"email": "x@example.com"}, csrf=False)
    assert response.status_code == 403


def test_pages_are_never_cached(app, console):
    for rule in console_rules(app, "GET"):
        if rule.arguments:
            continue
        response = console.client.get(rule.rule)
        if response.status_code == 200:
            assert "no-store" in response.headers["Cache-Control"], rule.rule


def test_an_unknown_object_is_the_orgs_404_page(console):
    for path in ("/users/00uNoSuchUser", "/groups/00gNoSuchGroup", "/apps/0oaNoSuchApp",
                 "/event-hooks/whoNoSuchHook"):
        response = console.get(path, status=404)
        assert response.mimetype == "text/html"
        assert "Not found: Resource not found" in response.get_data(as_text=True)


def test_a_refusal_goes_back_to_the_page_the_form_came_from(console, make_user):
    user = make_user()
    shown = console.act(f"/users/{user['id']}/lifecycle/unsuspend", on=f"/users/{user['id']}")
    assert shown.location == f"{CONSOLE}/users/{user['id']}"
    assert "Cannot unsuspend a user that is not suspended" in shown.error   # Okta's words
    assert shown.notice is None


@pytest.mark.parametrize("back", ["https://evil.example/", "//evil.example/x", "/api/v1/users",
                                  "/_mock/console\\..\\x", ""])
def test_back_never_leaves_the_console(console, make_user, back):
    user = make_user()
    response = console.submit(f"/users/{user['id']}/lifecycle/unsuspend", {"back": back},
                              on=f"/users/{user['id']}")
    assert response.status_code == 303
    assert response.headers["Location"] in (CONSOLE, f"http://localhost{CONSOLE}")


def test_the_console_is_off_with_the_controls():
    app = create_app(Settings(db_path=":memory:", controls=False))
    client = app.test_client()
    assert client.get(f"{CONSOLE}/users").status_code == 404
    assert client.post(f"{CONSOLE}/reset").status_code == 404
    app.extensions["mock_okta"].store.close()


def test_away_from_loopback_the_console_asks_for_the_api_token(client):
    far = {"REMOTE_ADDR": "203.0.113.9"}
    assert client.get(f"{CONSOLE}/users", environ_base=far).status_code == 403
    response = client.get(f"{CONSOLE}/users", environ_base=far,
                          headers={"Authorization": f"SSWS {API_TOKEN}"})
    assert response.status_code == 200


def test_the_org_home_links_the_console(client):
    assert f'href="{CONSOLE}"' in client.get("/").get_data(as_text=True)


def test_a_crash_in_the_console_is_an_html_page_not_a_traceback(app, console, monkeypatch):
    from mock_okta.kit.console import users

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(users, "list_users", broken)
    response = Console(app.test_client()).get("/users", status=500)
    assert response.mimetype == "text/html"
    assert "boom" not in response.get_data(as_text=True)
