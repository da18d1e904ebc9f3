"""A Neo4j for a benchmark: NEO4J_URI when set, else a throw-away server from neo4j-local/server.sh."""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

SERVER_SCRIPT = Path(__file__).resolve().parents[1] / "neo4j-local" / "server.sh"


@contextmanager
def neo4j_uri() -> Iterator[str]:
    if os.environ.get("NEO4J_URI"):
        yield os.environ["NEO4J_URI"]
        return
    with tempfile.TemporaryDirectory(prefix="studiograph-bench-neo4j-") as state:
        env = {**os.environ, "STUDIOGRAPH_NEO4J_STATE": state}
        started = subprocess.run(["bash", str(SERVER_SCRIPT), "start"], env=env, capture_output=True, text=True, check=True)
        try:
            yield started.stdout.strip().splitlines()[-1]
        finally:
            subprocess.run(["bash", str(SERVER_SCRIPT), "stop"], env=env, capture_output=True, text=True)
