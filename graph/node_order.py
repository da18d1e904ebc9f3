"""The embedded store's sorted indexes: one label's keys in order, and (value, key) for each `sorts` property.

A page is then a walk: the nodes in the order the page asks for, the filter
tested on the way, stopping after the page, instead of sorting every match.
The order is the one both stores give: values ascending then nodes without the
value; descending, nodes without the value first, then values descending; ties
by key ascending.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sortedcontainers import SortedList

from graph.model import NodeType


class NodeOrder:
    """The orders of one label's nodes, kept up to date by the store on every write (`add`, `replace`, `remove`, `clear`)."""

    def __init__(self, node: NodeType) -> None:
        self.keys: SortedList = SortedList()
        self.values: dict[str, SortedList] = {p.name: SortedList() for p in node.properties if p.sorts}
        self.missing: dict[str, SortedList] = {name: SortedList() for name in self.values}

    def sorts(self, name: str) -> bool:
        return name in self.values

    def add(self, key: str, props: Mapping[str, Any]) -> None:
        """A new node."""
        self.keys.add(key)
        for name in self.values:
            self._add_value(name, key, props.get(name))

    def replace(self, key: str, before: Mapping[str, Any], after: Mapping[str, Any]) -> None:
        """A stored node whose properties went from `before` to `after`."""
        for name in self.values:
            old, new = before.get(name), after.get(name)
            if old != new:
                self._discard_value(name, key, old)
                self._add_value(name, key, new)

    def remove(self, key: str, props: Mapping[str, Any]) -> None:
        """A node deleted."""
        self.keys.discard(key)
        for name in self.values:
            self._discard_value(name, key, props.get(name))

    def clear(self) -> None:
        self.keys.clear()
        for name in self.values:
            self.values[name].clear()
            self.missing[name].clear()

    def walk(self, name: str | None, descending: bool, low: Any = None, high: Any = None) -> Iterator[str]:
        """Every key in the order of property `name` (None: the key itself); with `low` or `high`, only
        the keys whose value lies within them (nodes without the value are then left out)."""
        if name is None:
            return reversed(self.keys) if descending else iter(self.keys)
        if low is not None or high is not None:
            within = self.values[name].irange(None if low is None else (low,), None if high is None else (high, _TOP))
            return _runs_reversed(list(within)) if descending else (key for _, key in within)
        if not descending:
            return _chain((key for _, key in self.values[name]), self.missing[name])
        return _chain(self.missing[name], _runs_reversed(self.values[name]))

    def _add_value(self, name: str, key: str, value: Any) -> None:
        (self.missing[name].add(key) if value is None else self.values[name].add((value, key)))

    def _discard_value(self, name: str, key: str, value: Any) -> None:
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
