"""Side by side with the Neo4j GraphQL Library (issue 10): the same questions to both servers over one Neo4j.

    .venv/bin/python -m benchmarks.peer_benchmark [--people 100000] [--duration 20] [--warmup 5]
                                                 [--runs 1] [--connections 1,8] [--questions a,b,c,d]

It generates a city (loaders.generate, cached in benchmarks/out/), loads it into one
Neo4j (NEO4J_URI when set, else a private server from neo4j-local/ with --heap and
--pagecache), starts `studiograph serve` (1 worker, an `hr` token) and the Neo4j
GraphQL Library on graphql-yoga (benchmarks/peer/, type definitions from
benchmarks/peer_typedefs.py) over it, checks that both give the same answer to each
question, then measures each question with wrk at each concurrency: requests/s, p50
and p95, errors, and the ratio studiograph / peer. Servers alternate run by run, and
the load average is read before each figure. Needs wrk (`apt-get install wrk`) and npm.

The questions: (a) one person by id, rotating over 1,000 people who have both a master
and an apprentice; (b) a filtered page of 50 sorted by name with employer and
certificates; (c) the same page with apprentices three levels deep, each with its
achievements; (d) as (c) but from a page of masters, so the tree is not mostly empty.
studiograph refuses a query whose estimated nodes (page sizes multiplied down the tree)
pass 100,000, so the nested lists are bounded: 5 apprentices a level, 5 achievements
each (about 46,000 estimated); the peer gets the same limits and the same order.
With --no-load the data already in NEO4J_URI is used as it is.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PEER_DIR = ROOT / "benchmarks" / "peer"
WRK_SCRIPT = ROOT / "benchmarks" / "peer_wrk.lua"

# -- the questions, written for each schema -------------------------------------------

BORN_1975 = "{birthYear: {gte: 1975}}"
SG_MASTERS = "{apprentices: {}}"  # has an apprentice
# The library ignores an empty `some: {}` (everyone matches), and its `apprenticesAggregate:
# {count: {gt: 0}}` counts every person's apprentices in a subquery (about twice as slow
# here); a condition that every apprentice meets gives its EXISTS form, the fastest.
PEER_MASTERS = '{apprentices: {some: {name: {startsWith: ""}}}}'



def sg_page(where: str) -> str:
    """studiograph's page of 50 by name (it orders by personId after the sort keys it is given)."""
    return f"people(first: 50, where: {where}, orderBy: [{{field: NAME, direction: ASC}}])"


def peer_page(where: str) -> str:
    return f"people(where: {where}, sort: [{{name: ASC}}, {{personId: ASC}}], limit: 50)"

# studiograph pages a relationship list in key order (the other end's key, then the
# relationship's key); the peer is asked for the same order where a limit cuts the list.
PEER_APPRENTICES = "apprenticesConnection(first: 5, sort: [{node: {personId: ASC}}, {edge: {agreementId: ASC}}])"
PEER_ACHIEVEMENTS = "achievementsConnection(first: 5, sort: [{node: {achievementId: ASC}}])"


def _sg_level(depth: int) -> str:
    inner = f" apprentices(first: 5) {{ status apprentice {{{_sg_level(depth - 1)}}} }}" if depth > 1 else ""
    return (" personId name achievements(first: 5) { rank achievement { achievementId title year } }"
            f"{inner} ")


def _peer_level(depth: int) -> str:
    inner = (f" {PEER_APPRENTICES} {{ edges {{ properties {{ status }} node {{{_peer_level(depth - 1)}}} }} }}"
             if depth > 1 else "")
    return (f" personId name {PEER_ACHIEVEMENTS} {{ edges {{ properties {{ rank }} node {{ achievementId title year }} }} }}"
            f"{inner} ")


@dataclass(frozen=True)
class Question:
    name: str
    title: str
    studiograph: str
    peer: str
    by_id: bool = False  # takes $id, rotated over many people


