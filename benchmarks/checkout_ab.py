"""Two (or more) checkouts' loaders, alternating on one private Neo4j: wall and CPU seconds a load, and each file's.

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
from dataclasses import dataclass
from pathlib import Path

from benchmarks.load_csv_benchmark import Server, file_seconds
from graph.neo4j_store import Neo4jStore
from loaders.generate import generate

# Runs the command line of the checkout it is started in, and says where its code came from.
LOAD = "import loaders, studiograph_cli, sys; assert loaders.__file__.startswith(sys.argv.pop(1)); studiograph_cli.main()"


@dataclass
class Measured:
    wall: float  # seconds, the whole load
    cpu: float  # the loader's CPU seconds
    files: dict[str, float]  # each file's seconds, as the load's report counts them


def load(checkout: Path, folder: Path, uri: str, report: Path) -> Measured:
    """One `studiograph load` with `checkout`'s code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", LOAD, str(checkout), "load", str(folder), "--report", str(report)],
                   cwd=checkout, env={**os.environ, "NEO4J_URI": uri}, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return Measured(wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, file_seconds(report))


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
            found: dict[Path, list[Measured]] = {checkout: [] for checkout in checkouts}
            for run in range(args.runs + 1):
                for checkout in checkouts:
                    store.clear()
                    measured = load(checkout, folder, uri, Path(tmp) / "report.json")
                    if run:
                        found[checkout].append(measured)
        finally:
            store.close()
            server.stop()
    print(f"{args.people:,} people, seed {args.seed}; Neo4j heap {args.heap!r}, page cache {args.pagecache}; "
          f"median of {args.runs}, alternating, after a warm-up round")
    for number, (checkout, runs) in enumerate(found.items(), 1):
        print(f"  {number}. {checkout}: wall {statistics.median(m.wall for m in runs):.2f} s, "
              f"CPU {statistics.median(m.cpu for m in runs):.2f} s  " + " ".join(f"{m.wall:.1f}/{m.cpu:.1f}" for m in runs))
    print("  file, median ms: " + " ".join(f"{n:>7}" for n in range(1, len(found) + 1)))
    for name in next(iter(found.values()))[0].files:
        print(f"  {name:<30}" + " ".join(f"{statistics.median(m.files[name] for m in runs) * 1000:7.0f}"
                                          for runs in found.values()))


if __name__ == "__main__":
    main()
