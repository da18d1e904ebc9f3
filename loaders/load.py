"""Loading a folder of source files into a store: validate everything, then write, or write nothing.

    report = load_folder(Path("data/sample"), store)

By default a load with any error writes nothing. With `skip_invalid` the good
rows are written and the rejected ones saved, unchanged and with their reason,
beside the report (or in the folder's `rejects/` when there is no report).
Loading the same folder twice changes nothing: every write is a MERGE on keys, or a
CREATE where the store held nothing of the label or type (loaders.creations).
Every load but a dry run is recorded in the store's load journal (loaders.journal).
With `sync`, what the files no longer list is removed once the plan is confirmed (loaders.sync).
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from graph.change import Actor, Change, PropChange
from graph.collector import collector_paused
from graph.query import NodeRef
from graph.store import Store
from loaders import columnar, journal
from loaders.creations import Created, LinkEnds, forget_done
from loaders.rejects import RejectsFile
from loaders.report import LoadReport, Problem
from loaders.resolve import Resolver
from loaders.source import Source, discover
from loaders.spool import Budget
from loaders.sync import SyncPlan, apply_sync, plan_sync
from loaders.validate import validate_file
from loaders.write import BATCH, Writer, write_file


def rejects_folder(folder: Path, report_path: Path | None) -> Path:
    """Beside the report when there is one, else the source folder's rejects/."""
    return report_path.parent / f"{report_path.stem}.rejects" if report_path else folder / "rejects"


WRITING_SWITCH = 0.001  # seconds a thread runs before another may take the interpreter, while writing (Python's default 0.005)


@contextmanager
def quick_handoffs() -> Iterator[None]:
    """The interpreter passed between threads every millisecond rather than every five, for the writing pass.

    The writer's threads spend their time waiting on the server; when its answer comes, each
    must wait for the batch builder to let go of the interpreter before it reads it and sends
    the next statement (organizations.csv: 28 ms against 42 ms; BENCHMARKS.md, sixth session).
    The setting is the process's: one load at a time in a process, as the command line runs it.
    """
    before = sys.getswitchinterval()
    sys.setswitchinterval(WRITING_SWITCH)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def load_folder(
    folder: Path,
    store: Store,
    *,
    skip_invalid: bool = False,
    dry_run: bool = False,
    report_path: Path | None = None,
    batch_size: int = BATCH,
    sheet: str | None = None,
    sync: bool = False,
    confirm: Callable[[SyncPlan], bool] | None = None,
) -> LoadReport:
    """Validate every file of `folder`, then write it to `store` unless there are errors (see module doc).

    `sheet` reads only that sheet of each workbook (loaders.source.discover). With `sync`, the
    store is made to match the files of the kinds present (loaders.sync): the plan is put to
    `confirm` (None: applied) unless this is a dry run, and written only if it says yes.
    """
    if sync and skip_invalid:
        raise ValueError("--sync needs complete files: it cannot skip invalid rows (a rejected row would be removed)")
    started = time.perf_counter()
    folder = Path(folder)
    report = LoadReport(str(folder), dry_run=dry_run, skip_invalid=skip_invalid)
    sources = discover(folder, report, sheet) if folder.is_dir() else []
    if not folder.is_dir():
        report.problems.append(Problem(str(folder), None, None, "no such folder"))
    report.files = [s.stats for s in sources]
    budget = Budget()  # staged rows kept in memory, shared by every file (loaders.spool)
    for source in sources:
        source.spool.budget = budget
    warming = threading.Thread(target=columnar.warm, name="warm-columns")  # not a daemon: an exit waits for it
    warming.start()  # while the store answers: its schema's set-up, the journal's start, its counts
    store.setup_schema()
    mode = "sync" if sync else "skip-invalid" if skip_invalid else "load"
    run = journal.start(store, folder, sources, mode) if sources and not dry_run else None
    try:
        began = store.counts()  # what the store held as the load began: a label it held none of is not looked up there
        warming.join()
        resolver = Resolver(store, folder_only={s.kind.node for s in sources if s.kind.node} if sync else (),
                            unstored={label for label, count in began.items() if not count})
        with collector_paused(freeze=True):  # validation indexes and staged rows, out of its passes till the end
            for source in sources:
                validate_file(source, resolver, store, report, keep_raw=skip_invalid and not dry_run)
        plan = plan_sync(sources, resolver, store) if sync and report.ok and sources else None
        if plan is not None:
            report.sync = plan.summary()
            if dry_run or (confirm is not None and not confirm(plan)):
                plan = None
        if not dry_run and (report.ok or skip_invalid) and sources and (plan is not None or not sync):
            # what the store holds as writing begins (loaders.creations, the audit); asked here, it also takes the
            # server's slow first answers after the validation's silence, which would fall on the first file (15 ms)
            before = store.counts()
            _write(sources, resolver, store, report, rejects_folder(folder, report_path), batch_size, before)
            if plan is not None:
                report.removed, report.synced = apply_sync(plan, store), True
            store.flush()  # once, what was written and what was removed
            _audit(store, folder, before)
    except BaseException as error:  # a store gone, a bug, Ctrl-C: the journal says so, if the store still answers
        if run is not None:
            journal.fail(store, run, error)
        raise
    finally:
        for source in sources:
            source.spool.close()
        gc.unfreeze()  # what collector_paused froze, its staged rows now freed
    if run is not None:
        journal.finish(store, run, report)
    report.seconds = time.perf_counter() - started
    if report_path is not None:
        report.save(report_path)
    return report


def _audit(store: Store, folder: Path, before: dict[str, int]) -> None:
    """One audit entry for the load: who ran it and how many nodes and relationships of each kind before and after."""
    after, what = store.counts(), f"Load {folder.name}"
    counts = tuple(PropChange(what, name, before.get(name, 0), n) for name, n in after.items() if before.get(name, 0) != n)
    label = os.environ.get("STUDIOGRAPH_LOAD_LABEL") or journal.os_user()
    store.apply(Change("load", Actor("loader", label), NodeRef("Load", str(folder.resolve())), summary=counts))


def _write(sources: list[Source], resolver: Resolver, store: Store, report: LoadReport, out: Path, size: int,
           counts: dict[str, int]) -> None:
    """The writing pass over every file, in order, through one background writer; `counts` are the store's, before."""
    writer = Writer(store)
    empty = frozenset(name for name, count in counts.items() if count == 0)  # labels and relationship types
    shared: dict[LinkEnds, Created] = {}  # kept from file to file (loaders.creations.created_for)
    try:
        with quick_handoffs():
            for index, source in enumerate(sources):
                rejects = RejectsFile(out, source.path, source.sheet) if report.skip_invalid else None
                try:
                    write_file(source, resolver, writer, rejects, size, empty, shared)
                finally:
                    if rejects is not None:
                        rejects.close()
                forget_done(shared, [later.kind for later in sources[index + 1:]])
                if rejects is not None and rejects.used:
                    report.rejects.append(str(rejects.path))
            writer.wait()  # the last batches, written while the handoffs are still quick
    finally:
        writer.close()
    report.written = True
