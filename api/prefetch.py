"""Look-ahead: the relationship fields a selection asks for below some nodes, fetched in one store call.

A root field (`person`, `people` ...) reads its selection, turns every relationship
field below it (with the page its arguments ask for) into a tree of graph.query
Branches, and asks the store for the whole tree at once: one Cypher query on Neo4j
instead of one per nesting level. What comes back primes the request's loaders, so
the nested resolvers (which still check roles and arguments) find it there. What
the tree cannot hold, such as a field the role may not read, is left to them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import strawberry
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from api.links import EDGES, LINKS, Link, shows_person
from api.related import LIST_PAGE, MAX_OFFSET
from api.roles import SEES_PEOPLE, Role
from graph.query import Branch, Direction, NeighbourPage

async def prefetch(info: strawberry.Info, label: str, keys: Sequence[str], connection: bool = False) -> None:
    """Fetch the relationship tree the current field (a node, or a `connection` of them) selects below these nodes."""
    if not keys or not info.context.prefetch:
        return
    branches = branches_below(label, node_selections(info.selected_fields, connection), info.context.role)
    if not branches:
        return
    loaders = info.context.loaders
    for fetched in await info.context.store.subtree(label, keys, branches):
        branch = fetched.branch
        loaders.neighbours(branch.label, branch.rel_type, branch.direction, branch.page).prime(fetched.found)


def node_selections(fields: Iterable[Selection], connection: bool) -> list[Selection]:
    """The selections on the node: the field's own, or inside a connection's `edges { node }` and `nodes`."""
    inside = [s for field in _flat(fields) if isinstance(field, SelectedField) for s in _flat(field.selections)]
    if not connection:
        return inside
    found: list[Selection] = []
    for selection in inside:
        if isinstance(selection, SelectedField) and selection.name == "edges":
            found += node_selections([s for s in _flat(selection.selections) if isinstance(s, SelectedField)
                                      and s.name == "node"], connection=False)
        elif isinstance(selection, SelectedField) and selection.name == "nodes":
            found += _flat(selection.selections)
    return found


def branches_below(label: str, selections: Iterable[Selection], role: Role) -> tuple[Branch, ...]:
    """A Branch for each relationship field selected on `label`, each with its own branches below."""
    links = {link.name: link for link in LINKS[label]}
    branches: dict[Branch, None] = {}
    for selection in _flat(selections):
        if not isinstance(selection, SelectedField) or selection.name not in links:
            continue
        link = links[selection.name]
        page = _page(link, selection.arguments)
        if page is None or (shows_person(link) and role not in SEES_PEOPLE):
            continue
        below = branches_below(link.other, _far_end(link, selection.selections), role)
        branches[Branch(label, link.rel, link.direction, page, below)] = None
    return tuple(branches)


def _page(link: Link, arguments: dict[str, Any]) -> NeighbourPage | None:
    """The page the field's arguments ask for, as its resolver reads them; None when they are wrong (it says why)."""
    if link.one:
        return NeighbourPage(1, 0, link.only)
    first, offset = _whole(arguments.get("first", LIST_PAGE)), _whole(arguments.get("offset", 0))
    if first is None or offset is None or first > LIST_PAGE or offset > MAX_OFFSET:
        return None
    return NeighbourPage(first, offset, link.only)


def _whole(value: Any) -> int | None:
    """A non-negative integer argument: strawberry gives a literal's text ("3"), a variable's value as sent."""
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 9:
        return int(value)
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else None


def _far_end(link: Link, selections: Iterable[Selection]) -> list[Selection]:
    """The selections on the node at the other end: inside the edge type's end field when the link has one."""
    if link.rel not in EDGES:
        return list(selections)
    names = EDGES[link.rel]
    end = names.target if link.direction is Direction.OUT else names.source
    return [s for field in _flat(selections) if isinstance(field, SelectedField) and field.name == end
            for s in field.selections]


def _flat(selections: Iterable[Selection]) -> list[Selection]:
    """Selections with fragments spread in place."""
    flat: list[Selection] = []
    for selection in selections:
        if isinstance(selection, (FragmentSpread, InlineFragment)):
            flat += _flat(selection.selections)
        else:
            flat.append(selection)
    return flat
