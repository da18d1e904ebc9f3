"""Bounded round-trips: a nested selection costs one store call per level, however many parents."""

from __future__ import annotations

import asyncio
from typing import Any

from api.context import Context
from api.roles import Role
from api.schema import build_schema
from graph.async_store import AsyncStore
from graph.query import Direction
from tests.api.conftest import Live

THREE_LEVELS = """{ people(first: 100, where: {apprentices: {}}) { edges { node { personId
    apprentices { apprentice { personId
        apprentices { apprentice { personId
            certifications { grade occupation { code } } employer { organization { name } } } } } } } } } }"""


class CountingStore(AsyncStore):
    """The real store, recording each operation called on it."""

    def __init__(self, backend: Any) -> None:
        super().__init__(backend)
        self.calls: list[str] = []

    async def _call(self, operation: str, *args: Any) -> Any:
        self.calls.append(operation)
        return await super()._call(operation, *args)


async def run(live: Live, query: str) -> tuple[dict[str, Any], list[str]]:
    store = CountingStore(live.async_backend())
    try:
        result = await build_schema().execute(query, context_value=Context(store, Role.HR, "test"))
    finally:
        if live.kind == "neo4j":
            await store.close()
    assert result.errors is None, result.errors
    return result.data, store.calls


def test_a_three_level_query_over_many_parents_costs_one_call_per_level(live: Live) -> None:
    data, calls = asyncio.run(run(live, THREE_LEVELS))
    parents = [edge["node"] for edge in data["people"]["edges"]]
    second = [m["apprentice"] for p in parents for m in p["apprentices"]]
    third = [m["apprentice"] for p in second for m in p["apprentices"]]
    keys = [p["personId"] for p in live.store.list_nodes("Person").items]
    masters = [k for k, found in live.store.neighbours("Person", keys, "MENTORED", Direction.OUT).items() if found]
    assert len(parents) == min(100, len(masters)) and len(second) >= len(parents) and third
    # people; their apprentices; the apprentices' apprentices; then certifications and employers of the third level
    assert calls == ["list_nodes", "neighbours", "neighbours", "neighbours", "neighbours"]


def test_the_same_relationship_from_many_parents_at_one_level_is_one_call(live: Live) -> None:
    query = "{ studios(first: 100) { edges { node { host { name region { name } } achievements { title } } } } }"
    data, calls = asyncio.run(run(live, query))
    assert len(data["studios"]["edges"]) == min(100, live.store.counts()["Studio"])
    assert sorted(calls) == ["get_nodes", "list_nodes", "neighbours", "neighbours"]
