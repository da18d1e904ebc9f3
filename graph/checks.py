"""Checks every row against the model before a store writes it, so both stores refuse alike."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any, NamedTuple

from graph import dates
from graph.errors import InvalidData, RuleViolation
from graph.model import Kind, NodeType, Property, RelType
from graph.rules import DATE_ORDER, check_date_order, date_order_problems

_PYTHON_TYPES: dict[Kind, tuple[type, ...]] = {
    Kind.STR: (str,),
    Kind.INT: (int,),
    Kind.FLOAT: (int, float),
    Kind.BOOL: (bool,),
    Kind.DATE: (str,),
}


_ENDS = frozenset({"from", "to"})


class _Refused(Exception):
    """A value the model refuses; the message is the reason (the caller names where)."""


def _checked(prop: Property, value: Any) -> Any:
    """The value as the store keeps it, or _Refused with the reason."""
    if type(value) is str and prop.kind is Kind.STR and prop.choices is None:
        return value  # free text: nothing more to check
    if value is None:
        if prop.required:
            raise _Refused(f"{prop.name} is required")
        return None
    if isinstance(value, bool) and prop.kind in (Kind.INT, Kind.FLOAT):
        raise _Refused(f"{prop.name} must be a number, not {value!r}")
    if not isinstance(value, _PYTHON_TYPES[prop.kind]):
        raise _Refused(f"{prop.name} must be {prop.kind.value}, not {type(value).__name__} {value!r}")
    if prop.kind is Kind.FLOAT:
        value = float(value)
    if prop.kind is Kind.DATE:
        if not dates.is_stored(value):
            raise _Refused(f"{prop.name} must be a date YYYY-MM-DD, YYYY-MM or YYYY, not {value!r}")
    if prop.choices is not None and value not in prop.choices:
        raise _Refused(f"{prop.name} must be one of {', '.join(prop.choices)}, not {value!r}")
    if prop.min is not None and value < prop.min or prop.max is not None and value > prop.max:
        raise _Refused(f"{prop.name} must be within {prop.min}..{prop.max}, not {value!r}")
    return value


def _accepts(prop: Property) -> Callable[[Any], bool]:
    """A quick test for a value kept as it is; a value that fails it goes through _checked, to be converted or refused.

    A blank (None) passes where the property is optional, as _checked keeps it.
    """
    kept = _kept(prop)
    return kept if prop.required else lambda v: v is None or kept(v)


def _kept(prop: Property) -> Callable[[Any], bool]:
    low = -math.inf if prop.min is None else prop.min
    high = math.inf if prop.max is None else prop.max
    numeric = prop.kind in (Kind.INT, Kind.FLOAT)
    if (prop.min is not None or prop.max is not None) and not numeric or prop.choices is not None and prop.kind is not Kind.STR:
        return lambda v: False  # a rule the tests below do not hold: _checked decides every value
    if prop.choices is not None:
        choices = frozenset(prop.choices)
        return lambda v: type(v) is str and v in choices
    match prop.kind:
        case Kind.STR:
            return lambda v: type(v) is str
        case Kind.INT:
            return lambda v: type(v) is int and low <= v <= high
        case Kind.FLOAT:
            return lambda v: type(v) is float and low <= v <= high
        case Kind.BOOL:
            return lambda v: type(v) is bool
        case Kind.DATE:
            return lambda v: type(v) is str and dates.is_stored(v)
    return lambda v: False


class _Schema(NamedTuple):
    """What checking a row of one node label or relationship type needs, found once."""

    known: frozenset[str]  # the names a row may give
    props: dict[str, Property]
    accepts: dict[str, Callable[[Any], bool]]  # name -> its quick test (see _accepts)
    required: tuple[Property, ...]


_SCHEMAS: dict[str, _Schema] = {}  # label or type -> its schema (filled on first use)


def _schema(owner: str, props: tuple[Property, ...], skip: frozenset[str]) -> _Schema:
    found = _SCHEMAS.get(owner)
    if found is None:
        found = _SCHEMAS[owner] = _Schema(frozenset(p.name for p in props) | skip, {p.name: p for p in props},
                                          {p.name: _accepts(p) for p in props}, tuple(p for p in props if p.required))
    return found


def _check_props(
    owner: str, props: tuple[Property, ...], row: Mapping[str, Any], where: Callable[[], str], skip: frozenset[str]
) -> dict[str, Any]:
    """The row's properties checked; `where` names the row, only when one is refused.

    A row is read in its own order; when a value is refused, the model's order
    decides which is reported, so the same row always gets the same reason.
    """
    schema = _schema(owner, props, skip)
    if not schema.known.issuperset(row):
        unknown = sorted(set(row) - schema.known)
        raise InvalidData(f"{where()}: unknown properties {', '.join(unknown)}")
    checked: dict[str, Any] = {}
    try:
        for name, value in row.items():
            accept = schema.accepts.get(name)
            if accept is not None:  # not `from` or `to`
                checked[name] = value if accept(value) else _checked(schema.props[name], value)
        for prop in schema.required:
            if prop.name not in row:
                _checked(prop, None)
        return checked
    except _Refused:
        for prop in props:
            if prop.name in row or prop.required:
                try:
                    _checked(prop, row.get(prop.name))
                except _Refused as refused:
                    raise RuleViolation(where(), prop.name, str(refused)) from None
        raise


def check_node(node: NodeType, row: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one node row (its key and any properties given); absent properties are left alone."""
    key = row.get(node.key.name)
    if key is None or key == "":
        raise InvalidData(f"{node.label}: {node.key.name} (the key) is missing in {dict(row)!r}")
    return _check_props(node.label, node.all_properties, row, lambda: f"{node.label} {node.key.name}={key!r}", frozenset())


