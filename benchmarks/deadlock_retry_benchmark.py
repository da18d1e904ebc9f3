"""Loads with and without the immediate retry of deadlocked writes, alternating, on one warm Neo4j.

    .venv/bin/python -m benchmarks.deadlock_retry_benchmark [--people 100000] [--runs 3]

Generates a city (loaders.generate, seed 1, cached in benchmarks/out/), starts a
private Neo4j (or uses NEO4J_URI), loads the folder once to warm the server, then
`--runs` times each: with graph.neo4j_store's DEADLOCK_RETRIES as shipped, and with 0
(every deadlock left to the driver's retry, which waits about a second first). Prints
each load's seconds and how many deadlocks were retried at once, then the medians.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import time
from pathlib import Path

import graph.neo4j_store as neo4j_store
from benchmarks.local_neo4j import neo4j_uri
from graph.neo4j_store import Neo4jStore
from loaders.generate import generate
from loaders.load import load_folder

ROOT = Path(__file__).resolve().parents[1]


def timed_load(store: Neo4jStore, folder: Path, retries: int) -> tuple[float, int]:
    """(seconds, deadlocks retried at once) of one load into the emptied store."""
    neo4j_store.DEADLOCK_RETRIES = retries
    store.clear()
    before, started = store.deadlocks_retried, time.perf_counter()
    if not load_folder(folder, store).ok:
        raise SystemExit(f"{folder} did not load")
    return time.perf_counter() - started, store.deadlocks_retried - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the driver logs each retry it makes
    folder = ROOT / "benchmarks" / "out" / f"people-{args.people}"
    if not (folder / "people.csv").exists():
        generate(folder, args.people, seed=1)
    shipped = neo4j_store.DEADLOCK_RETRIES
    seconds: dict[int, list[float]] = {shipped: [], 0: []}
    with neo4j_uri() as uri:
        store = Neo4jStore(uri)
        store.setup_schema()
        print(f"warm-up load: {timed_load(store, folder, shipped)[0]:.1f} s", flush=True)
        for run in range(args.runs):
            for retries in (shipped, 0):
                took, retried = timed_load(store, folder, retries)
                seconds[retries].append(took)
                print(f"run {run + 1}, immediate retries {retries}: {took:.1f} s, deadlocks retried at once: {retried}",
                      flush=True)
        store.close()
    print(f"median: with the immediate retry {statistics.median(seconds[shipped]):.1f} s, "
          f"without {statistics.median(seconds[0]):.1f} s")


if __name__ == "__main__":
    main()
