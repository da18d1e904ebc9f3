"""A load's journal record (graph.journal): written as it starts, rewritten as it ends.

The record names the files with their SHA-256, who ran the load (the OS user),
where (host and process) and when. A load that succeeds marks the earlier runs
of the same folder that never finished (or failed) as completed by it: what
they wrote is merged, not created again, so loading the folder again wrote
whatever they had not.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import os
import socket
import uuid
from pathlib import Path

from graph.errors import StoreError
from graph.journal import FAILED, LOADED, NOT_APPLIED, REFUSED, REJECTED, STARTED, LoadRun
from graph.store import Store
from loaders.report import LoadReport
from loaders.source import Source

CHUNK = 1 << 20


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds")


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def os_user() -> str:
    """Who ran the load: the login name, or the user id when the system has no name for it."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid())


def start(store: Store, folder: Path, sources: list[Source], mode: str) -> LoadRun:
    """Record a load as started (durably, before anything is written) and return its record."""
    started = now()
    hashes = {path: sha256(path) for path in {s.path for s in sources}}
    run = LoadRun(
        run_id=f"{started[:19].replace('-', '').replace(':', '')}-{uuid.uuid4().hex[:6]}",
        folder=str(folder.resolve()), user=os_user(), host=socket.gethostname(), pid=os.getpid(),
        started=started, mode=mode,
        files=[{"file": s.path.name, "sheet": s.sheet, "kind": s.kind.name, "sha256": hashes[s.path]} for s in sources],
    )
    store.record_load(run)
    return run


def finish(store: Store, run: LoadRun, report: LoadReport) -> None:
    """Record how the load ended; a load that wrote its folder completes the earlier unfinished runs of it."""
    figures = {(f.file, f.sheet): f for f in report.files}
    for entry in run.files:
        stats = figures.get((entry["file"], entry["sheet"]))
        if stats is not None:
            entry.update(rows=stats.rows_read, written=stats.written, rejected=stats.rejected, warnings=stats.warnings)
    if report.written:
        run.status = LOADED if report.ok else REJECTED
    else:
        run.status = NOT_APPLIED if report.sync and report.ok else REFUSED
    run.removed, run.finished = report.removed, now()
    run.error = None if report.ok else f"{len(report.errors)} errors"
    store.record_load(run)
    if report.written:
        for earlier in store.load_runs():
            if earlier.folder == run.folder and earlier.incomplete and earlier.started <= run.started \
                    and earlier.run_id != run.run_id:
                earlier.completed_by = run.run_id
                store.record_load(earlier)


def fail(store: Store, run: LoadRun, error: BaseException) -> None:
    """Record a load that stopped on an error, if the store still answers (a store gone leaves it `started`)."""
    run.status, run.finished = FAILED, now()
    run.error = f"{type(error).__name__}: {error}"[:500]
    try:
        store.record_load(run)
    except StoreError:  # the store is what failed: the record stays `started`, which shows the load unfinished
        pass


def state(run: LoadRun) -> str:
    """How a run stands, for `studiograph loads`: `incomplete` while it never ended (still running, or
    interrupted: its host and process tell which), its status once it did, and the run that completed it."""
    shown = "incomplete" if run.status == STARTED else run.status
    return f"{shown}, completed by {run.completed_by}" if run.completed_by else shown


def table(runs: list[LoadRun]) -> str:
    """The journal as `studiograph loads` prints it, newest first."""
    lines = [f"{'run':<24}{'started':<31}{'finished':<31}{'user':<12}{'files':>6}{'rows':>10}{'written':>10}  state / folder"]
    for run in runs:
        rows = sum(f.get("rows", 0) for f in run.files)
        written = sum(f.get("written", 0) for f in run.files)
        lines.append(f"{run.run_id:<24}{run.started:<31}{run.finished or '-':<31}{run.user:<12}{len(run.files):>6}"
                     f"{rows:>10}{written:>10}  {state(run)}" + (f" ({run.error})" if run.error else ""))
        lines.append(f"{'':<24}{run.mode} of {run.folder} on {run.host} (process {run.pid})")
    return "\n".join(lines)
