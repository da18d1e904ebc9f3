"""A bound on every store call, so an unreachable store is a prompt, clear error rather than a long wait.

The Neo4j driver retries a read for up to 30 s when the server cannot be
reached; the API answers STORE_UNAVAILABLE after STUDIOGRAPH_STORE_TIMEOUT seconds instead.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from typing import Any, TypeVar

from graph.async_store import AsyncStore
from graph.cypher import Plan
from graph.embedded import EmbeddedStore
from graph.errors import StoreUnavailable

T = TypeVar("T")
DEFAULT_SECONDS = 10.0


class DeadlineStore(AsyncStore):
    """The store contract's reads and the analytics, each given at most `seconds`."""

    def __init__(self, backend: Any, seconds: float | None = None) -> None:
        super().__init__(backend)
        self.seconds = seconds if seconds is not None else float(os.environ.get("STUDIOGRAPH_STORE_TIMEOUT") or DEFAULT_SECONDS)

    async def _run(self, plan: Callable[[], Plan[T]], embedded: Callable[[EmbeddedStore], T]) -> T:
        try:
            return await asyncio.wait_for(super()._run(plan, embedded), self.seconds)
        except asyncio.TimeoutError:
            raise StoreUnavailable(f"the store did not answer within {self.seconds:g} s") from None
