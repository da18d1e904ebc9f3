"""The small hand-built graph of tests/graph_fixtures.py, in each store."""

from __future__ import annotations

import pytest

from graph.store import Store
from tests.graph_fixtures import build_small_graph


@pytest.fixture
def graph(store: Store) -> Store:
    build_small_graph(store)
    return store
