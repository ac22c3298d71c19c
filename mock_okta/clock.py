"""Okta's timestamp format: ISO-8601 UTC with milliseconds."""

import time
from datetime import UTC, datetime


def now() -> float:
    return time.time()


def iso(epoch: float | None) -> str | None:
    if epoch is None:
        return None
    stamp = datetime.fromtimestamp(epoch, tz=UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"
