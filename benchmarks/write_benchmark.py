"""Write speed of each store: upsert N Person rows, then M MENTORED rows, in batches.

    .venv/bin/python -m benchmarks.write_benchmark [--people 100000] [--rels 200000] [--runs 3]

Prints rows per second for nodes and for relationships, the median of the runs,
for the embedded store (plus its save to disk) and for Neo4j (NEO4J_URI, or a
local server started for the run).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.local_neo4j import neo4j_uri
from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.store import Store


def people_rows(count: int) -> list[dict]:
    return [{"personId": f"P{i:07d}", "name": f"职工{i}", "birthYear": 1960 + i % 45, "status": "在职"} for i in range(count)]


def mentorship_rows(people: int, count: int, seed: int = 7) -> list[dict]:
    """Each row: an earlier person mentors a later one, so the rows form a DAG, as real data must."""
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        apprentice = 1 + i % (people - 1)
        master = rng.randrange(apprentice)
        rows.append({"from": f"P{master:07d}", "to": f"P{apprentice:07d}", "agreementId": f"M{i:07d}",
                     "start": "2021-03-01", "status": "在带"})
    return rows


def in_batches(write: Callable[[Sequence[dict]], int], rows: list[dict], size: int) -> float:
    """Seconds to write all rows, `size` at a time."""
    began = time.perf_counter()
    for start in range(0, len(rows), size):
        write(rows[start:start + size])
    return time.perf_counter() - began


def run_once(store: Store, people: list[dict], rels: list[dict], batch: int) -> tuple[float, float, float]:
    store.clear()
    store.setup_schema()
    node_seconds = in_batches(lambda rows: store.upsert_nodes("Person", rows), people, batch)
    rel_seconds = in_batches(lambda rows: store.upsert_relationships("MENTORED", rows), rels, batch)
    began = time.perf_counter()
    store.flush()
    return node_seconds, rel_seconds, time.perf_counter() - began


def report(name: str, runs: list[tuple[float, float, float]], nodes: int, rels: int) -> None:
    node_s, rel_s, flush_s = (statistics.median(column) for column in zip(*runs))
    print(f"{name:9} nodes {nodes / node_s:>9,.0f} rows/s   relationships {rels / rel_s:>9,.0f} rows/s"
          f"   flush {flush_s:6.2f} s   (median of {len(runs)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--rels", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch", type=int, default=10_000)
    parser.add_argument("--stores", default="embedded,neo4j")
    args = parser.parse_args()
    people, rels = people_rows(args.people), mentorship_rows(args.people, args.rels)
    if "embedded" in args.stores:
        with tempfile.TemporaryDirectory() as folder:
            store = EmbeddedStore(Path(folder) / "graph.json")
            runs = [run_once(store, people, rels, args.batch) for _ in range(args.runs)]
        report("embedded", runs, len(people), len(rels))
    if "neo4j" in args.stores:
        with neo4j_uri() as uri:
            store = Neo4jStore(uri)
            runs = [run_once(store, people, rels, args.batch) for _ in range(args.runs)]
            store.close()
        report("neo4j", runs, len(people), len(rels))


if __name__ == "__main__":
    main()
