"""Latency of the analytics on a generated city, in each store.

    .venv/bin/python -m benchmarks.analytics_benchmark [--people 100000] [--seed 7] [--runs 5] [--data DIR]

Generates a folder with loaders.generate (or reuses --data), loads it into the embedded
store and into Neo4j (NEO4J_URI, or a local server started for the run), then prints the
median and 95th percentile of: mentorLineage DOWN depth 5 from the ten masters with the
most descendants, city-wide skillGaps, keyMentors(first: 20), connection between twenty
random pairs of people (in a generated city most are not linked at all) and between twenty
pairs that are (a key mentor and a deepest descendant). Each query runs once untimed
first (Neo4j compiles it then).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks.local_neo4j import neo4j_uri
from graph.analytics.connection import connection
from graph.analytics.key_mentors import key_mentors
from graph.analytics.lineage import LineageDirection, mentor_lineage
from graph.analytics.skill_gaps import skill_gaps
from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from loaders.generate import generate
from loaders.load import load_folder

Store = EmbeddedStore | Neo4jStore
Case = tuple[str, list[Callable[[Store], Any]]]  # a name and the calls whose latencies it reports


def cases(embedded: EmbeddedStore, runs: int, seed: int) -> list[Case]:
    """The calls to time, chosen once from the embedded store so both stores answer the same ones."""
    masters = [m.person_id for m in key_mentors(embedded, first=10)]
    people = sorted(key for (label, key) in embedded.graph.nodes if label == "Person")
    rng = random.Random(seed)
    pairs = [tuple(rng.sample(people, 2)) for _ in range(20)]
    linked = _linked_pairs(embedded, [m.person_id for m in key_mentors(embedded, first=20)], rng)
    return [
        ("mentorLineage DOWN depth 5, top-10 masters",
         [lambda s, m=m: mentor_lineage(s, m, LineageDirection.DOWN, 5) for m in masters] * runs),
        ("skillGaps, whole city", [lambda s: skill_gaps(s)] * runs),
        ("keyMentors(first: 20)", [lambda s: key_mentors(s, first=20)] * runs),
        ("connection, 20 random pairs", [lambda s, a=a, b=b: connection(s, a, b) for a, b in pairs] * runs),
        ("connection, 20 linked pairs (master, descendant)",
         [lambda s, a=a, b=b: connection(s, a, b) for a, b in linked] * runs),
    ]


def _linked_pairs(embedded: EmbeddedStore, masters: list[str], rng: random.Random) -> list[tuple[str, str]]:
    """Random people are rarely linked at all; these pairs are: a key mentor and one of their deepest descendants."""
    pairs = []
    for master in masters:
        lineage = mentor_lineage(embedded, master, LineageDirection.DOWN, 10)
        deepest = [m.person_id for m in lineage.members if m.generation == lineage.members[-1].generation] if lineage else []
        if deepest:
            pairs.append((master, rng.choice(deepest)))
    return pairs


def timed(store: Store, calls: list[Callable[[Store], Any]]) -> tuple[list[float], list[Any]]:
    """Milliseconds per call, after one untimed call of each distinct query; and the answers."""
    answers = [call(store) for call in dict.fromkeys(calls)]
    latencies = []
    for call in calls:
        started = time.perf_counter()
        call(store)
        latencies.append((time.perf_counter() - started) * 1000)
    return latencies, answers


def p95(values: list[float]) -> float:
    """The nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def loaded(folder: Path, store: Store, name: str) -> None:
    started = time.perf_counter()
    report = load_folder(folder, store)
    if not report.ok:
        raise SystemExit(f"the generated folder did not load into {name}: {report.problems[:3]}")
    print(f"loaded {folder} into {name} in {time.perf_counter() - started:.0f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=5, help="repetitions of each case")
    parser.add_argument("--data", type=Path, help="a generated folder to reuse (created if missing)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="studiograph-analytics-") as scratch:
        folder = args.data or Path(scratch) / "city"
        if not (folder / "people.csv").exists():
            generate(folder, people=args.people, seed=args.seed)
        embedded = EmbeddedStore()
        loaded(folder, embedded, "the embedded store")
        chosen = cases(embedded, args.runs, args.seed)
        with neo4j_uri() as uri:
            neo4j = Neo4jStore(uri)
            neo4j.setup_schema()
            neo4j.clear()
            loaded(folder, neo4j, f"Neo4j at {uri}")
            print(f"\n{args.people} people, {args.runs} runs per case; milliseconds")
            print(f"{'case':50} {'store':9} {'calls':>5} {'median':>9} {'p95':>9}")
            for name, calls in chosen:
                answers = {}
                for label, store in (("embedded", embedded), ("neo4j", neo4j)):
                    latencies, answers[label] = timed(store, calls)
                    print(f"{name:50} {label:9} {len(latencies):5} {statistics.median(latencies):9.1f} {p95(latencies):9.1f}",
                          flush=True)
                print(f"{'':50} answers agree: {'yes' if answers['embedded'] == answers['neo4j'] else 'NO'}")
            neo4j.close()


if __name__ == "__main__":
    main()
