"""Groups API (/api/v1/groups) and a user's groups (/api/v1/users/{id}/groups)."""

from __future__ import annotations

from flask import jsonify, request

from mock_okta.api import bp, require_api_token, user_or_404
from mock_okta.api.paging import collection, parse_limit
from mock_okta.clock import iso
from mock_okta.directory import groups as core
from mock_okta.directory.user_json import user_json
from mock_okta.directory.users import get_user
from mock_okta.errors import ApiError
from mock_okta.org import current_org
from mock_okta.web.request_body import json_object

GROUPS_LIMIT = 10_000          # Okta's default and maximum page size for groups
MEMBERS_LIMIT = 1_000          # ... and for a group's members
_LOGO = "https://op1static.oktacdn.com/assets/img/logos/groups/okta-{}.png"


def group_json(group: core.Group, org_url: str) -> dict:
    href = f"{org_url}/api/v1/groups/{group.id}"
    return {
        "id": group.id,
        "created": iso(group.created),
        "lastUpdated": iso(group.last_updated),
        "lastMembershipUpdated": iso(group.last_membership_updated),
        "objectClass": ["okta:user_group"],
        "type": group.type,
        "profile": {"name": group.name, "description": group.description},
        "_links": {
            "logo": [{"name": size, "href": _LOGO.format(size), "type": "image/png"}
                     for size in ("medium", "large")],
            "users": {"href": f"{href}/users"},
            "apps": {"href": f"{href}/apps"},
        },
    }


def _group_or_404(group_id: str) -> core.Group:
    group = core.get_group(current_org().store, group_id)
    if group is None:
        raise ApiError.not_found(group_id, "UserGroup")
    return group


def _one(group: core.Group):
    return jsonify(group_json(group, current_org().url()))


@bp.post("/groups")
@require_api_token
def create_group():
    return _one(core.create_group(current_org().store, json_object().get("profile")))


@bp.get("/groups")
@require_api_token
def list_groups():
    args = request.args
    limit = parse_limit(GROUPS_LIMIT, GROUPS_LIMIT)
    groups, cursor = core.list_groups(
        current_org().store, q=args.get("q"), filter_=args.get("filter"),
        search=args.get("search"), limit=limit, after=args.get("after") or None)
    base = current_org().url()
    return collection([group_json(group, base) for group in groups], cursor)


@bp.get("/groups/<group_id>")
@require_api_token
def get_group(group_id):
    return _one(_group_or_404(group_id))


@bp.put("/groups/<group_id>")
@require_api_token
def update_group(group_id):
    group = _group_or_404(group_id)
    return _one(core.update_group(current_org().store, group, json_object().get("profile")))


@bp.delete("/groups/<group_id>")
@require_api_token
def delete_group(group_id):
    core.delete_group(current_org().store, _group_or_404(group_id))
    return "", 204


@bp.get("/groups/<group_id>/users")
@require_api_token
def list_group_users(group_id):
    group = _group_or_404(group_id)
    org = current_org()
    limit = parse_limit(MEMBERS_LIMIT, MEMBERS_LIMIT)
    ids, cursor = core.member_ids(org.store, group, limit=limit,
                                  after=request.args.get("after") or None)
    base = org.url()
    users = [user for user in (get_user(org.store, uid) for uid in ids) if user]
    return collection([user_json(user, base, user_type_id=org.user_type_id, collection=True)
                       for user in users], cursor)


@bp.put("/groups/<group_id>/users/<user_id>")
@require_api_token
def add_user_to_group(group_id, user_id):
    group, user = _group_or_404(group_id), user_or_404(user_id)
    core.add_member(current_org().store, group, user.id)
    return "", 204


@bp.delete("/groups/<group_id>/users/<user_id>")
@require_api_token
def remove_user_from_group(group_id, user_id):
    group, user = _group_or_404(group_id), user_or_404(user_id)
    core.remove_member(current_org().store, group, user.id)
    return "", 204


@bp.get("/users/<user_id>/groups")
@require_api_token
def list_user_groups(user_id):
    user = user_or_404(user_id)
    org = current_org()
    base = org.url()
    return collection([group_json(group, base) for group in core.user_groups(org.store, user.id)],
                      None)
