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

from graph.model import node_type
from graph.rules import ACYCLIC, date_order_problems
from loaders import identity
from loaders.columns import Columns
from loaders.kinds import End, Link
from loaders.resolve import Resolver, Unresolved
from loaders.spool import Record, RefKey
from loaders.stage import TIDY, Block, Ref, Tidy, canonical, fingerprint, link_key
from loaders.stage_block import BlockProps, LinkPart, Parts, Slow, link_rows, row_refs
from loaders.values import BadValue


@dataclass
class CleanBlock:
    records: list[Record] = field(default_factory=list)  # for the spool, without the rows as read
    seen: dict[Any, tuple[int, int]] = field(default_factory=dict)  # as validate._unique records them
    nodes: list[tuple[str, str | None]] = field(default_factory=list)  # (key, name) for the resolver
    acyclic: list[tuple[int, Ref | None, Ref | None]] = field(default_factory=list)


def clean_block(columns: Columns, numbers: Sequence[int], rows: Sequence[Mapping[str, Any]], block: Block,
                parts: Parts, resolver: Resolver, seen: Mapping[Any, tuple[int, int]]) -> CleanBlock | None:
    """What checking the block row by row would keep, when the block is clean; else None. `parts`: its block_parts."""
    kind = columns.kind
    if kind.hierarchy or any(end.label == kind.node for link in kind.links
                             for end in (link.source, link.target) if end is not None):
        return None  # rows that refer to the file's own nodes: row by row
    slow, node, links = parts
    if slow:
        return None
    try:
        return _clean(columns, numbers, rows, block, resolver, seen, node, links)
    except (Slow, BadValue, identity.IdentityError, Unresolved):
        return None


def _clean(columns: Columns, numbers: Sequence[int], rows: Sequence[Mapping[str, Any]], block: Block,
           resolver: Resolver, seen: Mapping[Any, tuple[int, int]], node: BlockProps | None,
           links: list[LinkPart]) -> CleanBlock:
    """clean_block's pass; Slow (or the error a row's staging or resolving raises) when the block is not clean."""
    kind = columns.kind
    label = kind.node
    key_name = node_type(label).key.name if label else ""
    text = node_type(label).text if label else None
    count = len(numbers)
    nodes = _node_rows(node, rows, TIDY.get(label), count) if node is not None else None
    link_rows = [_link_rows(link, read, count) for _, link, read in links]
    columns_at_once = _by_columns(numbers, label, nodes, links, link_rows, block, resolver, seen, kind.shared)
    if columns_at_once is not None:
        return columns_at_once
    if kind.shared:
        return None  # rows that may repeat a node: row by row
    ends = [(_end_refs(link.source, block, count, resolver), _end_refs(link.target, block, count, resolver))
            for _, link, _ in links]
    clean = CleanBlock()
    for index, number in enumerate(numbers):
        props = nodes[index] if nodes is not None else None
        key: Any = props[key_name] if props is not None else None
        found: list[tuple[int, RefKey | None, RefKey | None, dict[str, Any]]] = []
        for (position, link, _), (sources, targets), values in zip(links, ends, link_rows):
            link_props = values[index]
            for source, source_key in sources[index]:
                for target, target_key in targets[index]:
                    found.append((position, source_key, target_key, link_props))
                    if link.rel_type == ACYCLIC:
                        clean.acyclic.append((number, source, target))
                    if not label and len(found) == 1:  # validate._unique: a link file's row is keyed by its first link
                        key = link_key(link, link_props, source, target)
        if label or found:
            if key in seen or key in clean.seen:
                raise Slow  # a duplicate to report
            clean.seen[key] = (number, 0)
        if label:
            clean.nodes.append((key, props.get(text) if props and text else None))
        clean.records.append((number, None, key if label else None, props, found))
    return clean


