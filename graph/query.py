"""The store contract's query vocabulary: filters, ordering, directions and result shapes.

Filters are a small tree of frozen dataclasses. graph.cypher compiles a tree to
a parameterised WHERE clause; graph.embedded evaluates it in Python. Both give
the same answers, which the contract suite checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Union

from graph.codes import Scheme


class Direction(Enum):
    OUT = "out"  # (start)-[r]->(other)
    IN = "in"  # (start)<-[r]-(other)

    @property
    def reverse(self) -> "Direction":
        return Direction.IN if self is Direction.OUT else Direction.OUT


@dataclass(frozen=True)
class Eq:
    field: str
    value: Any


@dataclass(frozen=True)
class In:
    field: str
    values: tuple[Any, ...]


@dataclass(frozen=True)
class Range:
    """gte <= field <= lte; either bound may be None."""

    field: str
    gte: Any = None
    lte: Any = None


@dataclass(frozen=True)
class Contains:
    """A substring of a string property (Chinese substrings included)."""

    field: str
    text: str


@dataclass(frozen=True)
class Within:
    """A region or occupation code equal to `code` or under it."""

    field: str
    code: str
    scheme: Scheme


@dataclass(frozen=True)
class Related:
    """The node has at least one relationship of this type and direction, to a node matching `where`."""

    rel_type: str
    direction: Direction
    where: "Filter | None" = None


@dataclass(frozen=True)
class And:
    items: tuple["Filter", ...]


@dataclass(frozen=True)
class Or:
    items: tuple["Filter", ...]


@dataclass(frozen=True)
class Not:
    item: "Filter"


Filter = Union[Eq, In, Range, Contains, Within, Related, And, Or, Not]


@dataclass(frozen=True)
class Order:
    """Sort by a property. Missing values sort last ascending and first descending, as in Cypher."""

    field: str
    descending: bool = False


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    total: int | None  # None unless the caller asked for it


@dataclass(frozen=True)
class Neighbour:
    """A node at the other end of a relationship, with the relationship's properties."""

    label: str
    key: str
    node: dict[str, Any]
    rel: dict[str, Any]


@dataclass(frozen=True)
class NodeRef:
    label: str
    key: str


@dataclass(frozen=True)
class Edge:
    type: str
    source: NodeRef
    target: NodeRef
    props: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Traversal:
    """What a traversal reached: each node's generation (fewest steps) and the edges it crossed."""

    depth: dict[str, int]
    nodes: dict[str, dict[str, Any]]
    edges: list[Edge]


@dataclass(frozen=True)
class Path:
    nodes: list[tuple[NodeRef, dict[str, Any]]]
    edges: list[Edge]

    @property
    def length(self) -> int:
        return len(self.edges)


@dataclass(frozen=True)
class NeighbourPage:
    """Which of each node's neighbours to list: of `label` only (if given), `offset` skipped, `first` at most."""

    first: int
    offset: int = 0
    label: str | None = None

    def take(self, items: list[Neighbour]) -> list[Neighbour]:
        """This page of `items`, which are in the order sort_neighbours gives."""
        kept = [n for n in items if self.label is None or n.label == self.label]
        return kept[self.offset:self.offset + self.first]


@dataclass(frozen=True)
class Branch:
    """One relationship to follow from nodes of `label`, a page of it per node, and what to follow from there."""

    label: str
    rel_type: str
    direction: Direction
    page: NeighbourPage
    below: tuple["Branch", ...] = ()  # branches from the neighbours reached (each names its own label)


@dataclass(frozen=True)
class Fetched:
    """What one branch found: for each parent key, its page of neighbours, as `neighbours` answers it."""

    branch: Branch
    found: dict[str, list[Neighbour]]


@dataclass(frozen=True)
class Tree:
    """What `subtree` answers: the nodes it started from (by key, those stored) and what each branch found."""

    nodes: dict[str, dict[str, Any]]
    fetched: list[Fetched]


def sort_neighbours(items: list[Neighbour], rel_key: str | None) -> list[Neighbour]:
    """The order both stores list neighbours in: label, node key, then the relationship's key."""
    return sorted(items, key=lambda n: (n.label, n.key, str(n.rel.get(rel_key) or "") if rel_key else ""))
