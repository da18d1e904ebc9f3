"""How a relationship statement finds its two ends: by key (rows as they come, or sorted by start key) or by elementId.

    .venv/bin/python -m benchmarks.end_lookup [--people 100000] [--rows 10000] [--runs 12] [--warmup 3]

One statement of `--rows` relationships between random people and occupations, written
the loader's way (UNWIND of row lists, MATCH each end, CREATE), in one transaction, the
three ways alternating on one server; the relationships are deleted after each. Uses the
server NEO4J_URI names (its database is emptied first), or starts a private neo4j-local one
(load_csv_benchmark's settings). Prints each way's median milliseconds a statement.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from dataclasses import dataclass
from typing import Any

import neo4j

from benchmarks.load_csv_benchmark import given_or_private_server

CREATE = "CREATE (a)-[:LOOKED_UP {since: row[2], grade: row[3]}]->(b) RETURN count(*) AS w } RETURN w"
BY_KEY = "MATCH (a:Person {personId: row[0]}) MATCH (b:Occupation {code: row[1]}) "
BY_ID = "MATCH (a:Person) WHERE elementId(a) = row[0] MATCH (b:Occupation) WHERE elementId(b) = row[1] "


@dataclass(frozen=True)
class Way:
    ends: str  # the MATCH clauses
    by_id: bool = False  # rows name their ends by elementId, not by key
    ordered: bool = False  # rows sorted by their start


WAYS = {
    "by key, rows as they come": Way(BY_KEY),
    "by key, rows sorted by start": Way(BY_KEY, ordered=True),
    "by elementId": Way(BY_ID, by_id=True),
}


def setup(session: neo4j.Session, people: int) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """An emptied database with `people` Person and 46 Occupation nodes, keyed; each node's (key, elementId)."""
    session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()
    session.run("CREATE CONSTRAINT person_key IF NOT EXISTS FOR (n:Person) REQUIRE n.personId IS UNIQUE").consume()
    session.run("CREATE CONSTRAINT occupation_key IF NOT EXISTS FOR (n:Occupation) REQUIRE n.code IS UNIQUE").consume()
    session.run("UNWIND range(1, $n) AS i CALL (i) { CREATE (:Person {personId: 'P' + right('000000' + i, 7)}) } "
                "IN TRANSACTIONS OF 10000 ROWS", {"n": people}).consume()
    session.run("UNWIND range(1, 46) AS i CREATE (:Occupation {code: '6-' + right('0' + i, 2) + '-01-01'})").consume()
    found = [(r["k"], r["e"], r["l"]) for r in session.run(
        "MATCH (n) RETURN coalesce(n.personId, n.code) AS k, elementId(n) AS e, labels(n)[0] AS l")]
    return ([(k, e) for k, e, label in found if label == "Person"], [(k, e) for k, e, label in found if label == "Occupation"])


def statement_rows(way: Way, pairs: list[tuple[tuple[str, str], tuple[str, str]]]) -> list[list[Any]]:
    """[start, end, since, grade] a relationship, its ends each (key, elementId) in `pairs`."""
    named = 1 if way.by_id else 0
    rows = [[person[named], occupation[named], "2020-01-01", 3] for person, occupation in pairs]
    return sorted(rows, key=lambda row: row[0]) if way.ordered else rows


def timed(session: neo4j.Session, way: Way, rows: list[list[Any]]) -> float:
    """Milliseconds the statement and its commit take; its relationships deleted afterwards."""
    query = "CALL () { UNWIND $rows AS row " + way.ends + CREATE
    started = time.perf_counter()
    written = session.execute_write(lambda tx: tx.run(query, {"rows": rows}).single()["w"])
    taken = 1000 * (time.perf_counter() - started)
    if written != len(rows):
        raise SystemExit(f"{way.ends}: {written} of {len(rows)} relationships written")
    session.run("MATCH ()-[r:LOOKED_UP]->() DELETE r").consume()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=12)
    parser.add_argument("--warmup", type=int, default=3)
    args = parser.parse_args()
    random.seed(1)
    taken: dict[str, list[float]] = {way: [] for way in WAYS}
    with given_or_private_server("end-lookup-") as uri:
        with neo4j.GraphDatabase.driver(uri, auth=None) as driver, driver.session() as session:
            people, occupations = setup(session, args.people)
            for run in range(args.warmup + args.runs):
                pairs = [(random.choice(people), random.choice(occupations)) for _ in range(args.rows)]
                ways = list(WAYS) if run % 2 else list(reversed(WAYS))
                for name in ways:
                    ms = timed(session, WAYS[name], statement_rows(WAYS[name], pairs))
                    if run >= args.warmup:
                        taken[name].append(ms)
    for way, times in taken.items():
        quartiles = statistics.quantiles(times)
        print(f"{way:>28}: median {statistics.median(times):.1f} ms for {args.rows:,} relationships, "
              f"quartiles {quartiles[0]:.1f}-{quartiles[2]:.1f}")


if __name__ == "__main__":
    main()
