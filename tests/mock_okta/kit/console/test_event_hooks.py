"""Console: event hooks. Create through the API's own rules, the lifecycle (verify is
the API's one-time check against a real receiver on 127.0.0.1), delete only when
inactive, deliveries as /_mock/hooks/deliveries records them, the secret on demand."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict

from mock_okta.directory import event_hooks as core
from mock_okta.directory import system_log
from mock_okta.directory.event_types import CATALOG
from mock_okta.kit.console.event_hooks import eligible_types, hook_body, recent_deliveries
from tests.mock_okta.support.console import CONSOLE
from tests.mock_okta.support.hook_receiver import hook_receiver, settled

SECRET = "Bearer s3cret-hook-value"
HOSTILE = '<script>alert("x")</script>'


def create(console, **fields):
    form = {"name": "Provisioning", "uri": "https://hooks.example.com/okta",
            "authKey": "Authorization", "authValue": SECRET,
            "events": ["user.lifecycle.create", "user.lifecycle.activate"], **fields}
    return console.act("/event-hooks", form, on="/event-hooks")


def only_hook(org) -> core.Hook:
    (hook,) = core.list_hooks(org.store)
    return hook


def types_logged(org, prefix: str) -> list[str]:
    return [e["eventType"] for e in system_log.events(org.store)
            if e["eventType"].startswith(prefix)]


# --- pure functions ------------------------------------------------------------------

def test_only_hook_eligible_types_are_offered():
    offered = dict(eligible_types())
    assert "user.lifecycle.create" in offered
    assert offered["user.lifecycle.create"] == CATALOG["user.lifecycle.create"].display
    for refused in ("policy.evaluate_sign_on", "user.lifecycle.delete.completed",
                    "app.oauth2.token.grant", "event_hook.created"):
        assert refused not in offered
    assert all(CATALOG[name].hook_eligible for name in offered)


def test_the_form_becomes_the_apis_body():
    body = hook_body(MultiDict([("name", " Audit "), ("uri", " https://h.example/x "),
                                ("events", "user.lifecycle.create"),
                                ("events", "group.lifecycle.create")]))
    assert body == {"name": "Audit", "description": None,
                    "events": {"type": "EVENT_TYPE",
                               "items": ["user.lifecycle.create", "group.lifecycle.create"]},
                    "channel": {"type": "HTTP", "version": "1.0.0",
                                "config": {"uri": "https://h.example/x", "headers": []}}}
    with_auth = hook_body(MultiDict({"authKey": "X-Key", "authValue": "v"}))
    assert with_auth["channel"]["config"]["authScheme"] == {"type": "HEADER", "key": "X-Key",
                                                            "value": "v"}


def test_recent_deliveries_are_newest_first_and_bounded():
    rows = [{"n": n} for n in range(5)]
    assert recent_deliveries(rows, limit=3) == [{"n": 4}, {"n": 3}, {"n": 2}]


# --- the pages and forms -------------------------------------------------------------

def test_create_lists_the_hook_as_the_api_does(console, org, client, api_headers):
    shown = create(console, description="Tell the CRM")
    hook = only_hook(org)
    assert shown.location == f"{CONSOLE}/event-hooks/{hook.id}"
    assert "Created Provisioning (ACTIVE, UNVERIFIED)" in shown.notice
    assert hook.events == ["user.lifecycle.create", "user.lifecycle.activate"]
    assert (hook.auth_key, hook.auth_value) == ("Authorization", SECRET)
    (listed,) = client.get("/api/v1/eventHooks", headers=api_headers).json
    assert listed["id"] == hook.id and listed["description"] == "Tell the CRM"
    assert types_logged(org, "event_hook.") == ["event_hook.created"]
    row = console.page("/event-hooks").find(id="event-hooks-table")["_text"]
    for part in ("Provisioning", "ACTIVE", "UNVERIFIED", "https://hooks.example.com/okta",
                 "user.lifecycle.create", "user.lifecycle.activate"):
        assert part in row


def test_the_auth_value_is_shown_only_on_demand(console, org):
    create(console)
    hook = only_hook(org)
    page = console.get(f"/event-hooks/{hook.id}").get_data(as_text=True)
    assert SECRET not in page and "Authorization" in page
    list_page = console.get("/event-hooks").get_data(as_text=True)
    assert SECRET not in list_page
    shown = console.page(f"/event-hooks/{hook.id}/secret")
    assert shown.find(id="hook-secret")["_text"] == SECRET
    assert "no-store" in console.get(f"/event-hooks/{hook.id}/secret").headers["Cache-Control"]


@pytest.mark.parametrize(("fields", "message"), [
    ({"uri": "ftp://hooks.example.com/x"}, "The URI must be a valid https:// URL"),
    ({"uri": "http://hooks.example.com/x"}, "The URI must be a valid https:// URL"),
    ({"uri": "not a url"}, "The URI must be a valid https:// URL"),
    ({"uri": ""}, "channel.config.uri: The field cannot be left blank"),
    ({"events": []}, "events.items: The field cannot be left blank"),
    ({"events": ["policy.evaluate_sign_on"]}, "is not eligible for event hooks"),
    ({"events": ["no.such.type"]}, "Invalid event type: no.such.type"),
    ({"name": ""}, "name: The field cannot be left blank"),
    ({"name": "x" * 256}, "name: The field is too long"),
    ({"authKey": "", "authValue": "orphan"}, "authScheme.key: The field cannot be left blank"),
])
def test_bad_input_is_a_message_on_the_list(console, org, fields, message):
    shown = create(console, **fields)
    assert shown.location == f"{CONSOLE}/event-hooks"
    assert message in shown.error
    assert core.list_hooks(org.store) == []


def test_a_hostile_name_and_url_are_escaped(console, org):
    create(console, name=HOSTILE, uri=f"https://h.example/?q={HOSTILE}", description=HOSTILE)
    hook = only_hook(org)
    for path in ("/event-hooks", f"/event-hooks/{hook.id}"):
        html = console.get(path).get_data(as_text=True)
        assert HOSTILE not in html and "&lt;script&gt;" in html


def test_deactivate_then_activate(console, org):
    create(console)
    hook = only_hook(org)
    page = f"/event-hooks/{hook.id}"
    shown = console.act(f"{page}/lifecycle/deactivate", on=page)
    assert shown.notice == "Deactivated."
    assert shown.page.find(id="hook-status")["_text"] == "INACTIVE"
    assert shown.page.find(id="hook-delete") is not None
    shown = console.act(f"{page}/lifecycle/activate", on=page)
    assert shown.notice == "Activated." and only_hook(org).status == "ACTIVE"
    assert shown.page.find(id="hook-delete") is None
    assert types_logged(org, "event_hook.") == ["event_hook.created", "event_hook.deactivated",
                                                "event_hook.activated"]


def test_deleting_an_active_hook_is_refused_in_oktas_words(console, org):
    create(console)
    hook = only_hook(org)
    page = f"/event-hooks/{hook.id}"
    shown = console.act(f"{page}/delete", on=page)
    assert shown.location == CONSOLE + page
    assert "The event hook must be deactivated before it can be deleted" in shown.error
    assert core.get_hook(org.store, hook.id) is not None


def test_delete_an_inactive_hook(console, org):
    create(console)
    hook = only_hook(org)
    page = f"/event-hooks/{hook.id}"
    console.act(f"{page}/lifecycle/deactivate", on=page)
    shown = console.act(f"{page}/delete", on=page)
    assert shown.location == f"{CONSOLE}/event-hooks"
    assert shown.notice == "Deleted Provisioning."
    assert core.list_hooks(org.store) == []
    assert types_logged(org, "event_hook.")[-1] == "event_hook.deleted"


def test_verify_runs_oktas_check_and_deliveries_are_listed(console, org, make_user):
    with hook_receiver() as receiver:
        create(console, uri=receiver.url)
        hook = only_hook(org)
        page = f"/event-hooks/{hook.id}"
        assert console.page(page).find(id="no-deliveries") is not None
        shown = console.act(f"{page}/lifecycle/verify", on=page)
        assert shown.notice == "Verified: the endpoint echoed the challenge."
        assert shown.page.find(id="hook-verification")["_text"] == "VERIFIED"
        (check,) = receiver.requests
        assert check.method == "GET" and check.headers["authorization"] == SECRET
        assert "x-okta-verification-challenge" in check.headers
        user = make_user()
        settled(lambda: console.client.get("/_mock/hooks/deliveries",
                                           query_string={"hookId": hook.id}).json)
    rows = console.page(page).find_all(data_se="delivery")
    texts = [row["_text"] for row in rows]
    assert len(texts) == 2      # create, then activate: newest first
    assert "user.lifecycle.activate" in texts[0] and "user.lifecycle.create" in texts[1]
    for text in texts:
        assert "DELIVERED" in text and "200" in text
    sent = [e for p in receiver.posts() for e in p.body["data"]["events"]]   # maybe batched
    assert {e["target"][0]["id"] for e in sent} == {user["id"]}
    events = system_log.events(org.store, "event_hook.verified")
    assert [e["outcome"]["result"] for e in events] == ["SUCCESS"]


def test_a_failed_verification_is_a_message_and_logged(console, org):
    with hook_receiver(echo_challenge=False) as receiver:
        create(console, uri=receiver.url)
        hook = only_hook(org)
        page = f"/event-hooks/{hook.id}"
        shown = console.act(f"{page}/lifecycle/verify", on=page)
    assert "Event hook verification failed" in shown.error
    assert only_hook(org).verification_status == "UNVERIFIED"
    (event,) = system_log.events(org.store, "event_hook.verified")
    assert event["outcome"]["result"] == "FAILURE"


def test_a_hook_made_by_the_api_is_managed_here(console, client, api_headers, org):
    body = {"name": "From the API", "events": {"type": "EVENT_TYPE",
                                               "items": ["group.lifecycle.create"]},
            "channel": {"type": "HTTP", "version": "1.0.0", "config": {
                "uri": "https://hooks.example.com/api",
                "headers": [{"key": "X-Team", "value": "identity"}]}}}
    hook = client.post("/api/v1/eventHooks", json=body, headers=api_headers).json
    html = console.get(f"/event-hooks/{hook['id']}").get_data(as_text=True)
    assert "X-Team" in html and "identity" in html and "group.lifecycle.create" in html
    console.act(f"/event-hooks/{hook['id']}/lifecycle/deactivate",
                on=f"/event-hooks/{hook['id']}")
    assert client.get(f"/api/v1/eventHooks/{hook['id']}",
                      headers=api_headers).json["status"] == "INACTIVE"


@pytest.mark.parametrize("path", ["/event-hooks/whoNoSuchHook", "/event-hooks/whoNoSuchHook/secret"])
def test_an_unknown_hook_is_the_orgs_404_page(console, path):
    response = console.get(path, status=404)
    assert response.mimetype == "text/html"
    assert "Not found: Resource not found: whoNoSuchHook (Webhook)" in response.get_data(
        as_text=True)


@pytest.mark.parametrize("action", ["lifecycle/verify", "lifecycle/activate", "delete"])
def test_an_action_on_an_unknown_hook_is_the_404_page(console, action):
    response = console.submit(f"/event-hooks/whoNoSuchHook/{action}", on="/event-hooks")
    assert response.status_code == 404
    assert "(Webhook)" in response.get_data(as_text=True)


def test_an_unknown_operation_is_not_found(console, org):
    create(console)
    hook = only_hook(org)
    response = console.submit(f"/event-hooks/{hook.id}/lifecycle/explode",
                              on=f"/event-hooks/{hook.id}")
    assert response.status_code == 404 and response.mimetype == "text/html"


@pytest.mark.parametrize("action", ["", "/{id}/lifecycle/deactivate", "/{id}/delete"])
def test_without_the_csrf_token_nothing_is_done(console, org, action):
    create(console)
    hook = only_hook(org)
    path = "/event-hooks" + action.format(id=hook.id)
    response = console.submit(path, {"name": "Second", "uri": "https://h.example/",
                                     "events": "user.lifecycle.create"},
                              on="/event-hooks", csrf=False)
    assert response.status_code == 403
    assert "This page has expired" in response.get_data(as_text=True)
    assert [h.id for h in core.list_hooks(org.store)] == [hook.id]
    assert only_hook(org).status == "ACTIVE"


def test_the_event_hooks_page_marks_its_section(console):
    current = console.page("/event-hooks").find("a", **{"aria-current": "page"})
    assert current["_text"] == "Event hooks" and current["href"] == f"{CONSOLE}/event-hooks"
