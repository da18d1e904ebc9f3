"""The second pass: write each file's accepted rows, from the spool, in batches through the store.

A batch writes its nodes before its relationships, so a relationship to the
row's own node always finds it; links inside a code hierarchy wait for the
file's last batch, when every other node of the file is stored. Within a batch,
the store's `write_threads` transactions run at once: nodes split by key,
relationships in groups that share no node (loaders.partition), so no two of
them wait on one lock. A batch of half of BATCH nodes or fewer, of a kind each of
whose rows writes a node of its own and links (not `shared`, no hierarchy), goes
instead as whole rows: groups of rows whose links reach no common node, each
group's nodes and then their links in one transaction, the groups at once
(Batches._row_chains). A batch of a tenth of BATCH rows or fewer (a small file,
most often) is one transaction: a commit costs more than running in parallel saves.
The builder waits for it, and for a file's short last batch (half of BATCH rows or
fewer), rather than build the next file's first batch meanwhile: that would slow its
writing (competitions.csv, 2,000 rows: 164 ms against 196 ms), and the next file now
counts that building as its own (BENCHMARKS.md, eighth session). "Rows" here are the
nodes and links a batch writes.
A label the store held no node of when the load began is written with CREATE:
the validation pass has made its keys unique, so nothing needs merging. So is a
relationship type the store held none of, except where two rows name one
relationship (loaders.creations): a batch's creations are written before its merges.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from graph.model import node_type
from graph.store import Store
from graph.upserts import NodeUpsert, RelUpsert, Upsert
from loaders.creations import Created, LinkEnds, created_for, link_ends
from loaders.partition import rounds
from loaders.progress import progress
from loaders.rejects import RejectsFile
from loaders.resolve import Resolver
from loaders.source import Source
from loaders.stage import TIDY

BATCH = 10_000  # rows a write transaction carries
LinkKey = tuple[str, str, str, bool]  # loaders.creations.LinkEnds, and whether created without MERGE
Transaction = list[Upsert]  # written in order, in one store transaction
Chain = list[Transaction]  # transactions one after another, on one thread
Round = list[Chain]  # chains run at once, on rows that share no node
Job = list[Round]  # rounds, one after another


class Writer:
    """Store writes on background threads while the next batch is built.

    Jobs run one at a time, in the order submitted; a job's rounds run in order,
    each round's chains at once. While one job is written the next is built and
    its rows checked, and no more: a job is submitted once the one before it is
    written, so memory stays bounded. A job submitted with `wait` (a small batch,
    a file's short last one) is written before the builder goes on. `then` runs on
    the writer's thread when its job is written; `finished` is when the last job with
    rows was, which a `then` may run a moment later, once it has the interpreter.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self.threads = max(1, getattr(store, "write_threads", 1))
        self._runner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-writer")
        self._pool = ThreadPoolExecutor(max_workers=self.threads, thread_name_prefix="store-write")
        self._running: list[Future[None]] = []
        self.finished = 0.0  # time.perf_counter() when the last job with rows was written

    def submit(self, job: Job, then: Callable[[], None] | None = None, wait: bool = False) -> None:
        """Queue the job once the one before is written; its rows are checked first, meanwhile (Store.prepare).

        With `wait`, return once it is written too: a small transaction's time goes on waiting for
        the server's answers, and building the next job meanwhile would only slow it (the builder's
        CPU and the interpreter's lock are what it waits for after each answer).
        """
        self.store.prepare([write for chains in job for chain in chains for transaction in chain for write in transaction])
        if job:  # an empty job (a file's end, say) holds no rows: it queues without waiting
            self.wait()
        self._running.append(self._runner.submit(self._run, job, then))
        if wait:
            self.wait()

    def _run(self, job: Job, then: Callable[[], None] | None) -> None:
        self._write(job)
        if job:
            self.finished = time.perf_counter()
        if then is not None:
            then()

    def _write(self, job: Job) -> None:
        for chains in job:
            if len(chains) == 1:
                self._chain(chains[0])
                continue
            futures = [self._pool.submit(self._chain, chain) for chain in chains]
            errors = [f.exception() for f in futures]  # every one finished before any error is raised
            for error in errors:
                if error is not None:
                    raise error

    def _chain(self, chain: Chain) -> None:
        for transaction in chain:
            self.store.upsert(transaction)

    def wait(self) -> None:
        """Block until every job submitted is written; the first error, if any, is raised here."""
        running, self._running = self._running, []
        for future in running:
            future.result()

    def close(self) -> None:
        try:
            self.wait()
        finally:
            self._runner.shutdown()
            self._pool.shutdown()


def chunks(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    return [rows[start : start + size] for start in range(0, len(rows), size)]


class Batches:
    """Rows waiting to be written: nodes of one label, relationships by type and end labels."""

    def __init__(self, writer: Writer, label: str | None, size: int, new: bool = False, by_row: bool = False) -> None:
        self.writer, self.label, self.size, self.new, self.by_row = writer, label, size, new, by_row
        self.nodes: list[dict[str, Any]] = []
        self.links: dict[LinkKey, list[dict[str, Any]]] = defaultdict(list)
        self.rows = 0  # source rows in the batch: a batch is `size` rows a thread, whatever each writes

    def add_node(self, props: dict[str, Any]) -> None:
        self.nodes.append(props)

    def add_link(self, key: LinkKey, row: dict[str, Any]) -> None:
        self.links[key].append(row)

    def row_done(self) -> None:
        self.rows += 1
        if self.rows >= self.size * self.writer.threads:
            self.flush()

    def written(self) -> int:
        """The nodes and links the batch writes."""
        return len(self.nodes) + sum(len(rows) for rows in self.links.values())

    def small(self) -> bool:
        """At most a tenth of `size` rows written: one transaction, which the builder waits for (Writer.submit)."""
        return self.written() <= self.size // 10

    def job(self) -> Job:
        """Nodes first, split by key; then each relationship type's rounds of node-disjoint groups, created before merged.

        A group too big for one transaction is a chain of them. A small batch: one transaction, in that order.
        """
        label, size, new, threads = self.label, self.size, self.new, self.writer.threads
        links = sorted(self.links.items(), key=_merged_last)
        if self.small():
            one: Transaction = [NodeUpsert(label, self.nodes, new)] if self.nodes and label else []
            one += [RelUpsert(rel, rows, from_label, to_label, create) for (rel, from_label, to_label, create), rows in links]
            return [[[one]]] if one else []
        if self.by_row and links and len(self.nodes) <= size // 2 and (job := self._row_chains(links)) is not None:
            return job
        job: Job = []
        if self.nodes and label:
            share = max(1, min(size, -(-len(self.nodes) // threads)))
            job.append([[[NodeUpsert(label, chunk, new)]] for chunk in chunks(self.nodes, share)])
        for (rel, from_label, to_label, create), rows in links:
            write = _links(rel, from_label, to_label, create)
            for groups in rounds(rows, _ends(from_label, to_label), threads, alone=size // 10):
                job.append([[write(piece) for piece in _even(group, size)] for group in groups])
        return job

    def _row_chains(self, links: list[tuple[LinkKey, list[dict[str, Any]]]]) -> Job | None:
        """Whole rows, each its node and its links, in groups that share no far end: one transaction a piece.

        The rows' own nodes are all different (a kind that is not `shared`), so groups whose links
        reach no common node run at once, with no wait between the nodes and the links: one round
        where nodes, then each link type, took one each. Rows that would join two groups wait for a
        later round. None when a link does not start or end at its row's own node, or a row has two
        links of one type. Used for a batch of half of `size` nodes or fewer: in five runs of whole
        loads side by side (BENCHMARKS.md, twelfth session), studios.csv was 5-40 % quicker and
        competitions.csv 3-12 %; achievements.csv (10,000 rows) and people.csv were slower this way
        (818 -> 897 ms, 6,259 -> 6,432 ms, median of 9), their rounds of 10,000 rows long anyway.
        """
        label = self.label
        assert label is not None
        key = node_type(label).key.name
        by_type: list[RowLinks] = []
        for link_key, rows in links:  # created before merged (job)
            _, from_label, to_label, _ = link_key
            if (from_label == label) == (to_label == label):
                return None
            mine, far, far_label = ("from", "to", to_label) if from_label == label else ("to", "from", from_label)
            by_own = {row[mine]: row for row in rows}
            if len(by_own) < len(rows):  # a row with two links of one type
                return None
            by_type.append(RowLinks(link_key, far_label, far, by_own))

        def far_ends(node: dict[str, Any]) -> list[tuple[str, str]]:
            own = node[key]
            return [(t.far_label, row[t.far]) for t in by_type if (row := t.by_own.get(own)) is not None]

        groups = rounds(self.nodes, far_ends, self.writer.threads, alone=self.size // 10)
        per_transaction = max(1, self.size * len(self.nodes) // self.written())  # nodes whose rows write `size` in all
        job = [[[_row_transaction(label, self.new, piece, key, by_type) for piece in _even(group, per_transaction)]
                for group in chains] for chains in groups]
        placed = sum(len(write.rows) for chains in job for chain in chains for t in chain for write in t[1:])
        return job if placed == sum(len(t.by_own) for t in by_type) else None  # else a link's own node is not in the batch

    def flush(self, last: bool = False) -> None:
        """Submit the batch; the builder waits for a small one, and for a file's `last` one of half of
        `size` rows written or fewer: building the next file's first batch meanwhile would slow it."""
        if self.nodes or self.links:
            wait = self.small() or (last and self.written() <= self.size // 2)
            self.writer.submit(self.job(), wait=wait)
        self.nodes, self.links, self.rows = [], defaultdict(list), 0


@dataclass(frozen=True)
class RowLinks:
    """A batch's links of one type, each row's by its own node's key, and which end is the far one."""

    key: LinkKey
    far_label: str
    far: str  # "from" or "to"
    by_own: dict[str, dict[str, Any]]


def _row_transaction(label: str, new: bool, nodes: list[dict[str, Any]], key: str, links: list[RowLinks]) -> Transaction:
    """These rows' nodes, then their links, a type at a time, in `links`' order (created before merged)."""
    keys = [node[key] for node in nodes]
    writes: Transaction = [NodeUpsert(label, nodes, new)]
    for links_of_type in links:
        rows = [row for own in keys if (row := links_of_type.by_own.get(own)) is not None]
        if rows:
            rel, from_label, to_label, create = links_of_type.key
            writes.append(RelUpsert(rel, rows, from_label, to_label, create))
    return writes


def _merged_last(item: tuple[LinkKey, list[dict[str, Any]]]) -> bool:
    created = item[0][3]
    return not created


def _links(rel: str, from_label: str, to_label: str, new: bool) -> Callable[[list[dict[str, Any]]], Transaction]:
    """What makes a transaction of some of these links."""
    return lambda rows: [RelUpsert(rel, rows, from_label, to_label, new)]


def _ends(from_label: str, to_label: str) -> Callable[[dict[str, Any]], tuple[tuple[str, str], tuple[str, str]]]:
    return lambda row: ((from_label, row["from"]), (to_label, row["to"]))


def _even(rows: list[dict[str, Any]], size: int) -> list[list[dict[str, Any]]]:
    """Pieces of about `size` rows, at most half as many again: a group a little over `size` is not
    split into a full transaction and a small one, a commit more in its chain."""
    count = max(1, round(len(rows) / size))
    return chunks(rows, -(-len(rows) // count))


def write_file(
    source: Source, resolver: Resolver, writer: Writer, rejects: RejectsFile | None, size: int = BATCH,
    empty: frozenset[str] = frozenset(), shared: dict[LinkEnds, Created] | None = None,
) -> None:
    """Write the rows the validation pass accepted; rejected rows go to `rejects`.

    `empty`: the labels and relationship types the store held none of when the load began.
    `shared`: the load's Created for the links several files write, kept from file to file.
    The file's last batches may still be written when this returns (not a short last one):
    the writer keeps them in order and the file's seconds are counted when they are done.
    They run from when the writer finished the file before, if that is later than this
    pass's start (its batches are built meanwhile), so no second is counted for two files,
    to when this pass ends or the writer finishes its last batch, whichever is later.
    """
    started = Started(time.perf_counter())
    writer.submit([], then=lambda: started.writer_free(writer.finished))
    kind = source.kind
    new = kind.node in empty
    batches = Batches(writer, kind.node, size, new, by_row=bool(kind.node) and not kind.shared and not kind.hierarchy)
    hierarchy: list[dict[str, Any]] = []  # the file's links to parent codes, for its last batch
    written: set[str] = set()
    batch_keys = [tuple((*link_ends(kind, link), create) for create in (False, True)) for link in kind.links]
    shared = {} if shared is None else shared
    creates = [link.rel_type in empty for link in kind.links]
    created = [created_for(kind, link, shared) if create else None for link, create in zip(kind.links, creates)]
    bar = progress(f"writing {source.name}", source.stats.rows_read)
    lookup = resolver.lookup
    for number, raw, key, node, links in source.spool:
        bar.update()
        if source.failed or number in source.rejected:
            if rejects is not None and raw is not None:
                rejects.add(number, raw, source.failed or "; ".join(source.rejected[number]))
            continue
        if node is not None and key not in written:
            batches.add_node(node)
            if kind.shared:
                written.add(key)
            if kind.hierarchy and (parent := kind.hierarchy.parent(key)) is not None:
                hierarchy.append({"from": key, "to": parent})
        for index, source_ref, target_ref, props in links:
            start = key if source_ref is None else lookup(*source_ref)
            end = key if target_ref is None else lookup(*target_ref)
            assert start is not None and end is not None, f"unresolved {source_ref} or {target_ref}: no such row passes"
            ends = {"from": start, "to": end}
            repeats = created[index]
            create = creates[index] and (repeats is None or repeats.first(ends, props))
            ends.update(props)
            batches.add_link(batch_keys[index][create], ends)
        source.stats.written += 1
        batches.row_done()
    bar.close()
    source.spool.close()
    _add_parents(source, batches, hierarchy)
    if kind.hierarchy and kind.node:
        for link in hierarchy:
            batches.add_link((kind.hierarchy.rel_type, kind.node, kind.node, False), link)
    batches.flush(last=True)
    built = time.perf_counter()
    writer.submit([], then=lambda: _count_seconds(source, started, max(built, writer.finished)))


class Started:
    """When a file's writing began: when its pass began, or later, when the writer was done with the file before."""

    def __init__(self, at: float) -> None:
        self.at = at

    def writer_free(self, finished: float) -> None:
        self.at = max(self.at, finished)


def _count_seconds(source: Source, started: Started, done: float) -> None:
    source.stats.seconds += done - started.at


def _add_parents(source: Source, batches: Batches, links: list[dict[str, Any]]) -> None:
    """The hierarchy's missing parents, named by their code, and their links to their own parents."""
    label, hierarchy = source.kind.node, source.kind.hierarchy
    if not source.parents or label is None or hierarchy is None:
        return
    key = node_type(label).key.name
    for code in source.parents:
        row = {key: code, "name": code}
        TIDY[label](row, {})
        batches.add_node(row)
        if (parent := hierarchy.parent(code)) is not None:
            links.append({"from": code, "to": parent})
