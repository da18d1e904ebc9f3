"""The embedded store: a networkx MultiDiGraph in memory, saved atomically to one JSON file.

Its load journal (graph.journal) is a second file beside it, saved at each record.

Nodes are identified by (label, key); their attribute dict is the node's
properties. Edges are keyed by (type, relationship key), so MERGE semantics
carry over: one WORKS_AT per pair, one MENTORED per agreement.
"""

from __future__ import annotations

from collections import deque
from dataclasses import asdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path as FilePath
from typing import Any

import networkx as nx

from graph import checks, journal, persist
from graph.change import AuditEntry
from graph.changelog import ChangeLog, log_path
from graph.embedded_writes import EmbeddedWrites
from graph.branches import follow
from graph.codes import is_within
from graph.collector import collector_paused
from graph.deadline import checked
from graph.errors import ConstraintViolation, MissingEndpoint
from graph.model import NODES, RELS, NodeType, RelType, node_type, rel_type
from graph.node_order import NodeOrder
from graph.texts import SharedTexts
from graph.query import (
    And,
    Branch,
    Contains,
    Direction,
    Edge,
    Eq,
    Filter,
    In,
    Neighbour,
    NeighbourPage,
    NodeRef,
    Not,
    Or,
    Order,
    Page,
    Path,
    Range,
    Related,
    Traversal,
    Tree,
    Within,
    sort_neighbours,
)
from graph.upserts import NodeUpsert, RelUpsert, Row, SingleUpserts, Upsert

JOURNAL_FILE = "loads.json"  # the load journal (graph.journal), beside the graph's file
NodeId = tuple[str, str]
EdgeKey = tuple[str, str]
Props = dict[str, Any]
Predicate = Callable[[NodeId, Props], bool]


