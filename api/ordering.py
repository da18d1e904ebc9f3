"""`orderBy` inputs derived from graph.model: sort by any non-personal property, ascending or descending."""

from enum import Enum
from typing import Any, Optional

import strawberry

from api.fields import describe
from graph.model import NODES, node_type, snake_case
from graph.query import Order


@strawberry.enum(description="Sort order. Items without the value come last ascending, first descending.")
class SortDirection(Enum):
    ASC = "asc"
    DESC = "desc"


def order_input(label: str) -> tuple[type, type]:
    """`<label>OrderField` (an enum of sortable properties) and `<label>Order` (field and direction)."""
    sortable = [prop for prop in node_type(label).all_properties if not prop.pii]
    members = Enum(f"{label}OrderField", {snake_case(p.name).upper(): p.name for p in sortable})
    field_enum = strawberry.enum(
        members,
        description=f"A property to sort {label} nodes by.",
    )
    namespace: dict[str, Any] = {
        "__annotations__": {"field": field_enum, "direction": SortDirection},
        "field": strawberry.field(description="The property to sort by."),
        "direction": strawberry.field(default=SortDirection.ASC, description="Ascending (the default) or descending."),
    }
    order = strawberry.input(type(f"{label}Order", (), namespace), name=f"{label}Order",
                             description=f"One sort key for {label} nodes; the key property breaks ties.")
    return field_enum, order


ORDER_INPUTS: dict[str, type] = {node.label: order_input(node.label)[1] for node in NODES}


def to_orders(order_by: Optional[list[Any]]) -> list[Order]:
    return [Order(o.field.value, descending=o.direction is SortDirection.DESC) for o in order_by or ()]
