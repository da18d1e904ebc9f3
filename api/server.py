"""Running the app under uvicorn, on the store the environment configures."""

from __future__ import annotations

import gc

import uvicorn
from starlette.types import ASGIApp

from api.app import create_app
from api.logs import configure_logging
from api.deadline import DeadlineStore
from graph.async_store import AsyncStore
from graph.config import STORE_FILE, StoreConfig
from graph.embedded import EmbeddedStore
from graph.neo4j_store import AsyncNeo4jReader


def open_async_store(config: StoreConfig | None = None) -> AsyncStore:
    """Neo4j's async reader when NEO4J_URI is set, else the embedded store from its data directory."""
    config = config or StoreConfig.from_env()
    if config.neo4j_uri:
        reader = AsyncNeo4jReader(config.neo4j_uri, config.neo4j_user, config.neo4j_password, config.neo4j_database)
        return DeadlineStore(reader)
    path = config.data_dir / STORE_FILE
    if not path.exists():
        raise SystemExit(f"no embedded store at {path}: load data first (`studiograph load DIR`) or set NEO4J_URI")
    store = EmbeddedStore(path)
    store.build_orders()  # its pages' orders, built before the first request rather than during it
    gc.freeze()  # the graph out of the cyclic collector's full passes: 2.6-2.9 s each at a million people
    return DeadlineStore(store)


def app_from_env() -> ASGIApp:
    """The app on the configured store (uvicorn's factory: each worker process calls it)."""
    configure_logging()
    return create_app(open_async_store())


def check_workers(workers: int, config: StoreConfig | None = None) -> None:
    """Refuse several workers over the embedded store: each would hold its own copy and its writes would diverge."""
    config = config or StoreConfig.from_env()
    if workers > 1 and not config.neo4j_uri:
        raise SystemExit(
            f"studiograph: --workers {workers} needs Neo4j (set NEO4J_URI): the embedded store lives in one process, "
            "and several workers would each keep their own copy, losing each other's writes. "
            "Serve the embedded store with one worker, or move to Neo4j to scale out."
        )


def serve(host: str, port: int, workers: int = 1, log_level: str = "info") -> None:
    """uvicorn on uvloop and httptools (both in C): about half the time per small request of asyncio and h11."""
    uvicorn.run(
        "api.server:app_from_env", factory=True, host=host, port=port, workers=workers,
        log_level=log_level, access_log=False, proxy_headers=False, loop="uvloop", http="httptools",
    )
