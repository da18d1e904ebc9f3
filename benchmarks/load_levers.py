"""A lever of the loader turned one way and the other, whole loads alternating in this process: is it worth having?

    .venv/bin/python -m benchmarks.load_levers LEVER [--people 100000] [--pairs 4]

LEVER is one of:
  threads  the Neo4j store's write threads, 2 (as shipped) against 3
  block    validation blocks of 10,000 rows (as shipped) against 40,000 (dry runs: the validation alone)
  indexes  secondary indexes kept (as shipped) against dropped before a load into the emptied
           database and rebuilt after it, the rebuilding awaited and counted in the load's time

One city is generated; the server NEO4J_URI names, or a private neo4j-local one
(load_csv_benchmark's settings), is emptied before each load. A first pair is a warm-up, not counted. Prints each way's
median seconds a load, and its loads' seconds.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.load_csv_benchmark import given_or_private_server
from graph.cypher import schema_statements
from graph.neo4j_store import Neo4jStore, _schema_name
from loaders import validate
from loaders.generate import generate
from loaders.load import load_folder

Load = Callable[[Path, Neo4jStore], None]


def plain(folder: Path, store: Neo4jStore) -> None:
    if not load_folder(folder, store).ok:
        raise SystemExit("the load failed")


def with_threads(threads: int) -> Load:
    def load(folder: Path, store: Neo4jStore) -> None:
        store.write_threads = threads
        plain(folder, store)
    return load


def dry_run_with_block(rows: int) -> Load:
    def load(folder: Path, store: Neo4jStore) -> None:
        validate.BLOCK = rows
        load_folder(folder, store, dry_run=True)
    return load


def indexes_deferred(folder: Path, store: Neo4jStore) -> None:
    """Drop every index that backs no constraint, load, then create them again and wait until they are online."""
    secondary = [_schema_name(s) for s in schema_statements() if " CONSTRAINT " not in s]
    with store._driver.session(database=store.database) as session:
        for name in secondary:
            session.run(f"DROP INDEX {name} IF EXISTS").consume()
    store.setup_schema = lambda: None  # type: ignore[method-assign]  # the load's own set-up would rebuild them first
    try:
        plain(folder, store)
    finally:
        del store.setup_schema
    store.setup_schema()  # creates what is missing, then db.awaitIndexes


LEVERS: dict[str, dict[str, Load]] = {
    "threads": {"2 write threads": with_threads(2), "3 write threads": with_threads(3)},
    "block": {"blocks of 10,000": dry_run_with_block(10_000), "blocks of 40,000": dry_run_with_block(40_000)},
    "indexes": {"indexes kept": plain, "indexes rebuilt after": indexes_deferred},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("lever", choices=sorted(LEVERS))
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pairs", type=int, default=4)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="load-levers-")) / "city"
    generate(folder, people=args.people, seed=args.seed)
    ways = LEVERS[args.lever]
    taken: dict[str, list[float]] = {name: [] for name in ways}
    with given_or_private_server("load-levers-") as uri:
        store = Neo4jStore(uri)
        try:
            for pair in range(args.pairs + 1):
                for name in (list(ways) if pair % 2 else list(reversed(ways))):
                    store.clear()
                    store.setup_schema()
                    started = time.perf_counter()
                    ways[name](folder, store)
                    if pair:
                        taken[name].append(time.perf_counter() - started)
        finally:
            store.close()
    for name, seconds in taken.items():
        print(f"{name:>22}: median {statistics.median(seconds):.2f} s ({', '.join(f'{s:.2f}' for s in seconds)})")


if __name__ == "__main__":
    main()
