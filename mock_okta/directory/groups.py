"""Groups and memberships: Okta groups, the built-in Everyone group, and
`groups_of` for the `groups` claim.

Everyone (type BUILT_IN) holds every user implicitly: it is never written to
`group_members`, and no call can change it or its membership.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from mock_okta.clock import now
from mock_okta.directory import system_log
from mock_okta.directory.users import get_user
from mock_okta.errors import ReadOnlyGroup, ValidationFailed
from mock_okta.ids import okta_id
from mock_okta.storage import Store, fold, query
from mock_okta.storage.sql import Attribute, compile_where, decode_cursor, encode_cursor

EVERYONE = "Everyone"
EVERYONE_DESCRIPTION = "All users in your organization"
_NAME_MAX, _DESCRIPTION_MAX = 255, 1024
DUPLICATE_NAME = "An object with this field already exists in the current organization"
_TIME_OPS = ("eq", "gt", "ge", "lt", "le")
_SEARCH_OPS = ("eq", "sw", "gt", "ge", "lt", "le", "pr")


@dataclass
class Group:
    id: str
    type: str
    name: str
    description: str | None
    created: float
    last_updated: float
    last_membership_updated: float

    @classmethod
    def from_row(cls, row) -> Group:
        return cls(row["id"], row["type"], row["name"], row["description"], row["created"],
                   row["last_updated"], row["last_membership_updated"])

    @property
    def built_in(self) -> bool:
        return self.type == "BUILT_IN"


def everyone(store: Store) -> Group:
    """The Everyone group, created on first use."""
    row = store.one("SELECT * FROM groups WHERE type = 'BUILT_IN' AND name = ?", (EVERYONE,))
    if row is None:
        stamp = now()
        store.run("INSERT OR IGNORE INTO groups (id, type, name, name_key, description,"
                  " description_key, created, last_updated, last_membership_updated)"
                  " VALUES (?, 'BUILT_IN', ?, ?, ?, ?, ?, ?, ?)",
                  (okta_id("00g"), EVERYONE, fold(EVERYONE), EVERYONE_DESCRIPTION,
                   fold(EVERYONE_DESCRIPTION), stamp, stamp, stamp))
        row = store.one("SELECT * FROM groups WHERE name_key = ?", (fold(EVERYONE),))
    return Group.from_row(row)


def validate_profile(profile: object) -> tuple[str, str | None]:
    """(name, description) from a group profile, or ValidationFailed in Okta's words."""
    if not isinstance(profile, dict):
        raise ValidationFailed("profile", ["profile: The field cannot be left blank"])
    name, description = profile.get("name"), profile.get("description")
    if isinstance(name, str):
        name = name.strip()
    if name in (None, ""):
        raise ValidationFailed("name", ["name: The field cannot be left blank"])
    if not isinstance(name, str):
        raise ValidationFailed("name", ["name: Does not match required type: string"])
    if len(name) > _NAME_MAX:
        raise ValidationFailed("name", [f"name: The field cannot exceed {_NAME_MAX} characters"])
    if description is not None and not isinstance(description, str):
        raise ValidationFailed("description",
                               ["description: Does not match required type: string"])
    if description is not None and len(description) > _DESCRIPTION_MAX:
        raise ValidationFailed("description", [
            f"description: The field cannot exceed {_DESCRIPTION_MAX} characters"])
    return name, (description or None)


def _log(store: Store, event_type: str, group: Group, user_id: str | None = None) -> None:
    targets = [system_log.ref(group.id, "UserGroup", group.name)]
    if user_id is not None:
        user = get_user(store, user_id)
        targets.insert(0, system_log.user_ref(user) if user else
                       system_log.ref(user_id, "User", user_id))
    system_log.record(store, event_type, targets=targets)


