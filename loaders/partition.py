"""Splitting relationship rows into groups that touch no common node, so they can be written at once.

Two write transactions that create relationships on one node wait for each
other's lock (or deadlock); rows in different groups of one round never share
a node. Rows that would join two groups wait for a later round.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

T = TypeVar("T")


def disjoint_groups(rows: Sequence[T], ends: Callable[[T], tuple[Hashable, Hashable]], parts: int) -> tuple[list[list[T]], list[T]]:
    """`parts` groups no two of which share an end, and the rows left over (which would join two).

    A row's hub is whichever of its ends more rows name (an occupation, rather than one of
    its certified workers). Hubs are placed heaviest first, each in the lightest group with
    its rows, as a scheduler places its longest jobs first, so the groups come out even
    whatever the order of the rows. A row whose other end is already in another group is left over.
    """
    pairs = [ends(row) for row in rows]
    degree = Counter(end for pair in pairs for end in pair)
    by_hub: dict[Hashable, list[tuple[T, Hashable]]] = defaultdict(list)
    for row, (a, b) in zip(rows, pairs):
        hub, other = (a, b) if degree[a] >= degree[b] else (b, a)
        by_hub[hub].append((row, other))
    owner: dict[Hashable, int] = {}
    groups: list[list[T]] = [[] for _ in range(parts)]
    rest: list[T] = []
    for hub, members in sorted(by_hub.items(), key=lambda item: -len(item[1])):
        group = owner.get(hub)
        if group is None:
            group = owner[hub] = min(range(parts), key=lambda i: len(groups[i]))
        for row, other in members:
            if owner.setdefault(other, group) == group:
                groups[group].append(row)
            else:
                rest.append(row)
    return [g for g in groups if g], rest


def rounds(
    rows: Sequence[T], ends: Callable[[T], tuple[Hashable, Hashable]], parts: int, most: int = 4, alone: int = 0
) -> list[list[list[T]]]:
    """Every row in some round; within a round, groups share no end. Rounds run one after another.

    After `most` - 1 rounds, whatever is left is one last group on its own; so are leftovers
    of `alone` rows or fewer, too few to be worth another round of their own split.
    """
    found: list[list[list[T]]] = []
    left: Sequence[T] = rows
    while left and len(found) < most - 1 and (not found or len(left) > alone):
        groups, left = disjoint_groups(left, ends, parts)
        found.append(groups)
    if left:
        found.append([list(left)])
    return found
