"""A deadline for the work of one request, which the embedded store's loops check as they go.

The API sets it around each store call; the embedded store runs on a worker
thread with a copy of the caller's context, so it sees the same deadline and
stops (raising StoreTimeout) instead of holding the thread after the caller has
given up. Without a deadline set, `check` costs one lookup and never raises.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

from graph.errors import StoreTimeout

T = TypeVar("T")
EVERY = 256  # items between two clock readings in `checked`

_deadline: ContextVar[float | None] = ContextVar("studiograph_deadline", default=None)


def remaining() -> float | None:
    """Seconds left before the deadline (never below 0); None when there is none."""
    at = _deadline.get()
    return None if at is None else max(0.0, at - time.monotonic())


def check() -> None:
    """Raise StoreTimeout when the deadline has passed."""
    at = _deadline.get()
    if at is not None and time.monotonic() > at:
        raise StoreTimeout("the request ran past its deadline")


def checked(items: Iterable[T]) -> Iterator[T]:
    """`items`, checking the deadline every EVERY of them."""
    if _deadline.get() is None:
        yield from items
        return
    for count, item in enumerate(items):
        if count % EVERY == 0:
            check()
        yield item


@contextmanager
def deadline_in(seconds: float) -> Iterator[float]:
    """Within the block, the deadline is `seconds` from now, or the one already set if that is sooner."""
    at = time.monotonic() + seconds
    current = _deadline.get()
    token = _deadline.set(at if current is None else min(at, current))
    try:
        yield seconds if current is None else max(0.0, min(at, current) - time.monotonic())
    finally:
        _deadline.reset(token)
