"""What a test arms and the org spends answer by answer (faults, forgeries)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from itertools import count
from typing import Generic, TypeVar

Item = TypeVar("Item")   # a dataclass with `id` and `remaining`


class Armed(Generic[Item]):
    def __init__(self, parse: Callable[[dict, int], Item]):
        self._parse = parse
        self._lock = threading.Lock()
        self._items: list[Item] = []
        self._ids = count(1)
        self.armed = False      # read without the lock on every request: a plain bool

    def arm(self, body: dict) -> Item:
        """Check the body (ValidationFailed names what is wrong), then arm it."""
        item = self._parse(body, next(self._ids))
        with self._lock:
            self._items.append(item)
            self.armed = True
        return item

    def take(self, wanted: Callable[[Item], bool]) -> Item | None:
        """The first armed item `wanted` accepts, spending one of its answers."""
        with self._lock:
            for item in self._items:
                if wanted(item):
                    item.remaining -= 1
                    if item.remaining == 0:
                        self._items.remove(item)
                        self.armed = bool(self._items)
                    return item
        return None

    def list(self) -> list[Item]:
        with self._lock:
            return list(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.armed = False
