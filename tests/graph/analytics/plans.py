"""What Neo4j's planner makes of an analytic's queries: the operators of each EXPLAIN plan."""

from __future__ import annotations

from typing import Any, TypeVar

from graph.analytics.runner import Analytic
from graph.cypher import Plan, Query
from graph.neo4j_store import Neo4jStore

T = TypeVar("T")


def recorded(plan: Plan[T], seen: list[Query]) -> Plan[T]:
    """Run `plan` unchanged, noting every query it sends."""
    try:
        query = next(plan)
        while True:
            seen.append(query)
            query = plan.send((yield query))
    except StopIteration as done:
        return done.value


def queries_of(store: Neo4jStore, analytic: Analytic[Any]) -> list[Query]:
    """The queries an analytic runs on this store's data, in order."""
    seen: list[Query] = []
    store.run_read(lambda: recorded(analytic.plan(), seen))
    return seen


def operators(plan: dict[str, Any]) -> list[str]:
    """Every operator of an EXPLAIN plan, depth first (names without the @runtime suffix)."""
    name = plan["operatorType"].split("@")[0]
    return [name] + [op for child in plan.get("children", []) for op in operators(child)]


def plan_operators(store: Neo4jStore, analytic: Analytic[Any]) -> list[list[str]]:
    """The operators of each query the analytic runs."""
    return [operators(store.explain(query, params)) for query, params in queries_of(store, analytic)]