QUESTIONS: dict[str, Question] = {
    "a": Question(
        "a", "one person: masters, apprentices (status, occupation), achievements (rank, title, year)",
        """query($id: ID!) { person(id: $id) { personId name
            masters { status occupationCode master { personId name } }
            apprentices { status occupationCode apprentice { personId name } }
            achievements { rank achievement { achievementId title year } } } }""",
        """query($id: String!) { people(where: {personId: {eq: $id}}) { personId name
            mastersConnection { edges { properties { status occupationCode } node { personId name } } }
            apprenticesConnection { edges { properties { status occupationCode } node { personId name } } }
            achievementsConnection { edges { properties { rank } node { achievementId title year } } } } }""",
        by_id=True,
    ),
    "b": Question(
        "b", "50 people born 1975 or later, by name, with employer and certificates",
        f"""{{ {sg_page(BORN_1975)} {{ edges {{ node {{ personId name birthYear
            employer {{ position organization {{ orgId name }} }}
            certifications {{ grade occupation {{ code name }} }} }} }} }} }}""",
        f"""{{ {peer_page(BORN_1975)} {{ personId name birthYear
            employerConnection {{ edges {{ properties {{ position }} node {{ orgId name }} }} }}
            certificationsConnection {{ edges {{ properties {{ grade }} node {{ code name }} }} }} }} }}""",
    ),
    "c": Question(
        "c", "the same page, apprentices 3 levels deep (5 a level) with their achievements (5 each)",
        f"{{ {sg_page(BORN_1975)} {{ edges {{ node {{{_sg_level(4)}}} }} }} }}",
        f"{{ {peer_page(BORN_1975)} {{{_peer_level(4)}}} }}",
    ),
    "d": Question(
        "d", "as (c) from a page of 50 masters (people with an apprentice), by name: the tree has real fan-out",
        f"{{ {sg_page(SG_MASTERS)} {{ edges {{ node {{{_sg_level(4)}}} }} }} }}",
        f"{{ {peer_page(PEER_MASTERS)} {{{_peer_level(4)}}} }}",
    ),
}


# -- the same answer from both ------------------------------------------------------------


def canonical(value: Any) -> Any:
    """One shape for both servers' answers: an edge and its node merged, single objects as lists, lists sorted.

    studiograph: `apprentices: [{status, apprentice: {...}}]`, `employer: {position, organization: {...}}`.
    peer: `apprenticesConnection: {edges: [{properties: {status}, node: {...}}]}`.
    """
    if isinstance(value, list):
        return [canonical(item) for item in value]
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] = {}
    for key, item in value.items():
        if key.endswith("Connection"):
            edges = [{**edge["properties"], "node": edge["node"]} for edge in item["edges"]]
            out[key.removesuffix("Connection")] = _edges(edges)
        elif isinstance(item, list):
            out[key] = _edges(item)
        elif isinstance(item, dict):
            out[key] = _edges([item])
        elif item is None and key in single_object_fields():
            out[key] = []
        else:
            out[key] = item
    return out


def single_object_fields() -> set[str]:
    """studiograph's relationship fields that are one object or null (lists in the peer's schema)."""
    from api.types import LINKS

    return {link.name for links in LINKS.values() for link in links if link.one}


def _edges(items: list[dict[str, Any]]) -> list[Any]:
    merged = []
    for item in items:
        scalars = {k: v for k, v in item.items() if not isinstance(v, dict)}
        nodes = [v for v in item.values() if isinstance(v, dict)]
        flat = {**canonical(scalars)}
        for node in nodes:
            flat.update(canonical(node))
        merged.append(flat)
    return sorted(merged, key=lambda m: json.dumps(m, sort_keys=True, ensure_ascii=False))


def rows(question: Question, server: str, data: dict[str, Any]) -> list[Any]:
    """The answer's list of people, in the order given, canonical."""
    if server == "studiograph":
        if question.by_id:
            return [canonical(data["person"])] if data["person"] else []
        return [canonical(edge["node"]) for edge in data["people"]["edges"]]
    return [canonical(person) for person in data["people"]]


def post(url: str, query: str, variables: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    import httpx

    response = httpx.post(url, json={"query": query, "variables": variables}, headers=headers, timeout=120)
    payload = response.json()
    if response.status_code != 200 or payload.get("errors"):
        raise RuntimeError(f"{url}: {response.status_code} {json.dumps(payload, ensure_ascii=False)[:1500]}")
    return payload["data"]


def count_people(tree: list[Any]) -> int:
    """People in a canonical answer: each person, their masters and apprentices, down the tree."""
    return sum(1 + count_people(person.get("masters", []) + person.get("apprentices", [])) for person in tree)


def store_calls(server: Server) -> int:
    """studiograph's store calls so far, from its /metrics (each is one read transaction on Neo4j)."""
    import httpx

    text = httpx.get(server.url.removesuffix("/graphql") + "/metrics", timeout=30).text
    return int(sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                   if line.startswith("studiograph_store_calls_total{")))


