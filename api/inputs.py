"""The input types, derived from graph.model and api.types' LINKS: `where` filters and `orderBy` keys.

Each node type gets `<Label>Where`: one condition per (non-personal) property,
typed by the property's kind; one per relationship ("has at least one ... that
matches"); and `and`, `or`, `not`; and `<Label>Order`: a sortable property and a
direction. No `from __future__ import annotations`: the inputs reference each other.
"""

from enum import Enum
from typing import Any, List, Optional

import strawberry

from api.access import Role, SEES_PEOPLE
from api.errors import forbidden
from api.types import Date, Link, LINKS, describe
from graph import dates
from graph.codes import Scheme
from graph.model import Kind, NODES, Property, node_type, snake_case
from graph.query import And, Contains, Eq, Filter, In, Not, Or, Order, Range, Related, Within


# -- where -----------------------------------------------------------------

@strawberry.input(description="Conditions on a text; every condition given must hold.")
class StringFilter:
    eq: Optional[str] = strawberry.field(default=None, description="Exactly this text.")
    in_: Optional[list[str]] = strawberry.field(name="in", default=None, description="Any of these texts.")
    contains: Optional[str] = strawberry.field(default=None, description="Contains this substring (Chinese included).")


@strawberry.input(description="Conditions on a region or occupation code; every condition given must hold.")
class CodeFilter:
    eq: Optional[str] = strawberry.field(default=None, description="Exactly this code.")
    in_: Optional[list[str]] = strawberry.field(name="in", default=None, description="Any of these codes.")
    within: Optional[str] = strawberry.field(
        default=None, description="This code or any code under it: 421000 includes 421002, 6-18 includes 6-18-02-04."
    )


@strawberry.input(description="Conditions on a whole number; every condition given must hold.")
class IntFilter:
    eq: Optional[int] = strawberry.field(default=None, description="Exactly this number.")
    in_: Optional[list[int]] = strawberry.field(name="in", default=None, description="Any of these numbers.")
    gte: Optional[int] = strawberry.field(default=None, description="At least this number.")
    lte: Optional[int] = strawberry.field(default=None, description="At most this number.")


@strawberry.input(description="Conditions on a decimal number; every condition given must hold.")
class FloatFilter:
    eq: Optional[float] = strawberry.field(default=None, description="Exactly this number.")
    gte: Optional[float] = strawberry.field(default=None, description="At least this number.")
    lte: Optional[float] = strawberry.field(default=None, description="At most this number.")


@strawberry.input(description=(
    "Conditions on a date, compared as the stored dates sort (2021 < 2021-03 < 2021-03-15); every condition given "
    "must hold."))
class DateFilter:
    eq: Optional[Date] = strawberry.field(default=None, description="Exactly this date, at this precision.")
    gte: Optional[Date] = strawberry.field(default=None, description="On or after this date.")
    lte: Optional[Date] = strawberry.field(
        default=None, description="On or before this date; a year or a month includes its whole period (2021: to 2021-12-31).")


@strawberry.input(description="A condition on a yes/no property.")
class BooleanFilter:
    eq: Optional[bool] = strawberry.field(default=None, description="Exactly this value.")


FILTER_TYPES: dict[Kind, type] = {
    Kind.STR: StringFilter,
    Kind.INT: IntFilter,
    Kind.FLOAT: FloatFilter,
    Kind.BOOL: BooleanFilter,
    Kind.DATE: DateFilter,
}

CODE_SCHEMES: dict[str, Scheme] = {"regionCode": Scheme.REGION, "occupationCode": Scheme.OCCUPATION}
OWN_CODE_SCHEMES: dict[str, Scheme] = {"Region": Scheme.REGION, "Occupation": Scheme.OCCUPATION}


def code_scheme(label: str, prop: Property) -> Scheme | None:
    """The code hierarchy a property belongs to, if any: regionCode, occupationCode, Region.code ..."""
    if prop.name == "code":
        return OWN_CODE_SCHEMES.get(label)
    return CODE_SCHEMES.get(prop.name)


