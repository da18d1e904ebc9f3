"""Building GraphQL objects from stored properties: node and edge classes by label and type."""

from __future__ import annotations

from typing import Any

from api.links import EDGES, OUT, Link
from graph.query import Neighbour

Props = dict[str, Any]

NODE_CLASSES: dict[str, type] = {}  # filled by api.nodes as it defines them
EDGE_CLASSES: dict[str, type] = {}  # filled by api.edges (which api.nodes imports)


def node_object(label: str, props: Props) -> Any:
    """The GraphQL object (Person, Studio, ...) for a node's stored properties."""
    return NODE_CLASSES[label](props=props)


def edge_object(rel: str, props: Props, source: Any, target: Any) -> Any:
    """The GraphQL edge object (Mentorship, Certification, ...) between two node objects."""
    return EDGE_CLASSES[rel](props=props, source=source, target=target)


def across(root: Any, link: Link, found: Neighbour) -> Any:
    """What a link field shows for one neighbour: the node, or an edge when the relationship has properties."""
    other = node_object(found.label, found.node)
    if link.rel not in EDGES:
        return other
    source, target = (root, other) if link.direction is OUT else (other, root)
    return edge_object(link.rel, found.rel, source, target)
