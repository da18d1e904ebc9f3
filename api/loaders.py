"""Per-request DataLoaders: every nested field of one level shares one batched store call."""

from __future__ import annotations

from typing import Any

from api.batching import Batcher, BatchLoader
from graph.async_store import AsyncStore
from graph.query import Direction, Neighbour, NeighbourPage

Props = dict[str, Any]


class Loaders:
    """DataLoaders keyed by what they load, created on first use within one request."""

    def __init__(self, store: AsyncStore) -> None:
        self.store = store
        self.batcher = Batcher()
        self._nodes: dict[str, BatchLoader[str, Props | None]] = {}
        self._neighbours: dict[tuple[str, str, Direction, NeighbourPage | None], BatchLoader[str, list[Neighbour]]] = {}
        self._counts: dict[tuple[str, str, Direction], BatchLoader[str, int]] = {}

    def node(self, label: str) -> BatchLoader[str, Props | None]:
        """Nodes of `label` by key (None for a key not stored)."""
        if label not in self._nodes:

            async def load(keys: list[str]) -> list[Props | None]:
                found = await self.store.get_nodes(label, keys)
                return [found.get(key) for key in keys]

            self._nodes[label] = BatchLoader(self.batcher, load)
        return self._nodes[label]

    def neighbours(
        self, label: str, rel_type: str, direction: Direction, page: NeighbourPage | None = None,
    ) -> BatchLoader[str, list[Neighbour]]:
        """For nodes of `label` by key, their neighbours across `rel_type` in `direction` (a page of them)."""
        slot = (label, rel_type, direction, page)
        if slot not in self._neighbours:

            async def load(keys: list[str]) -> list[list[Neighbour]]:
                found = await self.store.neighbours(label, keys, rel_type, direction, page)
                return [found.get(key, []) for key in keys]

            self._neighbours[slot] = BatchLoader(self.batcher, load)
        return self._neighbours[slot]

    def neighbour_count(self, label: str, rel_type: str, direction: Direction) -> BatchLoader[str, int]:
        """For nodes of `label` by key, how many relationships of `rel_type` they have in `direction`."""
        slot = (label, rel_type, direction)
        if slot not in self._counts:

            async def load(keys: list[str]) -> list[int]:
                found = await self.store.count_neighbours(label, keys, rel_type, direction)
                return [found.get(key, 0) for key in keys]

            self._counts[slot] = BatchLoader(self.batcher, load)
        return self._counts[slot]
