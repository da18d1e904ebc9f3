"""Upserts as values: what one `Store.upsert` call writes, in order, in one transaction; SingleUpserts, the calls of one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

Row = Mapping[str, Any]


@dataclass(frozen=True)
class NodeUpsert:
    """Store.upsert_nodes's arguments."""

    label: str
    rows: Sequence[Row]
    new: bool = False


@dataclass(frozen=True)
class RelUpsert:
    """Store.upsert_relationships's arguments."""

    rel_type: str
    rows: Sequence[Row]
    from_label: str | None = None
    to_label: str | None = None
    new: bool = False


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
