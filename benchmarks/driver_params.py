"""What the driver's debug-log formatting costs a write: one statement of N rows, its parameters as a plain list
and as the Neo4j store hands them over (graph.neo4j_store.params_for_driver), alternating on one server.

    .venv/bin/python -m benchmarks.driver_params [--rows 5000] [--runs 30] [--warmup 10]

The neo4j driver (6.4, Bolt5x5.run) formats every RUN's parameters for its debug log
whether or not the log is on; the store's lists format as their length. Uses the server
NEO4J_URI names, or starts a private neo4j-local one (load_csv_benchmark's settings).
Prints the median round trip of each, the `--warmup` first runs not counted (a fresh
server is still compiling), and what the formatting alone takes.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

import neo4j

from benchmarks.load_csv_benchmark import given_or_private_server
from graph.neo4j_store import params_for_driver

QUERY = "UNWIND $rows AS row RETURN count(row) AS n"


def person_rows(count: int) -> list[dict[str, Any]]:
    """Rows shaped like the loader's people: ten properties, some repeated, one blank."""
    return [{"personId": f"P{n:07d}", "name": f"名字{n}", "gender": "男", "birthYear": 1970 + n % 30,
             "employerId": f"O{n % 300:05d}", "grade": 3, "status": "在职", "birthDate": "1980-01-01",
             "phone": None, "title": "高级工"} for n in range(count)]


def round_trips(uri: str, rows: list[dict[str, Any]], runs: int) -> dict[str, list[float]]:
    """Milliseconds a statement takes, each way, alternating."""
    taken: dict[str, list[float]] = {"plain list": [], "the store's list": []}
    with neo4j.GraphDatabase.driver(uri, auth=None) as driver, driver.session() as session:
        ways = (("plain list", {"rows": rows}), ("the store's list", params_for_driver({"rows": rows})))
        for _ in range(runs):
            for name, params in ways:
                started = time.perf_counter()
                session.run(QUERY, params).consume()
                taken[name].append(1000 * (time.perf_counter() - started))
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=10)
    args = parser.parse_args()
    rows = person_rows(args.rows)
    started = time.perf_counter()
    text = " ".join(map(repr, (QUERY, {"rows": rows}, {})))  # what Bolt5x5.run formats
    print(f"formatting {args.rows:,} rows for the debug log: {1000 * (time.perf_counter() - started):.1f} ms, "
          f"{len(text):,} characters")
    with given_or_private_server("driver-params-") as uri:
        for name, times in round_trips(uri, rows, args.warmup + args.runs).items():
            counted = times[args.warmup:]
            print(f"{name:>17}: median {statistics.median(counted):.1f} ms a statement, "
                  f"quartiles {statistics.quantiles(counted)[0]:.1f}-{statistics.quantiles(counted)[2]:.1f}")


if __name__ == "__main__":
    main()
