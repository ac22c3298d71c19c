"""`GET /api/v1/logs` as Okta answers it: since/until/after, filter, q, limit,
sortOrder, and the two kinds of request (Okta's System Log query guide).

* Polling (no `until`, ASCENDING): every page has a `next` cursor, even an empty
  one, and the cursor follows the order events were written (`seq`), so a
  client that keeps following it sees each event once.
* Bounded (anything else): ordered by `published`; the last page has no `next`.

Filters are Okta's SCIM-like expressions (storage/query.py's parser) matched
against the LogEvent JSON here: an attribute on an array (`target.id`)
matches when any element does, as Okta's does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from mock_okta.clock import now, parse_iso
from mock_okta.directory.system_log import RETENTION
from mock_okta.errors import (
    CursorError,
    LogFilterUnsupported,
    LogQueryInvalid,
    QueryError,
    ValidationFailed,
)
from mock_okta.storage import Store
from mock_okta.storage.query import LOG_COMPARISONS, Compare, Logical, Node, Not, parse

DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
DEFAULT_WINDOW = 7 * 24 * 3600          # `since` defaults to 7 days before `until`
OLDEST_SINCE = 180 * 24 * 3600
MAX_KEYWORDS, MAX_KEYWORD_LENGTH = 10, 40
_CHUNK = 500
_CURSOR = re.compile(r"^(\d{1,15})_(\d{1,18})$")   # Okta's `{epoch-ms}_{n}`
# What a filter may name: LogEvent's attributes (debugData's keys are free-form).
_FIELDS = {
    "uuid", "eventType", "version", "severity", "legacyEventType", "displayMessage",
    "actor.id", "actor.type", "actor.alternateId", "actor.displayName",
    "target.id", "target.type", "target.alternateId", "target.displayName",
    "client.id", "client.ipAddress", "client.zone", "client.device",
    "client.userAgent.rawUserAgent", "client.userAgent.os", "client.userAgent.browser",
    "outcome.result", "outcome.reason", "transaction.id", "transaction.type",
    "transaction.detail.requestApiTokenId", "authenticationContext.externalSessionId",
    "authenticationContext.credentialType", "authenticationContext.authenticationStep",
    "request.ipChain.ip",
}
_NO_CONTAINS = {"debugContext.debugData.url", "debugContext.debugData.requestUri"}


@dataclass(frozen=True)
class LogQuery:
    since_ms: int | None
    until_ms: int | None
    after: tuple[int, int] | None        # (published ms, seq) of the last event seen
    filter: Node | None
    keywords: tuple[str, ...]
    limit: int
    descending: bool

    @property
    def polling(self) -> bool:
        return self.until_ms is None and not self.descending


def parse_query(args) -> LogQuery:
    """The request's parameters (a mapping); Okta's errors for bad ones."""
    stamp = now()
    until = _time(args, "until")
    since = _time(args, "since")
    if since is not None and since < stamp - OLDEST_SINCE:
        raise LogQueryInvalid("Invalid parameter: The since parameter is over 180 days prior"
                              " to the current day.")
    if since is None:
        since = (until if until is not None else stamp) - DEFAULT_WINDOW
    since = max(since, stamp - RETENTION)   # older ranges succeed, empty (Okta: 90 days)
    order = args.get("sortOrder") or "ASCENDING"
    if order not in ("ASCENDING", "DESCENDING"):
        raise ValidationFailed("sortOrder", ["sortOrder: must be ASCENDING or DESCENDING"])
    return LogQuery(
        since_ms=int(since * 1000), until_ms=None if until is None else int(until * 1000),
        after=_cursor(args.get("after")), filter=_filter(args.get("filter")),
        keywords=_keywords(args.get("q")), limit=_limit(args.get("limit")),
        descending=order == "DESCENDING")


def _time(args, name: str) -> float | None:
    raw = args.get(name)
    if raw is None or raw == "":
        return None
    value = parse_iso(raw)
    if value is None:
        raise ValidationFailed(f"'{name}'", [
            f"{name}: The date format in your query is not recognized. Please enter dates"
            " using ISO8601 string format.",
            f"{name}: must be a valid date-time or empty."])
    return value


def _limit(raw: str | None) -> int:
    if raw is None or raw == "":
        return DEFAULT_LIMIT
    if not raw.isdigit():
        raise ValidationFailed("limit", ["limit: The value must be an integer from 0 to 1000"])
    return min(int(raw), MAX_LIMIT)


def _cursor(raw: str | None) -> tuple[int, int] | None:
    if not raw:
        return None
    match = _CURSOR.match(raw)
    if match is None:
        raise CursorError(raw)
    return int(match.group(1)), int(match.group(2))


def encode_cursor(published_ms: int, seq: int) -> str:
    return f"{published_ms}_{seq}"


def _keywords(raw: str | None) -> tuple[str, ...]:
    words = tuple((raw or "").split())
    if any(len(word) > MAX_KEYWORD_LENGTH for word in words):
        raise ValidationFailed("'q'", ["q: Freeform search cannot contain items longer than"
                                       f" {MAX_KEYWORD_LENGTH} characters."])
    if len(words) > MAX_KEYWORDS:
        raise ValidationFailed("'q'", [f"q: Freeform search cannot contain more than"
                                       f" {MAX_KEYWORDS} items."])
    return tuple(word.casefold() for word in words)


def _filter(raw: str | None) -> Node | None:
    if raw is None or not raw.strip():
        return None
    try:
        node = parse(raw, operators=LOG_COMPARISONS)
    except QueryError as error:
        raise LogQueryInvalid(f"Invalid filter '{raw}': {error}") from None
    _check_fields(node)
    return node


def _check_fields(node: Node) -> None:
    if isinstance(node, Logical):
        _check_fields(node.left)
        _check_fields(node.right)
    elif isinstance(node, Not):
        _check_fields(node.operand)
    elif node.path in _NO_CONTAINS and node.op == "co":
        raise LogFilterUnsupported(node.op, node.path)
    elif node.path not in _FIELDS and not node.path.startswith("debugContext.debugData."):
        raise LogQueryInvalid(f"field is not valid: {node.path}")


# --- matching ------------------------------------------------------------------------

def matches(event: dict, node: Node | None, keywords: tuple[str, ...]) -> bool:
    return (node is None or _match(event, node)) and all(
        word in _words(event) for word in keywords)


def _match(event: dict, node: Node) -> bool:
    if isinstance(node, Logical):
        if node.op == "and":
            return _match(event, node.left) and _match(event, node.right)
        return _match(event, node.left) or _match(event, node.right)
    if isinstance(node, Not):
        return not _match(event, node.operand)
    return any(_compare(value, node) for value in _values(event, node.path.split(".")))


def _values(value: object, path: list[str]) -> Iterator[object]:
    """The values at a dotted path, looking into every element of a list."""
    if isinstance(value, list):
        for item in value:
            yield from _values(item, path)
    elif not path:
        yield value
    elif isinstance(value, dict) and path[0] in value:
        yield from _values(value[path[0]], path[1:])


def _compare(actual: object, node: Compare) -> bool:
    if node.op == "pr":
        return actual is not None
    wanted = node.value
    if actual is None or isinstance(actual, (dict, list)):
        return node.op == "ne"
    if node.op in ("sw", "co", "ew"):
        if not isinstance(actual, str) or not isinstance(wanted, str):
            return False
        return {"sw": actual.startswith, "ew": actual.endswith,
                "co": actual.__contains__}[node.op](wanted)
    try:
        return {"eq": actual == wanted, "ne": actual != wanted, "gt": actual > wanted,
                "ge": actual >= wanted, "lt": actual < wanted, "le": actual <= wanted}[node.op]
    except TypeError:          # a string compared with a number
        return node.op == "ne"


def _words(event: dict) -> set[str]:
    """Every attribute value, folded, and the parts of hyphenated ones (`q`)."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        elif value is not None:
            text = str(value).casefold()
            found.add(text)
            found.update(part for part in text.split("-") if part)

    walk(event)
    return found


