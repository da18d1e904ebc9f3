"""The second pass: write each file's accepted rows, from the spool, in batches through the store.

A batch writes its nodes before its relationships, so a relationship to the
row's own node always finds it; links inside a code hierarchy wait for the end
of the file, when every node of the file is stored.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from graph.model import node_type
from graph.store import Store
from loaders.progress import progress
from loaders.rejects import RejectsFile
from loaders.resolve import Resolver
from loaders.source import Source
from loaders.spool import RefKey
from loaders.stage import TIDY

BATCH = 5000
LinkKey = tuple[str, str, str]  # (relationship type, from label, to label)


class Writer:
    """Store writes on one background thread, in order, while the next batch is built.

    At most one batch waits while another is written, so memory stays bounded.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="store-writer")
        self._running: Future[None] | None = None

    def submit(self, job: Callable[[Store], None]) -> None:
        self.wait()
        self._running = self._pool.submit(job, self.store)

    def wait(self) -> None:
        """Block until the last batch is written; its error, if any, is raised here."""
        if self._running is not None:
            running, self._running = self._running, None
            running.result()

    def close(self) -> None:
        try:
            self.wait()
        finally:
            self._pool.shutdown()


class Batches:
    """Rows waiting to be written: nodes of one label, relationships by type and end labels."""

    def __init__(self, writer: Writer, label: str | None, size: int) -> None:
        self.writer, self.label, self.size = writer, label, size
        self.nodes: list[dict[str, Any]] = []
        self.links: dict[LinkKey, list[dict[str, Any]]] = defaultdict(list)
        self.rows = 0  # source rows in the batch: a batch is `size` rows, whatever each writes

    def add_node(self, props: dict[str, Any]) -> None:
        self.nodes.append(props)

    def add_link(self, key: LinkKey, row: dict[str, Any]) -> None:
        self.links[key].append(row)

    def row_done(self) -> None:
        self.rows += 1
        if self.rows >= self.size:
            self.flush()

    def flush(self) -> None:
        label, nodes, links, size = self.label, self.nodes, self.links, self.size

        def job(store: Store) -> None:
            if nodes and label:
                for start in range(0, len(nodes), size):
                    store.upsert_nodes(label, nodes[start : start + size])
            for (rel, from_label, to_label), rows in links.items():
                for start in range(0, len(rows), size):
                    store.upsert_relationships(rel, rows[start : start + size], from_label, to_label)

        if nodes or links:
            self.writer.submit(job)
        self.nodes, self.links, self.rows = [], defaultdict(list), 0


def write_file(source: Source, resolver: Resolver, writer: Writer, rejects: RejectsFile | None, size: int = BATCH) -> None:
    """Write the rows the validation pass accepted; rejected rows go to `rejects`."""
    started = time.perf_counter()
    kind = source.kind
    batches = Batches(writer, kind.node, size)
    deferred = Batches(writer, kind.node, size)
    written: set[str] = set()
    bar = progress(f"writing {source.name}", source.stats.rows_read)
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
                deferred.add_link((kind.hierarchy.rel_type, kind.node, kind.node), {"from": key, "to": parent})
        for index, source_ref, target_ref, props in links:
            ends = [_key(ref, key, resolver) for ref in (source_ref, target_ref)]
            labels = [ref[0] if ref else kind.node for ref in (source_ref, target_ref)]
            batches.add_link((kind.links[index].rel_type, labels[0], labels[1]), {"from": ends[0], "to": ends[1], **props})
        source.stats.written += 1
        batches.row_done()
    bar.close()
    source.spool.close()
    _add_parents(source, batches, deferred)
    batches.flush()
    deferred.flush()
    writer.wait()
    source.stats.seconds += time.perf_counter() - started


def _key(ref: RefKey | None, own: str | None, resolver: Resolver) -> str:
    key = own if ref is None else resolver.lookup(*ref)
    assert key is not None, f"unresolved {ref}: the validation pass lets no such row through"
    return key


def _add_parents(source: Source, batches: Batches, deferred: Batches) -> None:
    """The hierarchy's missing parents, named by their code, and their own parents' links."""
    label, hierarchy = source.kind.node, source.kind.hierarchy
    if not source.parents or label is None or hierarchy is None:
        return
    key = node_type(label).key.name
    for code in source.parents:
        row = {key: code, "name": code}
        TIDY[label](row, {})
        batches.add_node(row)
        if (parent := hierarchy.parent(code)) is not None:
            deferred.add_link((hierarchy.rel_type, label, label), {"from": code, "to": parent})
