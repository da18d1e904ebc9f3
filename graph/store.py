"""The store contract: the typed, batched operations that loaders and the API call.

Both stores (graph.neo4j_store and graph.embedded) implement it and pass one
contract suite (tests/graph/test_contract.py) with identical answers. Every
read takes many keys at once, so a caller never loops one call per node.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from graph.change import Applied, AuditEntry, AuditQuery, Change
from graph.journal import LoadRun
from graph.query import (
    Branch, Direction, Edge, Filter, Neighbour, NeighbourPage, NodeRef, Order, Page, Path, Traversal, Tree,
)
from graph.upserts import Row, Upsert


class Store(Protocol):
    write_threads: int  # write transactions a loader may run at once (on rows that touch no common node)

    def setup_schema(self) -> None:
        """Create constraints and indexes (idempotent). Call before the first write."""

    def upsert_nodes(self, label: str, rows: Sequence[Row], new: bool = False) -> int:
        """Merge nodes on their key and set the given properties; None removes a property.

        All rows are checked against the model before any is written. Returns the rows written.
        `new` says the caller knows no key is stored nor repeated (a load into an empty label):
        the nodes are created without looking the key up, and a key already stored or given
        twice raises ConstraintViolation, writing nothing of the batch.
        """

    def upsert_relationships(
        self, rel_type: str, rows: Sequence[Row], from_label: str | None = None, to_label: str | None = None,
        new: bool = False,
    ) -> int:
        """Merge relationships between existing nodes, each row {"from": key, "to": key, **props}.

        The labels default to the type's only source and target. A row naming a node that is
        not stored raises MissingEndpoint and writes nothing of the batch. `new` says the caller
        knows none of the rows is stored nor repeated (a load into an empty type): a store may
        then create them without looking for one to merge with.
        """

    def upsert(self, writes: Sequence[Upsert]) -> int:
        """Several upserts in one transaction, in order: every one written, or (on an error) none.

        A relationship may name a node an earlier write of the call creates. Returns the rows written.
        """

    def prepare(self, writes: Sequence[Upsert]) -> None:
        """Do now what `upsert(writes)` can do before its transaction; writes nothing.

        A caller building the next batch while the last is written calls it, so the store's
        transaction does not wait on that work. It may raise what `upsert` would raise for
        rows the model refuses (InvalidData), or leave that to `upsert`.
        """

    def remove_nodes(self, label: str, keys: Sequence[str]) -> int:
        """Delete the nodes with these keys and every relationship they have; keys not stored are ignored.

        Returns the nodes deleted. One transaction: all of them go, or (on an error) none.
        """

    def remove_relationships(
        self, rel_type: str, rows: Sequence[Row], from_label: str | None = None, to_label: str | None = None
    ) -> int:
        """Delete relationships, each row {"from": key, "to": key} and, for a type with a key, that key's value.

        A row naming no stored relationship is ignored. Returns the relationships deleted.
        """

    def get_nodes(self, label: str, keys: Iterable[str]) -> dict[str, dict[str, Any]]:
        """The nodes with these keys; keys not stored are absent from the answer."""

    def apply(self, change: Change) -> Applied:
        """Write one change and its audit entry in one transaction, or refuse it whole.

        Each write is checked against the model and graph.rules with what is stored at that
        moment; a write whose `version` is not the stored one raises StaleVersion. A change
        whose idempotency key was recorded before writes nothing and answers the first entry.
        """

    def get_relationships(self, rel_type: str, keys: Iterable[str]) -> dict[str, Edge]:
        """Relationships of a keyed type (a mentorship by agreementId) with both ends; absent keys left out."""

    def audit_log(self, query: AuditQuery, first: int, offset: int = 0) -> list[AuditEntry]:
        """The audit entries `query` keeps, newest first, `offset` skipped, at most `first`."""

    def audit_after(self, seq: int, first: int) -> list[AuditEntry]:
        """At most `first` entries after sequence number `seq`, oldest first."""

    def neighbours(
        self, label: str, keys: Iterable[str], rel_type: str, direction: Direction,
        page: NeighbourPage | None = None,
    ) -> dict[str, list[Neighbour]]:
        """For each key, the nodes across `rel_type` in `direction`, sorted by label, key, relationship key.

        With a `page`, only neighbours of its label (if it names one), `offset` of them skipped,
        at most `first` kept, for each key: the work is bounded by the page, not by the degree.
        """

    def subtree(self, label: str, keys: Iterable[str], branches: Sequence[Branch]) -> Tree:
        """The nodes of these keys that are stored, every branch followed from them, and each branch's
        `below` from the neighbours it reached.

        `nodes` answers what `get_nodes` would; each Fetched exactly what `neighbours` would for its
        branch's parents. Neo4j answers the whole tree in one query, so a root field is one round trip.
        """

    def count_neighbours(self, label: str, keys: Iterable[str], rel_type: str, direction: Direction) -> dict[str, int]:
        """For each key, how many relationships of `rel_type` it has in `direction` (0 for an unknown key)."""

    def list_nodes(
        self,
        label: str,
        where: Filter | None = None,
        order_by: Sequence[Order] = (),
        first: int | None = None,
        offset: int = 0,
        with_total: bool = False,
    ) -> Page:
        """A filtered, sorted page; the key is always the last sort field, so pages are stable."""

    def traverse(
        self,
        label: str,
        keys: Iterable[str],
        rel_type: str,
        direction: Direction,
        max_depth: int,
        rel_where: Filter | None = None,
        properties: bool = True,
    ) -> Traversal:
        """Breadth-first over one relationship type from `keys`, up to `max_depth` steps.

        Each reached node gets its generation (the fewest steps); the edges are every
        relationship crossed between reached nodes (or from a start), each once.
        Without `properties`, nodes carry none and edges only their key (a loader's cycle check).
        """

    def shortest_path(
        self, start: NodeRef, end: NodeRef, rel_types: Sequence[str], max_length: int
    ) -> Path | None:
        """A shortest path ignoring direction; among equals, the smallest sequence of (label, key)."""

    def search(self, text: str, labels: Sequence[str], first: int) -> list[tuple[str, dict[str, Any]]]:
        """Nodes of `labels` whose name or title (or a `search_also` property) contains `text`, ordered by label order, text, key."""

    def counts(self) -> dict[str, int]:
        """How many nodes of every label and relationships of every type (zero included)."""

    def record_load(self, run: LoadRun) -> None:
        """Write a load's journal record (graph.journal), or rewrite it as the load ends; durable on return."""

    def load_runs(self) -> list[LoadRun]:
        """Every load's journal record, newest first."""

    def clear(self) -> None:
        """Delete everything, the load journal included (for tests and benchmarks)."""

    def flush(self) -> None:
        """Make what was written durable (the embedded store saves its file; Neo4j already has)."""

    def close(self) -> None: ...
