"""Event hooks: the /api/v1/eventHooks API as Okta answers it, the verification
GET, and delivery to a real receiving server on 127.0.0.1 (Okta's envelope,
auth and custom headers, one retry for 5xx, none for 4xx, only ACTIVE and
VERIFIED hooks)."""

from __future__ import annotations

import pytest

from mock_okta.directory import hook_deliveries
from mock_okta.org import hook_sender
from tests.mock_okta.support.api import assert_okta_error
from tests.mock_okta.support.hook_receiver import hook_receiver, settled
from tests.mock_okta.support.pages import post_register, register_form
from tests.mock_okta.support.system_log import stored_events

SECRET = "Basic c2VjcmV0OnZhbHVl"


def hook_body(uri="https://hooks.example.com/okta", items=("user.lifecycle.create",),
              **overrides) -> dict:
    body = {"name": "Provisioning", "events": {"type": "EVENT_TYPE", "items": list(items)},
            "channel": {"type": "HTTP", "version": "1.0.0", "config": {
                "uri": uri, "headers": [{"key": "X-Team", "value": "identity"}],
                "authScheme": {"type": "HEADER", "key": "Authorization", "value": SECRET}}}}
    body.update(overrides)
    return body


def create(client, api_headers, body=None):
    response = client.post("/api/v1/eventHooks", json=body or hook_body(), headers=api_headers)
    assert response.status_code == 200, response.data
    return response.get_json()


def verified_hook(client, api_headers, receiver, events=("user.lifecycle.create",)):
    hook = create(client, api_headers, hook_body(uri=receiver.url, items=events))
    response = client.post(f"/api/v1/eventHooks/{hook['id']}/lifecycle/verify",
                           headers=api_headers)
    assert response.status_code == 200, response.data
    return response.get_json()


def deliveries(app):
    return hook_deliveries.deliveries(app.extensions["mock_okta"].store)


def test_create_answers_200_active_unverified_without_the_secret(client, api_headers):
    hook = create(client, api_headers)
    assert hook["id"].startswith("who") and len(hook["id"]) == 20
    assert (hook["status"], hook["verificationStatus"]) == ("ACTIVE", "UNVERIFIED")
    assert hook["events"] == {"type": "EVENT_TYPE", "items": ["user.lifecycle.create"],
                              "filter": None}
    config = hook["channel"]["config"]
    assert config["authScheme"] == {"type": "HEADER", "key": "Authorization"}   # no value
    assert config["method"] == "POST" and config["headers"] == [
        {"key": "X-Team", "value": "identity"}]
    assert set(hook["_links"]) == {"self", "verify", "deactivate"}
    assert hook["_links"]["verify"]["hints"] == {"allow": ["POST"]}
    assert hook["description"] is None and hook["created"].endswith("Z")


def test_read_list_replace_deactivate_and_delete(client, api_headers):
    hook = create(client, api_headers)
    path = f"/api/v1/eventHooks/{hook['id']}"
    assert client.get(path, headers=api_headers).get_json() == hook
    assert [h["id"] for h in client.get("/api/v1/eventHooks", headers=api_headers).get_json()] \
        == [hook["id"]]
    replaced = client.put(path, json=hook_body(name="Renamed"), headers=api_headers).get_json()
    assert replaced["name"] == "Renamed"
    assert_okta_error(client.delete(path, headers=api_headers), 400, "E0000001")
    inactive = client.post(f"{path}/lifecycle/deactivate", headers=api_headers).get_json()
    assert inactive["status"] == "INACTIVE"
    assert set(inactive["_links"]) == {"activate", "self", "delete"}
    assert client.delete(path, headers=api_headers).status_code == 204
    assert_okta_error(client.get(path, headers=api_headers), 404, "E0000007",
                      f"Not found: Resource not found: {hook['id']} (Webhook)")
    assert [e["eventType"] for e in stored_events(client.application)] == [
        "event_hook.created", "event_hook.updated", "event_hook.deactivated",
        "event_hook.deleted"]


def test_unknown_hook_everywhere_is_404(client, api_headers):
    for method, suffix in (("get", ""), ("put", ""), ("delete", ""),
                           ("post", "/lifecycle/activate"), ("post", "/lifecycle/verify")):
        response = getattr(client, method)(f"/api/v1/eventHooks/whoNope{suffix}",
                                           json=hook_body(), headers=api_headers)
        assert_okta_error(response, 404, "E0000007")


def test_needs_the_api_token(client):
    assert_okta_error(client.get("/api/v1/eventHooks"), 403, "E0000005")


