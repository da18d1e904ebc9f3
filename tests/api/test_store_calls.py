"""Bounded round-trips: a root field and everything selected below it cost one store call for a node by key,
two for a page of nodes, however many parents."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from api.loading import Context
from api.access import Role
from api.queries import build_schema
from graph.async_store import AsyncStore
from graph.query import Direction, Related
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

    async def _run(self, plan: Any, embedded: Any, name: str = "read", timeout: float | None = None,
                   small: bool = False) -> Any:
        self.calls.append(name)
        return await super()._run(plan, embedded, name, timeout, small)


async def run(live: Live, query: str, prefetch: bool = True, check: bool = True) -> tuple[dict[str, Any] | None, list[str]]:
    store = CountingStore(live.async_backend())
    try:
        result = await build_schema().execute(query, context_value=Context(store, Role.HR, "test", prefetch))
    finally:
        if live.kind == "neo4j":
            await store.close()
    assert result.errors is None or not check, result.errors
    return result.data, store.calls


def test_a_three_level_query_over_many_parents_costs_two_calls(live: Live) -> None:
    data, calls = asyncio.run(run(live, THREE_LEVELS))
    parents = [edge["node"] for edge in data["people"]["edges"]]
    second = [m["apprentice"] for p in parents for m in p["apprentices"]]
    third = [m["apprentice"] for p in second for m in p["apprentices"]]
    keys = [p["personId"] for p in live.store.list_nodes("Person").items]
    masters = [k for k, found in live.store.neighbours("Person", keys, "MENTORED", Direction.OUT).items() if found]
    assert len(parents) == min(100, len(masters)) and len(second) >= len(parents) and third
    # the page of people; then every relationship below it as one tree (one Cypher query on Neo4j)
    assert calls == ["list_nodes", "subtree"]


def test_the_same_relationship_from_many_parents_at_one_level_is_one_call(live: Live) -> None:
    query = "{ studios(first: 100) { edges { node { host { name region { name } } achievements { title } } } } }"
    data, calls = asyncio.run(run(live, query))
    assert len(data["studios"]["edges"]) == min(100, live.store.counts()["Studio"])
    assert sorted(calls) == ["get_nodes", "list_nodes", "subtree"]  # the hosts' regions are looked up by code


PERSON = """{ person(id: "MASTER") { name
    masters { status occupationCode master { name } }
    apprentices(first: 3) { status apprentice { name honors { name } achievements { rank achievement { title year } } } }
    achievements { rank achievement { title year studio { name } } } studios { role studio { name host { name } } } } }"""


@pytest.mark.parametrize("query", [THREE_LEVELS, PERSON])
def test_the_tree_fetched_ahead_answers_as_the_level_by_level_path(live: Live, query: str) -> None:
    masters = [p["personId"] for p in live.store.list_nodes("Person", Related("MENTORED", Direction.OUT)).items]
    by_key = query is PERSON
    query = query.replace("MASTER", masters[0])
    ahead, calls = asyncio.run(run(live, query))
    level_by_level, slow_calls = asyncio.run(run(live, query, prefetch=False))
    assert ahead == level_by_level
    assert len(calls) == (1 if by_key else 2) and len(slow_calls) > 2 and "subtree" not in slow_calls


def test_a_node_by_key_and_its_tree_are_one_call(live: Live) -> None:
    masters = [p["personId"] for p in live.store.list_nodes("Person", Related("MENTORED", Direction.OUT)).items]
    data, calls = asyncio.run(run(live, PERSON.replace("MASTER", masters[0])))
    assert data["person"]["apprentices"] and calls == ["subtree"]
    missing, calls = asyncio.run(run(live, '{ person(id: "nobody") { name apprentices { status } } }', check=False))
    assert missing == {"person": None} and calls == ["subtree"]
