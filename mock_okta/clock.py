"""The org's time, and Okta's timestamp format (ISO-8601 UTC with milliseconds).

An org's clock can be moved (/_mock/clock, to expire tokens, sessions, codes,
links and lockouts without sleeping). Every time the org reads goes through
`now()`, which adds the offset of the org serving the current request: the app
sets it at the start of each request (`use_offset`), so two orgs in one process
keep their own time and code outside a request sees the real time.
"""

import time
from contextvars import ContextVar
from datetime import UTC, datetime

_offset: ContextVar[float] = ContextVar("mock_okta_clock_offset", default=0.0)


def now() -> float:
    return time.time() + _offset.get()


def use_offset(seconds: float) -> None:
    """The offset of the org serving this request (set per request, per thread)."""
    _offset.set(seconds)


def iso(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    stamp = datetime.fromtimestamp(epoch, tz=UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def parse_iso(text: object) -> float | None:
    """An ISO-8601 time with a zone (`Z` or `+hh:mm`) as epoch seconds; None if it is not one."""
    if not isinstance(text, str):
        return None
    try:
        stamp = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp.timestamp() if stamp.tzinfo is not None else None
