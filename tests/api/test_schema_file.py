"""schema.graphql is the contract with frontends: it must be what the code exports, and documented."""

from __future__ import annotations

from graphql import GraphQLNonNull, GraphQLObjectType, build_schema, get_named_type

from api.access import CanSeePeople, CanSeePersonalData
from api.queries import build_schema as api_schema
from api.queries import sdl
from graph.model import NODES
from tests.conftest import ROOT


def test_schema_graphql_is_what_the_code_exports() -> None:
    exported = sdl()
    assert (ROOT / "schema.graphql").read_text(encoding="utf-8") == exported, (
        "schema.graphql differs from the code: run `studiograph export-schema`")


def test_every_type_and_field_has_a_description() -> None:
    schema = build_schema(sdl())
    missing = []
    for name, named in schema.type_map.items():
        if name.startswith("__") or name in {"String", "Int", "Float", "Boolean", "ID"}:
            continue
        fields = getattr(named, "fields", {}) or {}
        missing += [f"{name}.{field}" for field, definition in fields.items() if not definition.description]
        if not named.description and not name.endswith(("Connection", "Edge")) and name != "Query":
            missing.append(name)
    assert not missing


def test_every_field_that_reaches_people_from_elsewhere_is_guarded_and_nullable() -> None:
    """Person, and the edges that hold one, are reached only through fields the people guard protects."""
    schema = api_schema()._schema
    holds_people = {"Person", "Employment", "Certification", "Mentorship", "Leadership", "Membership", "Contribution",
                    "PersonConnection", "PersonEdge"}
    unguarded = []
    for name, named in schema.type_map.items():
        if not isinstance(named, GraphQLObjectType) or name in holds_people:
            continue
        for field, definition in named.fields.items():
            if get_named_type(definition.type).name not in holds_people:
                continue
            guards = definition.extensions["strawberry-definition"].permission_classes
            if CanSeePeople not in guards or isinstance(definition.type, GraphQLNonNull):
                unguarded.append(f"{name}.{field}")
    assert not unguarded


def test_personal_data_fields_come_from_the_models_pii_flag_and_are_guarded() -> None:
    schema = api_schema()._schema
    for node in NODES:
        for prop in node.all_properties:
            definition = schema.type_map[node.label].fields[prop.name]
            guards = definition.extensions["strawberry-definition"].permission_classes
            assert (CanSeePersonalData in guards) == prop.pii, f"{node.label}.{prop.name}"
            assert definition.description and (prop.doc or "") in definition.description
