"""Edge types: a relationship with properties, as a GraphQL object with both ends and the properties."""

from typing import Any, Optional

import strawberry
from strawberry.types.field import StrawberryField

from api.fields import model_namespace
from api.links import EDGES
from api.objects import EDGE_CLASSES
from api.permissions import CanSeePeople
from api.related import lazy_type
from graph.model import rel_type


def end_field(label: str, attribute: str, description: str) -> StrawberryField:
    """One end of the edge (already loaded with it: no store call)."""
    guarded = label == "Person"
    annotation = Optional[lazy_type(label, "api.nodes")] if guarded else lazy_type(label, "api.nodes")

    def resolve(root: Any) -> annotation:  # type: ignore[valid-type]
        return getattr(root, attribute)

    guard = [CanSeePeople] if guarded else []
    return strawberry.field(resolver=resolve, description=description, permission_classes=guard)


def edge_type(rel_name: str) -> type:
    rel, names = rel_type(rel_name), EDGES[rel_name]
    namespace = model_namespace(rel.properties)
    namespace["__annotations__"].update(source=strawberry.Private[Any], target=strawberry.Private[Any])
    namespace[names.source] = end_field(rel.sources[0], "source", f"The {names.source} (the relationship's source).")
    namespace[names.target] = end_field(rel.targets[0], "target", f"The {names.target} (the relationship's target).")
    cls = strawberry.type(type(names.type_name, (), namespace), name=names.type_name, description=rel.doc)
    EDGE_CLASSES[rel_name] = cls
    return cls


Employment = edge_type("WORKS_AT")
Certification = edge_type("CERTIFIED")
Mentorship = edge_type("MENTORED")
Leadership = edge_type("LEADS")
Membership = edge_type("MEMBER_OF")
Contribution = edge_type("CONTRIBUTED")
