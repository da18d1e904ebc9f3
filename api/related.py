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
from graph.query import Direction, Neighbour


def lazy_type(name: str, module: str) -> Any:
    """A reference to a type defined in `module`, resolved when the schema is built."""
    return Annotated[name, strawberry.lazy(module)]


def link_type(link: Link) -> Any:
    """The field's GraphQL type: the other node, or the edge type when the relationship has properties."""
    if link.rel in EDGES:
        return lazy_type(EDGES[link.rel].type_name, "api.edges")
    return lazy_type(link.other, "api.nodes")


async def load_neighbours(info: strawberry.Info, label: str, key: str, rel: str, direction: Direction) -> list[Neighbour]:
    return await info.context.loaders.neighbours(label, rel, direction).load(key)


def link_field(label: str, link: Link) -> StrawberryField:
    """The field for one relationship of a node type: an object (`one`) or a list."""
    item = link_type(link)
    guarded = shows_person(link)
    annotation = Optional[item] if link.one else (Optional[list[item]] if guarded else list[item])

    async def resolve(root: Any, info: strawberry.Info) -> annotation:  # type: ignore[valid-type]
        found = await load_neighbours(info, label, root.key, link.rel, link.direction)
        items = [across(root, link, n) for n in found if link.only is None or n.label == link.only]
        if link.one:
            return items[0] if items else None
        return items

    return strawberry.field(
        resolver=resolve, description=link.doc, permission_classes=[CanSeePeople] if guarded else []
    )


def count_field(label: str, rel: str, direction: Direction, description: str) -> StrawberryField:
    """An aggregate count of relationships, visible to every role."""

    async def resolve(root: Any, info: strawberry.Info) -> int:
        return await info.context.loaders.neighbour_count(label, rel, direction).load(root.key)

    return strawberry.field(resolver=resolve, description=description)
