"""GraphQL input types for the mutations, derived from graph.model: one input field per property.

An event's input holds the properties of what it writes (a mentorship's, a
studio's) plus the keys of the ends it links; adding a property to the model
adds it here too.
"""

import datetime
from collections.abc import Iterable
from typing import Any, Optional

import strawberry

from api.types import PYTHON_TYPES, describe
from graph.model import NODES, RELS, Kind, Property

KEYS = frozenset({n.key for n in NODES} | {r.prop(r.key) for r in RELS if r.key})  # given as ID in inputs


def input_type(
    name: str, props: Iterable[Property], description: str, extra: dict[str, tuple[Any, str]] | None = None,
    optional: Iterable[str] = (), leave_out: Iterable[str] = (), required: Iterable[str] = (),
) -> type:
    """A strawberry input with a field per model property (required as the model says) and `extra` fields."""
    annotations: dict[str, Any] = {}
    namespace: dict[str, Any] = {}
    optional, leave_out, required = set(optional), set(leave_out), set(required)
    for prop in props:
        if prop.name in leave_out:
            continue
        python_type = strawberry.ID if prop in KEYS else PYTHON_TYPES[prop.kind]
        if (prop.required or prop.name in required) and prop.name not in optional:
            annotations[prop.name] = python_type
            namespace[prop.name] = strawberry.field(description=describe(prop))
        else:
            annotations[prop.name] = Optional[python_type]
            namespace[prop.name] = strawberry.field(default=None, description=describe(prop))
    for field_name, (annotation, doc) in (extra or {}).items():
        annotations[field_name] = annotation
        optional_field = getattr(annotation, "__origin__", None) is not None and type(None) in getattr(annotation, "__args__", ())
        namespace[field_name] = strawberry.field(default=None, description=doc) if optional_field else strawberry.field(description=doc)
    cls = type(name, (), {"__annotations__": annotations, **namespace})
    return strawberry.input(cls, name=name, description=description)


def stored(value: Any) -> Any:
    """A GraphQL input value as the store keeps it: dates as ISO strings."""
    return value.isoformat() if isinstance(value, datetime.date) else value


def props_of(given: Any, props: Iterable[Property], leave_out: Iterable[str] = ()) -> dict[str, Any]:
    """The model properties an input gives (those left null are not written)."""
    skip = set(leave_out)
    return {
        p.name: stored(getattr(given, p.name)) for p in props
        if p.name not in skip and getattr(given, p.name, None) is not None
    }


def parse_value(prop: Property, text: str | None) -> Any:
    """A correction's value, given as text, as the property's kind; ValueError names what is wrong."""
    if text is None:
        return None
    if prop.kind is Kind.INT:
        return int(text)
    if prop.kind is Kind.FLOAT:
        return float(text)
    if prop.kind is Kind.BOOL:
        if text.lower() not in ("true", "false"):
            raise ValueError(f"{prop.name} takes true or false, not {text!r}")
        return text.lower() == "true"
    if prop.kind is Kind.DATE:
        return datetime.date.fromisoformat(text).isoformat()
    return text
