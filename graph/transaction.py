"""How a Change becomes writes, the same on both stores: read what it touches, check every rule, diff.

`resolve` is a generator: it yields what it needs to read (ReadTarget, NodeExists,
MentorCycle) and each store answers from inside its own transaction (Neo4j with
queries, the embedded store from memory), so the checks are written once.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import Any

from graph import checks, rules
from graph.change import VERSION, AuditEntry, Change, Mode, PropChange, RelRef, Target, describe
from graph.errors import AlreadyExists, InvalidData, NotFound, RuleViolation, StaleVersion
from graph.model import NODE_TYPES, node_type, rel_type
from graph.query import NodeRef

EXISTS = "exists"  # the pseudo-property an entry shows for a relationship created (False -> True) or deleted


@dataclass(frozen=True)
class ReadTarget:
    """Answer: (stored properties or None, the target with a relationship's ends filled in)."""

    target: Target


@dataclass(frozen=True)
class NodeExists:
    """Answer: whether the node is stored."""

    node: NodeRef


@dataclass(frozen=True)
class MentorCycle:
    """Answer: the cycle a new master -> apprentice mentorship would close ([master, apprentice, ..., master]) or None."""

    master: str
    apprentice: str


Need = ReadTarget | NodeExists | MentorCycle


@dataclass(frozen=True)
class Resolved:
    target: Target  # a relationship's ends always filled in
    mode: Mode
    before: dict[str, Any] | None
    after: dict[str, Any] | None  # None: deleted


def _key_field(target: Target) -> str:
    if isinstance(target, RelRef):
        rel = rel_type(target.type)
        return rel.key or "from"
    return node_type(target.label).key.name


def resolve(change: Change) -> Generator[Need, Any, list[Resolved]]:
    """Every write of the change checked against what is stored; raises the first rule broken."""
    resolved: list[Resolved] = []
    created: set[NodeRef] = set()
    seen: set[Target] = set()
    for write in change.writes:
        target, where = write.target, describe(write.target)
        if target in seen:
            raise InvalidData(f"{where}: written twice in one change")
        seen.add(target)
        before, full = yield ReadTarget(target)
        if write.mode is Mode.CREATE and before is not None:
            raise AlreadyExists(where, _key_field(target), f"{where} already exists")
        if write.mode in (Mode.UPDATE, Mode.DELETE) and before is None:
            raise NotFound(where, _key_field(target), f"no {where} is stored")
        if write.version is not None and before is not None and before.get(VERSION, 0) != write.version:
            raise StaleVersion(where, write.version, before.get(VERSION, 0))
        if before is not None:
            rules.check_expected(where, before, write.expect)
        if isinstance(full, RelRef) and before is None:
            yield from _check_new_relationship(full, where, created)
        after = None if write.mode is Mode.DELETE else _after(full, before, write.props, where)
        if isinstance(full, NodeRef) and before is None:
            created.add(full)
        resolved.append(Resolved(full, write.mode, before, after))
    return resolved


def _check_new_relationship(ref: RelRef, where: str, created: set[NodeRef]) -> Generator[Need, Any, None]:
    """A new relationship's ends are stored (or created by this change) and a mentorship closes no cycle."""
    if ref.source is None or ref.target is None:
        raise InvalidData(f"{where}: a new relationship needs both ends")
    checks.check_labels(rel_type(ref.type), ref.source.label, ref.target.label)
    for end, name in ((ref.source, "from"), (ref.target, "to")):
        if end not in created and not (yield NodeExists(end)):
            raise NotFound(where, name, f"no {end.label} {end.key} is stored")
    if ref.type == rules.ACYCLIC:
        cycle = yield MentorCycle(ref.source.key, ref.target.key)
        if cycle is not None:
            raise RuleViolation(where, "from", rules.cycle_reason(cycle))


def _after(target: Target, before: dict[str, Any] | None, props: Any, where: str) -> dict[str, Any]:
    """The object as it will be stored, checked whole against the model and the rules."""
    after = {k: v for k, v in (before or {}).items() if k != VERSION}
    if VERSION in props:
        raise RuleViolation(where, VERSION, f"{VERSION} is kept by the store, not written")
    for name, value in props.items():
        if value is None:
            after.pop(name, None)
        else:
            after[name] = value
    if isinstance(target, NodeRef):
        node = node_type(target.label)
        if after.get(node.key.name, target.key) != target.key:
            raise RuleViolation(where, node.key.name, "the key of a stored object cannot change")
        after[node.key.name] = target.key
        after = {k: v for k, v in checks.check_node(node, after).items() if v is not None}
    else:
        rel = rel_type(target.type)
        if rel.key:
            if after.get(rel.key, target.key) != target.key:
                raise RuleViolation(where, rel.key, "the key of a stored object cannot change")
            after[rel.key] = target.key
        assert target.source is not None and target.target is not None
        row = {"from": target.source.key, "to": target.target.key, **after}
        after = {k: v for k, v in checks.check_rel(rel, row).items() if v is not None}
        if rel.type == rules.ACYCLIC:
            rules.check_transition(where, before, after)
            if after.get("status") != (before or {}).get("status"):
                rules.check_completion(where, after)
    after[VERSION] = (before or {}).get(VERSION, 0) + 1
    return after


def entry_for(change: Change, resolved: list[Resolved], seq: int, at: str) -> AuditEntry:
    """The audit entry of an applied change: each changed property's old and new value."""
    found: list[PropChange] = []
    people: set[str] = set()
    for item in resolved:
        what = describe(item.target)
        before, after = item.before or {}, item.after or {}
        if isinstance(item.target, RelRef) and (item.before is None) != (item.after is None):
            found.append(PropChange(what, EXISTS, item.before is not None, item.after is not None))
        for name in [*before, *(n for n in after if n not in before)]:
            if name != VERSION and before.get(name) != after.get(name):
                found.append(PropChange(what, name, before.get(name), after.get(name)))
        people.update(_people(item.target))
    people.update(_people(change.subject))
    object_type, object_key = _identity(change.subject)
    return AuditEntry(seq, at, change.actor.role, change.actor.label, change.operation, object_type, object_key,
                      tuple(sorted(people)), (*found, *change.summary), change.idempotency_key)


def _people(target: Target) -> list[str]:
    ends = [target.source, target.target] if isinstance(target, RelRef) else [target]
    return [end.key for end in ends if end is not None and end.label in NODE_TYPES and node_type(end.label).individual]


def _identity(target: Target) -> tuple[str, str]:
    if isinstance(target, RelRef):
        return target.type, describe(target).split(" ", 1)[1]
    return target.label, target.key


def check_replay(change: Change, entry: AuditEntry) -> None:
    """A retried request must be the same request: the same operation by the same token label."""
    if (entry.operation, entry.role, entry.label) != (change.operation, change.actor.role, change.actor.label):
        raise RuleViolation("idempotencyKey", "idempotencyKey",
                            f"idempotencyKey {change.idempotency_key!r} was used by another request ({entry.operation})")
