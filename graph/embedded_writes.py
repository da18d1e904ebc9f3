"""The embedded store's write transactions: `apply` under one lock, logged durably before it answers.

A change is resolved against memory (graph.transaction), appended to the change
log and fsync'd, and only then applied to memory: an acknowledged change is on
disk, a refused one touched nothing. The audit trail lives beside the graph and
is saved with it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

import networkx as nx

from graph import rules
from graph.change import Applied, AuditEntry, AuditQuery, Change, RelRef, Target, now
from graph.changelog import ChangeLog
from graph.model import rel_type
from graph.node_order import NodeOrder
from graph.query import Edge, NodeRef
from graph.transaction import MentorCycle, NodeExists, ReadTarget, Resolved, check_replay, entry_for, resolve

COMPACT_EVERY = 1000  # changes logged before the log is folded into the snapshot
READ_ATTEMPTS = 3  # reads run without a lock this many times before one runs holding changes off
T = TypeVar("T")

Props = dict[str, Any]


class _Mentors(Mapping[str, list[str]]):
    """A person's masters, read from the graph as the cycle search walks up."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph

    def __getitem__(self, person: str) -> list[str]:
        node = ("Person", person)
        if node not in self.graph:
            return []
        return [u[1] for u, _, k in self.graph.in_edges(node, keys=True) if k[0] == rules.ACYCLIC]

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


