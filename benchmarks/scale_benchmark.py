"""The generator's large cities loaded end to end, into Neo4j and into the embedded store, and a larger one sized.

    .venv/bin/python -m benchmarks.scale_benchmark [--people 100000 1000000] [--seed 1] [--stores neo4j,embedded]

For each size: one generated city; `studiograph load` as a subprocess into a fresh
private Neo4j (neo4j-local/server.sh, --heap and --pagecache) and into a fresh
embedded store, each timed from outside with its peak RSS (GNU time), its CPU and,
for Neo4j, the server's CPU; then the size on disk. With two sizes or more, a city
of --project people is sized from the growth between the last two: time, memory
and disk a row, measured, times the rows it would have. Nothing of it is measured.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.load_csv_benchmark import Run, Server, rows_per_file, studiograph_load
from loaders.generate import generate


@dataclass
class Measured:
    people: int
    rows: int
    store: str
    run: Run
    disk: int  # bytes the store holds afterwards

    def line(self) -> str:
        run = self.run
        server = f", server CPU {run.server_cpu:,.0f} s" if self.store == "neo4j" else ""
        return (f"  {self.store:<9}{self.people:>11,}{self.rows:>11,} rows {run.seconds:>8,.1f} s "
                f"({self.rows / run.seconds:>7,.0f} rows/s), peak RSS {run.rss_mib:>6,.0f} MiB, loader CPU "
                f"{run.cpu:,.0f} s ({run.cpu / self.rows * 1e6:,.0f} µs a row){server}, disk {self.disk / 2**20:,.0f} MiB")


def size_of(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) if path.is_dir() else path.stat().st_size


def into_neo4j(folder: Path, work: Path, heap: str, pagecache: str) -> tuple[Run, int]:
    server = Server(work / "neo4j", heap, pagecache)
    server.start()
    try:
        run = server.measured(lambda: studiograph_load(folder, server.uri, work / "report-neo4j.json"))
    finally:
        server.stop()
    return run, size_of(server.data)


def into_embedded(folder: Path, work: Path) -> tuple[Run, int]:
    data = work / "embedded"
    run = studiograph_load(folder, "", work / "report-embedded.json", {"STUDIOGRAPH_DATA_DIR": str(data)})
    return run, size_of(data)


def project(small: Measured, large: Measured, people: int) -> str:
    """A city of `people` sized from the growth between two measured ones, per row."""
    rows = large.rows * people / large.people
    grow = (rows - large.rows) / (large.rows - small.rows)

    def ahead(a: float, b: float) -> float:
        return b + (b - a) * grow

    seconds = ahead(small.run.seconds, large.run.seconds)
    return (f"  {large.store:<9}{people:>11,}{rows:>11,.0f} rows {seconds:>8,.0f} s ({seconds / 60:,.0f} min), "
            f"peak RSS {ahead(small.run.rss_mib, large.run.rss_mib):,.0f} MiB, "
            f"disk {ahead(small.disk, large.disk) / 2**30:,.1f} GiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--stores", default="neo4j,embedded")
    parser.add_argument("--heap", default="-Xms2g -Xmx2g")
    parser.add_argument("--pagecache", default="2g")
    parser.add_argument("--project", type=int, default=10_000_000, help="the city to size on paper")
    args = parser.parse_args()
    stores = args.stores.split(",")
    if unknown := set(stores) - {"neo4j", "embedded"}:
        parser.error(f"--stores: no store named {', '.join(sorted(unknown))} (neo4j, embedded)")
    print(f"Neo4j heap {args.heap!r}, page cache {args.pagecache}; {os.cpu_count()} cores", flush=True)
    found: dict[str, list[Measured]] = {store: [] for store in stores}
    for people in args.people:
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
            work, started = Path(tmp), time.perf_counter()
            folder = work / "city"
            generate(folder, people, args.seed)
            rows = sum(rows_per_file(folder).values())
            print(f"{people:,} people: {rows:,} rows generated in {time.perf_counter() - started:,.0f} s, "
                  f"{size_of(folder) / 2**20:,.0f} MiB", flush=True)
            for store in stores:
                run, disk = into_neo4j(folder, work, args.heap, args.pagecache) if store == "neo4j" else into_embedded(folder, work)
                found[store].append(Measured(people, rows, store, run, disk))
                print(found[store][-1].line() + f"; load average {os.getloadavg()[0]:.1f}", flush=True)
                shutil.rmtree(work / store, ignore_errors=True)
    for store, measured in found.items():
        if len(measured) >= 2:
            print(f"sized on paper from the last two ({store}), not measured:")
            print(project(measured[-2], measured[-1], args.project))


if __name__ == "__main__":
    main()
