"""Console section: groups. Create, rename, and manage members, through the
directory functions the Groups API calls."""

from __future__ import annotations

from flask import request

from mock_okta.directory import groups as core
from mock_okta.directory.users import get_user
from mock_okta.errors import ApiError
from mock_okta.kit.console import action, done, page, render, section
from mock_okta.org import current_org

MEMBERS_SHOWN = 1000


def _group(group_id: str) -> core.Group:
    group = core.get_group(current_org().store, group_id)
    if group is None:
        raise ApiError.not_found(group_id, "UserGroup")
    return group


def _user(login_or_id: str):
    user = get_user(current_org().store, login_or_id.strip())
    if user is None:
        raise ApiError.not_found(login_or_id.strip(), "User")
    return user


@page("/groups")
def groups():
    found, _ = core.list_groups(current_org().store, q=request.args.get("q") or None,
                                limit=10_000, after=None)
    return render("groups.html", groups=found, q=request.args.get("q", ""))


@action("/groups")
def create_group():
    profile = {"name": request.form.get("name", ""),
               "description": request.form.get("description") or None}
    group = core.create_group(current_org().store, profile)
    return done(f"Created {group.name}.", group_page, group_id=group.id)


@page("/groups/<group_id>")
def group_page(group_id):
    store = current_org().store
    group = _group(group_id)
    ids, _ = core.member_ids(store, group, limit=MEMBERS_SHOWN, after=None)
    members = [user for user in (get_user(store, uid) for uid in ids) if user]
    return render("group.html", group=group, members=members)


@action("/groups/<group_id>/rename")
def rename_group(group_id):
    group = _group(group_id)
    profile = {"name": request.form.get("name", ""),
               "description": request.form.get("description") or None}
    group = core.update_group(current_org().store, group, profile)
    return done("Group saved.", group_page, group_id=group.id)


@action("/groups/<group_id>/members")
def add_member(group_id):
    group, user = _group(group_id), _user(request.form.get("user", ""))
    core.add_member(current_org().store, group, user.id)
    return done(f"Added {user.login}.", group_page, group_id=group.id)


@action("/groups/<group_id>/members/<user_id>/remove")
def remove_member(group_id, user_id):
    group, user = _group(group_id), _user(user_id)
    core.remove_member(current_org().store, group, user.id)
    return done(f"Removed {user.login}.", group_page, group_id=group.id)


section("Groups", groups, place=20)