def check_same(question: Question, servers: dict[str, Server], ids: list[str]) -> str:
    """Ask both servers; raise on the first difference; describe what was compared and studiograph's store calls."""
    samples = ids[:40] if question.by_id else [""]
    people = 0
    calls_before = store_calls(servers["studiograph"])
    for person_id in samples:
        variables = {"id": person_id} if question.by_id else {}
        answers = {name: rows(question, name, post(s.url, getattr(question, name), variables, s.headers))
                   for name, s in servers.items()}
        if answers["studiograph"] != answers["peer"]:
            sg, peer = (json.dumps(answers[n], ensure_ascii=False, sort_keys=True) for n in ("studiograph", "peer"))
            raise RuntimeError(f"question {question.name}: the servers differ for {person_id or 'the page'}:\n"
                               f"studiograph {sg[:1500]}\npeer        {peer[:1500]}")
        people += count_people(answers["peer"])
    calls = (store_calls(servers["studiograph"]) - calls_before) / len(samples)
    return (f"{len(samples)} request(s), {people} people in the answers, identical; "
            f"studiograph made {calls:.1f} store calls a request, the peer 1 Cypher query")


# -- the servers ----------------------------------------------------------------------------


@dataclass
class Server:
    url: str
    headers: dict[str, str] = field(default_factory=dict)


def ensure_tools() -> None:
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: install it with `apt-get install wrk` (Debian's package)")
    if shutil.which("npm") is None:
        sys.exit("npm is missing: install Node.js 20+ and npm (`apt-get install nodejs npm`)")
    if not (PEER_DIR / "node_modules" / "@neo4j" / "graphql" / "package.json").exists():
        print("installing the Neo4j GraphQL Library from npm (npm ci in benchmarks/peer)", flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PEER_DIR, check=True)


@contextmanager
def peer_server(uri: str, typedefs: Path) -> Iterator[Server]:
    from benchmarks.query_benchmark import free_port

    port = free_port()
    env = {**os.environ, "NEO4J_URI": uri, "PEER_TYPEDEFS": str(typedefs), "PEER_PORT": str(port)}
    log = typedefs.with_suffix(".log").open("w+")
    process = subprocess.Popen(["node", "server.mjs"], cwd=PEER_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while "READY" not in typedefs.with_suffix(".log").read_text():
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the peer server did not start:\n" + typedefs.with_suffix(".log").read_text()[-3000:])
            time.sleep(0.2)
        yield Server(f"http://127.0.0.1:{port}/graphql")
    finally:
        process.terminate()
        process.wait(30)
        log.close()


@contextmanager
def studiograph_server(uri: str, log_path: Path) -> Iterator[Server]:
    """`studiograph serve` (1 worker, an hr token) with its output in `log_path`, shown should it stop."""
    import httpx

    from api.access import hash_token, new_token
    from benchmarks.query_benchmark import free_port

    token, port = new_token(), free_port()
    env = {**os.environ, "NEO4J_URI": uri, "STUDIOGRAPH_TOKENS": f"hr:{hash_token(token)}"}
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "studiograph_cli", "serve", "--port", str(port), "--log-level", "warning"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(600):
                try:
                    if httpx.get(url + "/readyz", timeout=5).status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.2)
            yield Server(url + "/graphql", {"Authorization": f"Bearer {token}"})
        finally:
            if process.poll() is not None:
                tail = [line for line in log_path.read_text().splitlines() if "studiograph.access" not in line]
                print(f"studiograph stopped (exit code {process.returncode}); its last output:\n" + "\n".join(tail[-40:]))
            process.terminate()
            process.wait(30)


# -- measuring -------------------------------------------------------------------------------


@dataclass
class Figure:
    per_second: float
    p50_ms: float
    p95_ms: float
    errors: int  # connect/read/write errors, timeouts, non-2xx and GraphQL errors
    timeouts: int
    load: float  # the one-minute load average just before


def load_average() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def run_wrk(server: Server, body: Path, ids: Path | None, connections: int, seconds: int) -> Figure:
    threads = min(connections, 2)
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s",
               "-s", str(WRK_SCRIPT)]
    for name, value in server.headers.items():
        command += ["-H", f"{name}: {value}"]
    command += [server.url, "--", str(body)] + ([str(ids)] if ids else [])
    load = load_average()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    found = re.search(r"WRK_RESULT (\{.*\})", done.stdout)
    if done.returncode != 0 or not found:
        raise RuntimeError(f"wrk failed: {done.stdout[-1500:]} {done.stderr[-1500:]}")
    r = json.loads(found.group(1))
    errors = r["connect"] + r["read"] + r["write"] + r["status"] + r["timeout"] + r["graphql_errors"]
    return Figure(r["requests"] / (r["duration_us"] / 1e6), r["p50_us"] / 1000, r["p95_us"] / 1000,
                  errors, r["timeout"], load)


