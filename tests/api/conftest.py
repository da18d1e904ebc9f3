"""API test fixtures: a real uvicorn (via `studiograph serve`) on a free loopback port, over each store.

Each store is loaded with the bundled sample (data/sample). Expected answers are
worked out from the same store through its contract, never written down by hand.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api.access import hash_token
from graph.embedded import EmbeddedStore
from graph.neo4j_store import AsyncNeo4jReader
from graph.store import Store
from loaders.load import load_folder
from tests.conftest import ROOT, STORE_KINDS

SAMPLE = ROOT / "data" / "sample"
TOKENS = {"planner": "planner-token-for-tests", "hr": "hr-token-for-tests", "admin": "admin-token-for-tests"}
TOKENS_ENV = ",".join(f"{role}:{hash_token(token)}" for role, token in TOKENS.items())


def load_sample(store: Store) -> None:
    """Load the bundled sample, as `bin/serve` does."""
    report = load_folder(SAMPLE, store)
    assert report.ok, f"the bundled sample does not load: {report.problems[:5]}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def auth(role: str) -> dict[str, str]:
    """Headers for a role (public: none)."""
    return {"Authorization": f"Bearer {TOKENS[role]}"} if role in TOKENS else {}


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path

    def wait_ready(self, timeout: float = 40.0, path: str = "/healthz") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.log.read_text(errors='replace')[-3000:]}")
            try:
                if httpx.get(self.url + path, timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"the server did not answer {path} in {timeout} s:\n{self.log.read_text(errors='replace')[-3000:]}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def start_server(env: dict[str, str], log: Path, wait_path: str = "/healthz") -> Server:
    """`studiograph serve` on a free port, with `env` on top of this process's environment."""
    port = free_port()
    full_env = {**os.environ, "STUDIOGRAPH_TOKENS": TOKENS_ENV, "PYTHONPATH": str(ROOT), **env}
    if "NEO4J_URI" not in env:
        full_env.pop("NEO4J_URI", None)
    command = [sys.executable, "-m", "studiograph_cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env=full_env, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", process, log)
    try:
        server.wait_ready(path=wait_path)
    except BaseException:
        server.stop()
        raise
    return server


@dataclass
class Live:
    """A running server and the store it serves, for working out expected answers."""

    kind: str
    server: Server
    store: Store
    env: dict[str, str]

    @property
    def url(self) -> str:
        return self.server.url

    def client(self, role: str = "public") -> httpx.Client:
        return httpx.Client(base_url=self.url, headers=auth(role), timeout=30)

    def async_backend(self) -> EmbeddedStore | AsyncNeo4jReader:
        """What an in-process AsyncStore reads the same data through (create it inside the event loop)."""
        if self.kind == "neo4j":
            return AsyncNeo4jReader(self.env["NEO4J_URI"], os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"),
                                    os.environ.get("NEO4J_DATABASE"))
        assert isinstance(self.store, EmbeddedStore)
        return self.store


@pytest.fixture(scope="session", params=STORE_KINDS)
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A served, loaded store of each kind, once per session.

    It shares the session's Neo4j, so no API test may use the `store` fixture (which empties it).
    """
    tmp = tmp_path_factory.mktemp(f"live-{request.param}")
    if request.param == "neo4j":
        store: Store = request.getfixturevalue("neo4j_store_session")
        store.clear()
        env = {"NEO4J_URI": request.getfixturevalue("neo4j_uri")}
    else:
        store = EmbeddedStore(tmp / "graph.json")
        env = {"STUDIOGRAPH_DATA_DIR": str(tmp)}
    load_sample(store)
    store.flush()
    server = start_server(env, tmp / "server.log", wait_path="/readyz")
    yield Live(request.param, server, store, env)
    server.stop()


def gql(client: httpx.Client, query: str, variables: dict | None = None, status: int = 200) -> dict:
    """POST a query as application/json; assert the status and return the response body."""
    response = client.post("/graphql", json={"query": query, "variables": variables or {}})
    assert response.status_code == status, response.text
    return response.json()


def codes(body: dict) -> list[str]:
    return [error["extensions"]["code"] for error in body.get("errors", [])]
