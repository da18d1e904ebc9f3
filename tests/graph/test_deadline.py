"""The embedded store stops its work at the deadline of the request it serves, on the thread it runs on."""

from __future__ import annotations

import asyncio
import time

import pytest

from api.deadline import DeadlineStore
from graph.deadline import check, deadline_in, remaining
from graph.embedded import EmbeddedStore
from graph.errors import StoreTimeout
from graph.query import Direction, Related
from tests.graph_fixtures import build_small_graph


def test_check_raises_only_past_the_deadline() -> None:
    check()  # no deadline: never raises
    with deadline_in(60):
        check()
        assert 59 < (remaining() or 0) <= 60
    with deadline_in(0):
        time.sleep(0.001)
        with pytest.raises(StoreTimeout):
            check()
    assert remaining() is None


def test_an_inner_deadline_never_extends_an_outer_one() -> None:
    with deadline_in(1):
        with deadline_in(60) as seconds:
            assert seconds <= 1 and (remaining() or 0) <= 1


def test_the_embedded_store_stops_a_scan_past_its_deadline() -> None:
    store = EmbeddedStore()
    build_small_graph(store)
    assert store.list_nodes("Person", Related("MENTORED", Direction.OUT)).items  # answers with no deadline
    with deadline_in(0):
        time.sleep(0.001)
        with pytest.raises(StoreTimeout):
            store.list_nodes("Person", Related("MENTORED", Direction.OUT))


def test_a_store_call_past_its_deadline_is_store_timeout_and_frees_its_thread() -> None:
    store = EmbeddedStore()
    build_small_graph(store)
    slow = DeadlineStore(store, seconds=0.0)

    async def call() -> None:
        await slow.list_nodes("Person", Related("MENTORED", Direction.OUT))

    with pytest.raises(StoreTimeout):
        asyncio.run(call())
