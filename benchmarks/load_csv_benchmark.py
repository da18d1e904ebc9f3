"""`studiograph load` against Neo4j's own LOAD CSV, side by side on one server: rows/s per file and the ratio.

    .venv/bin/python -m benchmarks.load_csv_benchmark [--people 100000] [--seed 1] [--runs 3] [--warmup 2]

Generates one city, starts a private Neo4j with neo4j-local/server.sh (its data
directory is its LOAD CSV import directory), and loads the same folder both ways
into an empty database: `studiograph load` as a subprocess (validation included,
its peak RSS taken), then the LOAD CSV statements of benchmarks.load_csv. Cold:
each first load after a server restart. Warm: `--warmup` alternating pairs of loads,
printed and not counted (the server is still settling after the cold ones; BENCHMARKS.md
has the figures), then `--runs` alternating pairs, median.
After the first load of each, every node, relationship and property is read back
through the store contract and compared; unequal graphs stop the benchmark.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.load_csv import Statement, prepare
from graph.model import NODES, RELS
from graph.neo4j_store import Neo4jStore
from graph.query import Direction
from loaders.generate import generate
from loaders.kinds import KINDS

ROOT = Path(__file__).resolve().parents[1]
SERVER = ROOT / "neo4j-local" / "server.sh"
CLI = [str(ROOT / ".venv" / "bin" / "studiograph")]
TIME = "/usr/bin/time"  # GNU time, for the peak RSS of the load alone
RSS_MARK = "peak RSS KiB: "


@dataclass
class Run:
    seconds: float
    files: dict[str, float]  # file -> seconds
    rss_mib: float = 0.0
    cpu: float = 0.0  # the loader's own CPU seconds (user + system)
    server_cpu: float = 0.0  # the Neo4j server's CPU seconds during the load
    load_average: float = field(default_factory=lambda: os.getloadavg()[0])


class Server:
    """A private neo4j-local server whose data directory is also its import directory."""

    def __init__(self, state: Path, heap: str, pagecache: str) -> None:
        self.state, self.data = state / "state", state / "data"
        self.env = {**os.environ, "STUDIOGRAPH_NEO4J_STATE": str(self.state), "STUDIOGRAPH_NEO4J_HEAP": heap,
                    "STUDIOGRAPH_NEO4J_PAGECACHE": pagecache}
        self.uri = ""

    def start(self) -> str:
        done = subprocess.run(["bash", str(SERVER), "start", "--data", str(self.data)], env=self.env,
                              capture_output=True, text=True, check=True)
        self.uri = done.stdout.strip().splitlines()[-1]
        return self.uri

    def stop(self) -> None:
        subprocess.run(["bash", str(SERVER), "stop"], env=self.env, capture_output=True, text=True)

    def cpu(self) -> float:
        """The server process's CPU seconds so far (user + system), from /proc."""
        pid = (self.state / "pid").read_text().strip()
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def measured(self, load: Callable[[], Run]) -> Run:
        """A load with the server's CPU seconds during it."""
        before = self.cpu()
        run = load()
        run.server_cpu = self.cpu() - before
        return run

    def restart(self) -> None:
        self.stop()
        self.start()


@contextmanager
def given_or_private_server(prefix: str) -> Iterator[str]:
    """The server NEO4J_URI names, or a private one with this benchmark's settings, stopped afterwards."""
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    server = Server(Path(tempfile.mkdtemp(prefix=prefix)), "-Xms2g -Xmx2g", "1g")
    try:
        yield server.start()
    finally:
        server.stop()


def studiograph_load(folder: Path, uri: str, report: Path, env: dict[str, str] | None = None,
                     options: tuple[str, ...] = ()) -> Run:
    """`studiograph load [options]` in a subprocess, timed from outside, with its per-file seconds and peak RSS.

    `uri` names the Neo4j server; an empty one loads into the embedded store `env` names.
    The RSS comes from /usr/bin/time: a child forked from this (large) process would
    report this process's pages as its own peak.
    """
    started = time.perf_counter()
    env = {**os.environ, "NEO4J_URI": uri, **(env or {})}
    done = subprocess.run([TIME, "-f", f"{RSS_MARK}%M %U %S", *CLI, "load", str(folder), *options, "--report", str(report)],
                          env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"studiograph load failed ({done.returncode}): {done.stderr[-2000:]}")
    rss, user, system = next(line[len(RSS_MARK):].split() for line in done.stderr.splitlines() if line.startswith(RSS_MARK))
    return Run(seconds, file_seconds(report), int(rss) / 1024, float(user) + float(system))


