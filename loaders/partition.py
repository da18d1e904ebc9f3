"""Splitting rows into groups that touch no common node, so they can be written at once.

Two write transactions that create relationships on one node wait for each
other's lock (or deadlock); rows in different groups of one round never share
a node. Rows that would join two groups wait for a later round. A row is a
relationship (its two ends) or a source row that writes its own node and its
links (their far ends: its own node is no other row's).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TypeVar

T = TypeVar("T")


def disjoint_groups(rows: Sequence[T], ends: Callable[[T], Sequence[Hashable]], parts: int) -> tuple[list[list[T]], list[T]]:
    """`parts` groups no two of which share an end, and the rows left over (which would join two).

    A row may have any number of ends: a relationship's two, or a node's links' far ends (none: any group).
    """
    owner: dict[Hashable, int] = {}
    groups: list[list[T]] = [[] for _ in range(parts)]
    sizes = [0] * parts
    rest: list[T] = []
    get = owner.get
    for row in rows:
        found = ends(row)
        group = None
        for end in found:
            owned = get(end)
            if owned is not None and owned != group:
                if group is not None:
                    rest.append(row)
                    break
                group = owned
        else:
            if group is None:
                group = sizes.index(min(sizes))  # the smallest group, the first of equals
            for end in found:
                owner[end] = group
            groups[group].append(row)
            sizes[group] += 1
    return [g for g in groups if g], rest


def rounds(
    rows: Sequence[T], ends: Callable[[T], Sequence[Hashable]], parts: int, most: int = 4, alone: int = 0
) -> list[list[list[T]]]:
    """Every row in some round; within a round, groups share no end. Rounds run one after another.

    After `most` - 1 rounds, whatever is left is one last group on its own; so are leftovers
    of `alone` rows or fewer, too few to be worth another round of their own split. One part:
    every row in one group, with nothing to share it with.
    """
    if parts == 1:
        return [[list(rows)]] if rows else []
    found: list[list[list[T]]] = []
    left: Sequence[T] = rows
    while left and len(found) < most - 1 and (not found or len(left) > alone):
        groups, left = disjoint_groups(left, ends, parts)
        found.append(groups)
    if left:
        found.append([list(left)])
    return found
