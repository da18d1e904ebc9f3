"""Connection: a shortest path between two people through mentorship, studios and shared achievements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from graph import cypher
from graph.analytics.runner import Analytic, doc, run
from graph.embedded import EmbeddedStore
from graph.model import node_type
from graph.neo4j_store import Neo4jStore
from graph.query import NodeRef, Path

MAX_LENGTH = 10


class Via(Enum):
    MENTORSHIP = ("MENTORED",)  # master and apprentice
    STUDIO = ("LEADS", "MEMBER_OF")  # a person and a studio they lead or belong to
    ACHIEVEMENT = ("CONTRIBUTED",)  # a contributor and an achievement


@dataclass(frozen=True)
class PathNode:
    label: str = doc("Person, Studio or Achievement.")
    key: str = doc("The node's key: personId, studioId or achievementId.")
    name: str = doc("The person's or studio's name, or the achievement's title.")
    props: dict[str, Any]


@dataclass(frozen=True)
class PathStep:
    type: str = doc("MENTORED (master to apprentice), LEADS, MEMBER_OF or CONTRIBUTED.")
    source: NodeRef
    target: NodeRef
    props: dict[str, Any]


@dataclass(frozen=True)
class Connection:
    nodes: list[PathNode] = doc("From the first person to the second, in order.")
    steps: list[PathStep] = doc("steps[i] joins nodes[i] and nodes[i + 1].")

    @property
    def length(self) -> int:
        return len(self.steps)


def connection_query(
    from_id: str, to_id: str, via: Sequence[Via] = tuple(Via), max_length: int = 6
) -> Analytic[Connection | None]:
    if not 1 <= max_length <= MAX_LENGTH:
        raise ValueError(f"maxLength must be between 1 and {MAX_LENGTH}, not {max_length}")
    if not via:
        raise ValueError("via must name at least one kind of link")
    types = sorted({t for kind in via for t in kind.value})
    start, end = NodeRef("Person", from_id), NodeRef("Person", to_id)

    def plan() -> cypher.Plan[Connection | None]:
        return _connection((yield from cypher.shortest_path(start, end, types, max_length)))

    return Analytic(plan, lambda store: _connection(store.shortest_path(start, end, types, max_length)))


def connection(
    store: EmbeddedStore | Neo4jStore, from_id: str, to_id: str, via: Sequence[Via] = tuple(Via), max_length: int = 6
) -> Connection | None:
    """A shortest path ignoring direction, or None when there is none within `max_length` steps."""
    return run(store, connection_query(from_id, to_id, via, max_length))


def _connection(path: Path | None) -> Connection | None:
    if path is None:
        return None
    nodes = [PathNode(ref.label, ref.key, props.get(node_type(ref.label).text or "", ""), props)
             for ref, props in path.nodes]
    steps = [PathStep(e.type, e.source, e.target, e.props) for e in path.edges]
    return Connection(nodes, steps)