def file_seconds(report: Path) -> dict[str, float]:
    """Each file's seconds, as a load's saved report counts them (its validation and its writing)."""
    return {f["file"]: f["seconds"] for f in json.loads(report.read_text(encoding="utf-8"))["files"]}


def load_csv(store: Neo4jStore, statements: list[Statement]) -> Run:
    files: dict[str, float] = Counter()
    started = time.perf_counter()
    with store._driver.session(database=store.database) as session:
        for statement in statements:
            began = time.perf_counter()
            session.run(statement.query, statement.params).consume()
            files[statement.file] += time.perf_counter() - began
    return Run(time.perf_counter() - started, dict(files))


def rows_per_file(folder: Path) -> dict[str, int]:
    """Data rows of each source file of a generated city (its header not counted)."""
    found = {}
    for kind in KINDS:
        path = folder / f"{kind.name}.csv"
        if path.exists():
            with path.open(encoding="utf-8") as source:
                found[path.name] = sum(1 for _ in source) - 1
    return found


def snapshot(store: Neo4jStore) -> dict[str, Counter[str]]:
    """Every node and relationship with its properties, read through the store contract, as multisets."""
    found: dict[str, Counter[str]] = {}
    keys: dict[str, list[str]] = {}
    for node in NODES:
        items = store.list_nodes(node.label).items
        keys[node.label] = [p[node.key.name] for p in items]
        found[node.label] = Counter(repr(sorted(p.items())) for p in items)
    for rel in RELS:
        found[rel.type] = Counter()
        for label in rel.sources:
            for key, neighbours in store.neighbours(label, keys[label], rel.type, Direction.OUT).items():
                found[rel.type].update(repr((label, key, n.label, n.key, sorted(n.rel.items()))) for n in neighbours)
    return found


def compare(a: dict[str, Counter[str]], b: dict[str, Counter[str]]) -> list[str]:
    """What differs, by label or type; empty when the graphs are equal."""
    return [f"{name}: {sum(a[name].values())} vs {sum(b[name].values())}, {sum((a[name] - b[name]).values())} "
            f"items only in studiograph's" for name in a if a[name] != b[name]]


def rate(rows: int, seconds: float) -> float:
    return rows / seconds if seconds else float("inf")


