"""Which store to open, from the environment: Neo4j when NEO4J_URI is set, else the embedded store."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graph.embedded import EmbeddedStore
    from graph.neo4j_store import Neo4jStore

DEFAULT_DATA_DIR = Path("studiograph-data")
STORE_FILE = "graph.json"


@dataclass(frozen=True)
class StoreConfig:
    neo4j_uri: str | None
    neo4j_user: str | None
    neo4j_password: str | None
    neo4j_database: str | None
    data_dir: Path

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "StoreConfig":
        return cls(
            neo4j_uri=env.get("NEO4J_URI") or None,
            neo4j_user=env.get("NEO4J_USER") or None,
            neo4j_password=env.get("NEO4J_PASSWORD") or None,
            neo4j_database=env.get("NEO4J_DATABASE") or None,
            data_dir=Path(env.get("STUDIOGRAPH_DATA_DIR") or DEFAULT_DATA_DIR),
        )

    @property
    def describe(self) -> str:
        if self.neo4j_uri:
            return f"Neo4j at {self.neo4j_uri} (database {self.neo4j_database or 'default'})"
        return f"embedded store in {self.data_dir / STORE_FILE}"


def open_store(config: StoreConfig | None = None) -> EmbeddedStore | Neo4jStore:
    """The configured store; only its own module is imported (a command using Neo4j never loads networkx's
    store, nor the embedded one the Neo4j driver: 0.1-0.3 s of every command's start)."""
    config = config or StoreConfig.from_env()
    if config.neo4j_uri:
        from graph.neo4j_store import Neo4jStore

        return Neo4jStore(config.neo4j_uri, config.neo4j_user, config.neo4j_password, config.neo4j_database)
    from graph.embedded import EmbeddedStore

    return EmbeddedStore(config.data_dir / STORE_FILE)
