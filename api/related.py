"""Relationship fields: each resolves through a per-request DataLoader, one store call per level.

No `from __future__ import annotations`: the generated resolvers' annotations
must be real (lazy) types when strawberry reads them.
"""

from typing import Annotated, Any, Optional

import strawberry
from strawberry.types.field import StrawberryField

from api.links import EDGES, Link, shows_person
from api.objects import across
from api.permissions import CanSeePeople
from api.errors import bad_input, limit_exceeded
from graph.query import Direction, Neighbour, NeighbourPage


def lazy_type(name: str, module: str) -> Any:
    """A reference to a type defined in `module`, resolved when the schema is built."""
    return Annotated[name, strawberry.lazy(module)]


def link_type(link: Link) -> Any:
    """The field's GraphQL type: the other node, or the edge type when the relationship has properties."""
    if link.rel in EDGES:
        return lazy_type(EDGES[link.rel].type_name, "api.edges")
    return lazy_type(link.other, "api.nodes")


LIST_PAGE = 100  # a relationship list's default and largest `first`
MAX_OFFSET = 1_000_000

First = Annotated[int, strawberry.argument(description=f"At most this many items: {LIST_PAGE} by default and at most.")]
Offset = Annotated[int, strawberry.argument(description="Skip this many items first (to page on).")]


async def load_neighbours(
    info: strawberry.Info, label: str, key: str, rel: str, direction: Direction, page: NeighbourPage | None = None,
) -> list[Neighbour]:
    return await info.context.loaders.neighbours(label, rel, direction, page).load(key)


def list_page(first: int, offset: int, only: str | None) -> NeighbourPage:
    """The page a relationship list's arguments ask for, checked."""
    if first < 0 or offset < 0:
        raise bad_input("`first` and `offset` must not be negative")
    if first > LIST_PAGE:
        raise limit_exceeded("page size", first, LIST_PAGE)
    if offset > MAX_OFFSET:
        raise limit_exceeded("offset", offset, MAX_OFFSET)
    return NeighbourPage(first, offset, only)


def link_field(label: str, link: Link) -> StrawberryField:
    """The field for one relationship of a node type: an object (`one`) or a bounded list."""
    item = link_type(link)
    guarded = shows_person(link)
    permissions = [CanSeePeople] if guarded else []
    if link.one:

        async def resolve_one(root: Any, info: strawberry.Info) -> Optional[item]:  # type: ignore[valid-type]
            found = await load_neighbours(info, label, root.key, link.rel, link.direction, NeighbourPage(1, 0, link.only))
            return across(root, link, found[0]) if found else None

        return strawberry.field(resolver=resolve_one, description=link.doc, permission_classes=permissions)

    annotation = Optional[list[item]] if guarded else list[item]

    async def resolve(root: Any, info: strawberry.Info, first: First = LIST_PAGE, offset: Offset = 0) -> annotation:  # type: ignore[valid-type]
        page = list_page(first, offset, link.only)
        found = await load_neighbours(info, label, root.key, link.rel, link.direction, page)
        return [across(root, link, n) for n in found]

    description = f"{link.doc} At most `first` ({LIST_PAGE} by default and at most), after `offset`, in key order."
    return strawberry.field(resolver=resolve, description=description, permission_classes=permissions)


def count_field(label: str, rel: str, direction: Direction, description: str) -> StrawberryField:
    """An aggregate count of relationships, visible to every role."""

    async def resolve(root: Any, info: strawberry.Info) -> int:
        return await info.context.loaders.neighbour_count(label, rel, direction).load(root.key)

    return strawberry.field(resolver=resolve, description=description)