BAD_BODIES = [
    ({"name": ""}, "name"),
    ({"name": "x" * 256}, "name"),
    ({"events": {"type": "EVENT_TYPE", "items": []}}, "events.items"),
    ({"events": {"type": "OTHER", "items": ["user.lifecycle.create"]}}, "events"),
    ({"events": {"type": "EVENT_TYPE", "items": ["app.oauth2.token.grant.access_token"]}},
     "events.items"),
    ({"events": {"type": "EVENT_TYPE", "items": ["no.such.event"]}}, "events.items"),
    ({"events": {"type": "EVENT_TYPE", "items": ["user.lifecycle.create"],
                 "filter": {"type": "EXPRESSION_LANGUAGE"}}}, "events.filter"),
    ({"channel": {"type": "SMTP"}}, "channel"),
    ({"channel": {"type": "HTTP", "config": {"uri": "http://hooks.example.com/x"}}},
     "channel.config.uri"),
    ({"channel": {"type": "HTTP", "config": {"uri": "https://a b.example.com/"}}},
     "channel.config.uri"),
    ({"channel": {"type": "HTTP", "config": {"uri": "https://h.example.com/",
                                             "headers": [{"key": "Accept", "value": "x"}]}}},
     "channel.config.headers"),
    ({"channel": {"type": "HTTP", "config": {"uri": "https://h.example.com/",
                                             "authScheme": {"type": "BASIC"}}}},
     "channel.config.authScheme"),
    ({"status": "PAUSED"}, "status"),
]


@pytest.mark.parametrize(("change", "field"), BAD_BODIES, ids=[b[1] + str(i) for i, b in
                                                             enumerate(BAD_BODIES)])
def test_bad_hooks_are_refused_with_e0000001(client, api_headers, change, field):
    response = client.post("/api/v1/eventHooks", json=hook_body(**change), headers=api_headers)
    assert_okta_error(response, 400, "E0000001", f"Api validation failed: {field}")


def test_a_body_that_is_not_json_is_e0000003(client, api_headers):
    response = client.post("/api/v1/eventHooks", data="{", headers={
        **api_headers, "Content-Type": "application/json"})
    assert_okta_error(response, 400, "E0000003")


def test_verify_echoes_the_challenge_with_the_configured_headers(client, api_headers):
    with hook_receiver() as receiver:
        hook = verified_hook(client, api_headers, receiver)
    assert hook["verificationStatus"] == "VERIFIED"
    (get,) = receiver.requests
    assert get.method == "GET" and get.path == "/okta/events"
    assert len(get.headers["x-okta-verification-challenge"]) >= 32
    assert get.headers["authorization"] == SECRET and get.headers["x-team"] == "identity"
    (event,) = stored_events(client.application, "event_hook.verified")
    assert event["outcome"]["result"] == "SUCCESS"


def test_verify_fails_on_a_wrong_echo_and_the_hook_stays_unverified(client, api_headers):
    with hook_receiver(echo_challenge=False) as receiver:
        hook = create(client, api_headers, hook_body(uri=receiver.url))
        response = client.post(f"/api/v1/eventHooks/{hook['id']}/lifecycle/verify",
                               headers=api_headers)
    assert_okta_error(response, 400, "E0000001", "Api validation failed: verification")
    again = client.get(f"/api/v1/eventHooks/{hook['id']}", headers=api_headers).get_json()
    assert again["verificationStatus"] == "UNVERIFIED"
    (event,) = stored_events(client.application, "event_hook.verified")
    assert event["outcome"]["result"] == "FAILURE"


def test_verify_fails_when_nobody_answers_after_one_retry(client, api_headers):
    with hook_receiver() as receiver:
        url = receiver.url
    hook = create(client, api_headers, hook_body(uri=url))   # the server is gone now
    response = client.post(f"/api/v1/eventHooks/{hook['id']}/lifecycle/verify",
                           headers=api_headers)
    assert_okta_error(response, 400, "E0000001")


def test_changing_the_channel_drops_verification(client, api_headers):
    with hook_receiver() as receiver:
        hook = verified_hook(client, api_headers, receiver)
    path = f"/api/v1/eventHooks/{hook['id']}"
    same = client.put(path, json=hook_body(uri=receiver.url, name="Same channel"),
                      headers=api_headers).get_json()
    assert same["verificationStatus"] == "VERIFIED"
    moved = client.put(path, json=hook_body(uri="https://elsewhere.example.com/"),
                       headers=api_headers).get_json()
    assert moved["verificationStatus"] == "UNVERIFIED"


