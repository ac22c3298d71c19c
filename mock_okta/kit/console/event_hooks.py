"""Console section: event hooks. List, create (through the Event Hooks API's own
parse), activate, deactivate, verify (the same one-time check as
POST …/lifecycle/verify: org/hook_sender.py), delete (inactive only, as Okta), and
each hook's recent deliveries (the record /_mock/hooks/deliveries serves). The
auth header's value is a secret: shown only when asked for."""

from __future__ import annotations

from flask import request

from mock_okta.directory import event_hooks as core
from mock_okta.directory import hook_deliveries
from mock_okta.directory.event_types import CATALOG
from mock_okta.errors import ApiError
from mock_okta.kit.console import action, done, page, render, section
from mock_okta.org import current_org

DELIVERIES_SHOWN = 50


def _hook(hook_id: str) -> core.Hook:
    hook = core.get_hook(current_org().store, hook_id)
    if hook is None:
        raise ApiError.not_found(hook_id, "Webhook")
    return hook


def eligible_types() -> list[tuple[str, str]]:
    """(event type, display message) of every type a hook may subscribe to, in the
    catalog's order (grouped by what they are about)."""
    return [(name, kind.display) for name, kind in CATALOG.items() if kind.hook_eligible]


def hook_body(form) -> dict:
    """The create form as the body of POST /api/v1/eventHooks, for core.parse_hook:
    the API's rules (and its words for a refusal) are the console's."""
    config: dict = {"uri": form.get("uri", "").strip(), "headers": []}
    key, value = form.get("authKey", "").strip(), form.get("authValue", "")
    if key or value:
        config["authScheme"] = {"type": "HEADER", "key": key, "value": value or None}
    return {"name": form.get("name", "").strip(),
            "description": form.get("description", "").strip() or None,
            "events": {"type": "EVENT_TYPE", "items": form.getlist("events")},
            "channel": {"type": "HTTP", "version": "1.0.0", "config": config}}


def recent_deliveries(rows: list[dict], limit: int = DELIVERIES_SHOWN) -> list[dict]:
    """Newest first, at most `limit` (the record is oldest first)."""
    return list(reversed(rows))[:limit]


@page("/event-hooks")
def event_hooks():
    return render("event_hooks.html", hooks=core.list_hooks(current_org().store),
                  types=eligible_types())


@action("/event-hooks")
def create_event_hook():
    org = current_org()
    hook = core.create_hook(org.store, core.parse_hook(hook_body(request.form)), org.url())
    return done(f"Created {hook.name} ({hook.status}, {hook.verification_status}): verify it "
                "before it is sent events.", event_hook_page, hook_id=hook.id)


@page("/event-hooks/<hook_id>")
def event_hook_page(hook_id):
    return _show(_hook(hook_id), show_secret=False)


@page("/event-hooks/<hook_id>/secret")
def event_hook_secret(hook_id):
    return _show(_hook(hook_id), show_secret=True)


def _show(hook: core.Hook, *, show_secret: bool):
    rows = hook_deliveries.deliveries(current_org().store, hook.id)
    return render("event_hook.html", hook=hook, show_secret=show_secret,
                  deliveries=recent_deliveries(rows), delivery_count=len(rows),
                  shown=DELIVERIES_SHOWN)


@action("/event-hooks/<hook_id>/lifecycle/<operation>")
def event_hook_lifecycle(hook_id, operation):
    sender, hook = current_org().hook_sender, _hook(hook_id)
    if operation == "activate":
        hook, said = sender.set_hook_status(hook, core.ACTIVE), "Activated."
    elif operation == "deactivate":
        hook, said = sender.set_hook_status(hook, core.INACTIVE), "Deactivated."
    elif operation == "verify":
        hook, said = sender.verify_hook(hook), "Verified: the endpoint echoed the challenge."
    else:
        raise ApiError.path_not_found()
    return done(said, event_hook_page, hook_id=hook.id)


@action("/event-hooks/<hook_id>/delete")
def delete_event_hook(hook_id):
    hook = _hook(hook_id)
    core.delete_hook(current_org().store, hook)
    return done(f"Deleted {hook.name}.", event_hooks)


section("Event hooks", event_hooks, place=57)