class EmbeddedWrites:
    """Mixed into EmbeddedStore: the write transaction, relationships by key, and the audit trail."""

    graph: nx.MultiDiGraph
    _by_label: dict[str, dict[str, Props]]
    _orders: dict[str, NodeOrder]
    log: ChangeLog | None
    _add_node: Callable[[str, str, Props], Props]
    _node_id: Callable[[str, str], tuple[str, str]]

    def _init_writes(self) -> None:
        self.audit: list[AuditEntry] = []
        self._idempotent: dict[str, AuditEntry] = {}
        self._rel_index: dict[tuple[str, str], tuple[Any, Any]] | None = None
        self._write_lock = threading.Lock()
        self.generation = 0  # odd while a change is being applied to memory; +2 per change (a sequence lock)

    def read_consistently(self, read: "Callable[[Any], T]") -> T:
        """Run a read while changes may be applied on other threads: it runs without a lock, and runs again when
        a change was applied meanwhile (it may have seen half of it, or failed on a dict that grew under it);
        after READ_ATTEMPTS such runs it runs once more holding changes off."""
        for _ in range(READ_ATTEMPTS):
            before = self.generation
            if before % 2:
                continue
            try:
                result = read(self)
            except Exception:
                if self.generation == before:
                    raise
                continue
            if self.generation == before:
                return result
        with self._write_lock:
            return read(self)

    # -- the transaction ----------------------------------------------------

    def apply(self, change: Change) -> Applied:
        with self._write_lock:
            if change.idempotency_key and change.idempotency_key in self._idempotent:
                entry = self._idempotent[change.idempotency_key]
                check_replay(change, entry)
                return Applied(entry, replayed=True)
            resolved = self._resolve(change)
            entry = entry_for(change, resolved, self._next_seq(), now())
            if self.log is not None:
                self.log.append({"entry": entry.to_record(), "writes": [_write_record(r) for r in resolved]})
            self.generation += 1
            try:
                self._apply_resolved(resolved)
                self._remember(entry)
            finally:
                self.generation += 1
            if self.log is not None and self.log.lines >= COMPACT_EVERY:
                self.compact()
            return Applied(entry)

    def compact(self) -> None:
        """Fold the log into the snapshot (EmbeddedStore supplies it)."""
        raise NotImplementedError

    def _next_seq(self) -> int:
        return self.audit[-1].seq + 1 if self.audit else 1

    def _remember(self, entry: AuditEntry) -> None:
        self.audit.append(entry)
        if entry.idempotency_key:
            self._idempotent[entry.idempotency_key] = entry

    def _resolve(self, change: Change) -> list[Resolved]:
        steps = resolve(change)
        answer: Any = None
        try:
            while True:
                need = steps.send(answer)
                if isinstance(need, ReadTarget):
                    answer = self._read_target(need.target)
                elif isinstance(need, NodeExists):
                    answer = need.node.key in self._by_label[need.node.label]
                elif isinstance(need, MentorCycle):
                    up = rules.path_between(_Mentors(self.graph), need.master, need.apprentice)
                    answer = rules.cycle_of(need.master, up) if up is not None else None
        except StopIteration as done:
            return done.value

    def _read_target(self, target: Target) -> tuple[Props | None, Target]:
        if isinstance(target, NodeRef):
            found = self._by_label[target.label].get(target.key)
            return (dict(found) if found is not None else None), target
        if target.key and rel_type(target.type).key:
            ends = self._rel_ends().get((target.type, target.key))
            if ends is None:
                return None, target
            u, v = ends
            return dict(self.graph.edges[u, v, (target.type, target.key)]), RelRef(target.type, NodeRef(*u), NodeRef(*v), target.key)
        assert target.source is not None and target.target is not None
        u, v, k = (target.source.label, target.source.key), (target.target.label, target.target.key), (target.type, "")
        return (dict(self.graph.edges[u, v, k]) if self.graph.has_edge(u, v, k) else None), target

    def _apply_resolved(self, resolved: Iterable[Resolved]) -> None:
        for item in resolved:
            if isinstance(item.target, NodeRef):
                self._put_node(item.target, item.after or {})
            else:
                self._put_rel(item.target, item.after)

    def _put_node(self, ref: NodeRef, after: Props) -> None:
        index, order = self._by_label[ref.label], self._orders[ref.label]
        existing = index.get(ref.key)
        if existing is None:
            index[ref.key] = self._add_node(ref.label, ref.key, after)
            order.add(ref.key, after)
        else:
            before = {name: existing.get(name) for name in order.names}
            for name in [name for name in existing if name not in after]:
                del existing[name]
            existing.update(after)  # never empty meanwhile: an order built now sees each value old or new
            order.replace(ref.key, before, existing)

    def _put_rel(self, ref: RelRef, after: Props | None) -> None:
        assert ref.source is not None and ref.target is not None
        u, v = self._node_id(ref.source.label, ref.source.key), self._node_id(ref.target.label, ref.target.key)
        k = (ref.type, ref.key)
        if after is None:
            self.graph.remove_edge(u, v, k)
        elif self.graph.has_edge(u, v, k):
            data = self.graph.edges[u, v, k]
            data.clear()
            data.update(after)
        else:
            self.graph.add_edge(u, v, k, **after)
        if ref.key and self._rel_index is not None:
            if after is None:
                self._rel_index.pop((ref.type, ref.key), None)
            else:
                self._rel_index[(ref.type, ref.key)] = (u, v)

    def _rel_ends(self) -> dict[tuple[str, str], tuple[Any, Any]]:
        """(type, relationship key) -> its ends, built on first use and kept up to date by `apply`."""
        if self._rel_index is None:
            self._rel_index = {k: (u, v) for u, v, k in self.graph.edges(keys=True) if k[1]}
        return self._rel_index

    def _forget_rel_index(self) -> None:
        self._rel_index = None

    # -- replay -------------------------------------------------------------

    def _replay(self, records: Iterable[Mapping[str, Any]]) -> None:
        last = self.audit[-1].seq if self.audit else 0
        for record in records:
            entry = AuditEntry.from_record(record["entry"])
            if entry.seq <= last:
                continue  # already in the snapshot (a crash between saving it and emptying the log)
            for write in record["writes"]:
                target, after = _target_of(write)
                if isinstance(target, NodeRef):
                    self._put_node(target, after or {})
                else:
                    self._put_rel(target, after)
            self._remember(entry)
            last = entry.seq

    # -- reads --------------------------------------------------------------

    def get_relationships(self, rel_type_name: str, keys: Iterable[str]) -> dict[str, Edge]:
        rel = rel_type(rel_type_name)
        ends = self._rel_ends()
        answer: dict[str, Edge] = {}
        for key in dict.fromkeys(keys):
            found = ends.get((rel.type, key))
            if found is not None:
                u, v = found
                answer[key] = Edge(rel.type, NodeRef(*u), NodeRef(*v), dict(self.graph.edges[u, v, (rel.type, key)]))
        return answer

    def audit_log(self, query: AuditQuery, first: int, offset: int = 0) -> list[AuditEntry]:
        found: list[AuditEntry] = []
        skipped = 0
        for entry in reversed(self.audit):
            if query.keeps(entry):
                if skipped < offset:
                    skipped += 1
                    continue
                found.append(entry)
                if len(found) >= first:
                    break
        return found

    def audit_after(self, seq: int, first: int) -> list[AuditEntry]:
        """Entries after `seq`, oldest first (entries are numbered 1, 2, ... with no gaps)."""
        start = max(seq, 0)
        return self.audit[start:start + first]


def _write_record(item: Resolved) -> list[Any]:
    target = item.target
    if isinstance(target, NodeRef):
        return ["node", target.label, target.key, item.after]
    assert target.source is not None and target.target is not None
    return ["rel", target.type, target.source.label, target.source.key, target.target.label, target.target.key,
            target.key, item.after]


def _target_of(record: list[Any]) -> tuple[Target, Props | None]:
    if record[0] == "node":
        return NodeRef(record[1], record[2]), record[3]
    _, type_, from_label, from_key, to_label, to_key, key, after = record
    return RelRef(type_, NodeRef(from_label, from_key), NodeRef(to_label, to_key), key), after