class EmbeddedStore(EmbeddedWrites, SingleUpserts):
    """The store contract over networkx; `path` None keeps it in memory only.

    With a path, the graph is the snapshot file plus its change log (graph.changelog), replayed on open.
    """

    write_threads = 1  # one Python graph: writes run one at a time

    def __init__(self, path: FilePath | None = None) -> None:
        self.path = path
        self.graph = nx.MultiDiGraph()
        self._by_label: dict[str, dict[str, Props]] = {n.label: {} for n in NODES}
        self._orders = {n.label: NodeOrder(n, self._by_label[n.label]) for n in NODES}
        self._ids: dict[NodeId, NodeId] = {}  # each node's id as the graph holds it (see `_node_id`)
        self._dirty = False
        self._init_writes()
        self.log = ChangeLog(log_path(path)) if path is not None else None
        self._runs: dict[str, journal.LoadRun] = {}
        self._journal = path.with_name(JOURNAL_FILE) if path is not None else None
        if path is not None and path.exists():
            with collector_paused():
                self._restore(persist.read(path))
        if self.log is not None:
            self._replay(self.log.replay())
        if self._journal is not None and self._journal.exists():
            runs = (journal.LoadRun.from_props(r) for r in persist.load(self._journal)["loads"])
            self._runs = {run.run_id: run for run in runs}

    # -- writing --------------------------------------------------------

    def setup_schema(self) -> None:
        """Nothing to create: the model's checks run on every write."""

    def upsert(self, writes: Sequence[Upsert]) -> int:
        """Every write is checked, against what is stored and what the writes before it add, before any is made.

        Under the write lock, as `apply`, so a read on another thread sees all of them or none (read_consistently).
        A relationship's `new` changes nothing here: finding an edge to merge with costs no more than adding one.
        """
        adding: dict[str, set[str]] = {n.label: set() for n in NODES}  # keys the writes so far add, by label
        with self._write_lock:
            puts = [self._checked_nodes(w, adding) if isinstance(w, NodeUpsert) else self._checked_rels(w, adding)
                    for w in writes]
            self.generation += 1
            try:
                return sum(put() for put in puts)
            finally:
                self.generation += 1

    def prepare(self, writes: Sequence[Upsert]) -> None:
        """Nothing ahead: writes are checked against what is stored, under the write lock, and run in-process."""

    def _checked_nodes(self, write: NodeUpsert, adding: dict[str, set[str]]) -> Callable[[], int]:
        """Check the rows (and, for `new`, that no key is stored or added twice); returns what writes them."""
        node = node_type(write.label)
        checked = [checks.check_node(node, row) for row in write.rows]
        keys = [props[node.key.name] for props in checked]
        index, added = self._by_label[node.label], adding[node.label]
        if write.new:
            _refuse_stored(node, index, added, keys)
        added.update(key for key in keys if key not in index)
        return lambda: self._put_nodes(node, checked)

    def _put_nodes(self, node: NodeType, checked: list[Props]) -> int:
        index, order = self._by_label[node.label], self._orders[node.label]
        for props in checked:
            key = props[node.key.name]
            existing = index.get(key)
            if existing is None:  # in the index with all its properties at once (NodeOrder builds from it meanwhile)
                existing = index[key] = self._add_node(node.label, key, {k: v for k, v in props.items() if v is not None})
                order.add(key, existing)
            else:
                before = {name: existing.get(name) for name in order.names}
                _merge(existing, props)
                order.replace(key, before, existing)
        self._dirty = self._dirty or bool(checked)
        return len(checked)

    def _checked_rels(self, write: RelUpsert, adding: dict[str, set[str]]) -> Callable[[], int]:
        """Check the rows and that both ends of each are stored or added; returns what writes them."""
        rel = rel_type(write.rel_type)
        from_label = write.from_label or rel.sources[0]
        to_label = write.to_label or rel.targets[0]
        checks.check_labels(rel, from_label, to_label)
        checked = [checks.check_rel(rel, row) for row in write.rows]
        ends = [((from_label, str(row["from"])), (to_label, str(row["to"]))) for row in write.rows]
        missing = sorted({f"{label} {key!r}" for pair in ends for label, key in pair
                          if key not in self._by_label[label] and key not in adding[label]})
        if missing:
            raise MissingEndpoint(f"{rel.type}: no such node: {', '.join(missing[:10])}")
        return lambda: self._put_rels(rel, ends, checked)

    def _put_rels(self, rel: RelType, ends: list[tuple[NodeId, NodeId]], checked: list[Props]) -> int:
        keyless = (rel.type, "")
        for (from_id, to_id), props in zip(ends, checked):
            source, target = self._node_id(*from_id), self._node_id(*to_id)  # the graph's own tuples, once added
            key = (rel.type, rel.key_of(props)) if rel.key else keyless
            if self.graph.has_edge(source, target, key):
                _merge(self.graph.edges[source, target, key], props)
            else:
                self.graph.add_edge(source, target, key, **{k: v for k, v in props.items() if v is not None})
        self._forget_rel_index()
        self._dirty = self._dirty or bool(checked)
        return len(checked)

    def remove_nodes(self, label: str, keys: Sequence[str]) -> int:
        index, order = self._by_label[node_type(label).label], self._orders[label]
        removed = 0
        for key in dict.fromkeys(keys):
            props = index.pop(key, None)
            if props is None:
                continue
            order.remove(key, props)
            self.graph.remove_node((label, key))
            self._ids.pop((label, key), None)
            removed += 1
        if removed:
            self._forget_rel_index()  # its relationships went with it
        self._dirty = self._dirty or removed > 0
        return removed

    def remove_relationships(
        self, rel_type_name: str, rows: Sequence[Row], from_label: str | None = None, to_label: str | None = None
    ) -> int:
        rel = rel_type(rel_type_name)
        from_label, to_label = from_label or rel.sources[0], to_label or rel.targets[0]
        checks.check_labels(rel, from_label, to_label)
        removed = 0
        for row in rows:
            ends = ((from_label, str(row["from"])), (to_label, str(row["to"])))
            key = (rel.type, rel.key_of(row))
            if self.graph.has_edge(*ends, key):
                self.graph.remove_edge(*ends, key)
                removed += 1
        if removed:
            self._forget_rel_index()
        self._dirty = self._dirty or removed > 0
        return removed

    def record_load(self, run: journal.LoadRun) -> None:
        self._runs[run.run_id] = journal.LoadRun.from_props(asdict(run))  # a copy: the caller goes on changing its own
        self._save_journal()

    def load_runs(self) -> list[journal.LoadRun]:
        return journal.newest_first(journal.LoadRun.from_props(asdict(run)) for run in self._runs.values())

    def _save_journal(self) -> None:
        if self._journal is not None:
            persist.save_atomic(self._journal, {"loads": [asdict(run) for run in self._runs.values()]})

    def clear(self) -> None:
        self._runs.clear()
        self._save_journal()
        self.graph.clear()
        self._ids.clear()
        for index in self._by_label.values():
            index.clear()
        for order in self._orders.values():
            order.clear()
        self._init_writes()
        self._dirty = True

    def build_orders(self) -> None:
        """Build every label's sorted indexes now, rather than on the first page that walks them (graph.node_order)."""
        with collector_paused():
            for order in self._orders.values():
                order.built()

    def flush(self) -> None:
        """Save the snapshot when loads changed the graph (what `apply` wrote is durable in the change log already)."""
        with self._write_lock:
            if self.path is not None and self._dirty:
                self.compact()
            self._dirty = False

    def compact(self) -> None:
        """Save the whole graph and audit trail atomically, then empty the change log (under the write lock)."""
        assert self.path is not None
        persist.save_atomic(self.path, self._snapshot())
        if self.log is not None:
            self.log.reset()

    def close(self) -> None:
        self.flush()
        if self.log is not None:
            self.log.close()

    # -- reading --------------------------------------------------------

    def get_nodes(self, label: str, keys: Iterable[str]) -> dict[str, Props]:
        index = self._by_label[node_type(label).label]
        return {key: dict(index[key]) for key in keys if key in index}

    def neighbours(
        self, label: str, keys: Iterable[str], rel_type_name: str, direction: Direction,
        page: NeighbourPage | None = None,
    ) -> dict[str, list[Neighbour]]:
        rel = rel_type(rel_type_name)
        answer: dict[str, list[Neighbour]] = {}
        for key in dict.fromkeys(keys):
            if key not in self._by_label[label]:
                answer[key] = []
                continue
            found = [
                Neighbour(other[0], other[1], dict(self.graph.nodes[other]), dict(data))
                for other, _, data in self._edges((label, key), rel.type, direction)
            ]
            found = sort_neighbours(found, rel.key)
            answer[key] = page.take(found) if page is not None else found
        return answer

    def subtree(self, label: str, keys: Iterable[str], branches: Sequence[Branch]) -> Tree:
        keys = list(keys)
        return Tree(self.get_nodes(label, keys), follow(self.neighbours, label, keys, branches))

    def count_neighbours(self, label: str, keys: Iterable[str], rel_type_name: str, direction: Direction) -> dict[str, int]:
        rel = rel_type(rel_type_name)
        index = self._by_label[label]
        return {
            key: sum(1 for _ in self._edges((label, key), rel.type, direction)) if key in index else 0
            for key in dict.fromkeys(keys)
        }

    def list_nodes(
        self,
        label: str,
        where: Filter | None = None,
        order_by: Sequence[Order] = (),
        first: int | None = None,
        offset: int = 0,
        with_total: bool = False,
    ) -> Page:
        node = node_type(label)
        for order in order_by:
            node.prop(order.field)  # an unknown field is an error, as in Cypher's compiler here
        if first is not None and not with_total and self._walks(node, order_by):
            return Page(self._walked_page(node, where, order_by, first, offset), None)
        matches = self._by_label[label].items()
        if where is not None:
            keep = self._predicate(where, node)
            matches = [(k, p) for k, p in checked(matches) if keep((label, k), p)]
        ordered = sorted(matches, key=lambda item: item[0])
        for order in reversed(order_by):
            ordered.sort(key=lambda item: _sort_value(item[1].get(order.field)), reverse=order.descending)
        stop = None if first is None else offset + first
        items = [dict(props) for _, props in ordered[offset:stop]]
        return Page(items, len(ordered) if with_total else None)

    def _walks(self, node: NodeType, order_by: Sequence[Order]) -> bool:
        """Whether a sorted index gives this order: the key's, or one `sorts` property's."""
        return not order_by or (
            len(order_by) == 1 and (order_by[0].field == node.key.name or self._orders[node.label].sorts(order_by[0].field))
        )

    def _walked_page(
        self, node: NodeType, where: Filter | None, order_by: Sequence[Order], first: int, offset: int,
    ) -> list[Props]:
        """A page read by walking a sorted index, testing `where` on the way and stopping after the page."""
        if first == 0:
            return []
        index, keep = self._by_label[node.label], self._predicate(where, node) if where is not None else None
        field = order_by[0].field if order_by and order_by[0].field != node.key.name else None
        descending = bool(order_by) and order_by[0].descending
        low, high = _bounds(where, field) if field is not None else (None, None)
        page: list[Props] = []
        skipped = 0
        for key in checked(self._orders[node.label].walk(field, descending, low, high)):
            props = index[key]
            if keep is not None and not keep((node.label, key), props):
                continue
            if skipped < offset:
                skipped += 1
                continue
            page.append(dict(props))
            if len(page) == first:
                break
        return page

    def traverse(
        self,
        label: str,
        keys: Iterable[str],
        rel_type_name: str,
        direction: Direction,
        max_depth: int,
        rel_where: Filter | None = None,
        properties: bool = True,
    ) -> Traversal:
        rel = rel_type(rel_type_name)
        keep_rel = self._rel_predicate(rel_where, rel)
        shown = dict if properties else lambda data: {rel.key: data[rel.key]} if rel.key and rel.key in data else {}
        starts = [k for k in dict.fromkeys(keys) if k in self._by_label[label]]
        depth = {key: 0 for key in starts}
        edges: list[Edge] = []
        frontier = starts
        for generation in range(1, max_depth + 1):
            reached: list[str] = []
            for key in checked(frontier):
                for other, edge_key, data in self._edges((label, key), rel.type, direction):
                    if other[0] != label or not keep_rel(data):
                        continue
                    source, target = (key, other[1]) if direction is Direction.OUT else (other[1], key)
                    edges.append(Edge(rel.type, NodeRef(label, source), NodeRef(label, target), shown(data)))
                    if other[1] not in depth:
                        depth[other[1]] = generation
                        reached.append(other[1])
            frontier = reached
        edges.sort(key=lambda e: (e.source.key, e.target.key, rel.key_of(e.props)))
        nodes = {key: dict(self._by_label[label][key]) if properties else {} for key in depth}
        return Traversal(depth, nodes, edges)

    def shortest_path(self, start: NodeRef, end: NodeRef, rel_types: Sequence[str], max_length: int) -> Path | None:
        source, target = (start.label, start.key), (end.label, end.key)
        if source not in self.graph or target not in self.graph:
            return None
        types = {rel_type(t).type for t in rel_types}
        distance = self._distances_to(target, types, max_length)
        if source not in distance:
            return None
        nodes: list[NodeId] = [source]
        edges: list[Edge] = []
        while nodes[-1] != target:
            here = nodes[-1]
            steps = [
                (other, edge_key, data, out)
                for out in (Direction.OUT, Direction.IN)
                for other, edge_key, data in self._edges(here, None, out)
                if edge_key[0] in types and distance.get(other) == distance[here] - 1
            ]
            other, edge_key, data, out = min(steps, key=lambda s: (s[0], s[1]))
            ends = (here, other) if out is Direction.OUT else (other, here)
            edges.append(Edge(edge_key[0], NodeRef(*ends[0]), NodeRef(*ends[1]), dict(data)))
            nodes.append(other)
        return Path([(NodeRef(*n), dict(self.graph.nodes[n])) for n in nodes], edges)

    def search(self, text: str, labels: Sequence[str], first: int) -> list[tuple[str, Props]]:
        found: list[tuple[str, Props]] = []
        for label in labels:
            node = node_type(label)
            if node.text is None:
                continue
            field, key = node.text, node.key.name
            fields = (field, *node.search_also)
            hits = [p for p in checked(self._by_label[label].values()) if any(text in (p.get(f) or "") for f in fields)]
            hits.sort(key=lambda p: (p.get(field) or "", p[key]))
            found.extend((label, dict(p)) for p in hits[: first - len(found)])
            if len(found) >= first:
                break
        return found

    def counts(self) -> dict[str, int]:
        answer = {label: len(index) for label, index in self._by_label.items()}
        answer.update({rel.type: 0 for rel in RELS})
        for _, _, (type_, _) in self.graph.edges(keys=True):
            answer[type_] += 1
        return answer

    # -- helpers --------------------------------------------------------

    def _edges(self, node: NodeId, type_: str | None, direction: Direction) -> Iterable[tuple[NodeId, EdgeKey, Props]]:
        """(other end, edge key, edge data) of `node`'s edges of one type (None: every type)."""
        if direction is Direction.OUT:
            found = ((v, k, d) for _, v, k, d in self.graph.out_edges(node, keys=True, data=True))
        else:
            found = ((u, k, d) for u, _, k, d in self.graph.in_edges(node, keys=True, data=True))
        return checked(edge for edge in found if type_ is None or edge[1][0] == type_)

    def _distances_to(self, target: NodeId, types: set[str], max_length: int) -> dict[NodeId, int]:
        """Undirected hop counts to `target` over `types`, up to `max_length`."""
        distance = {target: 0}
        queue = deque([target])
        while queue:
            here = queue.popleft()
            if distance[here] == max_length:
                continue
            for out in (Direction.OUT, Direction.IN):
                for other, edge_key, _ in self._edges(here, None, out):
                    if edge_key[0] in types and other not in distance:
                        distance[other] = distance[here] + 1
                        queue.append(other)
        return distance

    def _predicate(self, where: Filter, owner: NodeType | RelType) -> Predicate:
        """Compile a filter tree to a test of one node; fields are checked against `owner` once, here."""
        match where:
            case Eq(field, value):
                owner.prop(field)
                return lambda _, p: p.get(field) == value
            case In(field, values):
                owner.prop(field)
                allowed = set(values)
                return lambda _, p: p.get(field) in allowed
            case Range(field, gte, lte):
                owner.prop(field)
                return lambda _, p: p.get(field) is not None and (gte is None or p[field] >= gte) and (
                    lte is None or p[field] <= lte
                )
            case Contains(field, text):
                owner.prop(field)
                return lambda _, p: text in (p.get(field) or "")
            case Within(field, code, scheme):
                owner.prop(field)
                return lambda _, p: is_within(p.get(field), code, scheme)
            case Related(type_, direction, inner):
                rel = rel_type(type_)
                other = node_type((rel.targets if direction is Direction.OUT else rel.sources)[0])
                test = self._predicate(inner, other) if inner is not None else (lambda _n, _p: True)
                return lambda n, _: any(
                    test(far, self.graph.nodes[far]) for far, _, _ in self._edges(n, rel.type, direction)
                )
            case And(items):
                tests = [self._predicate(item, owner) for item in items]
                return lambda n, p: all(t(n, p) for t in tests)
            case Or(items):
                tests = [self._predicate(item, owner) for item in items]
                return lambda n, p: any(t(n, p) for t in tests)
            case Not(item):
                test = self._predicate(item, owner)
                return lambda n, p: not test(n, p)
        raise TypeError(f"not a filter: {where!r}")

    def _rel_predicate(self, where: Filter | None, rel: RelType) -> Callable[[Props], bool]:
        if where is None:
            return lambda _: True
        test = self._predicate(where, rel)
        return lambda data: test(("", ""), data)

    def _snapshot(self) -> dict[str, Any]:
        """The graph and the audit trail as persist saves them; nodes and edges are read as they are written."""
        nodes = ([label, key, props] for label, index in self._by_label.items() for key, props in index.items())
        edges = ([u[0], u[1], v[0], v[1], k[0], k[1], d] for u, v, k, d in self.graph.edges(keys=True, data=True))
        return {"nodes": nodes, "edges": edges, "audit": [entry.to_record() for entry in self.audit]}

    def _restore(self, fields: Iterator[tuple[str, Any]]) -> None:
        """The saved graph, as persist.read streams it, into a store just made (its sorted indexes wait for a walk).

        Held as a load holds it, not as the file's text gives it: labels and types are the model's
        own strings, a node's key its key property's string, a keyless relationship's key one tuple
        a type, a property's repeated texts one object each (graph.texts), as a million people's
        store otherwise takes twice the memory to open as to load.
        """
        keyless = {rel.type: (rel.type, "") for rel in RELS}
        texts = SharedTexts()
        for name, items in fields:
            if name == "nodes":
                for label, key, props in items:
                    node = node_type(label)
                    own = props.get(node.key.name)
                    key = own if own == key else key
                    self._by_label[node.label][key] = self._add_node(node.label, key, texts.share(node.label, props))
            elif name == "edges":
                for from_label, from_key, to_label, to_key, type_, rel_key, props in items:
                    edge_key = (rel_type(type_).type, rel_key) if rel_key else keyless[type_]
                    self.graph.add_edge(self._node_id(from_label, from_key), self._node_id(to_label, to_key), edge_key,
                                        **texts.share(type_, props))
            elif name == "audit":
                for record in items:
                    self._remember(AuditEntry.from_record(record))

    def _add_node(self, label: str, key: str, props: Props) -> Props:
        """A new node with `props`; returns its properties as the graph holds them."""
        node_id = self._ids[(label, key)] = (label, key)
        self.graph.add_node(node_id, **props)
        return self.graph.nodes[node_id]

    def _node_id(self, label: str, key: str) -> NodeId:
        """The node's id as the graph holds it: one tuple a node, however many edges name it (memory, at a million)."""
        node_id = (label, key)
        return self._ids.get(node_id, node_id)


def _bounds(where: Filter | None, field: str) -> tuple[Any, Any]:
    """The range `where` requires of `field` (a Range on it, alone or in a top-level And), to seek the index by."""
    parts = where.items if isinstance(where, And) else (where,)
    for part in parts:
        if isinstance(part, Range) and part.field == field:
            return part.gte, part.lte
    return None, None


def _refuse_stored(node: NodeType, index: dict[str, Props], added: set[str], keys: list[str]) -> None:
    """Nodes to create must have new keys (not stored, nor `added` before), as Neo4j's key constraint refuses a second node."""
    seen: set[str] = set()
    for key in keys:
        if key in index or key in added or key in seen:
            raise ConstraintViolation(f"{node.label} {node.key.name}={key!r} already exists")
        seen.add(key)


def _merge(target: Props, props: Props) -> None:
    """SET n += props: None removes a property, as in Cypher."""
    for name, value in props.items():
        if value is None:
            target.pop(name, None)
        else:
            target[name] = value


def _sort_value(value: Any) -> tuple[bool, Any]:
    """Missing values after all others ascending (and so before them descending), as Cypher sorts."""
    return (value is None, value)
