"""Turning references into keys: a key or a unique name, among the folder's rows or in the store.

A reference is first looked up among the nodes the folder's earlier files
accepted, then (at the end of each file, in batches) in the store. A name that
fits several nodes is refused: the clerk must give the id.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable

from graph.model import node_type
from graph.query import In
from graph.store import Store

BATCH = 5000
Pending = tuple[str, str, bool]  # (label, value, is_key)


class Unresolved(LookupError):
    """A reference to no node, or to several: the message is the reason."""


class Resolver:
    def __init__(self, store: Store, folder_only: Iterable[str] = (), unstored: Iterable[str] = ()) -> None:
        self.store = store
        # labels whose stored nodes do not count (--sync removes those the folder does not list)
        self.folder_only = frozenset(folder_only)
        # labels the store held no node of when the load began: nothing to look up there
        self.unstored = frozenset(unstored)
        self.known: dict[str, set[str]] = defaultdict(set)
        # label -> name -> the keys of the nodes of that name: tuples, as a set of eight keys costs six times
        # the memory, and a million people share a hundred thousand names
        self.names: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
        self.found: dict[tuple[str, str], str | Unresolved] = {}

    def add(self, label: str, key: str, name: str | None) -> None:
        """A node the folder will write."""
        self.add_all(label, [(key, name)])

    def add_all(self, label: str, nodes: Iterable[tuple[str, str | None]]) -> None:
        """`add` for each (key, name)."""
        known, names = self.known[label], self.names[label]
        for key, name in nodes:
            known.add(key)
            if name:
                holders = names.get(name, ())
                if key not in holders:
                    names[name] = (*holders, key)

    def discard(self, label: str, key: str, name: str | None) -> None:
        """A node no longer written (its row was rejected after all)."""
        self.known[label].discard(key)
        if name and name in self.names[label]:
            self.names[label][name] = tuple(k for k in self.names[label][name] if k != key)

    def lookup(self, label: str, value: str, is_key: bool) -> str | None:
        """The key a reference names; None while the store has not been asked; raises Unresolved."""
        if value in self.known[label]:
            return value
        if not is_key and self.names[label].get(value):
            return _one(label, value, self.names[label][value])
        found = self.found.get((label, value))
        if isinstance(found, Unresolved):
            raise found
        return found

    def in_store(self, label: str) -> bool:
        """Whether nodes of `label` are to be looked for in the store: it held some, and they count."""
        return label not in self.folder_only and label not in self.unstored

    def ask_store(self, pending: Iterable[Pending]) -> None:
        """Look up, in batches, the references the folder could not resolve."""
        by_label: dict[str, dict[str, bool]] = defaultdict(dict)
        for label, value, is_key in pending:
            if (label, value) not in self.found:
                by_label[label][value] = is_key
        for label, values in by_label.items():
            if label in self.folder_only:
                for value in values:
                    self.found[(label, value)] = Unresolved(
                        f"no {label} {value!r} in the folder (with --sync, the store keeps only what the folder lists)")
                continue
            if label in self.unstored:
                for value in values:
                    self.found[(label, value)] = _settle(label, value, set())
                continue
            node = node_type(label)
            items = list(values)
            for start in range(0, len(items), BATCH):
                chunk = items[start : start + BATCH]
                stored = self.store.get_nodes(label, chunk)
                names = [v for v in chunk if v not in stored and not values[v]] if node.text else []
                by_name: dict[str, set[str]] = defaultdict(set)
                if names:
                    page = self.store.list_nodes(label, In(node.text, tuple(names)))
                    for props in page.items:
                        by_name[props[node.text]].add(props[node.key.name])
                for value in chunk:
                    self.found[(label, value)] = (
                        value if value in stored else _settle(label, value, by_name.get(value, set()))
                    )


def _one(label: str, value: str, keys: Collection[str]) -> str:
    if len(keys) > 1:
        raise Unresolved(f"{value!r} is the name of {len(keys)} {label} rows ({', '.join(sorted(keys)[:3])}); give the id")
    return next(iter(keys))


def _settle(label: str, value: str, keys: set[str]) -> str | Unresolved:
    if not keys:
        return Unresolved(f"no {label} {value!r} in the folder or the store")
    try:
        return _one(label, value, keys)
    except Unresolved as error:
        return error