def filterable(label: str) -> list[Property]:
    """Properties a `where` may test: personal data is never a filter."""
    return [prop for prop in node_type(label).all_properties if not prop.pii]


def link_filters(label: str) -> list[Link]:
    """Relationships a `where` may test (not those kept to one of two labels: Related tests every label)."""
    return [link for link in LINKS[label] if link.only is None]


def where_inputs() -> dict[str, type]:
    """Every `<Label>Where` input type: they name each other, so each class is made first, then typed."""
    classes = {node.label: type(f"{node.label}Where", (), {"__module__": __name__}) for node in NODES}
    return {label: where_input(label, classes) for label in classes}


def where_input(label: str, classes: dict[str, type]) -> type:
    """The `<label>Where` input type, on its class in `classes`."""
    cls, name = classes[label], f"{label}Where"
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {}
    for prop in filterable(label):
        kind = CodeFilter if code_scheme(label, prop) else FILTER_TYPES[prop.kind]
        annotations[prop.name] = Optional[kind]
        namespace[prop.name] = strawberry.field(default=None, description=describe(prop))
    for link in link_filters(label):
        annotations[link.name] = Optional[classes[link.other]]
        namespace[link.name] = strawberry.field(
            default=None, description=f"Has at least one of `{link.name}` matching this filter (`{{}}`: any)."
        )
    for python_name, graphql_name, annotation, doc in (
        ("and_", "and", Optional[List[cls]], "Every one of these filters holds."),
        ("or_", "or", Optional[List[cls]], "At least one of these filters holds."),
        ("not_", "not", Optional[cls], "This filter does not hold."),
    ):
        annotations[python_name] = annotation
        namespace[python_name] = strawberry.field(name=graphql_name, default=None, description=doc)
    for attribute, value in namespace.items():
        setattr(cls, attribute, value)
    cls.__annotations__ = annotations
    doc = f"Which {label} nodes to keep: every condition given must hold."
    return strawberry.input(cls, name=name, description=doc)


WHERE_INPUTS: dict[str, type] = where_inputs()


def to_filter(where: Any, label: str, role: Role) -> Filter | None:
    """The graph.query filter for a `<label>Where` value (None when it sets no condition)."""
    if where is None:
        return None
    parts: list[Filter] = []
    for prop in filterable(label):
        condition = getattr(where, prop.name)
        if condition is not None:
            parts += property_conditions(prop.name, condition, code_scheme(label, prop))
    for link in link_filters(label):
        inner = getattr(where, link.name)
        if inner is not None:
            if node_type(link.other).individual and role not in SEES_PEOPLE:
                raise forbidden(f"filtering on `{link.name}` tests individual people: planner, hr or admin only")
            parts.append(Related(link.rel, link.direction, to_filter(inner, link.other, role)))
    if where.and_ is not None:
        parts += [f for f in (to_filter(item, label, role) for item in where.and_) if f is not None]
    if where.or_ is not None:
        parts.append(Or(tuple(to_filter(item, label, role) or And(()) for item in where.or_)))
    if where.not_ is not None:
        parts.append(Not(to_filter(where.not_, label, role) or And(())))
    return None if not parts else parts[0] if len(parts) == 1 else And(tuple(parts))


def property_conditions(name: str, condition: Any, scheme: Scheme | None) -> list[Filter]:
    """The conditions of one property filter (StringFilter, IntFilter ...)."""
    value = lambda attribute: getattr(condition, attribute, None)  # noqa: E731  (dates come as their stored ISO strings)
    parts: list[Filter] = []
    if value("eq") is not None:
        parts.append(Eq(name, value("eq")))
    if getattr(condition, "in_", None) is not None:
        parts.append(In(name, tuple(condition.in_)))
    if value("gte") is not None or value("lte") is not None:
        high = value("lte")
        if isinstance(condition, DateFilter) and high is not None:
            high = dates.period_end(high)
        parts.append(Range(name, value("gte"), high))
    if value("contains") is not None:
        parts.append(Contains(name, value("contains")))
    if value("within") is not None and scheme is not None:
        parts.append(Within(name, value("within"), scheme))
    return parts


# -- orderBy ---------------------------------------------------------------

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
