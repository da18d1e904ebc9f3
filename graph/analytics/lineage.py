"""Lineage (师徒传承): a master's apprentices (DOWN) or a person's masters (UP), generation by generation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

from graph import cypher
from graph.analytics.runner import Analytic, doc, run
from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.query import Direction, Edge, In, Neighbour, Traversal

MAX_DEPTH = 10


class LineageDirection(Enum):
    DOWN = "down"  # apprentices, their apprentices, ...
    UP = "up"  # masters, their masters, ...


@dataclass(frozen=True)
class LineageMember:
    person_id: str = doc("The person's personId.")
    name: str = doc("The person's name.")
    generation: int = doc(
        "The fewest mentorship steps from the lineage's start (0 for the start person), counting only mentorships that "
        "pass the status filter.")
    person: dict[str, Any]


@dataclass(frozen=True)
class Mentorship:
    """One MENTORED relationship: master -> apprentice, with the agreement's properties."""

    master_id: str = doc("The master's personId.")
    apprentice_id: str = doc("The apprentice's personId.")
    props: dict[str, Any]


@dataclass(frozen=True)
class GenerationTotal:
    generation: int = doc("1 for direct apprentices (or masters), 2 for theirs, ...")
    people: int = doc("Distinct people whose fewest steps from the start are `generation`.")


@dataclass(frozen=True)
class Lineage:
    root: LineageMember = doc("The person the lineage starts from (generation 0).")
    direction: LineageDirection
    max_depth: int = doc("The deepest generation asked for.")
    members: list[LineageMember] = doc(
        "Everyone reached, each once at their fewest steps, by generation then personId.")
    mentorships: list[Mentorship] = doc(
        "Every mentorship (passing the status filter) between the start and the members, by master, apprentice and "
        "agreement.")
    generations: list[GenerationTotal] = doc("The number of people in each generation, from 1 to the deepest reached.")


def lineage_query(
    person_id: str, direction: LineageDirection, max_depth: int = 3, statuses: Sequence[str] | None = None
) -> Analytic[Lineage | None]:
    """The lineage within `max_depth` generations; with `statuses`, every mentorship on a path has one of them."""
    if not 1 <= max_depth <= MAX_DEPTH:
        raise ValueError(f"maxDepth must be between 1 and {MAX_DEPTH}, not {max_depth}")
    step = Direction.OUT if direction is LineageDirection.DOWN else Direction.IN
    rel_where = In("status", tuple(statuses)) if statuses else None

    def plan() -> cypher.Plan[Lineage | None]:
        reached = yield from cypher.traverse("Person", [person_id], "MENTORED", step, max_depth, rel_where)
        last = _last_generation(reached, max_depth)
        beyond = (yield from cypher.neighbours("Person", last, "MENTORED", step)) if last else {}
        return _lineage(person_id, direction, max_depth, statuses, reached, beyond)

    def embedded(store: EmbeddedStore) -> Lineage | None:
        reached = store.traverse("Person", [person_id], "MENTORED", step, max_depth, rel_where)
        last = _last_generation(reached, max_depth)
        beyond = store.neighbours("Person", last, "MENTORED", step) if last else {}
        return _lineage(person_id, direction, max_depth, statuses, reached, beyond)

    return Analytic(plan, embedded)


def mentor_lineage(
    store: EmbeddedStore | Neo4jStore,
    person_id: str,
    direction: LineageDirection = LineageDirection.DOWN,
    max_depth: int = 3,
    statuses: Sequence[str] | None = None,
) -> Lineage | None:
    """The lineage of `person_id`, or None when no such person is stored."""
    return run(store, lineage_query(person_id, direction, max_depth, statuses))


def _last_generation(reached: Traversal, max_depth: int) -> list[str]:
    """The people at the deepest allowed generation: the traversal did not look past them."""
    return sorted(key for key, depth in reached.depth.items() if depth == max_depth)


def _lineage(
    person_id: str,
    direction: LineageDirection,
    max_depth: int,
    statuses: Sequence[str] | None,
    reached: Traversal,
    beyond: dict[str, list[Neighbour]],
) -> Lineage | None:
    """The shared shaping: members, the mentorships among them (the last generation's too) and totals."""
    if person_id not in reached.depth:
        return None
    members = {key: _member(key, depth, reached.nodes[key]) for key, depth in reached.depth.items()}
    mentorships = [_mentorship(edge) for edge in reached.edges]
    for key, found in beyond.items():
        for other in found:
            if other.key in members and (not statuses or other.rel.get("status") in statuses):
                pair = (key, other.key) if direction is LineageDirection.DOWN else (other.key, key)
                mentorships.append(Mentorship(pair[0], pair[1], other.rel))
    mentorships.sort(key=lambda m: (m.master_id, m.apprentice_id, str(m.props.get("agreementId") or "")))
    others = sorted((m for key, m in members.items() if key != person_id), key=lambda m: (m.generation, m.person_id))
    per_generation = Counter(m.generation for m in others)
    totals = [GenerationTotal(g, per_generation[g]) for g in range(1, max(per_generation, default=0) + 1)]
    return Lineage(members[person_id], direction, max_depth, others, mentorships, totals)


def _member(key: str, generation: int, props: dict[str, Any]) -> LineageMember:
    return LineageMember(key, props.get("name", ""), generation, props)


def _mentorship(edge: Edge) -> Mentorship:
    return Mentorship(edge.source.key, edge.target.key, edge.props)
