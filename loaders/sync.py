"""`load --sync`: make the store match complete source files, for the kinds whose files the folder has.

After the validation pass, the plan compares what the files list with what the
store holds: for each node kind, the nodes added, changed and no longer listed;
for each relationship a kind writes (its type between two labels, a *scope*),
the same. The user sees the plan before anything is written; once it is
confirmed, the load writes as usual and then removes what the files no longer
list: nodes with all their relationships, and relationships a file no longer
names. Nothing is removed for a kind whose file is absent: a scope that an
absent kind also writes (CONTRIBUTED, written by achievements and by
achievement_contributors), or whose reference column the file lacks, is left
alone and named in the plan.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from graph.model import RELS, node_type, rel_type
from graph.query import Direction
from graph.store import Store
from loaders.kinds import KINDS, End, FileKind
from loaders.resolve import Resolver
from loaders.source import Source

Scope = tuple[str, str, str]  # (relationship type, from label, to label)
Identity = tuple[str, str, str]  # (from key, to key, the relationship's key value or "")
BATCH = 5000
SHOWN = 5  # examples of what goes, per line of the summary


@dataclass
class Diff:
    """What a kind's file changes in the store: counts of added and changed, and what it removes."""

    added: int = 0
    changed: int = 0
    removed: list[Any] = field(default_factory=list)  # node keys, or relationship identities
    examples: list[str] = field(default_factory=list)  # the first removed, as a clerk recognises them


@dataclass
class SyncPlan:
    nodes: dict[str, Diff] = field(default_factory=dict)
    relationships: dict[Scope, Diff] = field(default_factory=dict)
    detached: int = 0  # relationships that go with the removed nodes
    skipped: list[str] = field(default_factory=list)  # relationships not synced, and why

    @property
    def removes(self) -> int:
        """Nodes and relationships the sync removes, those that go with the nodes included."""
        return sum(len(d.removed) for d in (*self.nodes.values(), *self.relationships.values())) + self.detached

    def summary(self) -> str:
        lines = ["--sync: the store will match the files (nothing is removed for a kind without a file)",
                 f"  {'':<44}{'added':>8}{'changed':>9}{'removed':>9}"]
        rows = [(label, d) for label, d in self.nodes.items()]
        rows += [(f"{t} {a}->{b}", d) for (t, a, b), d in self.relationships.items()]
        for name, diff in rows:
            more = len(diff.removed) - len(diff.examples)
            gone = ", ".join(diff.examples) + (f" and {more} more" if more > 0 else "")
            lines.append(f"  {name:<44}{diff.added:>8}{diff.changed:>9}{len(diff.removed):>9}"
                         + (f"  ({gone})" if gone else ""))
        lines.append(f"  relationships removed with the nodes: {self.detached}")
        lines += [f"  not synced: {reason}" for reason in self.skipped]
        return "\n".join(lines)


def scopes_of(kind: FileKind) -> list[tuple[Scope, End | None]]:
    """The relationships a kind writes, each with the reference column that names its far end (None: a hierarchy)."""
    found: list[tuple[Scope, End | None]] = []
    for link in kind.links:
        labels = [end.label if end else kind.node for end in (link.source, link.target)]
        end = link.target if link.target is not None else link.source
        found.append(((link.rel_type, str(labels[0]), str(labels[1])), end))
    if kind.hierarchy and kind.node:
        found.append(((kind.hierarchy.rel_type, kind.node, kind.node), None))
    return found


def writers() -> dict[Scope, set[str]]:
    """For each scope, the kinds that write it."""
    found: dict[Scope, set[str]] = defaultdict(set)
    for kind in KINDS:
        for scope, _ in scopes_of(kind):
            found[scope].add(kind.name)
    return found


def plan_sync(sources: list[Source], resolver: Resolver, store: Store) -> SyncPlan:
    """Compare what the validated sources list with what the store holds; nothing is written."""
    plan = SyncPlan()
    listed, wanted = _listed(sources, resolver)
    present = {s.kind.name for s in sources}
    by_scope = writers()
    reasons: dict[Scope, dict[str, None]] = defaultdict(dict)  # why a scope is not synced (none: it is)
    for source in sources:
        for scope, end in scopes_of(source.kind):
            others = sorted(by_scope[scope] - present)
            reasons.setdefault(scope, {})  # every scope a present kind writes, in order
            if others:
                reasons[scope][f"{', '.join(others)} also writes it and has no file"] = None
            elif end is not None and not ({end.column, end.card_column} & set(source.headers)):
                reasons[scope][f"{source.stats.name} has no {end.column} column"] = None
    scopes = [scope for scope, why in reasons.items() if not why]
    plan.skipped = [f"{t} {a}->{b}: {'; '.join(why)}" for (t, a, b), why in reasons.items() if why]
    stored: dict[str, dict[str, dict[str, Any]]] = {}
    for source in sources:
        label = source.kind.node
        if label is None:
            continue
        node = node_type(label)
        stored[label] = {p[node.key.name]: p for p in store.list_nodes(label).items}
        plan.nodes[label] = _diff(listed[label], stored[label],
                                  lambda key: f"{key} {stored[label][key].get(node.text) or ''}".strip() if node.text else key)
    gone = {(label, key) for label, diff in plan.nodes.items() for key in diff.removed}
    for scope in scopes:
        rel_name, from_label, to_label = scope
        keys = list(stored[from_label]) if from_label in stored else [p[node_type(from_label).key.name]
                                                                      for p in store.list_nodes(from_label).items]
        held = _stored_relationships(store, scope, keys)
        diff = _diff(wanted[scope], held, _show_identity)
        diff.removed = [i for i in diff.removed if (from_label, i[0]) not in gone and (to_label, i[1]) not in gone]
        diff.examples = [_show_identity(i) for i in diff.removed[:SHOWN]]  # those going with their nodes are counted apart
        plan.relationships[scope] = diff
    plan.detached = _detached(store, gone)
    return plan


