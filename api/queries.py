"""The root Query: an entity by key and a filtered, sorted, paged list of each, search, and the analytics.

The schema caches each document's parse and validation; the request limits are
checked before it runs (api.limits).
"""

from dataclasses import dataclass
from typing import Annotated, Any, Optional, Union

import strawberry
from strawberry.extensions import ParserCache, ValidationCache
from strawberry.permission import BasePermission
from strawberry.schema.config import StrawberryConfig
from strawberry.tools import merge_types
from strawberry.types.field import StrawberryField

from api.analytics import AnalyticsQuery
from api.audit import AuditLogQuery
from api.mutations import Mutation
from api.subscriptions import Subscription
from api.errors import bad_input, limit_exceeded, not_found
from api.inputs import ORDER_INPUTS, WHERE_INPUTS, to_filter, to_orders
from api.types import Achievement, DATE_SCALAR, Date, NODE_TYPES, Occupation, Person, Studio, node_object
from api.pagination import Connection, DEFAULT_PAGE, MAX_PAGE, PageArgs, paginate
from api.access import CanPlan, CanSeePeople, SEES_PEOPLE
from api.loading import fetch_node, prefetch
from graph.model import node_type


# -- entities by key and by page -------------------------------------------

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
    Root("Competition", "competition", "competitions"),
)

First = Annotated[Optional[int], strawberry.argument(description="Page size from the start or `after`: 20 by default, 100 at most.")]
After = Annotated[Optional[str], strawberry.argument(description="Start after the edge with this cursor.")]
Last = Annotated[Optional[int], strawberry.argument(description="Page size backwards from the end or `before`: 100 at most.")]
Before = Annotated[Optional[str], strawberry.argument(description="End before the edge with this cursor.")]


def one_field(root: Root) -> StrawberryField:
    node, cls = node_type(root.label), NODE_TYPES[root.label]
    Id = Annotated[strawberry.ID, strawberry.argument(description=f"The {node.key.name} to fetch.")]

    async def resolve(info: strawberry.Info, id: Id) -> Optional[cls]:  # type: ignore[valid-type]
        props = await fetch_node(info, root.label, str(id))  # with what is selected below it: one store call
        if props is None:
            raise not_found(root.label, str(id))
        return cls(props=props)

    return strawberry.field(
        resolver=resolve,
        description=f"One {root.label} by its {node.key.name}; null with a NOT_FOUND error when there is none.",
        permission_classes=[root.guard] if root.guard else [],
    )


def many_field(root: Root) -> StrawberryField:
    label, cls, key = root.label, NODE_TYPES[root.label], node_type(root.label).key.name
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
            await prefetch(info, label, [props[key] for props in items])
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


# -- search ----------------------------------------------------------------

SEARCHED = ("Person", "Studio", "Achievement", "Occupation")  # in the order hits are listed; people only for those who see them
SearchHit = Annotated[
    Union[Person, Studio, Achievement, Occupation],
    strawberry.union("SearchHit", description="A person, studio, achievement or occupation that search found."),
]


@strawberry.type
class SearchQuery:
    @strawberry.field(
        description="People, studios, achievements and occupations whose name or title contains `text` (Chinese "
        "substrings included; an occupation's aliases too, so a 工种 name finds its occupation), people first, "
        "then studios, achievements and occupations, each by name. People are searched for the planner, hr and "
        "admin roles only."
    )
    async def search(
        self,
        info: strawberry.Info,
        text: Annotated[str, strawberry.argument(description="The substring to look for: 1 to 50 characters.")],
        first: Annotated[int, strawberry.argument(description="How many hits at most: 100 at most.")] = DEFAULT_PAGE,
    ) -> list[SearchHit]:
        text = text.strip()
        if not 1 <= len(text) <= 50:
            raise bad_input("`text` must have 1 to 50 characters besides surrounding spaces")
        if first > MAX_PAGE:
            raise limit_exceeded("page size", first, MAX_PAGE)
        if first < 0:
            raise bad_input("`first` must not be negative")
        sees_people = info.context.role in SEES_PEOPLE
        labels = [label for label in SEARCHED if sees_people or not node_type(label).individual]
        found = await info.context.store.search(text, labels, first)
        return [node_object(label, props) for label, props in found]


# -- the schema ------------------------------------------------------------

QUERY_TYPES: tuple[type, ...] = (EntityQuery, SearchQuery, AnalyticsQuery, AuditLogQuery)

Query = merge_types("Query", QUERY_TYPES)


class ApiSchema(strawberry.Schema):
    def process_errors(self, errors: list[Any], execution_context: Any = None) -> None:
        """Not here: api.errors.client_error logs internal errors, with the request id."""


DOCUMENTS_CACHED = 1024  # parsed and validated documents kept, least recently used dropped first


def build_schema() -> ApiSchema:
    """The schema, caching each document's parse and validation (strawberry's own extensions: LRU caches they share)."""
    return ApiSchema(
        query=Query, mutation=Mutation, subscription=Subscription, config=StrawberryConfig(scalar_map={Date: DATE_SCALAR}), extensions=[lambda: ParserCache(DOCUMENTS_CACHED), lambda: ValidationCache(DOCUMENTS_CACHED)]
    )


def sdl() -> str:
    """The schema in SDL, as schema.graphql keeps it."""
    return str(build_schema()).rstrip() + "\n"
