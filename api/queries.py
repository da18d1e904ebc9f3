"""Root fields for the entities: one by key (`person(id)`) and a filtered, sorted, paged list (`people`)."""

import asyncio
from dataclasses import dataclass
from typing import Annotated, Any, Optional

import strawberry
from strawberry.permission import BasePermission
from strawberry.types.field import StrawberryField

from api.errors import not_found
from api.filters import WHERE_INPUTS, to_filter
from api.nodes import NODE_CLASSES
from api.ordering import ORDER_INPUTS, to_orders
from api.pagination import Connection, PageArgs, paginate
from api.permissions import CanPlan, CanSeePeople
from api.prefetch import prefetch
from graph.model import node_type


@dataclass(frozen=True)
class Root:
    label: str
    one: str  # the field that fetches one node by key
    many: str  # the field that lists them
    guard: type[BasePermission] | None = None  # the role check, when not every role may read it


ROOTS = (
    Root("Person", "person", "people", CanSeePeople),
    Root("Studio", "studio", "studios"),
    Root("Achievement", "achievement", "achievements"),
    Root("Organization", "organization", "organizations"),
    Root("Occupation", "occupation", "occupations"),
    Root("Region", "region", "regions"),
    Root("Honor", "honor", "honors"),
    Root("TrainingBase", "trainingBase", "trainingBases"),
    Root("Demand", "demand", "demands", CanPlan),
)

First = Annotated[Optional[int], strawberry.argument(description="Page size from the start or `after`: 20 by default, 100 at most.")]
After = Annotated[Optional[str], strawberry.argument(description="Start after the edge with this cursor.")]
Last = Annotated[Optional[int], strawberry.argument(description="Page size backwards from the end or `before`: 100 at most.")]
Before = Annotated[Optional[str], strawberry.argument(description="End before the edge with this cursor.")]


def one_field(root: Root) -> StrawberryField:
    node, cls = node_type(root.label), NODE_CLASSES[root.label]
    Id = Annotated[strawberry.ID, strawberry.argument(description=f"The {node.key.name} to fetch.")]

    async def resolve(info: strawberry.Info, id: Id) -> Optional[cls]:  # type: ignore[valid-type]
        props, _ = await asyncio.gather(  # the node and what is selected below it, side by side
            info.context.loaders.node(root.label).load(str(id)), prefetch(info, root.label, [str(id)]),
        )
        if props is None:
            raise not_found(root.label, str(id))
        return cls(props=props)

    return strawberry.field(
        resolver=resolve,
        description=f"One {root.label} by its {node.key.name}; null with a NOT_FOUND error when there is none.",
        permission_classes=[root.guard] if root.guard else [],
    )


def many_field(root: Root) -> StrawberryField:
    label, cls, key = root.label, NODE_CLASSES[root.label], node_type(root.label).key.name
    Where = Annotated[Optional[WHERE_INPUTS[label]], strawberry.argument(description="Which ones to keep.")]
    OrderBy = Annotated[
        Optional[list[ORDER_INPUTS[label]]],
        strawberry.argument(description=f"Sort keys, most significant first; then by {node_type(label).key.name}."),
    ]

    async def resolve(
        info: strawberry.Info, where: Where = None, order_by: OrderBy = None,
        first: First = None, after: After = None, last: Last = None, before: Before = None,
    ) -> Optional[Connection[cls]] if root.guard else Connection[cls]:  # type: ignore[valid-type]
        store = info.context.store
        condition, orders = to_filter(where, label, info.context.role), to_orders(order_by)

        async def fetch(offset: int, limit: int) -> list[dict[str, Any]]:
            items = (await store.list_nodes(label, condition, orders, limit, offset)).items
            await prefetch(info, label, [props[key] for props in items], connection=True)
            return items

        async def count() -> int:
            return (await store.list_nodes(label, condition, (), 0, 0, True)).total or 0

        return await paginate(PageArgs(first, after, last, before), fetch, count, lambda props: cls(props=props))

    return strawberry.field(
        resolver=resolve,
        description=f"{label} nodes, filtered, sorted and paged.",
        permission_classes=[root.guard] if root.guard else [],
    )


def entity_query() -> type:
    namespace: dict[str, Any] = {}
    for root in ROOTS:
        namespace[root.one] = one_field(root)
        namespace[root.many] = many_field(root)
    return strawberry.type(type("EntityQuery", (), namespace), name="EntityQuery")


EntityQuery = entity_query()