def median_figure(figures: list[Figure]) -> Figure:
    def med(get: Callable[[Figure], float]) -> float:
        return statistics.median(get(f) for f in figures)

    return Figure(med(lambda f: f.per_second), med(lambda f: f.p50_ms), med(lambda f: f.p95_ms),
                  sum(f.errors for f in figures), sum(f.timeouts for f in figures), med(lambda f: f.load))


def measure(servers: dict[str, Server], bodies: dict[tuple[str, str], Path], ids: Path,
            args: argparse.Namespace) -> dict[tuple[str, int, str], Figure]:
    """Each question at each concurrency: warm-up, then `--runs` measured runs, servers alternating."""
    results: dict[tuple[str, int, str], Figure] = {}
    for question in args.questions:
        id_file = ids if QUESTIONS[question].by_id else None
        for connections in args.connections:
            runs: dict[str, list[Figure]] = {name: [] for name in servers}
            for name, server in servers.items():
                run_wrk(server, bodies[question, name], id_file, connections, args.warmup)
            for run in range(args.runs):
                order = list(servers) if run % 2 == 0 else list(reversed(servers))
                for name in order:
                    figure = run_wrk(servers[name], bodies[question, name], id_file, connections, args.duration)
                    runs[name].append(figure)
                    print(f"  {question} c={connections} run {run + 1} {name:<12} {figure.per_second:8.1f} req/s "
                          f"p50 {figure.p50_ms:8.1f} ms p95 {figure.p95_ms:8.1f} ms errors {figure.errors} "
                          f"load {figure.load:.2f}", flush=True)
            for name, figures in runs.items():
                results[question, connections, name] = median_figure(figures)
    return results


def print_table(results: dict[tuple[str, int, str], Figure], args: argparse.Namespace) -> None:
    print(f"\n{'q':<3}{'conn':>5}  {'server':<12}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}{'load':>7}"
          f"{'req/s ratio':>13}{'p50 ratio':>11}")
    for question in args.questions:
        for connections in args.connections:
            sg, peer = results[question, connections, "studiograph"], results[question, connections, "peer"]
            for name, f in (("studiograph", sg), ("peer", peer)):
                ratios = (f"{sg.per_second / peer.per_second:>13.2f}{sg.p50_ms / peer.p50_ms:>11.2f}"
                          if name == "peer" and peer.per_second and peer.p50_ms else "")
                print(f"{question:<3}{connections:>5}  {name:<12}{f.per_second:>9.1f}{f.p50_ms:>9.1f}{f.p95_ms:>9.1f}"
                      f"{f.errors:>8}{f.load:>7.2f}{ratios}")
    print("ratio: studiograph / peer (req/s over 1 is studiograph ahead; p50 under 1 is studiograph faster)")


# -- the data ---------------------------------------------------------------------------------


def load_city(uri: str, folder: Path | None) -> tuple[list[str], str]:
    """Load the folder into an emptied Neo4j (None: keep what is there); the ids (a) rotates over; a note."""
    from graph.neo4j_store import Neo4jStore
    from graph.query import And, Direction, Related
    from loaders.load import load_folder

    store = Neo4jStore(uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"),
                       os.environ.get("NEO4J_DATABASE"))
    try:
        started = time.perf_counter()
        if folder is not None:
            store.setup_schema()
            store.clear()
            report = load_folder(folder, store)
            if not report.ok:
                raise RuntimeError(f"the generated city did not load: {report.problems[:5]}")
            store.flush()
        loaded = time.perf_counter() - started
        both = And((Related("MENTORED", Direction.OUT), Related("MENTORED", Direction.IN)))
        ids = [p["personId"] for p in store.list_nodes("Person", both, first=1000).items]
        if len(ids) < 1000:  # a small city: add masters without a master
            more = store.list_nodes("Person", Related("MENTORED", Direction.OUT), first=1000).items
            ids += [p["personId"] for p in more if p["personId"] not in set(ids)][: 1000 - len(ids)]
    finally:
        store.close()
    how = f"loaded in {loaded:.0f} s" if folder is not None else "kept the data in the store"
    return ids, f"{how}; question (a) rotates over {len(ids)} people with apprentices"


