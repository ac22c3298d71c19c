"""Listing users: plain list, `q`, `filter` and `search`, one page at a time.

Every lookup Okta documents as indexed is indexed here too (storage/schema.py): id,
status, lastUpdated, and login/email/firstName/lastName both as stored
(`filter`, case-sensitive) and case-folded (`search`, `q`: users.profile_key).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mock_okta.directory.users import User
from mock_okta.errors import QueryError
from mock_okta.storage import Store, fold, query
from mock_okta.storage.sql import Attribute, compile_where, decode_cursor, encode_cursor

DEFAULT_LIMIT = 200
MAX_LIMIT = 200
Q_DEFAULT_LIMIT = 10
_TIME_OPS = ("eq", "gt", "ge", "lt", "le")
_SEARCH_OPS = ("eq", "sw", "gt", "ge", "lt", "le", "pr")
_PROFILE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INDEXED = ("login", "email", "firstName", "lastName")

__all__ = ["Page", "list_users", "q_users", "filter_users", "search_users"]


@dataclass
class Page:
    users: list[User]
    next_cursor: str | None


def _profile(name: str) -> str:
    return f"json_extract(profile, '$.{name}')"


def _folded(name: str) -> str:
    """The attribute case-folded: users.py keeps profile_key in step with profile."""
    return f"json_extract(profile_key, '$.{name}')"


def _filter_attribute(path: str) -> Attribute | None:
    """`filter`: Okta's short list, `eq` only (and ranges on lastUpdated), case-sensitive."""
    if path == "status":
        return Attribute("status", "text")
    if path == "id":
        return Attribute("id", "text")
    if path == "lastUpdated":
        return Attribute("last_updated", "time", _TIME_OPS)
    if path.startswith("profile.") and path[8:] in _INDEXED:
        return Attribute(_profile(path[8:]), "text")
    return None


_SEARCH_TOP = {
    "id": Attribute("id", ops=_SEARCH_OPS),
    "status": Attribute("status", "upper", _SEARCH_OPS),
    "created": Attribute("created", "time", _SEARCH_OPS),
    "activated": Attribute("activated", "time", _SEARCH_OPS),
    "statusChanged": Attribute("status_changed", "time", _SEARCH_OPS),
    "lastUpdated": Attribute("last_updated", "time", _SEARCH_OPS),
    "lastLogin": Attribute("last_login", "time", _SEARCH_OPS),
    "passwordChanged": Attribute("password_changed", "time", _SEARCH_OPS),
}


def _search_dialect(user_type_id: str):
    def attribute(path: str) -> Attribute | None:
        if path in _SEARCH_TOP:
            return _SEARCH_TOP[path]
        if path == "type.id":
            return Attribute("", "const", ("eq", "pr"), const=user_type_id)
        name = path[8:] if path.startswith("profile.") else None
        if name is None or not _PROFILE_NAME.match(name):
            return None
        return Attribute(_profile(name), ops=_SEARCH_OPS, folded_sql=_folded(name))
    return attribute


def _page(store: Store, where: str, params: list, *, limit: int, after: str | None,
          sort: str | None = None, descending: bool = False) -> Page:
    """Keyset pagination on (sort key, id); the cursor is opaque to clients."""
    sorted_ = sort is not None
    key = f"ifnull({sort}, '')" if sorted_ else "id"
    params = list(params)
    if after is not None:
        value, last_id = decode_cursor(after, sorted_=sorted_)
        cmp = "<" if descending else ">"
        if sorted_:
            where += f" AND ({key}, id) {cmp} (?, ?)"
            params += [value if value is not None else "", last_id]
        else:
            where += f" AND id {cmp} ?"
            params.append(last_id)
    direction = "DESC" if descending else "ASC"
    order = f"{key} {direction}, id {direction}" if sorted_ else f"id {direction}"
    select = f", {key} AS sort_key" if sorted_ else ""
    rows = store.all(f"SELECT *{select} FROM users WHERE {where} ORDER BY {order} LIMIT ?",
                     (*params, limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    cursor = None
    if more and rows:
        last = rows[-1]
        cursor = encode_cursor(last["id"], last["sort_key"] if sorted_ else None, sorted_)
    return Page([User.from_row(row) for row in rows], cursor)


def list_users(store: Store, *, limit: int, after: str | None) -> Page:
    """No parameters: everyone but DEPROVISIONED users."""
    return _page(store, "status != 'DEPROVISIONED'", [], limit=limit, after=after)


def q_users(store: Store, text: str, *, limit: int) -> list[User]:
    """`q`: startsWith on firstName, lastName or email, ignoring case; no paging."""
    prefix = fold(text)
    ranges = " OR ".join(
        f"({_folded(name)} >= ? AND {_folded(name)} < ?)"
        for name in ("firstName", "lastName", "email"))
    params = [prefix, prefix + "\U0010ffff"] * 3
    # The inner query lets each index answer its own range (an OR of three).
    rows = store.all(
        f"SELECT * FROM users WHERE id IN (SELECT id FROM users WHERE {ranges})"
        " AND status != 'DEPROVISIONED' ORDER BY id LIMIT ?", (*params, limit))
    return [User.from_row(row) for row in rows]


def filter_users(store: Store, expression: str, *, limit: int, after: str | None) -> Page:
    node = query.parse(expression, allow_not=False)
    where, params = compile_where(node, _filter_attribute, ignore_case=False)
    return _page(store, where, params, limit=limit, after=after)


def search_users(store: Store, expression: str, *, user_type_id: str, limit: int,
                 after: str | None, sort_by: str | None = None,
                 sort_order: str | None = None) -> Page:
    dialect = _search_dialect(user_type_id)
    where, params = compile_where(query.parse(expression), dialect, ignore_case=True)
    sort, descending = None, False
    if sort_order is not None and sort_order.lower() not in ("asc", "desc"):
        raise QueryError(f"sortOrder must be asc or desc, not {sort_order!r}")
    if sort_by is not None and sort_by != "id":
        attribute = dialect(sort_by)
        if attribute is None or attribute.kind == "const":
            raise QueryError(f"cannot sort by {sort_by!r}")
        sort = attribute.sql
    descending = (sort_order or "asc").lower() == "desc"
    return _page(store, where, params, limit=limit, after=after, sort=sort,
                 descending=descending)
