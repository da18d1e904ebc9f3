"""`where` inputs, derived from graph.model and api.links, and their translation to graph.query filters.

Each node type gets `<Label>Where`: one condition per (non-personal) property,
typed by the property's kind; one per relationship ("has at least one ... that
matches"); and `and`, `or`, `not`. No `from __future__ import annotations`:
the generated inputs reference each other by name, resolved in this module.
"""

import datetime
from typing import Any, List, Optional

import strawberry

from api.errors import forbidden
from api.fields import describe
from api.links import LINKS, Link
from api.roles import SEES_PEOPLE, Role
from graph.codes import Scheme
from graph.model import NODES, Kind, Property, node_type
from graph.query import And, Contains, Eq, Filter, In, Not, Or, Range, Related, Within


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


@strawberry.input(description="Conditions on a date; every condition given must hold.")
class DateFilter:
    eq: Optional[datetime.date] = strawberry.field(default=None, description="Exactly this date.")
    gte: Optional[datetime.date] = strawberry.field(default=None, description="On or after this date.")
    lte: Optional[datetime.date] = strawberry.field(default=None, description="On or before this date.")


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


def where_input(label: str) -> type:
    """The `<label>Where` input type."""
    name = f"{label}Where"
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {"__module__": __name__}
    for prop in filterable(label):
        kind = CodeFilter if code_scheme(label, prop) else FILTER_TYPES[prop.kind]
        annotations[prop.name] = Optional[kind]
        namespace[prop.name] = strawberry.field(default=None, description=describe(prop))
    for link in link_filters(label):
        annotations[link.name] = Optional[f"{link.other}Where"]
        namespace[link.name] = strawberry.field(
            default=None, description=f"Has at least one of `{link.name}` matching this filter (`{{}}`: any)."
        )
    for python_name, graphql_name, annotation, doc in (
        ("and_", "and", Optional[List[name]], "Every one of these filters holds."),
        ("or_", "or", Optional[List[name]], "At least one of these filters holds."),
        ("not_", "not", Optional[name], "This filter does not hold."),
    ):
        annotations[python_name] = annotation
        namespace[python_name] = strawberry.field(name=graphql_name, default=None, description=doc)
    namespace["__annotations__"] = annotations
    doc = f"Which {label} nodes to keep: every condition given must hold."
    return strawberry.input(type(name, (), namespace), name=name, description=doc)


WHERE_INPUTS: dict[str, type] = {node.label: where_input(node.label) for node in NODES}
globals().update({cls.__name__: cls for cls in WHERE_INPUTS.values()})


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
            if link.other == "Person" and role not in SEES_PEOPLE:
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
    value = lambda attribute: _stored(getattr(condition, attribute, None))  # noqa: E731
    parts: list[Filter] = []
    if value("eq") is not None:
        parts.append(Eq(name, value("eq")))
    if getattr(condition, "in_", None) is not None:
        parts.append(In(name, tuple(_stored(v) for v in condition.in_)))
    if value("gte") is not None or value("lte") is not None:
        parts.append(Range(name, value("gte"), value("lte")))
    if value("contains") is not None:
        parts.append(Contains(name, value("contains")))
    if value("within") is not None and scheme is not None:
        parts.append(Within(name, value("within"), scheme))
    return parts


def _stored(value: Any) -> Any:
    """A GraphQL input value as stores keep it: dates as ISO strings."""
    return value.isoformat() if isinstance(value, datetime.date) else value
