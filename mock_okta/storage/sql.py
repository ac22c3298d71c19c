"""Expression trees (query.py) to SQL WHERE fragments, plus opaque paging cursors.

An `Attribute` says how one Okta attribute maps to a column and which operators
it accepts; a dialect is a dict of them (or a function for open-ended names
such as `profile.*`). Every value travels as a bound parameter; the only text
spliced into SQL comes from the dialect itself.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from mock_okta.errors import CursorError, QueryError
from mock_okta.storage import fold
from mock_okta.storage.query import Compare, Logical, Node, Not

_TOP = "\U0010ffff"        # sorts after every other character
_MS = 0.001


@dataclass(frozen=True)
class Attribute:
    sql: str                              # column expression, case-sensitive form
    kind: str = "string"                  # string (or number) | text (strings only) | time |
    #                                       upper (stored upper-case) | const
    ops: tuple[str, ...] = ("eq",)
    folded_sql: str | None = None         # case-insensitive form (search)
    const: str | None = None              # kind="const": the one value it holds


Dialect = Callable[[str], Attribute | None]


def compile_where(node: Node, dialect: Dialect, *, ignore_case: bool) -> tuple[str, list]:
    params: list = []
    return _compile(node, dialect, ignore_case, params), params


def _compile(node: Node, dialect: Dialect, ignore_case: bool, params: list) -> str:
    if isinstance(node, Logical):
        left = _compile(node.left, dialect, ignore_case, params)
        right = _compile(node.right, dialect, ignore_case, params)
        return f"({left} {node.op.upper()} {right})"
    if isinstance(node, Not):
        # NOT over NULL is NULL: treat an absent attribute as "does not match".
        return f"(NOT coalesce({_compile(node.operand, dialect, ignore_case, params)}, 0))"
    return _comparison(node, dialect, ignore_case, params)


def _comparison(node: Compare, dialect: Dialect, ignore_case: bool, params: list) -> str:
    attribute = dialect(node.path)
    if attribute is None:
        raise QueryError(f"unknown attribute {node.path!r}")
    if node.op not in attribute.ops:
        raise QueryError(f"operator {node.op!r} is not supported for {node.path!r}")
    if attribute.kind == "const":
        if node.op == "pr":
            return "1"
        wanted = node.value if isinstance(node.value, str) else None
        if wanted is None:
            raise QueryError(f"{node.path} takes a string")
        same = fold(wanted) == fold(attribute.const) if ignore_case else wanted == attribute.const
        return "1" if same else "0"
    if node.op == "pr":
        return f"({attribute.sql} IS NOT NULL)"
    if attribute.kind == "time":
        return _time(attribute.sql, node, params)
    value = node.value
    column = attribute.sql
    if isinstance(value, str):
        if attribute.kind == "upper":
            value = value.upper()
        elif ignore_case and attribute.folded_sql:
            column, value = attribute.folded_sql, fold(value)
    elif attribute.kind != "string" or node.op == "sw" or value is None:
        raise QueryError(f"{node.path} {node.op} needs a string value")
    elif isinstance(value, bool):
        value = int(value)
    if node.op == "sw":
        params.extend((value, value + _TOP))
        return f"({column} >= ? AND {column} < ?)"
    params.append(value)
    return f"({column} {_SQL_OPS[node.op]} ?)"


_SQL_OPS = {"eq": "=", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}


def _time(column: str, node: Compare, params: list) -> str:
    """Okta's timestamps have millisecond precision: `eq` matches the whole millisecond."""
    if node.op == "sw":
        raise QueryError(f"sw is not supported for {node.path}")
    start = parse_time(node.value)
    end = start + _MS
    if node.op == "eq":
        params.extend((start, end))
        return f"({column} >= ? AND {column} < ?)"
    bound, sql_op = {"gt": (end, ">="), "ge": (start, ">="),
                     "lt": (start, "<"), "le": (end, "<")}[node.op]
    params.append(bound)
    return f"({column} {sql_op} ?)"


def parse_time(value: object) -> float:
    if not isinstance(value, str):
        raise QueryError("a date must be a quoted ISO-8601 string")
    try:
        stamp = datetime.fromisoformat(value.strip())
    except ValueError:
        raise QueryError(f"not an ISO-8601 date: {value!r}") from None
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=UTC)
    # Whole milliseconds, as Okta stores and shows them.
    return int(stamp.timestamp() * 1000) / 1000


# --- cursors ----------------------------------------------------------------

_ID = re.compile(r"^[0-9A-Za-z]{20}$")


def encode_cursor(last_id: str, sort_value: object = None, sorted_: bool = False) -> str:
    if not sorted_:
        return last_id
    raw = json.dumps([sort_value, last_id], separators=(",", ":")).encode()
    return "s" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *, sorted_: bool) -> tuple[object, str]:
    """(sort value, last id) from a cursor made by encode_cursor."""
    if not sorted_:
        if not _ID.match(cursor):
            raise CursorError(cursor)
        return None, cursor
    try:
        if not cursor.startswith("s"):
            raise ValueError
        body = cursor[1:]
        value, last_id = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (ValueError, TypeError, binascii.Error):
        raise CursorError(cursor) from None
    if not isinstance(last_id, str) or not _ID.match(last_id) or isinstance(value, (dict, list)):
        raise CursorError(cursor)
    return value, last_id
