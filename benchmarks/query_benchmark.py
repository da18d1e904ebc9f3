"""Query benchmark: three representative GraphQL queries over HTTP against each store, and the same data by direct calls.

    .venv/bin/python benchmarks/query_benchmark.py [--people 100000] [--requests 200] [--concurrency 4]
                                                   [--stores embedded,neo4j]

For each store it loads a generated folder (loaders.generate, cached in
benchmarks/out/), starts `studiograph serve` on a free loopback port, and runs a
load generator in a separate process: median and 95th-percentile latency with one
client, and requests per second with `--concurrency` clients. It then fetches the
same data with direct store calls in this process (median of the same number of
runs) and prints the ratio API median / direct median. Neo4j is NEO4J_URI when set,
else a private server from neo4j-local/server.sh.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.local_neo4j import neo4j_uri  # noqa: E402
from graph.embedded import EmbeddedStore  # noqa: E402
from graph.neo4j_store import Neo4jStore  # noqa: E402
from graph.query import And, Direction, Eq, Order, Range, Related  # noqa: E402
from graph.store import Store  # noqa: E402

EMPLOYER_AND_GRADE = "employer { organization { name } } certifications(first: 10) { grade gradeName occupation { name } }"
PAGE_ARGS = ('first: 50, where: {status: {eq: "在职"}, birthYear: {gte: 1970, lte: 1990}}, '
             "orderBy: [{field: BIRTH_YEAR, direction: DESC}]")
QUERIES: dict[str, str] = {
    "person": """query($id: ID!) { person(id: $id) { name
        masters { status master { name } } apprentices { status apprentice { name } }
        achievements { rank achievement { title year } } } }""",
    "page of 50": f"{{ people({PAGE_ARGS}) {{ edges {{ node {{ name birthYear {EMPLOYER_AND_GRADE} }} }} }} }}",
    "page, 3 levels": f"""{{ people({PAGE_ARGS}) {{ edges {{ node {{ name {EMPLOYER_AND_GRADE}
        apprentices(first: 10) {{ apprentice {{ name {EMPLOYER_AND_GRADE}
            apprentices(first: 10) {{ apprentice {{ name certifications(first: 10) {{ grade }} }} }} }} }} }} }} }} }}""",
}
PAGE_FILTER = And((Eq("status", "在职"), Range("birthYear", 1970, 1990)))
PAGE_ORDER = [Order("birthYear", descending=True)]


# -- the same data by direct store calls ------------------------------------------


def direct_person(store: Store, key: str) -> None:
    store.get_nodes("Person", [key])
    store.neighbours("Person", [key], "MENTORED", Direction.IN)
    store.neighbours("Person", [key], "MENTORED", Direction.OUT)
    store.neighbours("Person", [key], "CONTRIBUTED", Direction.OUT)


def direct_page(store: Store, levels: int) -> None:
    keys = [p["personId"] for p in store.list_nodes("Person", PAGE_FILTER, PAGE_ORDER, 50).items]
    for level in range(levels):
        store.neighbours("Person", keys, "WORKS_AT", Direction.OUT)
        store.neighbours("Person", keys, "CERTIFIED", Direction.OUT)
        if level < levels - 1:
            found = store.neighbours("Person", keys, "MENTORED", Direction.OUT)
            keys = list(dict.fromkeys(n.key for ns in found.values() for n in ns))


# -- the load generator (a separate process) ---------------------------------------


async def generate_load(url: str, query: str, ids: list[str], requests: int, concurrency: int) -> dict[str, Any]:
    import httpx

    latencies: list[float] = []
    next_request = 0

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal next_request
        while next_request < requests:
            n, next_request = next_request, next_request + 1
            body = {"query": query, "variables": {"id": ids[n % len(ids)]} if "$id" in query else {}}
            started = time.perf_counter()
            response = await client.post(url, json=body)
            latencies.append(time.perf_counter() - started)
            payload = response.json()
            if response.status_code != 200 or payload.get("errors"):
                raise RuntimeError(f"the benchmark query failed: {response.status_code} {str(payload)[:500]}")

    headers = {"Authorization": f"Bearer {os.environ['BENCH_TOKEN']}"}
    async with httpx.AsyncClient(headers=headers, timeout=120) as client:
        await worker(client)  # warm up: one request
        latencies.clear()
        next_request = 0
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return {"latencies": latencies, "per_second": requests / elapsed}


def run_client(url: str, name: str, ids: list[str], requests: int, concurrency: int, token: str) -> dict[str, Any]:
    """The load generator as its own process, so it does not share the server's or this process's CPU time slices."""
    command = [sys.executable, __file__, "--client", url, "--query", name, "--ids", ",".join(ids),
               "--requests", str(requests), "--concurrency", str(concurrency)]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "BENCH_TOKEN": token}, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return json.loads(done.stdout)


# -- the server and the stores ------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict[str, str], token_hash: str) -> tuple[subprocess.Popen[bytes], str]:
    import httpx

    port = free_port()
    full = {**os.environ, **env, "STUDIOGRAPH_TOKENS": f"hr:{token_hash}"}
    if "NEO4J_URI" not in env:
        full.pop("NEO4J_URI", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "studiograph_cli", "serve", "--port", str(port), "--log-level", "warning"],
        cwd=ROOT, env=full, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            if httpx.get(url + "/readyz", timeout=5).status_code == 200:
                return process, url + "/graphql"
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    process.kill()
    raise RuntimeError("the server never became ready")


def timed(calls: int, action: Callable[[int], None]) -> list[float]:
    action(0)  # warm up
    times = []
    for n in range(calls):
        started = time.perf_counter()
        action(n)
        times.append(time.perf_counter() - started)
    return times


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def bench_store(kind: str, store: Store, env: dict[str, str], args: argparse.Namespace) -> None:
    from api.access import hash_token, new_token
    from loaders.load import load_folder

    started = time.perf_counter()
    report = load_folder(args.folder, store)
    assert report.ok, report.problems[:5]
    store.flush()
    print(f"\n{kind}: loaded {args.people} people in {time.perf_counter() - started:.0f} s", flush=True)
    busy = Related("MENTORED", Direction.OUT, None)
    ids = [p["personId"] for p in store.list_nodes("Person", And((busy, Related("MENTORED", Direction.IN))), first=200).items]
    direct: dict[str, Callable[[int], None]] = {
        "person": lambda n: direct_person(store, ids[n % len(ids)]),
        "page of 50": lambda n: direct_page(store, 1),
        "page, 3 levels": lambda n: direct_page(store, 3),
    }
    token = new_token()
    process, url = start_server(env, hash_token(token))
    try:
        print(f"{'query':<16}{'median ms':>10}{'p95 ms':>10}{'req/s c=1':>11}{f'req/s c={args.concurrency}':>11}"
              f"{'direct ms':>11}{'API/direct':>11}")
        for name, query in QUERIES.items():
            single = run_client(url, name, ids, args.requests, 1, token)
            loaded = run_client(url, name, ids, args.requests, args.concurrency, token)
            base = statistics.median(timed(args.requests, direct[name]))
            median = statistics.median(single["latencies"])
            print(f"{name:<16}{median * 1000:>10.1f}{percentile(single['latencies'], 0.95) * 1000:>10.1f}"
                  f"{single['per_second']:>11.1f}{loaded['per_second']:>11.1f}{base * 1000:>11.2f}{median / base:>11.1f}",
                  flush=True)
    finally:
        process.terminate()
        process.wait(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--stores", default="embedded,neo4j")
    parser.add_argument("--client", help=argparse.SUPPRESS)
    parser.add_argument("--query", help=argparse.SUPPRESS)
    parser.add_argument("--ids", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        result = asyncio.run(generate_load(args.client, QUERIES[args.query], args.ids.split(","), args.requests, args.concurrency))
        print(json.dumps(result))
        return 0
    from loaders.generate import generate

    args.folder = ROOT / "benchmarks" / "out" / f"people-{args.people}"
    if not (args.folder / "people.csv").exists():
        generate(args.folder, args.people, seed=1)
    print(f"query benchmark: {args.people} generated people, {args.requests} requests per figure, "
          f"load from a separate process on 127.0.0.1", flush=True)
    stores = args.stores.split(",")
    if "embedded" in stores:
        with tempfile.TemporaryDirectory(prefix="studiograph-bench-") as data_dir:
            store = EmbeddedStore(Path(data_dir) / "graph.json")
            bench_store("embedded", store, {"STUDIOGRAPH_DATA_DIR": data_dir}, args)
    if "neo4j" in stores:
        with neo4j_uri() as uri:
            neo4j = Neo4jStore(uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"), os.environ.get("NEO4J_DATABASE"))
            neo4j.setup_schema()
            neo4j.clear()
            try:
                bench_store("neo4j", neo4j, {"NEO4J_URI": uri}, args)
            finally:
                neo4j.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
