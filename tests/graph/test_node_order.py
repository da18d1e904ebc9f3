"""The embedded store's sorted indexes: a walked page equals the same page of a full sort, across every kind of write."""

from __future__ import annotations

import random

import pytest

from graph.embedded import EmbeddedStore
from graph.query import Eq, Order, Range

NAMES = ["王建国", "李明", "张伟", "赵强", "孙丽", "周芳", "王芳"]


def keys(items: list[dict]) -> list[str]:
    return [item["personId"] for item in items]


def scanned(store: EmbeddedStore, where: object, order: list[Order]) -> list[str]:
    """The whole ordering by a full sort (asking for the total takes the scanning path)."""
    return keys(store.list_nodes("Person", where, order, with_total=True).items)


def assert_pages_match(store: EmbeddedStore) -> None:
    for where in (None, Eq("gender", "女"), Range("birthYear", gte=1980)):
        for order in ([], [Order("name")], [Order("name", True)], [Order("birthYear")], [Order("birthYear", True)],
                      [Order("personId", True)]):
            whole = scanned(store, where, order)
            for first, offset in ((1, 0), (3, 2), (5, 4), (50, 0), (0, 0), (2, len(whole))):
                page = keys(store.list_nodes("Person", where, order, first=first, offset=offset).items)
                assert page == whole[offset:offset + first], (where, order, first, offset)


def test_walked_pages_stay_right_across_inserts_updates_removals_and_clear() -> None:
    rng, store = random.Random(5), EmbeddedStore()
    people = [{"personId": f"p{i:02}", "name": rng.choice(NAMES), "gender": rng.choice(["男", "女"]),
               "birthYear": rng.choice([None, 1970, 1980, 1985, 1990])} for i in range(40)]
    store.upsert_nodes("Person", people)
    assert_pages_match(store)
    store.upsert_nodes("Person", [{"personId": p["personId"], "name": rng.choice(NAMES), "birthYear": rng.choice(
        [None, 1975, 1995])} for p in people[::3]])  # changed values, and values removed (None)
    assert_pages_match(store)
    store.clear()
    assert store.list_nodes("Person", order_by=[Order("name")], first=5).items == []
    store.upsert_nodes("Person", people[:7])
    assert_pages_match(store)


def test_a_store_restored_from_its_file_walks_the_same_pages(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "graph.json"  # type: ignore[operator]
    store = EmbeddedStore(path)
    store.upsert_nodes("Person", [{"personId": f"p{i}", "name": NAMES[i % 7], "birthYear": 1960 + i} for i in range(20)])
    store.flush()
    again = EmbeddedStore(path)
    order = [Order("name", True)]
    assert keys(again.list_nodes("Person", None, order, first=20).items) == scanned(store, None, order)
