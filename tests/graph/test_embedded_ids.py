"""The embedded store names a node by one id object, however many relationships reach it: a million people fit.

A store read from its file holds the same objects a load gives it, not a copy per item of the file's text.
"""

from __future__ import annotations

from pathlib import Path

from graph.embedded import EmbeddedStore
from graph.model import node_type, rel_type
from tests.graph.test_writes import sign
from tests.graph_fixtures import build_small_graph


def shared_ids(store: EmbeddedStore) -> bool:
    """Whether every edge's ends are the very id objects the graph keys its nodes by."""
    ids = {node: node for node in store.graph.nodes}
    return all(ids[u] is u and ids[v] is v for u, v in store.graph.edges())


def test_edges_written_loaded_from_a_snapshot_or_by_a_mutation_share_their_nodes_ids(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    store = EmbeddedStore(path)
    build_small_graph(store)
    assert store.graph.number_of_edges() > 5 and shared_ids(store)
    store.flush()
    store.apply(sign("m9", "p5", "p6"))
    assert shared_ids(store)
    assert shared_ids(EmbeddedStore(path))


def test_a_removed_node_or_a_cleared_store_leaves_no_id_behind() -> None:
    store = EmbeddedStore()
    build_small_graph(store)
    people = len(store._by_label["Person"])
    store.remove_nodes("Person", ["p6"])
    assert len(store._ids) == sum(len(index) for index in store._by_label.values())
    assert len(store._by_label["Person"]) == people - 1
    store.clear()
    assert store._ids == {}


def test_a_store_read_from_its_file_shares_labels_types_names_keys_and_keyless_relationship_keys(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    build_small_graph(EmbeddedStore(path))
    read = EmbeddedStore(path)
    for (label, key), props in read.graph.nodes(data=True):
        assert label is node_type(label).label and key is props[node_type(label).key.name]
        assert read._by_label[label][key] is props
        assert all(name is node_type(label).prop(name).name for name in props)
    keyless: dict[str, tuple[str, str]] = {}
    for _, _, edge_key in read.graph.edges(keys=True):
        assert edge_key[0] is rel_type(edge_key[0]).type
        if not edge_key[1]:
            assert keyless.setdefault(edge_key[0], edge_key) is edge_key
    assert len(keyless) >= 2 and read.graph.number_of_edges() > len(keyless)
