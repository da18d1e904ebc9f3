"""The read side of the store contract as coroutines, for the API's event loop.

Over Neo4j it runs graph.cypher's plans on the async driver; over the embedded
store it runs the in-memory store's method on a worker thread, so a long scan or
analytic never holds the event loop. Each method has the name and arguments of
its twin in graph.store.Store.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from graph import cypher
from graph.analytics.runner import Analytic
from graph.embedded import EmbeddedStore
from graph.neo4j_store import AsyncNeo4jReader
from graph.query import Branch, Direction, Filter, Neighbour, NeighbourPage, NodeRef, Order, Page, Path, Traversal, Tree

T = TypeVar("T")
BY_KEYS = frozenset({"get_nodes", "neighbours", "count_neighbours"})  # reads of given keys, one page each
SMALL_READ = 8  # keys: such a read of the embedded store runs on the event loop (a page of 100 each at most)


class AsyncStore:
    def __init__(self, backend: EmbeddedStore | AsyncNeo4jReader) -> None:
        self.backend = backend

    async def _run(
        self, plan: Callable[[], cypher.Plan[T]], embedded: Callable[[EmbeddedStore], T], name: str = "read",
        timeout: float | None = None, small: bool = False,
    ) -> T:
        """Every read, named `name`, goes through here: `plan` on Neo4j (within `timeout` s), `embedded` in memory
        (on a worker thread, unless it is `small`: then a thread hop would cost more than the read)."""
        if isinstance(self.backend, AsyncNeo4jReader):
            return await self.backend.run_read(plan, timeout)
        if small:
            return embedded(self.backend)
        return await asyncio.to_thread(embedded, self.backend)

    async def _call(self, operation: str, *args: Any) -> Any:
        """The contract operation of this name: graph.cypher's plan or the embedded store's method."""
        small = operation in BY_KEYS and len(args[1]) <= SMALL_READ
        return await self._run(
            lambda: getattr(cypher, operation)(*args), lambda store: getattr(store, operation)(*args), operation,
            small=small,
        )

    async def get_nodes(self, label: str, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        return await self._call("get_nodes", label, list(keys))

    async def neighbours(
        self, label: str, keys: Iterable[str], rel_type: str, direction: Direction, page: NeighbourPage | None = None,
    ) -> dict[str, list[Neighbour]]:
        return await self._call("neighbours", label, list(keys), rel_type, direction, page)

    async def subtree(self, label: str, keys: Iterable[str], branches: Sequence[Branch]) -> Tree:
        keys, branches = list(keys), list(branches)
        small = len(keys) <= SMALL_READ and not any(branch.below for branch in branches)  # one level: a page a branch
        return await self._run(
            lambda: cypher.subtree(label, keys, branches), lambda store: store.subtree(label, keys, branches),
            "subtree", small=small,
        )

    async def count_neighbours(self, label: str, keys: Iterable[str], rel_type: str, direction: Direction) -> dict[str, int]:
        return await self._call("count_neighbours", label, list(keys), rel_type, direction)

    async def list_nodes(
        self,
        label: str,
        where: Filter | None = None,
        order_by: Sequence[Order] = (),
        first: int | None = None,
        offset: int = 0,
        with_total: bool = False,
    ) -> Page:
        return await self._call("list_nodes", label, where, order_by, first, offset, with_total)

    async def traverse(
        self, label: str, keys: Iterable[str], rel_type: str, direction: Direction, max_depth: int,
        rel_where: Filter | None = None,
    ) -> Traversal:
        return await self._call("traverse", label, list(keys), rel_type, direction, max_depth, rel_where)

    async def shortest_path(self, start: NodeRef, end: NodeRef, rel_types: Sequence[str], max_length: int) -> Path | None:
        return await self._call("shortest_path", start, end, rel_types, max_length)

    async def search(self, text: str, labels: Sequence[str], first: int) -> list[tuple[str, dict[str, Any]]]:
        return await self._call("search", text, labels, first)

    async def counts(self) -> dict[str, int]:
        return await self._call("counts")

    async def run_analytic(self, analytic: Analytic[T]) -> T:
        """Answer one of graph.analytics' questions: its Cypher plan on Neo4j, its networkx function here."""
        return await self._run(analytic.plan, analytic.embedded, "analytic")

    async def ping(self) -> None:
        """Raise StoreUnavailable when the store cannot answer."""
        if isinstance(self.backend, AsyncNeo4jReader):
            await self.backend.ping()

    async def close(self) -> None:
        if isinstance(self.backend, AsyncNeo4jReader):
            await self.backend.close()
