"""Console: groups. Create, rename, members."""

from __future__ import annotations

from mock_okta.directory import groups as core
from tests.mock_okta.support.console import CONSOLE


def new_group(console, name="Engineers", description="Builds things"):
    return console.act("/groups", {"name": name, "description": description}, on="/groups")


def test_create_and_list(console, org):
    shown = new_group(console)
    group = core.group_named(org.store, "Engineers")
    assert shown.location == f"{CONSOLE}/groups/{group.id}"
    assert shown.notice == "Created Engineers."
    assert group.description == "Builds things"
    assert "Engineers" in console.page("/groups").find(id="groups-table")["_text"]


def test_a_blank_or_duplicate_name_is_a_message(console):
    assert "name: The field cannot be left blank" in new_group(console, name=" ").error
    new_group(console)
    assert "already exists" in new_group(console, name="engineers").error


def test_rename(console, org):
    new_group(console)
    group = core.group_named(org.store, "Engineers")
    page = f"/groups/{group.id}"
    shown = console.act(f"{page}/rename", {"name": "Builders", "description": ""}, on=page)
    assert shown.notice == "Group saved."
    renamed = core.get_group(org.store, group.id)
    assert (renamed.name, renamed.description) == ("Builders", None)


def test_everyone_cannot_be_renamed(console, org):
    everyone = core.everyone(org.store)
    assert console.page(f"/groups/{everyone.id}").find("form", method="post") is None
    shown = console.act(f"/groups/{everyone.id}/rename", {"name": "All"}, on="/groups")
    assert "built-in group" in shown.error


def test_members_by_login_or_id(console, org, make_user):
    ada, bob = make_user(), make_user()
    new_group(console)
    group = core.group_named(org.store, "Engineers")
    page = f"/groups/{group.id}"
    console.act(f"{page}/members", {"user": ada["profile"]["login"]}, on=page)
    shown = console.act(f"{page}/members", {"user": bob["id"]}, on=page)
    members = shown.page.find(id="group-members")["_text"]
    assert ada["profile"]["login"] in members and bob["profile"]["login"] in members
    shown = console.act(f"{page}/members/{ada['id']}/remove", on=page)
    assert ada["profile"]["login"] not in shown.page.find(id="group-members")["_text"]
    ids, _ = core.member_ids(org.store, group, limit=10, after=None)
    assert ids == [bob["id"]]


def test_adding_an_unknown_user_is_not_found(console, org):
    new_group(console)
    group = core.group_named(org.store, "Engineers")
    response = console.submit(f"/groups/{group.id}/members", {"user": "nobody@example.com"},
                              on=f"/groups/{group.id}")
    assert response.status_code == 404


def test_a_hostile_group_name_is_escaped(console):
    shown = new_group(console, name="<img src=x onerror=alert(1)>")
    assert "<img src=x" not in shown.page.html           # the notice and the group's page
    assert shown.notice == "Created <img src=x onerror=alert(1)>."
    html = console.get("/groups").get_data(as_text=True)
    assert "<img src=x" not in html and "&lt;img src=x" in html
