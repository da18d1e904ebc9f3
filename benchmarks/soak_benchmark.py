"""Soak: minutes of a mixed load at 80 % of the measured peak, recording errors and the server's memory.

    .venv/bin/python benchmarks/soak_benchmark.py [--people 20000] [--minutes 5] [--share 0.8] [--clients 8]

Generates a city (loaders.generate), loads it into the embedded store (or the
Neo4j at NEO4J_URI, emptied first), starts `studiograph serve` on a free loopback
port and, from this separate process: measures the peak rate of the mix with
`--clients` closed-loop clients, then sends the mix at `--share` of that rate
for `--minutes`, from as many clients each paced to its share of the rate. The mix includes requests the limits refuse (they
must be refused, fast, every time). An error is a 5xx, a transport error, or an
error coded INTERNAL, TIMEOUT or BUSY. It prints, per minute, the rate achieved,
the latency median and p95, the errors and the server's resident memory.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from api.access import hash_token, new_token  # noqa: E402
from benchmarks.query_benchmark import percentile, start_server  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402
from graph.neo4j_store import Neo4jStore  # noqa: E402
from graph.store import Store  # noqa: E402
from loaders.generate import generate  # noqa: E402
from loaders.load import load_folder  # noqa: E402

BAD_CODES = {"INTERNAL", "TIMEOUT", "BUSY"}
ATTACK = "{ ...G0 } " + " ".join(f"fragment G{i} on Query {{ ...G{i + 1} ...G{i + 1} }}" for i in range(40)) + (
    " fragment G40 on Query { people(first: 100) { nodes { name } } }")


def mix(people: list[str], rng: random.Random) -> dict[str, Any]:
    """One request of the mix: mostly lookups and pages, some search and lineage, a few refused attacks."""
    person = rng.choice(people)
    choices = [
        (40, {"query": "query($id: ID!) { person(id: $id) { name masters { status master { name } } "
                       "apprentices { status apprentice { name } } achievements { rank achievement { title year } } } }",
              "variables": {"id": person}}),
        (20, {"query": '{ people(first: 20, where: {birthYear: {gte: 1975}}, orderBy: [{field: NAME}]) '
                       "{ nodes { name employer { organization { name } } } } }"}),
        (15, {"query": "{ studios(first: 10) { totalCount nodes { name memberCount leader { leader { name } } } } }"}),
        (10, {"query": 'query($t: String!) { search(text: $t, first: 10) { __typename } }',
              "variables": {"t": rng.choice("王李张刘陈杨黄赵吴周")}}),
        (10, {"query": "query($id: ID!) { mentorLineage(personId: $id, maxDepth: 3) { members { personId generation } } }",
              "variables": {"id": person}}),
        (5, {"query": ATTACK}),
    ]
    return rng.choices([body for _, body in choices], weights=[weight for weight, _ in choices])[0]


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sent: int = 0


async def send(client: httpx.AsyncClient, body: dict[str, Any], tally: Tally) -> None:
    tally.sent += 1
    started = time.perf_counter()
    try:
        response = await client.post("/graphql", json=body)
    except httpx.HTTPError as error:
        tally.errors.append(f"transport: {type(error).__name__}")
        return
    tally.latencies.append(time.perf_counter() - started)
    codes = {e.get("extensions", {}).get("code") for e in response.json().get("errors", [])}
    refused_as_expected = body["query"] == ATTACK and codes == {"LIMIT_EXCEEDED"}
    if response.status_code >= 500 or codes & BAD_CODES or (codes and not refused_as_expected):
        tally.errors.append(f"{response.status_code} {sorted(c for c in codes if c)}")


async def peak_rate(url: str, token: str, people: list[str], clients: int, seconds: float) -> float:
    """Requests per second that `clients` closed-loop clients sustain."""
    tally, rng, stop = Tally(), random.Random(1), time.perf_counter() + seconds
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60,
                                 limits=httpx.Limits(keepalive_expiry=4)) as client:
        async def loop() -> None:
            while time.perf_counter() < stop:
                await send(client, mix(people, rng), tally)

        started = time.perf_counter()
        await asyncio.gather(*(loop() for _ in range(clients)))
        return len(tally.latencies) / (time.perf_counter() - started)


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def soak(
    url: str, token: str, people: list[str], rate: float, minutes: float, pid: int, clients: int,
) -> list[dict[str, Any]]:
    """`clients` paced clients sending `rate` requests a second together for `minutes`; a row per minute.

    Each client sends its next request at its next slot (every clients/rate s), or at once if
    the answer came later than that: the load stays at `rate` while the server keeps up, and
    a server that falls behind shows as a rate below it, not as a queue the client builds.
    """
    rng, rows = random.Random(2), []
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60,
                                 limits=httpx.Limits(keepalive_expiry=4)) as client:
        for minute in range(int(minutes)):
            tally, started = Tally(), time.perf_counter()
            stop, interval = started + 60, clients / rate

            async def paced(offset: float) -> None:
                slot = started + offset
                while slot < stop:
                    await asyncio.sleep(max(0.0, slot - time.perf_counter()))
                    await send(client, mix(people, rng), tally)
                    slot += interval

            await asyncio.gather(*(paced(i * interval / clients) for i in range(clients)))
            elapsed = time.perf_counter() - started
            rows.append({"minute": minute + 1, "per_second": len(tally.latencies) / elapsed,
                         "p50": statistics.median(tally.latencies) * 1000, "p95": percentile(tally.latencies, 0.95) * 1000,
                         "errors": len(tally.errors), "kinds": sorted(set(tally.errors))[:3], "rss": rss_mib(pid)})
            print(f"minute {minute + 1}: {rows[-1]['per_second']:.1f} req/s, p50 {rows[-1]['p50']:.0f} ms, "
                  f"p95 {rows[-1]['p95']:.0f} ms, errors {rows[-1]['errors']} {rows[-1]['kinds']}, RSS {rows[-1]['rss']:.0f} MiB",
                  flush=True)
    return rows


def loaded_store(folder: Path, data_dir: Path) -> tuple[Store, dict[str, str]]:
    if os.environ.get("NEO4J_URI"):
        store: Store = Neo4jStore(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"))
        store.setup_schema()
        store.clear()
        env = {"NEO4J_URI": os.environ["NEO4J_URI"]}
    else:
        store = EmbeddedStore(data_dir / "graph.json")
        env = {"STUDIOGRAPH_DATA_DIR": str(data_dir)}
    report = load_folder(folder, store)
    assert report.ok, report.problems[:5]
    store.flush()
    return store, env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=20_000)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--share", type=float, default=0.8)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--peak-seconds", type=float, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="studiograph-soak-") as tmp:
        folder, data_dir = Path(tmp) / "city", Path(tmp) / "data"
        generate(folder, args.people, seed=1)
        store, env = loaded_store(folder, data_dir)
        people = [p["personId"] for p in store.list_nodes("Person", first=2000).items]
        token = new_token()
        process, graphql_url = start_server(env, hash_token(token))
        url = graphql_url.removesuffix("/graphql")
        try:
            start_rss = rss_mib(process.pid)
            peak = asyncio.run(peak_rate(url, token, people, args.clients, args.peak_seconds))
            rate = peak * args.share
            print(f"{'Neo4j' if 'NEO4J_URI' in env else 'embedded'}, {args.people} people: peak {peak:.1f} req/s with "
                  f"{args.clients} clients; soaking at {rate:.1f} req/s for {args.minutes:g} min; RSS {start_rss:.0f} MiB "
                  f"at start, {rss_mib(process.pid):.0f} MiB after the peak", flush=True)
            rows = asyncio.run(soak(url, token, people, rate, args.minutes, process.pid, args.clients))
            print(f"errors {sum(r['errors'] for r in rows)}; RSS first minute {rows[0]['rss']:.0f} MiB, "
                  f"last minute {rows[-1]['rss']:.0f} MiB, most {max(r['rss'] for r in rows):.0f} MiB")
        finally:
            process.terminate()
            process.wait(30)


if __name__ == "__main__":
    main()