def write_bodies(work: Path) -> dict[tuple[str, str], Path]:
    bodies = {}
    for question in QUESTIONS.values():
        for name in ("studiograph", "peer"):
            variables = {"id": "__ID__"} if question.by_id else {}
            path = work / f"{question.name}-{name}.json"
            path.write_text(json.dumps({"query": getattr(question, name), "variables": variables}, ensure_ascii=False))
            bodies[question.name, name] = path
    return bodies


def neo4j_settings(args: argparse.Namespace) -> str:
    if os.environ.get("NEO4J_URI"):
        return f"NEO4J_URI={os.environ['NEO4J_URI']} (its own settings)"
    return f"neo4j-local (Neo4j 5.26), heap {args.heap!r}, page cache {args.pagecache}"


def peer_versions() -> str:
    def version(package: str) -> str:
        return json.loads((PEER_DIR / "node_modules" / package / "package.json").read_text())["version"]

    node = subprocess.run(["node", "--version"], capture_output=True, text=True, check=False).stdout.strip()
    return f"@neo4j/graphql {version('@neo4j/graphql')} on graphql-yoga {version('graphql-yoga')}, Node {node}"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--duration", type=int, default=20, help="seconds measured per figure")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of warm-up per question and concurrency")
    parser.add_argument("--runs", type=int, default=1, help="runs per figure; the median is reported")
    parser.add_argument("--connections", default="1,8")
    parser.add_argument("--questions", default="a,b,c,d")
    parser.add_argument("--no-load", action="store_true", help="use the city already in NEO4J_URI")
    parser.add_argument("--heap", default="-Xms2g -Xmx2g", help="heap of the private Neo4j")
    parser.add_argument("--pagecache", default="1g", help="page cache of the private Neo4j")
    args = parser.parse_args(argv)
    args.connections = [int(c) for c in args.connections.split(",")]
    args.questions = args.questions.split(",")
    return args


def main(argv: list[str]) -> int:
    from benchmarks.local_neo4j import neo4j_uri
    from benchmarks.peer_typedefs import type_definitions
    from loaders.generate import generate

    args = parse_args(argv)
    ensure_tools()
    folder = ROOT / "benchmarks" / "out" / f"people-{args.people}"
    if not (folder / "people.csv").exists():
        generate(folder, args.people, seed=1)
    os.environ.setdefault("STUDIOGRAPH_NEO4J_HEAP", args.heap)
    os.environ.setdefault("STUDIOGRAPH_NEO4J_PAGECACHE", args.pagecache)
    print(f"peer benchmark: {args.people} generated people; {neo4j_settings(args)}; {peer_versions()}; wrk {args.duration} s a figure "
          f"after {args.warmup} s of warm-up, {args.runs} run(s), connections {args.connections}", flush=True)
    with tempfile.TemporaryDirectory(prefix="studiograph-peer-") as temp, neo4j_uri() as uri:
        work = Path(temp)
        ids, note = load_city(uri, None if args.no_load else folder)
        print(note, flush=True)
        (work / "ids.txt").write_text("\n".join(ids) + "\n")
        (work / "typedefs.graphql").write_text(type_definitions(), encoding="utf-8")
        bodies = write_bodies(work)
        with studiograph_server(uri, work / "studiograph.log") as studiograph, peer_server(uri, work / "typedefs.graphql") as peer:
            servers = {"studiograph": studiograph, "peer": peer}
            for question in args.questions:
                print(f"({question}) {QUESTIONS[question].title}: {check_same(QUESTIONS[question], servers, ids)}",
                      flush=True)
            results = measure(servers, bodies, work / "ids.txt", args)
    print_table(results, args)
    saved = ROOT / "benchmarks" / "out" / f"peer-{args.people}-{time.strftime('%Y%m%dT%H%M%S')}.json"
    saved.write_text(json.dumps({"args": {k: v for k, v in vars(args).items()}, "settings": neo4j_settings(args),
                                 "results": [{"question": q, "connections": c, "server": s, **vars(f)}
                                             for (q, c, s), f in results.items()]}, indent=1))
    print(f"saved {saved.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