def test_self_service_sign_up_is_delivered_as_user_lifecycle_create(app, client, api_headers):
    with hook_receiver() as receiver:
        hook = verified_hook(client, api_headers, receiver)
        post_register(client, register_form(email="grace@example.com"))
        (record,) = settled(lambda: deliveries(app))
    assert record["status"] == "DELIVERED" and record["attempts"] == 1
    assert record["eventType"] == "user.lifecycle.create" and record["lastResult"] == "200"
    (post,) = receiver.posts()
    assert post.headers["authorization"] == SECRET and post.headers["x-team"] == "identity"
    assert post.headers["content-type"] == "application/json"
    assert post.headers["user-agent"].startswith("Okta Hook Service")
    body = post.body
    assert (body["eventType"], body["eventTypeVersion"], body["cloudEventsVersion"]) == (
        "com.okta.event_hook", "1.0", "0.1")
    assert body["source"].endswith(f"/api/v1/eventHooks/{hook['id']}")
    assert body["eventId"] == record["eventId"] and body["contentType"] == "application/json"
    (event,) = body["data"]["events"]
    assert event["eventType"] == "user.lifecycle.create" and event["uuid"] == record["uuid"]
    assert event["target"][0]["alternateId"] == "grace@example.com"


def test_a_5xx_is_retried_once(app, client, api_headers, make_user):
    with hook_receiver(statuses=[503]) as receiver:
        verified_hook(client, api_headers, receiver)
        make_user()
        (record,) = settled(lambda: deliveries(app))
    assert (record["status"], record["attempts"], record["lastResult"]) == ("DELIVERED", 2, "200")
    first, second = receiver.posts()
    assert first.body["data"] == second.body["data"]          # at least once: same events
    (failure,) = stored_events(app, "event_hook.delivery")
    assert failure["outcome"] == {"result": "FAILURE",
                                  "reason": "Event hook delivery failed: 503"}


def test_two_5xx_fail_for_good(app, client, api_headers, make_user):
    with hook_receiver(statuses=[500, 502]) as receiver:
        verified_hook(client, api_headers, receiver)
        make_user()
        (record,) = settled(lambda: deliveries(app))
    assert (record["status"], record["attempts"]) == ("FAILED", 2)
    assert len(receiver.posts()) == 2
    assert len(stored_events(app, "event_hook.delivery")) == 2


def test_a_timeout_is_retried(app, client, api_headers, make_user, monkeypatch):
    monkeypatch.setattr(hook_sender, "TIMEOUT", 0.3)    # Okta's is 3 s; the rule is the same
    with hook_receiver(slow_posts=1, slowness=1.0) as receiver:
        verified_hook(client, api_headers, receiver)
        make_user()
        (record,) = settled(lambda: deliveries(app))
    assert (record["status"], record["attempts"], record["lastResult"]) == ("DELIVERED", 2, "200")
    assert len(receiver.posts()) == 2
    (failure,) = stored_events(app, "event_hook.delivery")
    assert failure["outcome"]["reason"] == "Event hook delivery failed: timeout"


def test_a_4xx_is_not_retried(app, client, api_headers, make_user):
    with hook_receiver(statuses=[401]) as receiver:
        verified_hook(client, api_headers, receiver)
        make_user()
        (record,) = settled(lambda: deliveries(app))
    assert (record["status"], record["attempts"], record["lastResult"]) == ("FAILED", 1, "401")
    assert len(receiver.posts()) == 1


def test_inactive_and_unverified_hooks_get_nothing(app, client, api_headers, make_user):
    with hook_receiver() as receiver:
        hook = verified_hook(client, api_headers, receiver)
        client.post(f"/api/v1/eventHooks/{hook['id']}/lifecycle/deactivate",
                    headers=api_headers)
        create(client, api_headers, hook_body(uri=receiver.url))   # never verified
        make_user()
    assert deliveries(app) == [] and receiver.posts() == []


def test_only_subscribed_types_are_delivered(app, client, api_headers, make_user):
    with hook_receiver() as receiver:
        verified_hook(client, api_headers, receiver, events=("user.lifecycle.deactivate",))
        user = make_user()
        client.post(f"/api/v1/users/{user['id']}/lifecycle/deactivate", headers=api_headers)
        (record,) = settled(lambda: deliveries(app))
    assert record["eventType"] == "user.lifecycle.deactivate"


def test_the_delivery_record_is_a_kit_route(app, client, api_headers, make_user):
    with hook_receiver() as receiver:
        hook = verified_hook(client, api_headers, receiver)
        make_user()
        settled(lambda: deliveries(app))
    response = client.get(f"/_mock/hooks/deliveries?hookId={hook['id']}")
    (record,) = response.get_json()
    assert record["hookId"] == hook["id"] and record["status"] == "DELIVERED"
    assert client.get("/_mock/hooks/deliveries?hookId=whoOther").get_json() == []


def test_reset_forgets_hooks_and_deliveries(app, client, api_headers, make_user):
    with hook_receiver() as receiver:
        verified_hook(client, api_headers, receiver)
        make_user()
        settled(lambda: deliveries(app))
    client.post("/_mock/reset", headers=api_headers)
    assert deliveries(app) == []
    assert client.get("/api/v1/eventHooks", headers=api_headers).get_json() == []
