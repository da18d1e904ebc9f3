"""The embedded store's sorted indexes: a walked page equals the same page of a full sort, across every kind of write."""

from __future__ import annotations

import random

import pytest

from graph.embedded import EmbeddedStore
from graph.model import node_type
from graph.node_order import NodeOrder
from graph.query import Eq, NodeRef, Order, Range

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
    assert store.remove_nodes("Person", [p["personId"] for p in people[1::4]]) == 10
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
    served = EmbeddedStore(path)
    served.build_orders()  # as the server opens it
    served.upsert_nodes("Person", [{"personId": "p0", "name": "赵强"}, {"personId": "p99", "name": "周芳"}])
    assert_pages_match(served)


def test_orders_are_built_from_the_index_at_the_first_walk() -> None:
    index = {"p2": {"name": "李明", "birthYear": 1980}, "p1": {"name": "王芳"}}
    order = NodeOrder(node_type("Person"), index)
    order.add("p9", {"name": "赵强"})  # before the first walk: the index alone counts
    assert list(order.walk(None, False)) == ["p1", "p2"]
    assert list(order.walk("birthYear", True)) == ["p1", "p2"]  # without the value first, descending
    index["p3"] = {"name": "孙丽", "birthYear": 1970}
    order.add("p3", index["p3"])  # after it: kept up to date by the calls
    assert list(order.walk("birthYear", False)) == ["p3", "p2", "p1"]
    order.clear()
    index.clear()
    assert list(order.walk("name", False)) == []


def test_a_write_that_reached_the_index_before_the_build_is_not_counted_twice() -> None:
    """The store changes the index, then calls the order: a build in between already holds the change."""
    index = {"p1": {"name": "王芳", "birthYear": 1980}}
    order = NodeOrder(node_type("Person"), index)
    list(order.walk(None, False))  # built
    index["p2"] = {"name": "李明", "birthYear": 1975}
    order.clear()  # a build from here on sees p2
    list(order.walk(None, False))
    order.add("p2", index["p2"])
    before = dict(index["p1"])
    index["p1"]["birthYear"] = 1990
    order.clear()
    list(order.walk(None, False))  # sees 1990 already
    order.replace("p1", before, index["p1"])
    assert list(order.walk(None, False)) == ["p1", "p2"]
    assert list(order.walk("name", False)) == ["p2", "p1"]
    assert list(order.walk("birthYear", False)) == ["p2", "p1"]
    assert list(order.walk("birthYear", False, low=1980)) == ["p1"]


class Recording(dict):
    """A node's properties that keep every state they pass through, a key at a time."""

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.states = [dict(self)]

    def __setitem__(self, name: str, value: object) -> None:
        super().__setitem__(name, value)
        self.states.append(dict(self))

    def __delitem__(self, name: str) -> None:
        super().__delitem__(name)
        self.states.append(dict(self))

    def update(self, *args: object, **more: object) -> None:  # type: ignore[override]
        for name, value in dict(*args, **more).items():
            self[name] = value

    def clear(self) -> None:
        super().clear()
        self.states.append(dict(self))

    def pop(self, name: str, *default: object) -> object:  # type: ignore[override]
        value = super().pop(name, *default)
        self.states.append(dict(self))
        return value


@pytest.mark.parametrize("after", [
    {"personId": "p1", "name": "赵强", "birthYear": 1980},  # the sorted values kept
    {"personId": "p1", "name": "李明"},  # one removed
    {"personId": "p1", "birthYear": 1990, "gender": "女"},  # one changed, one added, the name removed
])
def test_a_changed_node_never_shows_a_build_a_sorted_value_it_had_and_keeps(after: dict) -> None:
    """An order built from the index while a change is applied reads each sorted value old or new, never missing."""
    store = EmbeddedStore()
    store.upsert_nodes("Person", [{"personId": "p1", "name": "王芳", "birthYear": 1980}])
    props = Recording(store._by_label["Person"]["p1"])
    store.graph._node[("Person", "p1")] = store._by_label["Person"]["p1"] = props
    before = dict(props)
    store._put_node(NodeRef("Person", "p1"), after)
    assert dict(props) == after and len(props.states) > 1
    for state in props.states:
        for name in store._orders["Person"].names:
            assert state.get(name) in (before.get(name), after.get(name)), (name, state)
