"""A store that is down: /readyz fails and queries say so; both recover when it returns, without a restart."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import httpx

from tests.api.conftest import codes, free_port, start_server
from tests.conftest import SERVER_SCRIPT

QUERY = {"query": "{ studios { totalCount } }"}


def neo4j(command: list[str], state: Path) -> subprocess.CompletedProcess[str]:
    """neo4j-local/server.sh with this test's own state directory (never another engineer's server)."""
    env = {**os.environ, "STUDIOGRAPH_NEO4J_STATE": str(state)}
    return subprocess.run(["bash", str(SERVER_SCRIPT), *command], env=env, capture_output=True, text=True, timeout=180)


def test_readyz_fails_while_neo4j_is_down_and_recovers_when_it_returns(tmp_path: Path) -> None:
    port, state = free_port(), tmp_path / "neo4j-state"
    server = start_server({"NEO4J_URI": f"bolt://127.0.0.1:{port}", "STUDIOGRAPH_STORE_TIMEOUT": "3"}, tmp_path / "server.log")
    try:
        down = httpx.get(server.url + "/readyz", timeout=30)
        assert down.status_code == 503 and down.json()["status"] == "unavailable"
        started = time.monotonic()
        body = httpx.post(server.url + "/graphql", json=QUERY, timeout=60).json()
        assert codes(body) == ["STORE_UNAVAILABLE"] and time.monotonic() - started < 15
        assert httpx.get(server.url + "/healthz").status_code == 200

        started = neo4j(["start", "--port", str(port)], state)
        assert started.returncode == 0, started.stderr
        deadline = time.monotonic() + 60
        while httpx.get(server.url + "/readyz", timeout=30).status_code != 200:
            assert time.monotonic() < deadline, "the API never saw Neo4j come back"
            time.sleep(0.5)
        body = httpx.post(server.url + "/graphql", json=QUERY, timeout=60).json()
        assert body == {"data": {"studios": {"totalCount": 0}}}
    finally:
        server.stop()
        neo4j(["stop"], state)
