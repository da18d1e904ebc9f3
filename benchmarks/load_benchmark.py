"""Load benchmark: generate a folder and load it into each store; rows per second, median of three runs.

    .venv/bin/python benchmarks/load_benchmark.py [--people 100000] [--runs 3] [--stores embedded,neo4j]

Neo4j is NEO4J_URI when set, else a private server started (and stopped) with
neo4j-local/server.sh under a temporary STUDIOGRAPH_NEO4J_STATE. Each run starts
from an empty store; figures count every row read, validation and writing included.
Each run also prints the loader's own CPU seconds and the machine's load average:
on a shared machine the wall time mostly measures waiting for a core.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.local_neo4j import neo4j_uri  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402
from graph.neo4j_store import Neo4jStore  # noqa: E402
from graph.store import Store  # noqa: E402
from loaders.generate import generate  # noqa: E402
from loaders.load import load_folder  # noqa: E402
from loaders.report import LoadReport  # noqa: E402


def run(folder: Path, make_store: Callable[[], Store], runs: int) -> list[LoadReport]:
    reports = []
    for _ in range(runs):
        store = make_store()
        store.clear()
        store.flush()
        started, cpu = time.perf_counter(), time.process_time()
        report = load_folder(folder, store)
        report.seconds = time.perf_counter() - started
        store.close()
        assert report.ok, report.summary()
        reports.append(report)
        print(f"  run: {report.seconds:.1f} s wall, {time.process_time() - cpu:.1f} s of this process's CPU, "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return reports


def show(name: str, reports: list[LoadReport]) -> None:
    rows = reports[0].rows_read
    overall = statistics.median(r.seconds for r in reports)
    print(f"\n{name}: {rows} rows, median of {len(reports)} runs: {overall:.1f} s, {rows / overall:,.0f} rows/s")
    for stats in reports[0].files:
        seconds = statistics.median(r.stats(stats.file).seconds for r in reports)
        print(f"  {stats.kind:<26}{stats.rows_read:>9} rows {seconds:>7.2f} s {stats.rows_read / seconds:>11,.0f} rows/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--stores", default="embedded,neo4j")
    args = parser.parse_args()
    stores = args.stores.split(",")
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        folder = Path(tmp) / "folder"
        started = time.perf_counter()
        generate(folder, args.people, seed=1)
        print(f"generated {args.people} people in {time.perf_counter() - started:.1f} s")
        if "embedded" in stores:
            show("embedded (saved to graph.json)", run(folder, lambda: EmbeddedStore(Path(tmp) / "graph.json"), args.runs))
        if "neo4j" in stores:
            with neo4j_uri() as uri:
                show(f"neo4j ({uri})", run(folder, lambda: Neo4jStore(uri), args.runs))


if __name__ == "__main__":
    main()