# --- searching -----------------------------------------------------------------------

def search(store: Store, query: LogQuery) -> tuple[list[dict], str | None]:
    """One page of events and the `next` cursor (None: no next page)."""
    found: list[dict] = []
    last_found: tuple[int, int] | None = None
    last_seen: tuple[int, int] | None = None
    more = False
    for seq, published_ms, event in _candidates(store, query):
        if matches(event, query.filter, query.keywords):
            if len(found) == query.limit:
                more = True
                break
            found.append(event)
            last_found = (published_ms, seq)
        last_seen = (published_ms, seq)
    if query.polling:
        # Polling never ends: the cursor stands after the last event looked at.
        position = last_seen or query.after or (query.since_ms, _max_seq(store))
        if more:
            position = last_found or position
        return found, encode_cursor(*position)
    if more and last_found is not None:
        return found, encode_cursor(*last_found)
    return found, None


def _candidates(store: Store, query: LogQuery) -> Iterator[tuple[int, int, dict]]:
    where, params = [], []
    if query.polling:
        if query.after is not None:
            where.append("seq > ?")
            params.append(query.after[1])
        else:
            where.append("published_ms >= ?")
            params.append(query.since_ms)
        order = "seq"
    else:
        where.append("published_ms >= ? AND published_ms < ?")
        params += [query.since_ms, query.until_ms if query.until_ms is not None
                   else int(now() * 1000) + 1]
        if query.after is not None:
            sign = "<" if query.descending else ">"
            where.append(f"(published_ms, seq) {sign} (?, ?)")
            params += list(query.after)
        order = "published_ms DESC, seq DESC" if query.descending else "published_ms, seq"
    offset = 0
    while True:
        rows = store.all(f"SELECT seq, published_ms, body FROM log_events WHERE"
                         f" {' AND '.join(where)} ORDER BY {order} LIMIT ? OFFSET ?",
                         (*params, _CHUNK, offset))
        for row in rows:
            yield row["seq"], row["published_ms"], json.loads(row["body"])
        if len(rows) < _CHUNK:
            return
        offset += _CHUNK


def _max_seq(store: Store) -> int:
    return store.one("SELECT coalesce(max(seq), 0) AS seq FROM log_events")["seq"]
