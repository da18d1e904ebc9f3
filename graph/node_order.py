"""The embedded store's sorted indexes: one label's keys in order, and (value, key) for each `sorts` property.

A page is then a walk: the nodes in the order the page asks for, the filter
tested on the way, stopping after the page, instead of sorting every match.
The order is the one both stores give: values ascending then nodes without the
value; descending, nodes without the value first, then values descending; ties
by key ascending.

The orders are built on a label's first walk, from its index at once (one sort),
and kept up to date by every write after. A load, which walks nothing, keeps
none: at a million people, keeping them took 163 MiB of the load's peak and about
9 s, one insertion at a time (BENCHMARKS.md, fifteenth session). A store
opened to serve builds them all before its first request (EmbeddedStore.build_orders).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from typing import Any

from sortedcontainers import SortedList

from graph.model import NodeType

Props = Mapping[str, Any]


class NodeOrder:
    """The orders of one label's nodes, over its index (key -> properties), which the store keeps.

    The store calls `add`, `replace`, `remove` and `clear` after changing the index; until the
    first `walk` they do nothing. A write may change the index while the orders are being built
    from it: the build and the calls hold one lock, a call after the build finds its node
    there already or not, and `add` skips what is there. The store changes a node's properties
    so that each sorted value is, at any moment, the old one or the new one (never missing in
    between); the build reads each once, and `replace` then moves it from old to new.
    """

    def __init__(self, node: NodeType, index: Mapping[str, Props]) -> None:
        self.names = tuple(p.name for p in node.properties if p.sorts)
        self._index = index
        self._lock = threading.Lock()
        self._sorted: Sorted | None = None

    def sorts(self, name: str) -> bool:
        return name in self.names

    def add(self, key: str, props: Props) -> None:
        """A new node."""
        with self._lock:
            if self._sorted is not None:
                self._sorted.add(key, props)

    def replace(self, key: str, before: Props, after: Props) -> None:
        """A stored node whose properties went from `before` to `after`."""
        with self._lock:
            if self._sorted is not None:
                for name in self.names:
                    old, new = before.get(name), after.get(name)
                    if old != new:
                        self._sorted.discard_value(name, key, old)
                        self._sorted.add_value(name, key, new)

    def remove(self, key: str, props: Props) -> None:
        """A node deleted."""
        with self._lock:
            if self._sorted is not None:
                self._sorted.remove(key, props)

    def clear(self) -> None:
        with self._lock:
            self._sorted = None

    def walk(self, name: str | None, descending: bool, low: Any = None, high: Any = None) -> Iterator[str]:
        """Every key in the order of property `name` (None: the key itself); with `low` or `high`, only
        the keys whose value lies within them (nodes without the value are then left out)."""
        orders = self.built()
        if name is None:
            return reversed(orders.keys) if descending else iter(orders.keys)
        values, missing = orders.values[name], orders.missing[name]
        if low is not None or high is not None:
            within = values.irange(None if low is None else (low,), None if high is None else (high, _TOP))
            return _runs_reversed(list(within)) if descending else (key for _, key in within)
        if not descending:
            return _chain((key for _, key in values), missing)
        return _chain(missing, _runs_reversed(values))

    def built(self) -> Sorted:
        """The orders, built now if they were not."""
        with self._lock:
            if self._sorted is None:
                self._sorted = Sorted(self.names, list(self._index.items()))
            return self._sorted


class Sorted:
    """A label's keys in order, and for each sorted property its (value, key) pairs and the keys without a value."""

    def __init__(self, names: tuple[str, ...], items: list[tuple[str, Props]]) -> None:
        pairs: dict[str, list[tuple[Any, str]]] = {name: [] for name in names}
        without: dict[str, list[str]] = {name: [] for name in names}
        for key, props in items:
            for name in names:  # each value read once: a write may be changing it meanwhile
                value = props.get(name)
                (without[name].append(key) if value is None else pairs[name].append((value, key)))
        self.keys = SortedList(key for key, _ in items)
        self.values = {name: SortedList(pairs[name]) for name in names}
        self.missing = {name: SortedList(without[name]) for name in names}

    def add(self, key: str, props: Props) -> None:
        if key not in self.keys:
            self.keys.add(key)
        for name in self.values:
            self.add_value(name, key, props.get(name))

    def remove(self, key: str, props: Props) -> None:
        self.keys.discard(key)
        for name in self.values:
            self.discard_value(name, key, props.get(name))

    def add_value(self, name: str, key: str, value: Any) -> None:
        kept, item = (self.missing[name], key) if value is None else (self.values[name], (value, key))
        if item not in kept:
            kept.add(item)

    def discard_value(self, name: str, key: str, value: Any) -> None:
        (self.missing[name].discard(key) if value is None else self.values[name].discard((value, key)))


class _Top:
    """After every key: (value, _TOP) bounds all the pairs of that value from above."""

    def __lt__(self, other: object) -> bool:
        return False

    def __gt__(self, other: object) -> bool:
        return True


_TOP = _Top()


def _chain(*parts: Any) -> Iterator[str]:
    for part in parts:
        yield from part


def _runs_reversed(pairs: Any) -> Iterator[str]:
    """Keys by value descending, each run of equal values still by key ascending."""
    run: list[str] = []
    current: Any = object()
    for value, key in reversed(pairs):
        if value != current and run:
            yield from reversed(run)
            run = []
        current = value
        run.append(key)
    yield from reversed(run)
