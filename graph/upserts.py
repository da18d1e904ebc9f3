"""Upserts as values: what one `Store.upsert` call writes, in order, in one transaction."""

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
