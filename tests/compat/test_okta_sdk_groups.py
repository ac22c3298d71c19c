"""Okta's official Python SDK against a live mock: groups and memberships."""

from __future__ import annotations

import datetime

import pytest
from okta.models import AddGroupRequest, Group, GroupType, User, UserStatus

from .sdk_support import call, fails, new_user, ok, unique_login, unique_name

EVERYONE_DESCRIPTION = "All users in your organization"


def group_body(name: str, description: str | None = None) -> AddGroupRequest:
    profile = {"name": name}
    if description is not None:
        profile["description"] = description
    return AddGroupRequest.from_dict({"profile": profile})


def profile(group: Group):
    # Group.profile is a oneOf wrapper (Okta group or AD group profile): the data is inside.
    return group.profile.actual_instance


def test_create_a_group_fully_typed(sdk):
    name = unique_name("Engineering")
    group = ok(sdk.add_group(group_body(name, "Builders")))
    assert isinstance(group, Group)
    assert group.id.startswith("00g") and len(group.id) == 20
    assert group.type is GroupType.OKTA_GROUP and group.object_class == ["okta:user_group"]
    assert (profile(group).name, profile(group).description) == (name, "Builders")
    assert all(isinstance(v, datetime.datetime) for v in
               (group.created, group.last_updated, group.last_membership_updated))
    assert group.links.users.href.endswith(f"/api/v1/groups/{group.id}/users")
    assert [logo.name for logo in group.links.logo] == ["medium", "large"]


def test_get_update_and_delete_a_group(sdk):
    group = ok(sdk.add_group(group_body(unique_name("Ops"), "Night shift")))
    assert profile(ok(sdk.get_group(group.id))).name == profile(group).name
    renamed = unique_name("Operations")
    replaced = ok(sdk.replace_group(group.id, group_body(renamed)))
    assert (profile(replaced).name, profile(replaced).description) == (renamed, None)
    assert profile(ok(sdk.get_group(group.id))).name == renamed
    data, response, error = call(sdk.delete_group(group.id))
    assert (data, error, response.status_code) == (None, None, 204)
    fails(sdk.get_group(group.id), 404, "E0000007",
          f"Not found: Resource not found: {group.id} (UserGroup)")
    fails(sdk.delete_group(group.id), 404, "E0000007")


def test_group_validation_errors_are_typed(sdk):
    name = unique_name("Unique")
    ok(sdk.add_group(group_body(name)))
    fails(sdk.add_group(group_body(name.upper())), 400, "E0000001", "Api validation failed: name",
          ["name: An object with this field already exists in the current organization"])
    fails(sdk.add_group(AddGroupRequest.from_dict({"profile": {"description": "no name"}})),
          400, "E0000001", "Api validation failed: name")


def test_list_groups_by_q_filter_and_search(sdk):
    stem = unique_name("Guild")
    made = {ok(sdk.add_group(group_body(f"{stem} {n}"))).id for n in ("A", "B", "C")}
    assert {g.id for g in ok(sdk.list_groups(q=stem.lower()))} == made
    assert len(ok(sdk.list_groups(q=stem, limit=2))) == 2
    built_in = ok(sdk.list_groups(filter='type eq "BUILT_IN"'))
    assert [(profile(g).name, g.type) for g in built_in] == [("Everyone", GroupType.BUILT_IN)]
    searched = ok(sdk.list_groups(search=f'profile.name sw "{stem}"'))
    assert {g.id for g in searched} == made
    fails(sdk.list_groups(search="profile.name eq"), 400, "E0000031", "Invalid search criteria.")


def test_everyone_is_built_in_and_read_only(sdk):
    everyone = ok(sdk.list_groups(q="Everyone"))[0]
    assert everyone.type is GroupType.BUILT_IN
    assert profile(everyone).description == EVERYONE_DESCRIPTION
    fails(sdk.replace_group(everyone.id, group_body("Nobody")), 403, "E0000006")
    fails(sdk.delete_group(everyone.id), 403, "E0000006")


def test_members_add_list_and_remove(sdk):
    group = ok(sdk.add_group(group_body(unique_name("Crew"))))
    ada = ok(sdk.create_user(new_user("Ada", "Lovelace")))
    staged = ok(sdk.create_user(new_user("Stan", "Staged"), activate=False))
    for user in (ada, staged, ada):                        # adding twice is harmless
        data, response, error = call(sdk.assign_user_to_group(group.id, user.id))
        assert (data, error, response.status_code) == (None, None, 204)
    members = ok(sdk.list_group_users(group.id))
    assert all(isinstance(m, User) for m in members)
    assert {m.id: m.status for m in members} == {ada.id: UserStatus.ACTIVE,
                                                 staged.id: UserStatus.STAGED}
    assert all(set(m.links.to_dict()) == {"self"} for m in members)   # collection links
    assert len(ok(sdk.list_group_users(group.id, limit=1))) == 1
    data, response, error = call(sdk.unassign_user_from_group(group.id, ada.id))
    assert (data, error, response.status_code) == (None, None, 204)
    assert [m.id for m in ok(sdk.list_group_users(group.id))] == [staged.id]


def test_membership_errors_are_typed(sdk):
    group = ok(sdk.add_group(group_body(unique_name("Errors"))))
    user = ok(sdk.create_user(new_user()))
    fails(sdk.assign_user_to_group(group.id, "00uNoSuchUser0000000"), 404, "E0000007")
    fails(sdk.assign_user_to_group("00gNoSuchGroup000000", user.id), 404, "E0000007")
    fails(sdk.list_group_users("00gNoSuchGroup000000"), 404, "E0000007")
    everyone = ok(sdk.list_groups(q="Everyone"))[0]
    fails(sdk.unassign_user_from_group(everyone.id, user.id), 403, "E0000006")


def test_a_users_groups_always_include_everyone(sdk):
    first = ok(sdk.add_group(group_body(unique_name("First"))))
    second = ok(sdk.add_group(group_body(unique_name("Second"))))
    user = ok(sdk.create_user(new_user(group_ids=[first.id, second.id])))
    groups = ok(sdk.list_user_groups(user.id))
    assert all(isinstance(g, Group) for g in groups)
    by_name = {profile(g).name: g.type for g in groups}
    assert by_name == {"Everyone": GroupType.BUILT_IN, profile(first).name: GroupType.OKTA_GROUP,
                       profile(second).name: GroupType.OKTA_GROUP}
    loner = ok(sdk.create_user(new_user()))
    assert [profile(g).name for g in ok(sdk.list_user_groups(loner.id))] == ["Everyone"]
    fails(sdk.list_user_groups("00uNoSuchUser0000000"), 404, "E0000007")


@pytest.mark.parametrize("group_ids, status, code", [
    (["00gNoSuchGroup000000"], 404, "E0000007"),
    (["00gNoSuchGroup000000"] * 21, 400, "E0000093"),
], ids=["unknown-group", "too-many"])
def test_create_with_bad_group_ids_creates_nobody(sdk, group_ids, status, code):
    login = unique_login()
    fails(sdk.create_user(new_user(login=login, group_ids=group_ids)), status, code)
    fails(sdk.get_user(login), 404, "E0000007")
