"""GraphQL result types derived from graph.analytics' frozen dataclasses, so each field is declared once.

A dataclass field documented with graph.analytics.runner.doc becomes a strawberry field of the same
name, type and description; undocumented fields stay internal. Strawberry reads each field by its
attribute name from the dataclass instance a resolver returns.
"""

import dataclasses
import typing
from typing import Any, Optional

import strawberry

def _api_type(hint: Any, nested: dict[type, type]) -> Any:
    """The annotation with each nested result dataclass replaced by its strawberry type."""
    if hint in nested:
        return nested[hint]
    if typing.get_origin(hint) is list:
        return list[_api_type(typing.get_args(hint)[0], nested)]
    return hint


def result_type(
    row: type, description: str, *, name: Optional[str] = None, extra: Optional[dict[str, Any]] = None,
    base: type = object, nested: tuple[type, ...] = (),
) -> type:
    """A strawberry type with `row`'s documented fields, then the API-only resolver fields in `extra`.

    `nested` are the result types (made by this function) of the dataclasses `row`'s fields hold.
    """
    extra = extra or {}
    hints = typing.get_type_hints(row)
    by_row = {derived.__row__: derived for derived in nested}
    namespace: dict[str, Any] = {"__annotations__": {}, "__row__": row}
    for field in dataclasses.fields(row):
        if "doc" in field.metadata and field.name not in extra:
            namespace["__annotations__"][field.name] = _api_type(hints[field.name], by_row)
            namespace[field.name] = strawberry.field(description=field.metadata["doc"])
    namespace.update(extra)
    return strawberry.type(type(name or row.__name__, (base,), namespace), description=description)
