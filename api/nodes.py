"""The node types: fields from graph.model, relationship fields from api.links, plus a few aggregates."""

from typing import Any, Optional

import strawberry

import api.edges  # noqa: F401  (the edge types the relationship fields return)
from api.fields import model_namespace
from api.links import IN, LINKS
from api.objects import NODE_CLASSES, node_object
from api.related import count_field, lazy_type, link_field, load_neighbours
from graph.model import node_type


def node_fields(label: str) -> type:
    """A strawberry type `<label>Fields` with the model's properties and the label's relationship fields."""
    node = node_type(label)
    namespace = model_namespace(node.all_properties)
    namespace.update({link.name: link_field(label, link) for link in LINKS[label]})
    namespace["key"] = property(lambda self: self.props[node.key.name])
    return strawberry.type(type(f"{label}Fields", (), namespace), name=f"{label}Fields")


def node_class(cls: type) -> type:
    """Register a node type under the label it is named after, with the model's doc as description."""
    typed = strawberry.type(cls, description=node_type(cls.__name__).doc)
    NODE_CLASSES[cls.__name__] = typed
    return typed


def code_lookup(label: str, code_property: str, description: str) -> Any:
    """A field resolving a code stored on this node to the node it names (one batched call per level)."""

    async def resolve(root: Any, info: strawberry.Info) -> Optional[lazy_type(label, "api.nodes")]:  # type: ignore[valid-type]
        code = root.props.get(code_property)
        if code is None:
            return None
        found = await info.context.loaders.node(label).load(code)
        return node_object(label, found) if found is not None else None

    return strawberry.field(resolver=resolve, description=description)


@node_class
class Person(node_fields("Person")):
    pass


@node_class
class Region(node_fields("Region")):
    pass


@node_class
class Organization(node_fields("Organization")):
    region: Optional[Region] = code_lookup("Region", "regionCode", "The region the organization is in.")
    employee_count: int = count_field("Organization", "WORKS_AT", IN, "How many people work here.")


@node_class
class Occupation(node_fields("Occupation")):
    certified_count: int = count_field("Occupation", "CERTIFIED", IN, "How many certificates were issued in this occupation.")


@node_class
class Studio(node_fields("Studio")):
    member_count: int = count_field("Studio", "MEMBER_OF", IN, "How many members the studio has.")
    achievement_count: int = count_field("Studio", "PRODUCED_BY", IN, "How many achievements the studio produced.")

    @strawberry.field(description="Total economic benefit of the studio's achievements, in 万元.")
    async def total_benefit_wan_yuan(self, info: strawberry.Info) -> float:
        produced = await load_neighbours(info, "Studio", self.key, "PRODUCED_BY", IN)
        return round(sum(n.node.get("benefitWanYuan") or 0.0 for n in produced), 4)


@node_class
class Achievement(node_fields("Achievement")):
    contributor_count: int = count_field("Achievement", "CONTRIBUTED", IN, "How many people contributed.")


@node_class
class Honor(node_fields("Honor")):
    recipient_count: int = count_field("Honor", "RECEIVED", IN, "How many people and studios received it.")


@node_class
class TrainingBase(node_fields("TrainingBase")):
    region: Optional[Region] = code_lookup("Region", "regionCode", "The region the base is in.")


@node_class
class Demand(node_fields("Demand")):
    region: Optional[Region] = code_lookup("Region", "regionCode", "The region of the demand.")
    occupation: Optional[Occupation] = code_lookup("Occupation", "occupationCode", "The occupation in demand.")
