"""Cypher for write transactions and the audit trail: `apply`'s plan, relationships by key, audit reads.

One plan is one transaction. It first takes the write lock of the audit
sequence node, so changes run one at a time and each reads what the one before
it committed; then it resolves the change (graph.transaction), writes it and
its audit entry. A retried idempotency key or a broken rule raises inside the
transaction, so nothing of it is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from graph.change import Applied, AuditEntry, AuditQuery, Change, RelRef, Target, now
from graph.cypher import Plan
from graph.model import node_type, rel_type
from graph.query import Edge, NodeRef
from graph.transaction import MentorCycle, NodeExists, Need, ReadTarget, Resolved, check_replay, entry_for, resolve


class Replayed(Exception):
    """Raised inside the transaction to roll it back and answer the first entry."""

    def __init__(self, entry: AuditEntry) -> None:
        self.entry = entry


def schema_statements() -> list[str]:
    return [
        "CREATE CONSTRAINT audit_sequence IF NOT EXISTS FOR (s:AuditSequence) REQUIRE s.name IS UNIQUE",
        "CREATE CONSTRAINT audit_entry_seq IF NOT EXISTS FOR (e:AuditEntry) REQUIRE e.seq IS UNIQUE",
        "CREATE INDEX audit_entry_key IF NOT EXISTS FOR (e:AuditEntry) ON (e.idempotencyKey)",
        "CREATE INDEX audit_entry_object IF NOT EXISTS FOR (e:AuditEntry) ON (e.objectKey)",
        "CREATE INDEX audit_entry_at IF NOT EXISTS FOR (e:AuditEntry) ON (e.at)",
    ]


def _node_match(var: str, ref: NodeRef, param: str) -> str:
    node = node_type(ref.label)
    return f"({var}:{node.label} {{{node.key.name}: ${param}}})"


def apply(change: Change) -> Plan[Applied]:
    records = yield (
        "MERGE (s:AuditSequence {name: 'audit'}) ON CREATE SET s.next = 0 SET s.next = s.next + 1 RETURN s.next AS seq", {},
    )
    seq = records[0]["seq"]
    if change.idempotency_key:
        found = yield ("MATCH (e:AuditEntry {idempotencyKey: $k}) RETURN properties(e) AS e", {"k": change.idempotency_key})
        if found:
            entry = AuditEntry.from_record(found[0]["e"])
            check_replay(change, entry)
            raise Replayed(entry)
    steps = resolve(change)
    answer: Any = None
    while True:
        try:
            need = steps.send(answer)
        except StopIteration as done:
            resolved: list[Resolved] = done.value
            break
        answer = yield from _answer(need)
    for item in resolved:
        yield _write(item)
    entry = entry_for(change, resolved, seq, now())
    yield ("CREATE (e:AuditEntry) SET e = $entry", {"entry": entry.to_record()})
    return Applied(entry)


def _answer(need: Need) -> Plan[Any]:
    if isinstance(need, ReadTarget):
        return (yield from _read_target(need.target))
    if isinstance(need, NodeExists):
        records = yield (f"MATCH {_node_match('n', need.node, 'k')} RETURN count(n) AS c", {"k": need.node.key})
        return records[0]["c"] > 0
    assert isinstance(need, MentorCycle)
    records = yield (
        "MATCH (m:Person {personId: $master}), (a:Person {personId: $apprentice}) "
        "MATCH path = (a)-[:MENTORED*0..]->(m) RETURN [n IN nodes(path) | n.personId] AS down LIMIT 1",
        {"master": need.master, "apprentice": need.apprentice},
    )
    return [need.master, *records[0]["down"]] if records else None


def _read_target(target: Target) -> Plan[tuple[dict[str, Any] | None, Target]]:
    if isinstance(target, NodeRef):
        records = yield (f"MATCH {_node_match('n', target, 'k')} RETURN properties(n) AS p", {"k": target.key})
        return (records[0]["p"] if records else None), target
    rel = rel_type(target.type)
    if rel.key and target.key:
        found = yield from get_relationships(rel.type, [target.key])
        edge = found.get(target.key)
        if edge is None:
            return None, target
        return edge.props, RelRef(rel.type, edge.source, edge.target, target.key)
    assert target.source is not None and target.target is not None
    records = yield (
        f"MATCH {_node_match('a', target.source, 'a')}-[r:{rel.type}]->{_node_match('b', target.target, 'b')} "
        "RETURN properties(r) AS p LIMIT 1",
        {"a": target.source.key, "b": target.target.key},
    )
    return (records[0]["p"] if records else None), target


def _write(item: Resolved) -> tuple[str, dict[str, Any]]:
    target = item.target
    if isinstance(target, NodeRef):
        node = node_type(target.label)
        return (f"MERGE (n:{node.label} {{{node.key.name}: $k}}) SET n = $props", {"k": target.key, "props": item.after})
    rel = rel_type(target.type)
    assert target.source is not None and target.target is not None
    ends = f"MATCH {_node_match('a', target.source, 'a')}, {_node_match('b', target.target, 'b')} "
    params = {"a": target.source.key, "b": target.target.key, "props": item.after, "key": target.key}
    pick = f"WHERE r.{rel.key} = $key " if rel.key else ""
    if item.before is None:
        return (ends + f"CREATE (a)-[r:{rel.type}]->(b) SET r = $props", params)
    matched = ends + f"MATCH (a)-[r:{rel.type}]->(b) {pick}"
    return (matched + ("DELETE r" if item.after is None else "SET r = $props"), params)


def get_relationships(type_name: str, keys: Iterable[str]) -> Plan[dict[str, Edge]]:
    """Relationships of a keyed type by their keys, with both ends."""
    rel = rel_type(type_name)
    if rel.key is None:
        raise ValueError(f"{rel.type} has no key property")
    source, target = node_type(rel.sources[0]), node_type(rel.targets[0])
    records = yield (
        f"UNWIND $keys AS k MATCH (a:{source.label})-[r:{rel.type} {{{rel.key}: k}}]->(b:{target.label}) "
        f"RETURN k, a.{source.key.name} AS a, b.{target.key.name} AS b, properties(r) AS p",
        {"keys": list(dict.fromkeys(keys))},
    )
    return {r["k"]: Edge(rel.type, NodeRef(source.label, r["a"]), NodeRef(target.label, r["b"]), r["p"]) for r in records}


def audit_log(query: AuditQuery, first: int, offset: int = 0) -> Plan[list[AuditEntry]]:
    conditions, params = [], {"first": first, "offset": offset}
    for field, value, test in (
        ("objectKey", query.object_key, "e.objectKey = $objectKey"),
        ("person", query.person, "$person IN e.people"),
        ("operation", query.operation, "e.operation = $operation"),
        ("since", query.since, "e.at >= $since"),
        ("until", query.until, "e.at <= $until"),
    ):
        if value is not None:
            conditions.append(test)
            params[field] = value
    where = f"WHERE {' AND '.join(conditions)} " if conditions else ""
    records = yield (
        f"MATCH (e:AuditEntry) {where}RETURN properties(e) AS e ORDER BY e.seq DESC SKIP $offset LIMIT $first", params,
    )
    return [AuditEntry.from_record(r["e"]) for r in records]


def audit_after(seq: int, first: int) -> Plan[list[AuditEntry]]:
    records = yield (
        "MATCH (e:AuditEntry) WHERE e.seq > $seq RETURN properties(e) AS e ORDER BY e.seq LIMIT $first",
        {"seq": seq, "first": first},
    )
    return [AuditEntry.from_record(r["e"]) for r in records]
