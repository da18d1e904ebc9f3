"""The first pass: read every row, normalise it, and find every problem before anything is written.

Files are checked in dependency order, so a reference is judged against the
rows the earlier files accepted and, in batches at the end of each file, the
store. What is learnt (rejected rows, parents to create) stays on the Source.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from graph.model import node_type, rel_type
from graph.query import Direction
from graph.rules import ACYCLIC, cycle_reason
from graph.store import Store
from loaders.check_block import CleanBlock, clean_block
from loaders.cycles import closing_rows
from loaders.progress import progress
from loaders.readers import RawRow, ReadError
from loaders.report import ERROR, WARNING, LoadReport, Problem
from loaders.resolve import Pending, Resolver, Unresolved
from loaders.source import RowBlock, Source
from loaders.spool import RefKey
from loaders.stage import Block, Ref, Staged, fingerprint, link_key
from loaders.stage_block import block_parts, stage_block
from loaders.taxonomy import missing_parents

MAX_GENERATIONS = 100  # how far up the stored lineage a cycle is looked for
BLOCK = 10_000  # rows normalised a column at a time


@dataclass
class FileCheck:
    """What one file's pass keeps until the file's end: first rows of keys and unresolved references."""

    source: Source
    report: LoadReport
    seen: dict[Any, tuple[int, int]] = field(default_factory=dict)  # duplicate key -> (row, props hash)
    pending: dict[Pending, list[tuple[int, str]]] = field(default_factory=lambda: defaultdict(list))
    nodes: dict[int, tuple[str, str | None]] = field(default_factory=dict)  # row -> (key, name), rows with pending refs
    acyclic: list[tuple[int, Ref | None, Ref | None]] = field(default_factory=list)
    added: list[tuple[str, str | None]] = field(default_factory=list)  # nodes given to the resolver
    text: str | None = field(init=False)  # the property that names the file's nodes, if any

    def __post_init__(self) -> None:
        label = self.source.kind.node
        self.text = node_type(label).text if label else None

    def problem(self, row: int | None, column: str | None, reason: str, severity: str = ERROR) -> None:
        self.report.problems.append(
            Problem(self.source.name, row, self.source.header(column), reason, severity, self.source.sheet))
        if severity == WARNING:
            self.source.stats.warnings += 1
        elif row is not None:
            self.source.rejected.setdefault(row, []).append(reason)


def validate_file(source: Source, resolver: Resolver, store: Store, report: LoadReport, keep_raw: bool = False) -> None:
    """Check every row of one file; `keep_raw` spools rows as read, for a rejects file."""
    started = time.perf_counter()
    check = FileCheck(source, report)
    try:
        _check_rows(check, resolver, keep_raw)
    except ReadError as error:
        source.failed = str(error)
        check.problem(None, None, str(error))
    source.spool.finish()
    if source.failed:
        for key, name in check.added if source.kind.node else ():
            resolver.discard(source.kind.node, key, name)
        check.pending.clear()
        check.acyclic.clear()
    _resolve_pending(check, resolver)
    if source.kind.hierarchy and source.failed is None:
        _hierarchy(check, resolver, store)
    if check.acyclic:
        _cycles(check, resolver, store)
    source.stats.rejected = source.stats.rows_read if source.failed else len(source.rejected)
    source.stats.seconds += time.perf_counter() - started


def _check_rows(check: FileCheck, resolver: Resolver, keep_raw: bool) -> None:
    source = check.source
    bar = progress(f"checking {source.name}")
    for rows in source.blocks(BLOCK, keep_raw):
        if source.stats.rows_read == 0:
            _check_headers(check)
        _check_block(check, resolver, keep_raw, rows)
        bar.update(len(rows.numbers))
    bar.close()
    if source.stats.rows_read == 0:
        _check_headers(check)
    for header, reason in sorted(source.ignored.items()):
        check.problem(None, header, reason, WARNING)


def _check_block(check: FileCheck, resolver: Resolver, keep_raw: bool, rows: RowBlock) -> None:
    """A block of rows: at once when it is clean (loaders.check_block), else staged together and checked row by row."""
    source = check.source
    staged: list[Staged] | None = None
    if not source.failed:
        block = Block(source.columns, rows.rows, rows.cells, rows.arrays)
        parts = block_parts(source.columns, rows.rows, block)
        clean = clean_block(source.columns, rows.numbers, rows.rows, block, parts, resolver, check.seen)
        if clean is not None:
            _keep_clean(check, resolver, clean, rows.raws if keep_raw else None)
            return
        staged = stage_block(source.columns, rows.numbers, rows.rows, block, parts)
    for index, (number, raw) in enumerate(zip(rows.numbers, rows.raws)):
        _check_row(check, resolver, keep_raw, number, raw, staged[index] if staged is not None else None)


def _keep_clean(check: FileCheck, resolver: Resolver, clean: CleanBlock, raws: list[RawRow | None] | None) -> None:
    """What _check_row keeps for each row of a clean block (loaders.check_block)."""
    source = check.source
    source.stats.rows_read += len(clean.records)
    check.seen.update(clean.seen)
    label = source.kind.node
    if label:
        resolver.add_all(label, clean.nodes)
        check.added += clean.nodes
    check.acyclic += clean.acyclic
    if raws is None:
        source.spool.extend(clean.records)
    else:
        source.spool.extend([(number, raw, key, node, links) for (number, _, key, node, links), raw in zip(clean.records, raws)])


def _check_row(check: FileCheck, resolver: Resolver, keep_raw: bool, number: int, raw: RawRow | None,
               staged: Staged | None) -> None:
    source = check.source
    source.stats.rows_read += 1
    if source.failed or staged is None:  # a required column is missing: the rows are only kept for the rejects file
        if keep_raw:
            source.spool.add((number, raw, None, None, []))
        return
    for column, reason in staged.warnings:
        check.problem(number, column, reason, WARNING)
    for column, reason in staged.errors:
        check.problem(number, column, reason)
    if staged.errors or not _unique(check, staged):
        if keep_raw and number not in source.skipped:
            source.spool.add((number, raw, None, None, []))
        return
    pending = _lookup_refs(check, staged, resolver) if staged.links else False
    label = source.kind.node
    if staged.key is not None and label and number not in source.rejected:
        name = staged.node.get(check.text) if staged.node and check.text else None
        resolver.add(label, staged.key, name)
        check.added.append((staged.key, name))
        if pending and not source.kind.shared:
            check.nodes[number] = (staged.key, name)
    links = []
    for s in staged.links:
        if s.link.rel_type == ACYCLIC:
            check.acyclic.append((number, s.source, s.target))
        links.append((s.position, _ref_key(s.source), _ref_key(s.target), s.props))
    source.spool.add((number, raw if keep_raw else None, staged.key, staged.node, links))


def _ref_key(ref: Ref | None) -> RefKey | None:
    return None if ref is None else ref.lookup_key


def _check_headers(check: FileCheck) -> None:
    """A missing required column refuses the whole file (its rows are kept for the rejects file)."""
    source = check.source
    missing = [group for group in source.columns.required if not any(c in source.headers for c in group)]
    if missing:
        names = "; ".join(" or ".join(f"{c} ({source.columns.columns[c].chinese})" for c in g) for g in missing)
        source.failed = f"missing required column {names}"
        check.problem(None, None, source.failed)


def _unique(check: FileCheck, staged: Staged) -> bool:
    """Whether the row's key is new in this file; a taxonomy keeps the first, an honour may repeat."""
    kind = check.source.kind
    if not kind.node and not staged.links:
        return True
    if kind.node:
        key: Any = staged.key
        column = node_type(kind.node).key.column
    else:
        link = staged.links[0]
        rel = rel_type(link.link.rel_type)
        key = link_key(link.link, link.props, link.source, link.target)
        column = rel.prop(rel.key).column if rel.key else None
    details = fingerprint(staged.node) if staged.node and kind.shared else 0
    first = check.seen.setdefault(key, (staged.number, details))
    if first[0] == staged.number:
        return True
    if kind.shared and first[1] == details:
        return True
    if kind.hierarchy:
        check.problem(staged.number, column, f"duplicate {key!r}, also at row {first[0]}: row {first[0]} kept", WARNING)
        check.source.skipped.add(staged.number)
        return False
    what = "other details for" if kind.shared else "duplicate"
    check.problem(staged.number, column, f"{what} {key!r}, first at row {first[0]}")
    return False