def _by_columns(numbers: Sequence[int], label: str | None, nodes: list[dict[str, Any]] | None, links: list[LinkPart],
                link_rows: list[list[dict[str, Any]]], block: Block, resolver: Resolver,
                seen: Mapping[Any, tuple[int, int]], shared: bool = False) -> CleanBlock | None:
    """_clean's answer a column at a time, when each end of each link names at most one node a row (blank: none),
    every one of them a key the folder holds; else None. Slow when a key repeats (for a `shared` node: with
    other details)."""
    count = len(numbers)
    ends = [(_one_a_row(link.source, block, count, resolver), _one_a_row(link.target, block, count, resolver))
            for _, link, _ in links]
    if any(sources is None or targets is None for sources, targets in ends):
        return None
    found: list[list[tuple[int, RefKey | None, RefKey | None, dict[str, Any]]]] = [[] for _ in range(count)]
    for (position, link, _), (sources, targets), values in zip(links, ends, link_rows):
        for row, source, target, props in zip(found, sources, targets, values):
            if source is not _BLANK and target is not _BLANK:
                row.append((position, source, target, props))
    if label:
        key_name, text = node_type(label).key.name, node_type(label).text
        keys: list[Any] = [props[key_name] for props in nodes or ()]
    elif all(found):  # validate._unique: a link file's row is keyed by its first link
        keys = [link_key(links[position][1], props, source, target) for (position, source, target, props), *_ in found]
    else:
        return None  # a link file's row that links nothing: row by row
    clean = CleanBlock(seen=_first_rows(numbers, keys, nodes, seen) if shared and nodes is not None else
                       {key: (number, 0) for key, number in zip(keys, numbers)})
    if not shared and (len(clean.seen) != count or not seen.keys().isdisjoint(clean.seen)):
        raise Slow  # a duplicate to report
    if label:
        clean.nodes = [(key, props.get(text) if text else None) for key, props in zip(keys, nodes or ())]
    for (_, link, _), (sources, targets) in zip(links, ends):
        if link.rel_type == ACYCLIC:
            assert link.source is not None and link.target is not None  # a person at each end
            clean.acyclic += [(number, _ref(link.source, source), _ref(link.target, target))
                              for number, source, target in zip(numbers, sources, targets)
                              if source is not _BLANK and target is not _BLANK]
    node_keys = keys if label else [None] * count
    clean.records = list(zip(numbers, [None] * count, node_keys, nodes or [None] * count, found))
    return clean


def _first_rows(numbers: Sequence[int], keys: list[Any], nodes: list[dict[str, Any]],
                seen: Mapping[Any, tuple[int, int]]) -> dict[Any, tuple[int, int]]:
    """The first row of each shared node's key new to the file, with its details' fingerprint, as validate._unique
    records it; Slow when a row gives a node other details than its first row did."""
    first: dict[Any, tuple[int, int]] = {}
    for number, key, props in zip(numbers, keys, nodes):
        details = fingerprint(props)
        if seen.get(key, first.setdefault(key, (number, details)))[1] != details:
            raise Slow  # other details for the node: an error to report
    return {key: row for key, row in first.items() if key not in seen}


_BLANK = ("", "", False)  # _one_a_row's mark for a row that names no node at that end


def _one_a_row(end: End | None, block: Block, count: int, resolver: Resolver) -> list[RefKey | None] | None:
    """Each row's one reference at `end` as the spool keeps it (None for the row's own node, _BLANK for a blank
    optional cell), when every filled cell names one key the folder holds; else None (_end_refs then goes row by row)."""
    if end is None:
        return [None] * count
    cells = block.texts.get(end.column)
    if cells is None or end.many:
        return None
    filled = [cell for cell in cells if cell is not None]
    if len(filled) < count and (end.required or any(block.texts.get(end.card_column or "", ()))):
        return None  # a reference only the card names, or a required one missing
    values = canonical(end, filled)
    if not resolver.known[end.label].issuperset(values):
        return None
    label = end.label
    keys = iter([(label, value, False) for value in values])
    return [_BLANK if cell is None else next(keys) for cell in cells] if len(filled) < count else list(keys)


def _ref(end: End, key: RefKey | None) -> Ref | None:
    return None if key is None or key is _BLANK else Ref(end.label, key[1], end.column)


def _node_rows(node: BlockProps, rows: Sequence[Mapping[str, Any]], tidy: Tidy | None, count: int) -> list[dict[str, Any]]:
    """Each row's node properties, tidied; Slow when a row has a warning or a blank required value."""
    found = node.all_rows(count)
    if tidy is not None:
        for props, row in zip(found, rows):
            if tidy(props, row):
                raise Slow  # a warning to report
    node.require_all(found)  # after the tidying, which may fill the key
    return found


def _link_rows(link: Link, read: BlockProps | None, count: int) -> list[dict[str, Any]]:
    """Each row's properties of a link (stage_block.link_rows); Slow when one is missing or dates disagree."""
    found = link_rows(link, read, count)
    if read is not None:
        read.require_all(found)
        if read.dated and any(date_order_problems(props) for props in found):
            raise Slow
    return found


Refs = list[tuple[Ref | None, RefKey | None]]  # a row's references at one end of a link, each with its spool key


def _end_refs(end: End | None, block: Block, count: int, resolver: Resolver) -> list[Refs]:
    """Each row's references at one end of a link (stage_block.row_refs), resolved; Slow when the folder cannot.

    A column that names at most one node a row, each a key the folder holds, is resolved at once (_one_a_row).
    """
    if end is None:
        return [[(None, None)]] * count
    keys = _one_a_row(end, block, count, resolver)
    if keys is not None:
        return [[] if key is _BLANK else [(_ref(end, key), key)] for key in keys]
    return [[(ref, _resolved(ref, resolver)) for ref in row_refs(end, block, index)] for index in range(count)]


def _resolved(ref: Ref | None, resolver: Resolver) -> RefKey | None:
    """The reference as the spool keeps it, once the folder resolves it; Slow when only the store can."""
    if ref is None:
        return None
    if resolver.lookup(ref.label, ref.value, ref.is_key) is None:
        raise Slow  # pending: the store is asked at the file's end
    return ref.lookup_key