def create_group(store: Store, profile: object, *, group_id: str | None = None) -> Group:
    """A new group; `group_id` keeps the id a group had in an export file."""
    name, description = validate_profile(profile)
    everyone(store)  # so nobody can take its name first
    stamp = now()
    group = Group(group_id or okta_id("00g"), "OKTA_GROUP", name, description, stamp, stamp,
                  stamp)
    with store.transaction():
        _write(store, "INSERT INTO groups (id, type, name, name_key, description,"
                      " description_key, created, last_updated, last_membership_updated)"
                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (group.id, group.type, name, fold(name), description, fold(description), stamp,
                stamp, stamp))
        _log(store, "group.lifecycle.create", group)
    return group


def update_group(store: Store, group: Group, profile: object) -> Group:
    if group.built_in:
        raise ReadOnlyGroup(group.name)
    group.name, group.description = validate_profile(profile)
    group.last_updated = now()
    with store.transaction():
        _write(store, "UPDATE groups SET name = ?, name_key = ?, description = ?,"
                      " description_key = ?, last_updated = ? WHERE id = ?",
               (group.name, fold(group.name), group.description, fold(group.description),
                group.last_updated, group.id))
        _log(store, "group.profile.update", group)
    return group


def _write(store: Store, sql: str, params: tuple) -> None:
    try:
        store.run(sql, params)
    except sqlite3.IntegrityError:
        raise ValidationFailed("name", [f"name: {DUPLICATE_NAME}"]) from None


def get_group(store: Store, group_id: str) -> Group | None:
    if group_id == "":
        return None
    everyone(store)
    row = store.one("SELECT * FROM groups WHERE id = ?", (group_id,))
    return Group.from_row(row) if row else None


def delete_group(store: Store, group: Group) -> None:
    if group.built_in:
        raise ReadOnlyGroup(group.name)
    with store.transaction() as conn:
        conn.execute("DELETE FROM group_members WHERE group_id = ?", (group.id,))
        conn.execute("DELETE FROM groups WHERE id = ?", (group.id,))
        _log(store, "group.lifecycle.delete", group)


def add_member(store: Store, group: Group, user_id: str) -> None:
    """Idempotent: adding a member twice changes nothing the second time."""
    if group.built_in:
        raise ReadOnlyGroup(group.name)
    stamp = now()
    with store.transaction() as conn:
        added = conn.execute("INSERT OR IGNORE INTO group_members (group_id, user_id, added)"
                             " VALUES (?, ?, ?)", (group.id, user_id, stamp)).rowcount
        if added:
            conn.execute("UPDATE groups SET last_membership_updated = ? WHERE id = ?",
                         (stamp, group.id))
            _log(store, "group.user_membership.add", group, user_id)


def remove_member(store: Store, group: Group, user_id: str) -> None:
    if group.built_in:
        raise ReadOnlyGroup(group.name)
    with store.transaction() as conn:
        removed = conn.execute("DELETE FROM group_members WHERE group_id = ? AND user_id = ?",
                               (group.id, user_id)).rowcount
        if removed:
            conn.execute("UPDATE groups SET last_membership_updated = ? WHERE id = ?",
                         (now(), group.id))
            _log(store, "group.user_membership.remove", group, user_id)


def fill_description_keys(store: Store) -> int:
    """description_key for rows written before the column existed (storage/migrations.py
    calls this inside its upgrade transaction); returns the rows filled."""
    rows = store.all("SELECT id, description FROM groups"
                     " WHERE description IS NOT NULL AND description_key IS NULL")
    with store.transaction() as conn:
        conn.executemany("UPDATE groups SET description_key = ? WHERE id = ?",
                         [(fold(row["description"]), row["id"]) for row in rows])
    return len(rows)


def forget_user(store: Store, user_id: str) -> None:
    """A deleted user leaves every group (Everyone holds nobody by row)."""
    store.run("DELETE FROM group_members WHERE user_id = ?", (user_id,))


def user_groups(store: Store, user_id: str) -> list[Group]:
    """A user's groups: Everyone first, then the rest by name."""
    rows = store.all("SELECT g.* FROM group_members m JOIN groups g ON g.id = m.group_id"
                     " WHERE m.user_id = ? ORDER BY g.name_key", (user_id,))
    return [everyone(store)] + [Group.from_row(row) for row in rows]