def check_rel(rel: RelType, row: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one relationship row: `from` and `to` keys plus the relationship's properties."""
    for end in ("from", "to"):
        if row.get(end) in (None, ""):
            raise InvalidData(f"{rel.type}: the {end!r} key is missing in {dict(row)!r}")

    def where() -> str:
        return f"{rel.type} {row['from']!r}->{row['to']!r}"

    checked = _check_props(rel.type, rel.properties, row, where, _ENDS)
    if date_order_problems(checked):
        check_date_order(where(), checked)
    return checked


Grouped = list[tuple[tuple[str, ...], list[list[Any]]]]  # (property names, each row's values in that order)


def check_nodes(node: NodeType, rows: Sequence[Mapping[str, Any]]) -> Grouped:
    """check_node for every row, grouped by the properties a row names.

    A row that leaves a property out leaves it alone and one that gives None removes
    it, so a store writes each group with its own clauses (Neo4j: a subquery each).
    Each group is checked a column at a time; when any value fails its quick test, the
    rows are checked one by one, so the first bad row is refused, as check_node refuses it.
    """
    groups = _grouped(rows, ())
    schema = _schema(node.label, node.all_properties, frozenset())
    key = node.key.name
    for names, values in groups:
        if key not in names or "" in _column(values, names.index(key)) or not _pass(schema, names, values, 0):
            return _grouped([check_node(node, row) for row in rows], ())
    return groups


def check_rels(rel: RelType, rows: Sequence[Mapping[str, Any]]) -> Grouped:
    """check_rel for every row, grouped as check_nodes groups them; each row's values follow its two ends."""
    groups = _ends_first(rows)
    if groups is None and not any(row.get(end) in (None, "") for row in rows for end in _ENDS):
        props = [{name: value for name, value in row.items() if name not in _ENDS} for row in rows]
        groups = _grouped(props, _ends(rows))
    schema = _schema(rel.type, rel.properties, _ENDS)
    dated = {name for pair in DATE_ORDER for name in pair}.intersection
    if groups is not None and all(
        _pass(schema, names, values, 2) and _ends_given(values)
        and not (dated(names) and any(_out_of_order(names, row) for row in values))
        for names, values in groups
    ):
        return groups
    return _grouped([check_rel(rel, row) for row in rows], _ends(rows))


def _ends(rows: Sequence[Mapping[str, Any]]) -> list[tuple[str, str]]:
    return [(str(row.get("from")), str(row.get("to"))) for row in rows]


def _ends_first(rows: Sequence[Mapping[str, Any]]) -> Grouped | None:
    """The rows grouped, each row's values as they stand, when every row names `from` and `to` first; else None.

    The loader builds its rows so: nothing is taken apart and put back together.
    """
    groups: dict[tuple[str, ...], list[list[Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(list(row.values()))
    if not all(names[:2] == ("from", "to") for names in groups):
        return None
    return [(names[2:], values) for names, values in groups.items()]


def _ends_given(values: list[list[Any]]) -> bool:
    """Whether every row's two ends are keys: text, not blank (anything else goes to check_rel, which says so)."""
    return all(type(end) is str and end for index in (0, 1) for end in _column(values, index))


def _out_of_order(names: tuple[str, ...], values: list[Any]) -> bool:
    return bool(date_order_problems(dict(zip(names, values[2:]))))


def _grouped(rows: Sequence[Mapping[str, Any]], ahead: Sequence[Sequence[Any]]) -> Grouped:
    """Rows grouped by the names they give, each as a list of its values (after `ahead`'s, if any)."""
    groups: dict[tuple[str, ...], list[list[Any]]] = {}
    for index, row in enumerate(rows):
        values = [*ahead[index], *row.values()] if ahead else list(row.values())
        groups.setdefault(tuple(row), []).append(values)
    return list(groups.items())


def _column(values: list[list[Any]], index: int) -> list[Any]:
    return list(map(itemgetter(index), values))


def _pass(schema: _Schema, names: tuple[str, ...], values: list[list[Any]], offset: int) -> bool:
    """Whether every row of a group passes: names all known, the required ones given, each value its quick test."""
    if not schema.known.issuperset(names) or any(prop.name not in names for prop in schema.required):
        return False
    return all(all(map(schema.accepts[name], _column(values, offset + i))) for i, name in enumerate(names))


def check_labels(rel: RelType, from_label: str, to_label: str) -> None:
    if from_label not in rel.sources or to_label not in rel.targets:
        raise InvalidData(
            f"{rel.type} goes from {'/'.join(rel.sources)} to {'/'.join(rel.targets)}, not {from_label} to {to_label}"
        )