def _lookup_refs(check: FileCheck, staged: Staged, resolver: Resolver) -> bool:
    """Resolve what the folder can; note the rest for the store. True when some wait for it."""
    waiting = False
    for link in staged.links:
        for ref in (link.source, link.target):
            if ref is None:
                continue
            try:
                if resolver.lookup(ref.label, ref.value, ref.is_key) is None:
                    check.pending[(ref.label, ref.value, ref.is_key)].append((staged.number, ref.column))
                    waiting = True
            except Unresolved as error:
                check.problem(staged.number, ref.column, str(error))
    return waiting


def _resolve_pending(check: FileCheck, resolver: Resolver) -> None:
    resolver.ask_store(check.pending)
    for (label, value, is_key), places in check.pending.items():
        try:
            resolver.lookup(label, value, is_key)
        except Unresolved as error:
            for number, column in places:
                check.problem(number, column, str(error))
                if number in check.nodes and check.source.kind.node:
                    resolver.discard(check.source.kind.node, *check.nodes.pop(number))


def _hierarchy(check: FileCheck, resolver: Resolver, store: Store) -> None:
    """Parents named by codes but given no row are created from the code, each with a warning."""
    source = check.source
    label, hierarchy = source.kind.node, source.kind.hierarchy
    assert label is not None and hierarchy is not None
    known = resolver.known[label]
    wanted = set(missing_parents(known, known, hierarchy.parent))  # every ancestor with no row: some may be stored
    stored = set(store.get_nodes(label, sorted(wanted))) if wanted and resolver.in_store(label) else set()
    source.parents = missing_parents(known, known | stored, hierarchy.parent)
    for code in source.parents:
        check.problem(None, None, f"no row for parent {code}: created with its code as name", WARNING)
        resolver.add(label, code, None)


def _cycles(check: FileCheck, resolver: Resolver, store: Store) -> None:
    """Rows that would close a master–apprentice cycle, with what is stored or earlier in the file."""
    edges = []
    for number, source, target in check.acyclic:
        if number in check.source.rejected or source is None or target is None:
            continue
        edges.append((number, resolver.lookup(*source.lookup_key) or "", resolver.lookup(*target.lookup_key) or ""))
    # A cycle through a new edge runs on from its apprentice, down stored edges and new ones; every stored
    # stretch of it starts at some new edge's apprentice, so the stored edges below the apprentices are enough.
    people = sorted({apprentice for _, _, apprentice in edges})
    stored = (store.traverse("Person", people, ACYCLIC, Direction.OUT, MAX_GENERATIONS, properties=False).edges
              if people else [])
    closing = closing_rows(((e.source.key, e.target.key) for e in stored), edges)
    columns = {number: source.column for number, source, _ in check.acyclic if source is not None}
    for number, cycle in closing.items():
        check.problem(number, columns[number], cycle_reason(cycle))
