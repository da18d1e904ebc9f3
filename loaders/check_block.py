"""Checking a clean block of rows at once: what validate._check_row keeps for each row, without a Staged a row.

A block is clean when every row stages without a problem or warning, names a key
no earlier row of the file named, and refers only to nodes the folder's earlier
files accepted. Then no row has anything to report, and `clean_block` gives what
the row-by-row pass would keep (the spool's records, the keys seen, the nodes for
the resolver) in one pass over the block's columns. Any other block gives None,
having changed nothing, and goes row by row, which reports what is wrong.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.model import node_type, rel_type
from graph.rules import ACYCLIC, date_order_problems
from loaders import identity
from loaders.columns import Columns
from loaders.resolve import Resolver, Unresolved
from loaders.spool import Record, RefKey
from loaders.stage import TIDY, Block, Ref
from loaders.stage_block import _Props, _props, _refs, _Slow
from loaders.values import BadValue


@dataclass
class CleanBlock:
    records: list[Record] = field(default_factory=list)  # for the spool, without the rows as read
    seen: dict[Any, tuple[int, int]] = field(default_factory=dict)  # as validate._unique records them
    nodes: list[tuple[str, str | None]] = field(default_factory=list)  # (key, name) for the resolver
    acyclic: list[tuple[int, Ref | None, Ref | None]] = field(default_factory=list)


def clean_block(columns: Columns, numbers: Sequence[int], rows: Sequence[Mapping[str, Any]], block: Block,
                resolver: Resolver, seen: Mapping[Any, tuple[int, int]]) -> CleanBlock | None:
    """What checking the block row by row would keep, when the block is clean; else None."""
    kind = columns.kind
    if kind.shared or kind.hierarchy or any(end.label == kind.node for link in kind.links
                                            for end in (link.source, link.target) if end is not None):
        return None  # rows that may repeat a node, or refer to the file's own: row by row
    slow: set[int] = {i for i, row in enumerate(rows) if len(row) != len(block.present)}
    node = _props(columns, kind.node, block, slow) if kind.node else None
    links = [(position, link, _props(columns, link.rel_type, block, slow) if link.read_props else None)
             for position, link in enumerate(kind.links)]
    if slow:
        return None
    try:
        return _clean(columns, numbers, rows, block, resolver, seen, node, links)
    except (_Slow, BadValue, identity.IdentityError, Unresolved):
        return None


def _clean(columns: Columns, numbers: Sequence[int], rows: Sequence[Mapping[str, Any]], block: Block,
           resolver: Resolver, seen: Mapping[Any, tuple[int, int]], node: _Props | None, links: list[Any]) -> CleanBlock:
    """clean_block's pass; _Slow (or the error a row's staging or resolving raises) when the block is not clean."""
    kind = columns.kind
    label = kind.node
    tidy = TIDY.get(label) if label else None
    key_name = node_type(label).key.name if label else ""
    text = node_type(label).text if label else None
    clean = CleanBlock()
    for index, number in enumerate(numbers):
        props: dict[str, Any] | None = None
        key: Any = None
        if node is not None:
            props = {}
            node.read(index, props)
            if tidy is not None and tidy(props, rows[index]):
                raise _Slow  # a warning to report
            node.require(props)
            key = props[key_name]
        found: list[tuple[int, RefKey | None, RefKey | None, dict[str, Any]]] = []
        for position, link, read in links:
            link_props: dict[str, Any] = dict(link.fixed)
            if read is not None:
                read.read(index, link_props)
                read.require(link_props)
                if read.dated and date_order_problems(link_props):
                    raise _Slow
            for source in _refs(link.source, block, index):
                for target in _refs(link.target, block, index):
                    found.append((position, _resolved(source, resolver), _resolved(target, resolver), link_props))
                    if link.rel_type == ACYCLIC:
                        clean.acyclic.append((number, source, target))
                    if not label and len(found) == 1:  # validate._unique: a link file's row is keyed by its first link
                        unique = rel_type(link.rel_type).key
                        key = link_props.get(unique) if unique else tuple(r.value if r else "" for r in (source, target))
        if label or found:
            if key in seen or key in clean.seen:
                raise _Slow  # a duplicate to report
            clean.seen[key] = (number, 0)
        if label:
            clean.nodes.append((key, props.get(text) if props and text else None))
        clean.records.append((number, None, key if label else None, props, found))
    return clean


def _resolved(ref: Ref | None, resolver: Resolver) -> RefKey | None:
    """The reference as the spool keeps it, once the folder resolves it; _Slow when only the store can."""
    if ref is None:
        return None
    if resolver.lookup(ref.label, ref.value, ref.is_key) is None:
        raise _Slow  # pending: the store is asked at the file's end
    return ref.lookup_key
