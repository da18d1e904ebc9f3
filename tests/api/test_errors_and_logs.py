"""Internal errors are masked for the client and logged with the request id; every request is access-logged."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import httpx
import pytest

from api.app import create_app
from api.access import Tokens
from api.logs import JsonFormatter
from graph.async_store import AsyncStore
from graph.embedded import EmbeddedStore
from graph.errors import StoreUnavailable
from tests.graph_fixtures import build_small_graph


class FailingStore(AsyncStore):
    """A real embedded store whose list reads fail as a bug or an outage would."""

    def __init__(self, error: Exception) -> None:
        store = EmbeddedStore()
        build_small_graph(store)
        super().__init__(store)
        self.error = error

    async def list_nodes(self, *args: Any, **kwargs: Any) -> Any:
        raise self.error


def post(store: AsyncStore, query: str, request_id: str) -> httpx.Response:
    app = create_app(store, Tokens())

    async def send() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test") as client:
            return await client.post("/graphql", json={"query": query}, headers={"X-Request-ID": request_id})

    return asyncio.run(send())


def test_an_internal_error_is_masked_and_logged_with_the_request_id(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="studiograph")
    response = post(FailingStore(RuntimeError("secret detail from deep inside")), "{ studios { totalCount } }", "req-1")
    error = response.json()["errors"][0]
    assert response.status_code == 200 and error["extensions"] == {"code": "INTERNAL"}
    assert "secret detail" not in response.text and "req-1" in error["message"]
    logged = [r for r in caplog.records if r.name == "studiograph.api"]
    assert logged and logged[0].request_id == "req-1" and "secret detail" in JsonFormatter().format(logged[0])


def test_a_store_outage_is_a_clear_error(caplog: pytest.LogCaptureFixture) -> None:
    response = post(FailingStore(StoreUnavailable("Neo4j at bolt://x cannot be reached")), "{ studios { totalCount } }", "r2")
    error = response.json()["errors"][0]
    assert error["extensions"] == {"code": "STORE_UNAVAILABLE"} and "unavailable" in error["message"]


def test_each_request_is_logged_as_one_json_line_with_its_id_status_and_role(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="studiograph")
    store = EmbeddedStore()
    build_small_graph(store)
    post(AsyncStore(store), "{ studios { totalCount } }", "req-3")
    access = [r for r in caplog.records if r.name == "studiograph.access"]
    assert len(access) == 1
    line = JsonFormatter().format(access[0])
    assert '"request_id": "req-3"' in line and '"status": 200' in line and '"role": "public"' in line
    assert '"path": "/graphql"' in line and '"ms":' in line
