"""Mentorship must stay acyclic: find the rows that would close a master–apprentice cycle."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from graph.rules import cycle_of, path_between


def closing_rows(stored: Iterable[tuple[str, str]], new: Sequence[tuple[int, str, str]]) -> dict[int, list[str]]:
    """The new (row, master, apprentice) edges that would close a cycle, each with the cycle.

    Edges are added in row order on top of the stored ones; a row that closes a
    cycle is left out, so the rows after it are judged without it. The search
    walks up from the master through its mentors, which are few.
    """
    mentors: dict[str, set[str]] = defaultdict(set)
    for master, apprentice in stored:
        mentors[apprentice].add(master)
    closing: dict[int, list[str]] = {}
    for row, master, apprentice in new:
        up = path_between(mentors, master, apprentice)
        if up is not None:
            closing[row] = cycle_of(master, up)
        else:
            mentors[apprentice].add(master)
    return closing