def groups_of(store: Store, user_id: str) -> list[str]:
    """Names of the user's groups (Everyone included), for the `groups` claim."""
    rows = store.all("SELECT g.name FROM group_members m JOIN groups g ON g.id = m.group_id"
                     " WHERE m.user_id = ? ORDER BY g.name_key", (user_id,))
    return [EVERYONE] + [row["name"] for row in rows]


def member_ids(store: Store, group: Group, *, limit: int, after: str | None
               ) -> tuple[list[str], str | None]:
    """One page of member ids in id order (Everyone: every user)."""
    _, last = decode_cursor(after, sorted_=False) if after else (None, "")
    if group.built_in:
        rows = store.all("SELECT id FROM users WHERE id > ? ORDER BY id LIMIT ?",
                         (last, limit + 1))
    else:
        rows = store.all("SELECT user_id AS id FROM group_members WHERE group_id = ?"
                         " AND user_id > ? ORDER BY user_id LIMIT ?", (group.id, last, limit + 1))
    ids = [row["id"] for row in rows]
    return ids[:limit], (encode_cursor(ids[limit - 1]) if len(ids) > limit else None)


# --- listing ----------------------------------------------------------------

def _filter_attribute(path: str) -> Attribute | None:
    return {
        "id": Attribute("id", "text"),
        "type": Attribute("type", "text"),
        "lastUpdated": Attribute("last_updated", "time", _TIME_OPS),
        "lastMembershipUpdated": Attribute("last_membership_updated", "time", _TIME_OPS),
    }.get(path)


def _search_attribute(path: str) -> Attribute | None:
    return {
        "id": Attribute("id", ops=_SEARCH_OPS),
        "type": Attribute("type", "upper", _SEARCH_OPS),
        "created": Attribute("created", "time", _SEARCH_OPS),
        "lastUpdated": Attribute("last_updated", "time", _SEARCH_OPS),
        "lastMembershipUpdated": Attribute("last_membership_updated", "time", _SEARCH_OPS),
        "profile.name": Attribute("name", ops=_SEARCH_OPS, folded_sql="name_key"),
        "profile.description": Attribute("description", ops=_SEARCH_OPS,
                                         folded_sql="description_key"),
    }.get(path)


def list_groups(store: Store, *, q: str | None = None, filter_: str | None = None,
                search: str | None = None, limit: int, after: str | None
                ) -> tuple[list[Group], str | None]:
    """q: name starts with (ignoring case); filter/search: Okta's expressions.

    Raises QueryError and CursorError (mock_okta.errors) for bad input.
    """
    everyone(store)
    where, params = "1", []
    if search is not None:
        where, params = compile_where(query.parse(search), _search_attribute, ignore_case=True)
    elif filter_ is not None:
        where, params = compile_where(query.parse(filter_, allow_not=False), _filter_attribute,
                                      ignore_case=False)
    elif q is not None:
        where, params = "(name_key >= ? AND name_key < ?)", [fold(q), fold(q) + "\U0010ffff"]
    if after:
        where += " AND id > ?"
        params.append(decode_cursor(after, sorted_=False)[1])
    rows = store.all(f"SELECT * FROM groups WHERE {where} ORDER BY id LIMIT ?",
                     (*params, limit + 1))
    groups = [Group.from_row(row) for row in rows[:limit]]
    return groups, (encode_cursor(groups[-1].id) if len(rows) > limit else None)


def group_named(store: Store, name: str) -> Group | None:
    """The group with this name, compared as Okta compares names (case-insensitively)."""
    everyone(store)
    row = store.one("SELECT * FROM groups WHERE name_key = ?", (fold(name),))
    return Group.from_row(row) if row else None


def list_all(store: Store) -> list[Group]:
    """Every group the org made (not Everyone), in id order: an export."""
    return [Group.from_row(row) for row in store.all(
        "SELECT * FROM groups WHERE type = 'OKTA_GROUP' ORDER BY id")]
