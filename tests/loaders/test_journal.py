"""The load journal, against both stores: what a load records, a store gone mid-load, a killed load, `studiograph loads`."""

from __future__ import annotations

import getpass
import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from graph.embedded import EmbeddedStore
from graph.errors import StoreUnavailable
from graph.journal import FAILED, LOADED, REFUSED, STARTED, LoadRun
from graph.neo4j_store import Neo4jStore
from graph.store import Store
from graph.upserts import RelUpsert, Upsert
from loaders.generate import generate
from loaders.journal import state
from loaders.load import load_folder
from tests.loaders.tables import base_folder
from tests.loaders.test_validate import bad_folder

STUDIOGRAPH = str(Path(sys.executable).parent / "studiograph")


class FailingStore:
    """The store, until the loader's first relationship write: that fails, and with `gone` so does all else."""

    def __init__(self, store: Store, gone: bool) -> None:
        self.store, self.gone, self.failed = store, gone, False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.store, name)

    def upsert(self, writes: Sequence[Upsert]) -> int:
        if not any(isinstance(write, RelUpsert) for write in writes):
            return self.store.upsert(writes)
        self.failed = True
        raise StoreUnavailable("Neo4j at bolt://db:7687 cannot be reached") if self.gone else RuntimeError("disk full")

    def record_load(self, run: LoadRun) -> None:
        if self.failed and self.gone:
            raise StoreUnavailable("Neo4j at bolt://db:7687 cannot be reached")
        self.store.record_load(run)


def test_a_load_records_its_files_hashes_figures_and_who_ran_it(store: Store, tmp_path: Path) -> None:
    folder = base_folder(tmp_path / "city")
    assert load_folder(folder, store, dry_run=True).ok and store.load_runs() == []  # a dry run is no load
    report = load_folder(folder, store)
    [run] = store.load_runs()
    assert (run.status, run.folder, run.user, run.pid, run.mode) == (LOADED, str(folder.resolve()), getpass.getuser(), os.getpid(), "load")
    assert run.started <= run.finished and not run.incomplete and state(run) == LOADED
    people = next(f for f in run.files if f["kind"] == "people")
    assert people["file"] == "people.xlsx" and people["sha256"] == hashlib.sha256((folder / "people.xlsx").read_bytes()).hexdigest()
    assert (people["rows"], people["written"], people["rejected"]) == (4, 4, 0)
    assert len(run.files) == len(report.files) == 6


def test_a_refused_load_is_recorded_as_refused(store: Store, tmp_path: Path) -> None:
    assert not load_folder(bad_folder(tmp_path / "bad"), store).ok
    [run] = store.load_runs()
    assert run.status == REFUSED and run.error == "12 errors" and not run.incomplete


@pytest.mark.parametrize("gone", [True, False], ids=["store-gone", "store-answers"])
def test_a_load_stopped_mid_way_is_incomplete_until_the_folder_is_loaded_again(store: Store, tmp_path: Path, gone: bool) -> None:
    folder = base_folder(tmp_path / "city")
    failing = FailingStore(store, gone)
    with pytest.raises((StoreUnavailable, RuntimeError)):
        load_folder(folder, failing)  # type: ignore[arg-type]
    [stopped] = store.load_runs()
    assert stopped.status == (STARTED if gone else FAILED) and stopped.incomplete and stopped.finished == (None if gone else stopped.finished)
    assert state(stopped) == ("incomplete" if gone else FAILED)
    assert load_folder(folder, store).ok
    done, before = store.load_runs()
    assert done.status == LOADED and before.run_id == stopped.run_id and before.completed_by == done.run_id
    assert not before.incomplete and state(before).endswith(f"completed by {done.run_id}")
    assert store.counts()["MENTORED"] == 3


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A city big enough that its load takes seconds, so it can be killed half-way."""
    folder = tmp_path_factory.mktemp("big") / "city"
    generate(folder, 40_000, 7)
    return folder


def wait_for(test: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not test():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_a_killed_load_shows_incomplete_until_rerun(store: Store, big_folder: Path, tmp_path: Path,
                                                    request: pytest.FixtureRequest) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NEO4J_URI"}
    if isinstance(store, Neo4jStore):
        env["NEO4J_URI"] = request.getfixturevalue("neo4j_uri")
        journal: Callable[[], Store] = lambda: store
    else:
        env["STUDIOGRAPH_DATA_DIR"] = str(tmp_path / "data")
        journal = lambda: EmbeddedStore(tmp_path / "data" / "graph.json")  # what a new process would read
    loading = subprocess.Popen([STUDIOGRAPH, "load", str(big_folder)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(lambda: bool(journal().load_runs()), 120)
    finally:
        loading.kill()
        loading.wait()
    [killed] = journal().load_runs()
    assert killed.status == STARTED and killed.finished is None, "the load ended before it was killed"
    assert state(killed) == "incomplete"
    listed = subprocess.run([STUDIOGRAPH, "loads"], env=env, capture_output=True, text=True, check=True).stdout
    assert f"{killed.run_id}" in listed and "incomplete" in listed
    rerun = subprocess.run([STUDIOGRAPH, "load", str(big_folder)], env=env, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    done, before = journal().load_runs()
    assert done.status == LOADED and before.run_id == killed.run_id and before.completed_by == done.run_id
    assert journal().counts()["Person"] == 40_000
    listed = subprocess.run([STUDIOGRAPH, "loads"], env=env, capture_output=True, text=True, check=True).stdout
    assert f"incomplete, completed by {done.run_id}" in listed
