"""How long the embedded store takes to open from its file and be ready to serve, and its peak RSS.

    .venv/bin/python -m benchmarks.store_open [--people 1000000] [--runs 3] [--data DIR] [--checkout DIR]

A generated city loaded with `studiograph load` into a fresh embedded store (or the
store already in --data), then, --runs times, a fresh process that opens it as
`studiograph serve` does (api.server.open_async_store): the file read, every
label's sorted indexes built, then one walked page (people by name). Each process
is timed from within and its peak RSS taken by GNU time; then one full pass of
Python's cyclic collector over what it holds, before and after `gc.freeze()`
(as `serve` freezes it), the pause such a pass would cost a request. With --checkout, the
opening runs that checkout's code (a `git worktree add DIR COMMIT`), to compare
two versions on one file; a checkout from before the sorted indexes were built
on their own (the fifteenth session) builds them as it reads the file.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.load_csv_benchmark import RSS_MARK, ROOT, TIME, studiograph_load
from loaders.generate import generate

OPEN = """
import gc, json, time
from pathlib import Path
from graph.embedded import EmbeddedStore
from graph.query import Order
began = time.perf_counter()
store = EmbeddedStore(Path({path!r}))
read = time.perf_counter()
getattr(store, "build_orders", lambda: None)()
sorted_ = time.perf_counter()
page = store.list_nodes("Person", None, [Order("name")], first=50).items
done = time.perf_counter()
gc.collect()
collected = time.perf_counter()
gc.freeze()
gc.collect()
frozen = time.perf_counter()
print(json.dumps({{"read": read - began, "sort": sorted_ - read, "page": done - sorted_, "people": len(page),
                  "collect": collected - done, "frozen": frozen - collected}}))
"""


def opened(path: Path, checkout: Path) -> dict[str, float]:
    """One fresh process opening the store: its seconds by step and its peak RSS in MiB."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    done = subprocess.run([TIME, "-f", f"{RSS_MARK}%M", sys.executable, "-c", OPEN.format(path=str(path))],
                          cwd=checkout, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"opening the store failed: {done.stderr[-2000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    rss = next(line[len(RSS_MARK):] for line in done.stderr.splitlines() if line.startswith(RSS_MARK))
    return {**figures, "rss": int(rss) / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--data", type=Path, help="an embedded store's data directory, kept: loaded once if empty")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the code that opens the store")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="studiograph-open-") as scratch:
        data = args.data or Path(scratch) / "data"
        path = data / "graph.json"
        if not path.exists():
            folder = Path(scratch) / "city"
            generate(folder, args.people, args.seed)
            studiograph_load(folder, "", Path(scratch) / "report.json", {"STUDIOGRAPH_DATA_DIR": str(data)})
        print(f"{path}: {path.stat().st_size / 2**20:,.0f} MiB; opened by {args.checkout}")
        runs = [opened(path, args.checkout) for _ in range(args.runs)]
    for run in runs:
        print(f"  read {run['read']:.1f} s, sorted indexes {run['sort']:.1f} s, first page {run['page'] * 1000:.0f} ms "
              f"({run['people']:.0f} people), peak RSS {run['rss']:,.0f} MiB; a full collection "
              f"{run['collect']:.2f} s, frozen {run['frozen']:.3f} s")
    median = {name: statistics.median(run[name] for run in runs) for name in ("read", "sort", "page", "rss", "collect", "frozen")}
    print(f"median of {len(runs)}: ready in {median['read'] + median['sort']:.1f} s (read {median['read']:.1f} s, "
          f"sorted indexes {median['sort']:.1f} s), first page {median['page'] * 1000:.0f} ms, "
          f"peak RSS {median['rss']:,.0f} MiB; a full collection {median['collect']:.2f} s, frozen {median['frozen']:.3f} s")


if __name__ == "__main__":
    main()
