"""Event Hooks API (`/api/v1/eventHooks`): CRUD, activate, deactivate and verify,
with Okta's object shape. Rules are directory/event_hooks.py's; the HTTP calls
to the hook (and the lifecycle steps that start the sender) are org/hook_sender.py's,
shared with the console."""

from __future__ import annotations

from flask import jsonify

from mock_okta.api import bp, require_api_token
from mock_okta.clock import iso
from mock_okta.directory import event_hooks as core
from mock_okta.errors import ApiError
from mock_okta.org import current_org
from mock_okta.web.request_body import json_object


def hook_json(hook: core.Hook) -> dict:
    """The hook as Okta returns it: `authScheme.value` is write-only, never sent back."""
    href = hook.source
    auth = {"type": "HEADER", "key": hook.auth_key} if hook.auth_key else None
    if hook.status == core.ACTIVE:
        links = {"self": {"href": href},
                 "verify": {"href": f"{href}/lifecycle/verify", "hints": {"allow": ["POST"]}},
                 "deactivate": {"href": f"{href}/lifecycle/deactivate",
                                "hints": {"allow": ["POST"]}}}
    else:
        links = {"activate": {"href": f"{href}/lifecycle/activate", "hints": {"allow": ["POST"]}},
                 "self": {"href": href},
                 "delete": {"href": href, "hints": {"allow": ["DELETE"]}}}
    return {
        "id": hook.id, "status": hook.status, "verificationStatus": hook.verification_status,
        "name": hook.name, "description": hook.description, "created": iso(hook.created),
        "createdBy": None, "lastUpdated": iso(hook.last_updated),
        "events": {"type": "EVENT_TYPE", "items": hook.events, "filter": None},
        "channel": {"type": "HTTP", "version": "1.0.0", "config": {
            "uri": hook.uri, "headers": hook.headers, "method": "POST", "authScheme": auth}},
        "_links": links,
    }


def _hook_or_404(hook_id: str) -> core.Hook:
    hook = core.get_hook(current_org().store, hook_id)
    if hook is None:
        raise ApiError.not_found(hook_id, "Webhook")
    return hook


def _one(hook: core.Hook):
    return jsonify(hook_json(hook))


@bp.post("/eventHooks")
@require_api_token
def create_event_hook():
    org = current_org()
    return _one(core.create_hook(org.store, core.parse_hook(json_object()), org.url()))


@bp.get("/eventHooks")
@require_api_token
def list_event_hooks():
    return jsonify([hook_json(hook) for hook in core.list_hooks(current_org().store)])


@bp.get("/eventHooks/<hook_id>")
@require_api_token
def get_event_hook(hook_id):
    return _one(_hook_or_404(hook_id))


@bp.put("/eventHooks/<hook_id>")
@require_api_token
def replace_event_hook(hook_id):
    hook = _hook_or_404(hook_id)
    return _one(core.replace_hook(current_org().store, hook, core.parse_hook(json_object())))


@bp.delete("/eventHooks/<hook_id>")
@require_api_token
def delete_event_hook(hook_id):
    core.delete_hook(current_org().store, _hook_or_404(hook_id))
    return "", 204


@bp.post("/eventHooks/<hook_id>/lifecycle/activate")
@require_api_token
def activate_event_hook(hook_id):
    return _one(current_org().hook_sender.set_hook_status(_hook_or_404(hook_id), core.ACTIVE))


@bp.post("/eventHooks/<hook_id>/lifecycle/deactivate")
@require_api_token
def deactivate_event_hook(hook_id):
    return _one(current_org().hook_sender.set_hook_status(_hook_or_404(hook_id), core.INACTIVE))


@bp.post("/eventHooks/<hook_id>/lifecycle/verify")
@require_api_token
def verify_event_hook(hook_id):
    return _one(current_org().hook_sender.verify_hook(_hook_or_404(hook_id)))
