"""Upserts as values: what one `Store.upsert` call writes, in order, in one transaction; SingleUpserts, the calls of one.

An upsert's `groups` are its rows checked against the model and grouped for the Neo4j
store's statements, once, when first asked for: in the store's transaction, or earlier,
by a caller that builds the next batch while the last is written (Store.prepare). The
embedded store checks rows its own way, against what it holds. An upsert's rows are not
changed once made.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from graph import checks
from graph.model import node_type, rel_type

Row = Mapping[str, Any]


@dataclass(frozen=True)
class NodeUpsert:
    """Store.upsert_nodes's arguments."""

    label: str
    rows: Sequence[Row]
    new: bool = False

    @cached_property
    def groups(self) -> checks.Grouped:
        """The rows checked and grouped by the properties they give (checks.check_nodes); InvalidData if one fails."""
        return checks.check_nodes(node_type(self.label), self.rows)


@dataclass(frozen=True)
class RelUpsert:
    """Store.upsert_relationships's arguments."""

    rel_type: str
    rows: Sequence[Row]
    from_label: str | None = None
    to_label: str | None = None
    new: bool = False

    @cached_property
    def groups(self) -> checks.Grouped:
        """The rows checked and grouped, each row's ends first (checks.check_rels); InvalidData if one fails."""
        return checks.check_rels(rel_type(self.rel_type), self.rows)


Upsert = NodeUpsert | RelUpsert


class SingleUpserts:
    """A store's upsert_nodes and upsert_relationships, each one `upsert` of one write."""

    def upsert(self, writes: Sequence[Upsert]) -> int:
        raise NotImplementedError

    def upsert_nodes(self, label: str, rows: Sequence[Row], new: bool = False) -> int:
        return self.upsert([NodeUpsert(label, rows, new)])

    def upsert_relationships(
        self, rel_type: str, rows: Sequence[Row], from_label: str | None = None, to_label: str | None = None,
        new: bool = False,
    ) -> int:
        return self.upsert([RelUpsert(rel_type, rows, from_label, to_label, new)])
