"""Checks every row against the model before a store writes it, so both stores refuse alike."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph import dates
from graph.errors import InvalidData
from graph.model import Kind, NodeType, Property, RelType

_PYTHON_TYPES: dict[Kind, tuple[type, ...]] = {
    Kind.STR: (str,),
    Kind.INT: (int,),
    Kind.FLOAT: (int, float),
    Kind.BOOL: (bool,),
    Kind.DATE: (str,),
}


_KNOWN: dict[str, frozenset[str]] = {}  # label or type -> the names a row may give (filled on first use)
_ENDS = frozenset({"from", "to"})


def check_value(prop: Property, value: Any, where: str) -> Any:
    """Return the value as the store keeps it, or raise InvalidData naming the field."""
    if type(value) is str and prop.kind is Kind.STR and prop.choices is None:
        return value  # free text: nothing more to check
    if value is None:
        if prop.required:
            raise InvalidData(f"{where}: {prop.name} is required")
        return None
    if isinstance(value, bool) and prop.kind in (Kind.INT, Kind.FLOAT):
        raise InvalidData(f"{where}: {prop.name} must be a number, not {value!r}")
    if not isinstance(value, _PYTHON_TYPES[prop.kind]):
        raise InvalidData(f"{where}: {prop.name} must be {prop.kind.value}, not {type(value).__name__} {value!r}")
    if prop.kind is Kind.FLOAT:
        value = float(value)
    if prop.kind is Kind.DATE:
        if not dates.is_stored(value):
            raise InvalidData(f"{where}: {prop.name} must be a date YYYY-MM-DD, YYYY-MM or YYYY, not {value!r}")
    if prop.choices is not None and value not in prop.choices:
        raise InvalidData(f"{where}: {prop.name} must be one of {', '.join(prop.choices)}, not {value!r}")
    if prop.min is not None and value < prop.min or prop.max is not None and value > prop.max:
        raise InvalidData(f"{where}: {prop.name} must be within {prop.min}..{prop.max}, not {value!r}")
    return value


def _check_props(
    owner: str, props: tuple[Property, ...], row: Mapping[str, Any], where: str, skip: frozenset[str]
) -> dict[str, Any]:
    known = _KNOWN.get(owner)
    if known is None:
        known = _KNOWN[owner] = frozenset(p.name for p in props) | skip
    if not known.issuperset(row):
        unknown = sorted(set(row) - known)
        raise InvalidData(f"{where}: unknown properties {', '.join(unknown)}")
    return {p.name: check_value(p, row.get(p.name), where) for p in props if p.name in row or p.required}


def check_node(node: NodeType, row: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one node row (its key and any properties given); absent properties are left alone."""
    key = row.get(node.key.name)
    if key is None or key == "":
        raise InvalidData(f"{node.label}: {node.key.name} (the key) is missing in {dict(row)!r}")
    where = f"{node.label} {node.key.name}={key!r}"
    checked = _check_props(node.label, node.all_properties, row, where, frozenset())
    return checked


def check_rel(rel: RelType, row: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one relationship row: `from` and `to` keys plus the relationship's properties."""
    for end in ("from", "to"):
        if row.get(end) in (None, ""):
            raise InvalidData(f"{rel.type}: the {end!r} key is missing in {dict(row)!r}")
    where = f"{rel.type} {row['from']!r}->{row['to']!r}"
    return _check_props(rel.type, rel.properties, row, where, _ENDS)


def check_labels(rel: RelType, from_label: str, to_label: str) -> None:
    if from_label not in rel.sources or to_label not in rel.targets:
        raise InvalidData(
            f"{rel.type} goes from {'/'.join(rel.sources)} to {'/'.join(rel.targets)}, not {from_label} to {to_label}"
        )
