"""The Neo4j GraphQL Library's type definitions for studiograph's graph, derived from graph.model and api.types (LINKS, EDGES).

    .venv/bin/python -m benchmarks.peer_typedefs [OUT]     (prints them without OUT)

Every node label becomes a `@node` type with its key and properties; every relationship
field that studiograph shows (api.types.LINKS) becomes a `@relationship` field of the same
name, over the same type and direction. A relationship with properties gets a
`@relationshipProperties` type named as studiograph names its edge type (Mentorship,
Contribution, ...). Nothing here lists a field: adding a property to the model adds it here.

Differences the library imposes: version 7 has no single-object relationship fields, so
`employer`, `leader`, `host` ... are lists; dates are stored as ISO strings, so they are
`String` (the library's `Date` would expect Neo4j's date type).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from api.types import EDGES, LINKS, Link
from graph.model import NODES, RELS, Kind, NodeType, Property, RelType, rel_type

SCALARS: dict[Kind, str] = {
    Kind.STR: "String",
    Kind.INT: "Int",
    Kind.FLOAT: "Float",
    Kind.BOOL: "Boolean",
    Kind.DATE: "String",
}


def properties_type(rel: RelType) -> str:
    """The name of a relationship's properties type: studiograph's edge type name where it has one."""
    if rel.type in EDGES:
        return EDGES[rel.type].type_name
    return "".join(part.capitalize() for part in rel.type.split("_")) + "Properties"


def field(prop: Property, key: bool = False) -> str:
    required = "!" if key or prop.required else ""
    return f"  {prop.name}: {SCALARS[prop.kind]}{required}"


def relationship_field(link: Link) -> str:
    rel = rel_type(link.rel)
    properties = f', properties: "{properties_type(rel)}"' if rel.properties else ""
    return (f"  {link.name}: [{link.other}!]! "
            f'@relationship(type: "{rel.type}", direction: {link.direction.name}{properties})')


def node_definition(node: NodeType) -> Iterator[str]:
    yield f"type {node.label} @node {{"
    yield field(node.key, key=True)
    yield from (field(p) for p in node.properties)
    yield from (relationship_field(link) for link in LINKS.get(node.label, ()))
    yield "}"


def properties_definition(rel: RelType) -> Iterator[str]:
    yield f"type {properties_type(rel)} @relationshipProperties {{"
    yield from (field(p) for p in rel.properties)
    yield "}"


def type_definitions() -> str:
    """The whole SDL: node types, then relationship-property types that some field uses."""
    used = {link.rel for links in LINKS.values() for link in links}
    blocks = [list(node_definition(node)) for node in NODES]
    blocks += [list(properties_definition(rel)) for rel in RELS if rel.properties and rel.type in used]
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def main(argv: list[str]) -> int:
    sdl = type_definitions()
    if argv:
        Path(argv[0]).write_text(sdl, encoding="utf-8")
    else:
        sys.stdout.write(sdl)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
