"""How one request reads the store: its context, DataLoaders batched by nesting level, and look-ahead.

graphql-core resolves each level through layers of tasks, so the loads of one
level arrive over several event-loop rounds. All loaders of a request share one
Batcher: it waits until a few rounds in a row add no key, then sends every
loader's batch at once, so a level is one call per field. Before that, a root
field looks ahead (`prefetch`): every relationship field selected below it, with
the page its arguments ask for, becomes one tree of graph.query Branches that the
store answers in one call with the root's own node (one Cypher query on Neo4j); what comes back primes the
loaders, and the nested resolvers, which still check roles and arguments, find it there.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import strawberry
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from api.errors import ApiError
from api.types import EDGES, Link, LINKS, LIST_PAGE, list_page, shows_person
from api.access import Role, SEES_PEOPLE
from graph.async_store import AsyncStore
from graph.query import Branch, Direction, Neighbour, NeighbourPage, Tree


# -- batching by level -----------------------------------------------------

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
R = TypeVar("R")

QUIET_ROUNDS = 2  # loop rounds in a row without a new load that end a level (graphql-core needs 2)
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

    A key fetched before (or primed by `prefetch`) is answered at once: a branch
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

    def then(self, key: K, answer: Callable[[V], R]) -> R | Awaitable[R]:
        """`answer` of the key's value: at once when it is known (no task, no await), else once it is loaded.

        A resolver returning this is synchronous for what the look-ahead fetched, which is most of a tree.
        """
        if key in self._values:
            return answer(self._values[key])

        async def later() -> R:
            return answer(await self.load(key))

        return later()

    def prime(self, values: dict[K, V]) -> None:
        """Values fetched ahead (`prefetch`): loads of these keys need no store call."""
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


# -- the request's loaders -------------------------------------------------

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


# -- look-ahead ------------------------------------------------------------

async def fetch_node(info: strawberry.Info, label: str, key: str) -> Props | None:
    """A root field's node (None when not stored) and, in the same store call, the tree it selects below it."""
    if not info.context.prefetch:
        return await info.context.loaders.node(label).load(key)
    branches = branches_below(label, node_selections(info.selected_fields, False), info.context.role)
    tree = await info.context.store.subtree(label, [key], branches)
    _prime(info.context.loaders, label, tree)
    return tree.nodes.get(key)


async def prefetch(info: strawberry.Info, label: str, keys: Sequence[str]) -> None:
    """Fetch the relationship tree a connection's field selects below its page of nodes, in one store call."""
    if not keys or not info.context.prefetch:
        return
    branches = branches_below(label, node_selections(info.selected_fields, True), info.context.role)
    if branches:
        _prime(info.context.loaders, label, await info.context.store.subtree(label, keys, branches))


def _prime(loaders: Loaders, label: str, tree: Tree) -> None:
    """What a subtree call found, given to the loaders the nested resolvers ask."""
    loaders.node(label).prime(tree.nodes)
    for fetched in tree.fetched:
        branch = fetched.branch
        loaders.neighbours(branch.label, branch.rel_type, branch.direction, branch.page).prime(fetched.found)


def node_selections(fields: Iterable[Selection], connection: bool) -> list[Selection]:
    """The selections on the node: the field's own, or inside a connection's `edges { node }` and `nodes`."""
    inside = [s for field in _flat(fields) if isinstance(field, SelectedField) for s in _flat(field.selections)]
    if not connection:
        return inside
    found: list[Selection] = []
    for selection in inside:
        if isinstance(selection, SelectedField) and selection.name == "edges":
            found += node_selections([s for s in _flat(selection.selections) if isinstance(s, SelectedField)
                                      and s.name == "node"], connection=False)
        elif isinstance(selection, SelectedField) and selection.name == "nodes":
            found += _flat(selection.selections)
    return found


def branches_below(label: str, selections: Iterable[Selection], role: Role) -> tuple[Branch, ...]:
    """A Branch for each relationship field selected on `label`, each with its own branches below."""
    links = {link.name: link for link in LINKS[label]}
    branches: dict[Branch, None] = {}
    for selection in _flat(selections):
        if not isinstance(selection, SelectedField) or selection.name not in links:
            continue
        link = links[selection.name]
        page = _page(link, selection.arguments)
        if page is None or (shows_person(link) and role not in SEES_PEOPLE):
            continue
        below = branches_below(link.other, _far_end(link, selection.selections), role)
        branches[Branch(label, link.rel, link.direction, page, below)] = None
    return tuple(branches)


def _page(link: Link, arguments: dict[str, Any]) -> NeighbourPage | None:
    """The page the field's arguments ask for, as its resolver reads them; None when they are wrong (it says why)."""
    if link.one:
        return NeighbourPage(1, 0, link.only)
    first, offset = _whole(arguments.get("first", LIST_PAGE)), _whole(arguments.get("offset", 0))
    if first is None or offset is None:
        return None
    try:
        return list_page(first, offset, link.only)
    except ApiError:
        return None


def _whole(value: Any) -> int | None:
    """A non-negative integer argument: strawberry gives a literal's text ("3"), a variable's value as sent."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 9:
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _far_end(link: Link, selections: Iterable[Selection]) -> list[Selection]:
    """The selections on the node at the other end: inside the edge type's end field when the link has one."""
    if link.rel not in EDGES:
        return list(selections)
    names = EDGES[link.rel]
    end = names.target if link.direction is Direction.OUT else names.source
    return [s for field in _flat(selections) if isinstance(field, SelectedField) and field.name == end
            for s in field.selections]


def _flat(selections: Iterable[Selection]) -> list[Selection]:
    """Selections with fragments spread in place."""
    flat: list[Selection] = []
    for selection in selections:
        if isinstance(selection, (FragmentSpread, InlineFragment)):
            flat += _flat(selection.selections)
        else:
            flat.append(selection)
    return flat


# -- the request's context -------------------------------------------------

@dataclass
class Context:
    store: AsyncStore
    role: Role
    request_id: str
    prefetch: bool = True  # fetch what a root field selects below it in one store call (`prefetch`)
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders(self.store)
