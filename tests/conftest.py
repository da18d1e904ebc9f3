"""Session fixtures: a real Neo4j (NEO4J_URI, or one the suite starts) and a store of each kind."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore

ROOT = Path(__file__).resolve().parents[1]
SERVER_SCRIPT = ROOT / "neo4j-local" / "server.sh"
STORE_KINDS = ("embedded", "neo4j")


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """NEO4J_URI when set; otherwise a throw-away server started by neo4j-local/server.sh.

    A server that cannot be started or reached fails the tests that need it: they never skip.
    """
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    state = tmp_path_factory.mktemp("neo4j-state")
    env = {**os.environ, "STUDIOGRAPH_NEO4J_STATE": str(state)}
    started = subprocess.run(["bash", str(SERVER_SCRIPT), "start"], env=env, capture_output=True, text=True)
    if started.returncode != 0:
        pytest.fail(f"could not start Neo4j with {SERVER_SCRIPT}:\n{started.stdout}\n{started.stderr}")
    uri = started.stdout.strip().splitlines()[-1]
    try:
        yield uri
    finally:
        subprocess.run(["bash", str(SERVER_SCRIPT), "stop"], env=env, capture_output=True, text=True)


@pytest.fixture(scope="session")
def neo4j_store_session(neo4j_uri: str) -> Iterator[Neo4jStore]:
    store = Neo4jStore(neo4j_uri, os.environ.get("NEO4J_USER"), os.environ.get("NEO4J_PASSWORD"),
                       os.environ.get("NEO4J_DATABASE"))
    store.ping()
    store.setup_schema()
    yield store
    store.close()


@pytest.fixture
def neo4j_store(neo4j_store_session: Neo4jStore) -> Neo4jStore:
    """The session's Neo4j store, emptied for this test."""
    neo4j_store_session.clear()
    return neo4j_store_session


@pytest.fixture(params=STORE_KINDS)
def store(request: pytest.FixtureRequest) -> EmbeddedStore | Neo4jStore:
    """An empty store of each kind: every test using it runs against both."""
    if request.param == "neo4j":
        return request.getfixturevalue("neo4j_store")
    return EmbeddedStore()
