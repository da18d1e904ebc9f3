"""GraphQL fields derived from graph.model: one field per declared property, with its doc and PII guard.

No `from __future__ import annotations` here: the generated resolvers' return
annotations must be real types when strawberry reads them.
"""

import datetime
from typing import Any, Optional

import strawberry
from strawberry.types.field import StrawberryField

from api.permissions import CanSeePersonalData
from graph.model import Kind, Property, snake_case
from graph.vocab import grade_name

PYTHON_TYPES: dict[Kind, type] = {
    Kind.STR: str,
    Kind.INT: int,
    Kind.FLOAT: float,
    Kind.BOOL: bool,
    Kind.DATE: datetime.date,
}

GRADES = frozenset({"grade", "minGrade"})  # grade numbers that also get their ladder name, as `gradeName`


def describe(prop: Property) -> str:
    """The field's description: the model's doc, its allowed values and whether it is personal data."""
    parts = [prop.doc or _fallback(prop)]
    if prop.choices:
        parts.append("One of: " + ", ".join(prop.choices) + ".")
    if prop.min is not None or prop.max is not None:
        parts.append(f"From {_number(prop.min)} to {_number(prop.max)}.")
    if prop.pii:
        parts.append("Personal data: visible to the hr and admin roles only.")
    return " ".join(parts)


def _fallback(prop: Property) -> str:
    """For an undocumented property: its name in words and the Chinese header it comes from."""
    words = snake_case(prop.name).replace("_", " ").capitalize()
    return f"{words} ({prop.aliases[0]})." if prop.aliases else f"{words}."


def _number(value: float | None) -> str:
    if value is None:
        return "any"
    return str(int(value)) if float(value).is_integer() else str(value)


def to_graphql(prop: Property, value: Any) -> Any:
    """A stored value as its GraphQL scalar: ISO date strings become dates."""
    if value is None or prop.kind is not Kind.DATE:
        return value
    return datetime.date.fromisoformat(value)


def model_field(prop: Property) -> StrawberryField:
    """A field reading `prop` from the object's stored properties (`root.props`)."""
    python_type = PYTHON_TYPES[prop.kind]
    annotation = python_type if prop.required and not prop.pii else Optional[python_type]

    def resolve(root: Any) -> annotation:  # type: ignore[valid-type]
        return to_graphql(prop, root.props.get(prop.name))

    permissions = [CanSeePersonalData] if prop.pii else []
    return strawberry.field(resolver=resolve, description=describe(prop), permission_classes=permissions)


def grade_name_field(prop: Property) -> StrawberryField:
    """The ladder name (技师, ...) of a grade number property."""

    def resolve(root: Any) -> Optional[str]:
        return grade_name(root.props.get(prop.name))

    return strawberry.field(resolver=resolve, description=f"The ladder name of `{prop.name}`: 学徒工, 初级工 ... 首席技师.")


def model_namespace(properties: tuple[Property, ...]) -> dict[str, Any]:
    """Class attributes for a strawberry type: `props` (the stored properties) and one field per property."""
    namespace: dict[str, Any] = {"__annotations__": {"props": strawberry.Private[dict[str, Any]]}}
    for prop in properties:
        namespace[prop.name] = model_field(prop)
        if prop.name in GRADES:
            namespace[f"{prop.name}Name"] = grade_name_field(prop)
    return namespace
