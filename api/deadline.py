"""A bound on every store call, on both stores, so a slow or unreachable store is a prompt, coded error.

Each call gets at most STUDIOGRAPH_STORE_TIMEOUT seconds, or what is left of its
request's deadline if that is sooner (graph.deadline). Neo4j is given the same
bound as a transaction timeout, so the server stops the query; the embedded
store checks the deadline in its loops, so its worker thread stops too. Work
stopped at its deadline is StoreTimeout (TIMEOUT to the client); a store that
does not answer at all is StoreUnavailable (the Neo4j driver retries a lost
server for 30 s on its own).
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable
from typing import Any, TypeVar

from graph.async_store import AsyncStore
from graph.cypher import Plan
from graph.deadline import deadline_in
from graph.embedded import EmbeddedStore
from graph.errors import StoreTimeout, StoreUnavailable

T = TypeVar("T")
DEFAULT_SECONDS = 10.0
GRACE = 0.5  # the store stops its own work at the deadline (TIMEOUT); silent past this, it is unreachable
Observer = Callable[[str, str, float], None]  # (operation, outcome, seconds)


class DeadlineStore(AsyncStore):
    """The store contract's reads and the analytics, each given at most `seconds`, each reported to `observer`."""

    def __init__(self, backend: Any, seconds: float | None = None) -> None:
        super().__init__(backend)
        self.seconds = seconds if seconds is not None else float(os.environ.get("STUDIOGRAPH_STORE_TIMEOUT") or DEFAULT_SECONDS)
        self.observer: Observer | None = None

    async def _run(
        self, plan: Callable[[], Plan[T]], embedded: Callable[[EmbeddedStore], T], name: str = "read",
        timeout: float | None = None, small: bool = False,
    ) -> T:
        started, outcome = time.perf_counter(), "error"
        with deadline_in(self.seconds) as seconds:
            try:
                result = await asyncio.wait_for(super()._run(plan, embedded, name, seconds, small), seconds + GRACE)
                outcome = "ok"
                return result
            except asyncio.TimeoutError:
                outcome = "unavailable"
                raise StoreUnavailable(f"the store did not answer within {seconds:.3g} s") from None
            except StoreTimeout:
                outcome = "timeout"
                raise
            finally:
                if self.observer is not None:
                    self.observer(name, outcome, time.perf_counter() - started)
