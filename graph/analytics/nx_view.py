"""Reading the embedded store's MultiDiGraph: nodes are (label, key), edges are keyed (type, relationship key).

A node's edges are read from the adjacency dicts networkx keeps (`_succ`, `_pred`:
node -> neighbour -> edge key -> properties), as networkx's own algorithms do: the
public views cost several times more per edge, which a city of 100,000 people feels.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import networkx as nx

from graph.deadline import checked

NodeId = tuple[str, str]
Props = dict[str, Any]


def nodes(graph: nx.MultiDiGraph, label: str) -> Iterator[tuple[str, Props]]:
    """(key, properties) of every node with `label`."""
    return checked((key, props) for (node_label, key), props in graph.nodes(data=True) if node_label == label)


def edges(graph: nx.MultiDiGraph, rel_type: str) -> Iterator[tuple[NodeId, NodeId, Props]]:
    """(source, target, properties) of every relationship of `rel_type`."""
    return checked((u, v, data) for u, v, key, data in graph.edges(keys=True, data=True) if key[0] == rel_type)


def out_edges(graph: nx.MultiDiGraph, node: NodeId, rel_type: str) -> Iterator[tuple[NodeId, Props]]:
    """(target, relationship properties) of `node`'s outgoing `rel_type` relationships."""
    if node not in graph:
        return iter(())
    return checked((v, data) for v, keyed in graph._succ[node].items() for key, data in keyed.items() if key[0] == rel_type)


def in_edges(graph: nx.MultiDiGraph, node: NodeId, rel_type: str) -> Iterator[tuple[NodeId, Props]]:
    """(source, relationship properties) of `node`'s incoming `rel_type` relationships."""
    if node not in graph:
        return iter(())
    return checked((u, data) for u, keyed in graph._pred[node].items() for key, data in keyed.items() if key[0] == rel_type)


def mentorship_graph(graph: nx.MultiDiGraph) -> nx.DiGraph:
    """Master -> apprentice over person keys: one edge per pair, whatever the number of agreements."""
    dag = nx.DiGraph()
    dag.add_edges_from((u[1], v[1]) for u, v, _ in edges(graph, "MENTORED"))
    return dag
