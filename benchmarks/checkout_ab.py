"""Two (or more) checkouts' loaders, alternating on one private Neo4j: wall and CPU seconds a whole load.

    .venv/bin/python -m benchmarks.checkout_ab CHECKOUT CHECKOUT [--people 100000] [--runs 5]

Each CHECKOUT is a directory holding the loader's code at some commit (a
`git worktree add --detach DIR COMMIT` does). Its code runs on this checkout's
virtualenv, from that directory. One city is generated; then, for each run, every
checkout loads it into the emptied database in turn, so the machine's changes of
speed fall on all of them alike. A first round is a warm-up, not counted. The
server is neo4j-local's, with the settings load_csv_benchmark uses.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.load_csv_benchmark import Server
from graph.neo4j_store import Neo4jStore
from loaders.generate import generate

# Runs the command line of the checkout it is started in, and says where its code came from.
LOAD = "import loaders, studiograph_cli, sys; assert loaders.__file__.startswith(sys.argv.pop(1)); studiograph_cli.main()"


def load(checkout: Path, folder: Path, uri: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one `studiograph load` with `checkout`'s code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", LOAD, str(checkout), "load", str(folder)], cwd=checkout,
                   env={**os.environ, "NEO4J_URI": uri}, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("checkouts", nargs="+", type=Path)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--heap", default="-Xms2g -Xmx2g")
    parser.add_argument("--pagecache", default="1g")
    args = parser.parse_args()
    checkouts = [path.resolve() for path in args.checkouts]
    with tempfile.TemporaryDirectory(prefix="bench-ab-") as tmp:
        folder = Path(tmp) / "city"
        generate(folder, args.people, args.seed)
        server = Server(Path(tmp) / "neo4j", args.heap, args.pagecache)
        uri = server.start()
        store = Neo4jStore(uri)
        try:
            store.setup_schema()
            found: dict[Path, list[tuple[float, float]]] = {checkout: [] for checkout in checkouts}
            for run in range(args.runs + 1):
                for checkout in checkouts:
                    store.clear()
                    measured = load(checkout, folder, uri)
                    if run:
                        found[checkout].append(measured)
        finally:
            store.close()
            server.stop()
    print(f"{args.people:,} people, seed {args.seed}; Neo4j heap {args.heap!r}, page cache {args.pagecache}; "
          f"median of {args.runs}, alternating, after a warm-up round")
    for checkout, runs in found.items():
        print(f"  {checkout}: wall {statistics.median(w for w, _ in runs):.2f} s, "
              f"CPU {statistics.median(c for _, c in runs):.2f} s  " + " ".join(f"{w:.1f}/{c:.1f}" for w, c in runs))


if __name__ == "__main__":
    main()