def table(rows: dict[str, int], ours: list[Run], theirs: list[Run]) -> None:
    print(f"  {'file':<30}{'rows':>9}{'studiograph':>14}{'LOAD CSV':>12}{'ratio':>8}   (rows/s)")
    for file, count in rows.items():
        a = statistics.median(r.files.get(file, 0.0) for r in ours)
        b = statistics.median(r.files.get(file, 0.0) for r in theirs)
        print(f"  {file:<30}{count:>9,}{rate(count, a):>14,.0f}{rate(count, b):>12,.0f}{b / a if a else 0:>8.2f}")
    total = sum(rows.values())
    a, b = statistics.median(r.seconds for r in ours), statistics.median(r.seconds for r in theirs)
    print(f"  {'whole folder':<30}{total:>9,}{rate(total, a):>14,.0f}{rate(total, b):>12,.0f}{b / a:>8.2f}"
          f"   ({a:.1f} s vs {b:.1f} s)")
    cpu_ours = statistics.median(r.cpu + r.server_cpu for r in ours)
    cpu_theirs = statistics.median(r.server_cpu for r in theirs)
    print(f"  CPU seconds, median: studiograph {cpu_ours:.1f} (loader {statistics.median(r.cpu for r in ours):.1f}, "
          f"server {statistics.median(r.server_cpu for r in ours):.1f}), LOAD CSV {cpu_theirs:.1f}: "
          f"{total / cpu_ours:,.0f} vs {total / cpu_theirs:,.0f} rows per CPU second, ratio {cpu_theirs / cpu_ours:.2f}")
    print(f"  load average at each run's end: studiograph {[round(r.load_average, 1) for r in ours]}, "
          f"LOAD CSV {[round(r.load_average, 1) for r in theirs]}; studiograph peak RSS "
          f"{max(r.rss_mib for r in ours):,.0f} MiB, CPU {statistics.median(r.cpu for r in ours):.1f} s "
          f"({sum(rows.values()) / statistics.median(r.cpu for r in ours):,.0f} rows per CPU second)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=2,
                        help="warm pairs loaded and printed before the measured ones, not counted (default 2)")
    parser.add_argument("--heap", default="-Xms2g -Xmx2g")
    parser.add_argument("--pagecache", default="1g")
    parser.add_argument("--no-cold", action="store_true", help="skip the cold (first after restart) loads")
    parser.add_argument("--cli", help="the studiograph command to measure (default: this checkout's .venv/bin/studiograph)")
    args = parser.parse_args()
    if args.cli:
        CLI[:] = shlex.split(args.cli)
    with tempfile.TemporaryDirectory(prefix="bench-load-csv-") as tmp:
        work = Path(tmp)
        folder = work / "city"
        generate(folder, args.people, args.seed)
        rows = rows_per_file(folder)
        print(f"{args.people:,} people, seed {args.seed}: {sum(rows.values()):,} rows in {len(rows)} files; "
              f"Neo4j heap {args.heap!r}, page cache {args.pagecache}; {os.cpu_count()} cores")
        server = Server(work / "neo4j", args.heap, args.pagecache)
        server.start()
        try:
            statements = prepare(folder, server.data)
            report = work / "report.json"
            store = Neo4jStore(server.uri)
            store.setup_schema()
            ours: list[Run] = []
            theirs: list[Run] = []
            if not args.no_cold:
                store.close()
                server.restart()
                cold_ours = server.measured(lambda: studiograph_load(folder, server.uri, report))
                store = Neo4jStore(server.uri)
                graph_ours = snapshot(store)
                store.clear()
                store.close()
                server.restart()
                store = Neo4jStore(server.uri)
                cold_theirs = server.measured(lambda: load_csv(store, statements))
                graph_theirs = snapshot(store)
                print(f"cold (first load after a restart): studiograph {rate(sum(rows.values()), cold_ours.seconds):,.0f} "
                      f"rows/s, LOAD CSV {rate(sum(rows.values()), cold_theirs.seconds):,.0f} rows/s, ratio "
                      f"{cold_theirs.seconds / cold_ours.seconds:.2f}; CPU seconds: studiograph loader {cold_ours.cpu:.1f} + "
                      f"server {cold_ours.server_cpu:.1f}, LOAD CSV server {cold_theirs.server_cpu:.1f}", flush=True)
            else:
                graph_ours = graph_theirs = None
            for run in range(args.warmup + args.runs):
                store.clear()
                ours.append(server.measured(lambda: studiograph_load(folder, server.uri, report)))
                if graph_ours is None:
                    graph_ours = snapshot(store)
                store.clear()
                theirs.append(server.measured(lambda: load_csv(store, statements)))
                if graph_theirs is None:
                    graph_theirs = snapshot(store)
                name = f"warm-up {run + 1}" if run < args.warmup else f"warm run {run - args.warmup + 1}"
                print(f"  {name}: studiograph {ours[-1].seconds:.1f} s (loader CPU {ours[-1].cpu:.1f} s, "
                      f"server CPU {ours[-1].server_cpu:.1f} s), LOAD CSV {theirs[-1].seconds:.1f} s (server CPU "
                      f"{theirs[-1].server_cpu:.1f} s), load average {os.getloadavg()[0]:.1f}", flush=True)
            del ours[: args.warmup], theirs[: args.warmup]
            differences = compare(graph_ours, graph_theirs)
            totals = {name: sum(c.values()) for name, c in graph_ours.items()}
            print(f"graphs compared: {sum(totals[n.label] for n in NODES):,} nodes, "
                  f"{sum(totals[r.type] for r in RELS):,} relationships, "
                  + ("equal, every property included" if not differences else "DIFFERENT: " + "; ".join(differences)))
            print(f"warm, median of {args.runs}:")
            table(rows, ours, theirs)
            dry = [studiograph_load(folder, server.uri, report, options=("--dry-run",)) for _ in range(args.runs)]
            wall, cpu = statistics.median(d.seconds for d in dry), statistics.median(d.cpu for d in dry)
            print(f"dry run (read and validate only): median {wall:.1f} s, {rate(sum(rows.values()), wall):,.0f} rows/s; "
                  f"CPU {cpu:.1f} s, {rate(sum(rows.values()), cpu):,.0f} rows per CPU second; "
                  f"load average {os.getloadavg()[0]:.1f}")
            store.close()
            if differences:
                sys.exit(1)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
