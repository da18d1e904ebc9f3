"""Following a tree of relationship branches from many nodes at once (the store contract's `subtree`).

`follow` answers it with one `neighbours` call per branch, which is all the
embedded store needs; Neo4j answers the same tree in one query (graph.cypher).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from graph.query import Branch, Direction, Fetched, Neighbour, NeighbourPage

Neighbours = Callable[[str, list[str], str, Direction, NeighbourPage], dict[str, list[Neighbour]]]


def follow(neighbours: Neighbours, label: str, keys: Iterable[str], branches: Sequence[Branch]) -> list[Fetched]:
    """Each branch from the nodes `keys` of `label`, then its `below` from the neighbours of its own label."""
    keys = list(dict.fromkeys(keys))
    fetched: list[Fetched] = []
    for branch in branches:
        found = neighbours(label, keys, branch.rel_type, branch.direction, branch.page)
        fetched.append(Fetched(branch, found))
        for below in branch.below:
            reached = [n.key for ns in found.values() for n in ns if n.label == below.label]
            fetched += follow(neighbours, below.label, reached, [below])
    return merged(fetched)


def merged(fetched: Iterable[Fetched]) -> list[Fetched]:
    """One Fetched per branch, the parents of every occurrence together (a branch answers a key the same everywhere)."""
    by_branch: dict[Branch, dict[str, list[Neighbour]]] = {}
    for item in fetched:
        by_branch.setdefault(item.branch, {}).update(item.found)
    return [Fetched(branch, found) for branch, found in by_branch.items()]
