"""How an analytic runs: a Cypher plan on Neo4j, a plain function of the graph on the embedded store."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from graph.cypher import Plan
from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore

T = TypeVar("T")


def doc(text: str) -> Any:
    """A result dataclass field with its description, metadata["doc"]; the API publishes the documented fields."""
    return field(metadata={"doc": text})


@dataclass(frozen=True)
class Analytic(Generic[T]):
    """One question, answered two ways that must agree: `plan` for Neo4j, `embedded` for networkx."""

    plan: Callable[[], Plan[T]]
    embedded: Callable[[EmbeddedStore], T]


def run(store: EmbeddedStore | Neo4jStore, analytic: Analytic[T]) -> T:
    """Answer an analytic from either store, in one read transaction on Neo4j."""
    if isinstance(store, EmbeddedStore):
        return analytic.embedded(store)
    return store.run_read(analytic.plan)
