"""Okta's official Python SDK manages event hooks on the mock: typed EventHook
objects in and out, verify against a receiver on 127.0.0.1, and the lifecycle."""

from __future__ import annotations

from okta.models import EventHook, EventHookVerificationStatus

from tests.mock_okta.support.hook_receiver import hook_receiver, settled

from .sdk_support import fails, new_user, ok, unique_name


def hook_model(uri: str) -> EventHook:
    return EventHook.from_dict({
        "name": unique_name("hook"), "events": {"type": "EVENT_TYPE",
                                                "items": ["user.lifecycle.create"]},
        "channel": {"type": "HTTP", "version": "1.0.0", "config": {
            "uri": uri, "headers": [{"key": "X-Team", "value": "identity"}],
            "authScheme": {"type": "HEADER", "key": "Authorization", "value": "s3cret"}}}})


def test_the_sdk_creates_verifies_and_receives(sdk, sdk_org):
    with hook_receiver() as receiver:
        hook = ok(sdk.create_event_hook(hook_model(receiver.url)))
        assert isinstance(hook, EventHook) and hook.id.startswith("who")
        assert hook.verification_status is EventHookVerificationStatus.UNVERIFIED
        assert hook.channel.config.auth_scheme.value is None     # never echoed
        verified = ok(sdk.verify_event_hook(hook.id))
        assert verified.verification_status is EventHookVerificationStatus.VERIFIED
        user = ok(sdk.create_user(new_user()))

        def posted():
            return [{"status": "DELIVERED"}] if any(
                event["target"][0]["id"] == user.id for post in receiver.posts()
                for event in post.body["data"]["events"]) else []

        settled(posted)
    assert receiver.posts()[0].headers["authorization"] == "s3cret"


def test_the_sdk_lifecycle_and_errors(sdk):
    hook = ok(sdk.create_event_hook(hook_model("https://127.0.0.1:9/okta")))  # nobody there
    assert hook.id in [h.id for h in ok(sdk.list_event_hooks())]
    assert ok(sdk.get_event_hook(hook.id)).name == hook.name
    assert ok(sdk.deactivate_event_hook(hook.id)).status == "INACTIVE"
    assert ok(sdk.activate_event_hook(hook.id)).status == "ACTIVE"
    fails(sdk.verify_event_hook(hook.id), 400, "E0000001")
    ok(sdk.deactivate_event_hook(hook.id))
    ok(sdk.delete_event_hook(hook.id))
    fails(sdk.get_event_hook(hook.id), 404, "E0000007",
          f"Not found: Resource not found: {hook.id} (Webhook)")