def apply_sync(plan: SyncPlan, store: Store, size: int = BATCH) -> int:
    """Remove what the plan found no longer listed: relationships first, then nodes with theirs. Returns all removed."""
    removed = 0
    for (rel_name, from_label, to_label), diff in plan.relationships.items():
        rel = rel_type(rel_name)
        rows = [{"from": a, "to": b, **({rel.key: k} if rel.key else {})} for a, b, k in diff.removed]
        for start in range(0, len(rows), size):
            removed += store.remove_relationships(rel_name, rows[start:start + size], from_label, to_label)
    for label, diff in plan.nodes.items():
        for start in range(0, len(diff.removed), size):
            removed += store.remove_nodes(label, diff.removed[start:start + size])
    return removed + plan.detached


def _listed(sources: list[Source], resolver: Resolver) -> tuple[dict[str, dict[str, Any]], dict[Scope, dict[Identity, Any]]]:
    """The nodes each file lists (key -> properties given) and the relationships each scope should hold."""
    nodes: dict[str, dict[str, Any]] = defaultdict(dict)
    links: dict[Scope, dict[Identity, Any]] = defaultdict(dict)
    for source in sources:
        kind = source.kind
        for number, _, key, props, row_links in source.spool:
            if number in source.rejected or number in source.skipped:
                continue
            if props is not None and kind.node and key is not None:
                nodes[kind.node].setdefault(key, {}).update(props)
            for index, source_ref, target_ref, rel_props in row_links:
                link = kind.links[index]
                ends = [key if ref is None else resolver.lookup(*ref) for ref in (source_ref, target_ref)]
                labels = [kind.node if ref is None else ref[0] for ref in (source_ref, target_ref)]
                rel = rel_type(link.rel_type)
                identity = (str(ends[0]), str(ends[1]), rel.key_of(rel_props))
                links[(link.rel_type, str(labels[0]), str(labels[1]))][identity] = rel_props
        if kind.hierarchy and kind.node:
            label, hierarchy = kind.node, kind.hierarchy
            for code in source.parents:
                nodes[label].setdefault(code, {})
            for code in nodes[label]:
                if (parent := hierarchy.parent(code)) is not None:
                    links[(hierarchy.rel_type, label, label)][(code, parent, "")] = {}
    return nodes, links


def _diff(listed: dict[Any, dict[str, Any]], held: dict[Any, dict[str, Any]], show: Callable[[Any], str]) -> Diff:
    """Added, changed (a property the file gives differs from the store's) and removed (held, not listed)."""
    diff = Diff()
    for key, props in listed.items():
        have = held.get(key)
        if have is None:
            diff.added += 1
        elif any(have.get(name) != value for name, value in props.items()):
            diff.changed += 1
    diff.removed = sorted(key for key in held if key not in listed)
    diff.examples = [show(key) for key in diff.removed[:SHOWN]]
    return diff


def _show_identity(identity: Identity) -> str:
    return f"{identity[0]} -> {identity[1]}" + (f" ({identity[2]})" if identity[2] else "")


def _stored_relationships(store: Store, scope: Scope, keys: list[str]) -> dict[Identity, dict[str, Any]]:
    rel_name, from_label, to_label = scope
    rel = rel_type(rel_name)
    held: dict[Identity, dict[str, Any]] = {}
    for start in range(0, len(keys), BATCH):
        found = store.neighbours(from_label, keys[start:start + BATCH], rel_name, Direction.OUT)
        for key, neighbours in found.items():
            for n in neighbours:
                if n.label == to_label:
                    held[(key, n.key, rel.key_of(n.rel))] = n.rel
    return held


def _detached(store: Store, gone: Iterable[tuple[str, str]]) -> int:
    """How many relationships the removed nodes have, each counted once."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for label, key in gone:
        by_label[label].append(key)
    seen: set[tuple[str, str, str, str, str, str]] = set()
    for label, keys in by_label.items():
        for rel in RELS:
            for direction, ends in ((Direction.OUT, rel.sources), (Direction.IN, rel.targets)):
                if label not in ends:
                    continue
                for start in range(0, len(keys), BATCH):
                    found = store.neighbours(label, keys[start:start + BATCH], rel.type, direction)
                    for key, neighbours in found.items():
                        for n in neighbours:
                            pair = ((label, key), (n.label, n.key)) if direction is Direction.OUT else ((n.label, n.key), (label, key))
                            seen.add((rel.type, *pair[0], *pair[1], rel.key_of(n.rel)))
    return len(seen)
