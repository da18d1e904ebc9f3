"""DataLoaders that wait for a nesting level to finish asking before they call the store.

graphql-core resolves each level through layers of tasks, so the loads of one
level arrive over several event-loop rounds. Strawberry's DataLoader sends its
batch on the next round and so splits a level into several store calls. Here all
loaders of a request share one Batcher: it waits until a few rounds in a row add
no key, then sends every loader's batch at once, so a level is one call per field.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

QUIET_ROUNDS = 6  # loop rounds in a row without a new load that end a level (graphql-core needs 2)
MAX_ROUNDS = 1000  # a bound, should a level keep asking


class Batcher:
    """Schedules one dispatch of all its loaders' waiting loads once the request stops asking."""

    def __init__(self) -> None:
        self.loaders: list[BatchLoader] = []
        self.asked = 0  # loads asked so far, to see when asking stops
        self._scheduled = False

    def asking(self) -> None:
        self.asked += 1
        if not self._scheduled:
            self._scheduled = True
            asyncio.get_running_loop().create_task(self._dispatch())

    async def _dispatch(self) -> None:
        """Wait for quiet, fetch every loader's missing keys together, then answer every waiting load at once."""
        quiet, seen = 0, self.asked
        for _ in range(MAX_ROUNDS):
            await asyncio.sleep(0)
            quiet, seen = (quiet + 1, seen) if self.asked == seen else (0, self.asked)
            if quiet >= QUIET_ROUNDS:
                break
        self._scheduled = False
        waiting = [loader.take() for loader in self.loaders]
        await asyncio.gather(*(loader.fetch(loads) for loader, loads in zip(self.loaders, waiting)))
        for loader, loads in zip(self.loaders, waiting):
            loader.answer(loads)



class BatchLoader(Generic[K, V]):
    """`load(key)` answered by one `load_many(keys)` per level; each key fetched once per request.

    A key fetched before (or primed by api.prefetch) is answered at once: a branch
    whose levels were all fetched ahead runs through them without waiting.
    """

    def __init__(self, batcher: Batcher, load_many: Callable[[list[K]], Awaitable[list[V]]]) -> None:
        self._load_many = load_many
        self._batcher = batcher
        self._values: dict[K, V] = {}
        self._errors: dict[K, Exception] = {}
        self._waiting: list[tuple[K, asyncio.Future[V]]] = []
        batcher.loaders.append(self)

    def load(self, key: K) -> asyncio.Future[V]:
        future: asyncio.Future[V] = asyncio.get_running_loop().create_future()
        if key in self._values:  # fetched ahead or before: no store call to wait for
            future.set_result(self._values[key])
            return future
        self._waiting.append((key, future))
        self._batcher.asking()
        return future

    def prime(self, values: dict[K, V]) -> None:
        """Values fetched ahead (api.prefetch): loads of these keys need no store call."""
        for key, value in values.items():
            self._values.setdefault(key, value)

    def take(self) -> list[tuple[K, asyncio.Future[V]]]:
        waiting, self._waiting = self._waiting, []
        return waiting

    async def fetch(self, loads: list[tuple[K, asyncio.Future[V]]]) -> None:
        missing = list(dict.fromkeys(key for key, _ in loads if key not in self._values))
        if not missing:
            return
        try:
            self._values.update(zip(missing, await self._load_many(missing)))
        except Exception as error:  # every field waiting on the batch gets the store's error
            self._errors.update(dict.fromkeys(missing, error))

    def answer(self, loads: list[tuple[K, asyncio.Future[V]]]) -> None:
        for key, future in loads:
            if future.done():
                continue
            if key in self._values:
                future.set_result(self._values[key])
            else:
                future.set_exception(self._errors.get(key) or KeyError(key))
