"""One source row, normalised: the node it writes, the links it names, and what is wrong with it.

Staging is pure (no store): references stay as written (a key or a name) until
loaders.resolve turns them into keys. The validation pass stages each row once
and spools the result for the writing pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from operator import methodcaller
from typing import Any, NamedTuple

import pyarrow as pa

from graph.model import NodeType, node_type, rel_type
from graph.rules import date_order_problems
from loaders import identity, taxonomy
from loaders.columns import ID_CARD, Columns, PropColumns
from loaders.columnar import parse_column, text_column
from loaders.kinds import End, Link
from loaders.spool import RefKey
from loaders.values import BadValue, text

HONOR_KEY = ("name", "level", "year")  # an honour's key, joined by "-", when no honorId is given
_MANY = re.compile(r"[;；、,，|]")  # what separates the references of a cell that names several


class Ref(NamedTuple):
    """A reference as the row writes it: a key or a name of `label` (a derived person key is a key)."""

    label: str
    value: str
    column: str  # the column it came from
    is_key: bool = False

    @property
    def lookup_key(self) -> tuple[str, str, bool]:
        """(label, value, is_key): what resolving it needs."""
        return self.label, self.value, self.is_key


@dataclass(slots=True)
class StagedLink:
    link: Link
    source: Ref | None  # None: the row's own node
    target: Ref | None
    props: dict[str, Any]
    position: int = 0  # the link's index in its kind's links


@dataclass(slots=True)
class Staged:
    number: int
    key: str | None = None
    node: dict[str, Any] | None = None
    links: list[StagedLink] = field(default_factory=list)
    errors: list[tuple[str | None, str]] = field(default_factory=list)  # (column, reason)
    warnings: list[tuple[str | None, str]] = field(default_factory=list)


class Block:
    """The cells of consecutive rows of one file, normalised a column at a time (loaders.columnar).

    Staging a row of the block then reads its values from here: the same values,
    and the same BadValue for a bad cell, as normalising the row's cells one by one.
    """

    def __init__(self, columns: Columns, rows: Sequence[Mapping[str, Any]],
                 cells: Mapping[str, list[Any]] | None = None, arrays: Mapping[str, pa.Array] | None = None) -> None:
        """`cells`: each column's cells, when the reader has them (every row naming every column);
        `arrays`: the same as pyarrow strings, when it read them so (loaders.plain_csv)."""
        present: set[str] = set(cells) if cells is not None else set().union(*rows) if rows else set()
        self.present = present
        self.whole = cells is not None  # every row has a cell in every present column
        cells_of = cells.__getitem__ if cells is not None else partial(_column, rows)
        array_of = (arrays or {}).get
        self.bad: dict[str, set[int]] = {owner: set() for owner in columns.props}  # rows with a bad cell, by owner
        self.values: dict[str, dict[str, list[Any]]] = {
            owner: {name: parse_column(prop, cells_of(name), self.bad[owner], array_of(name))
                    for prop, name, _ in prop_columns if name in present}
            for owner, prop_columns in columns.props.items()
        }
        references = {c for link in columns.kind.links for end in (link.source, link.target) if end
                      for c in (end.column, end.card_column) if c}
        self.texts = {c: text_column(cells_of(c), array_of(c)) for c in references & present}


def _column(rows: Sequence[Mapping[str, Any]], column: str) -> list[Any]:
    """Each row's cell in `column` (None where the row has none)."""
    return list(map(methodcaller("get", column), rows))


def stage_row(columns: Columns, number: int, row: Mapping[str, Any], block: Block | None = None, index: int = 0) -> Staged:
    """Normalise a row given as {column: cell}; only the columns present are set.

    `block`, when given, holds the row's cells already normalised, at `index`.
    What comes out passes the model's checks (graph.checks), which the store runs again.
    """
    staged = Staged(number)
    kind = columns.kind
    at = _At(block, index) if block is not None else None
    if kind.node:
        _stage_node(node_type(kind.node), columns.props[kind.node], row, staged, at)
    for position, link in enumerate(kind.links):
        _stage_link(link, position, columns.props[link.rel_type], row, staged, at)
    return staged


class _At(NamedTuple):
    block: Block
    index: int

    def text(self, column: str, row: Mapping[str, Any]) -> str | None:
        found = self.block.texts.get(column)
        return text(row.get(column)) if found is None else found[self.index]


def _read(props: dict[str, Any], owner: str, prop_columns: PropColumns, row: Mapping[str, Any], staged: Staged,
          at: _At | None) -> None:
    if at is not None:
        values, index = at.block.values[owner], at.index
        for prop, column, _ in prop_columns:
            if column in row:
                value = values[column][index]
                if isinstance(value, BadValue):
                    staged.errors.append((column, str(value)))
                else:
                    props[prop.name] = value
        return
    for prop, column, parse in prop_columns:
        if column not in row:
            continue
        try:
            props[prop.name] = parse(row[column])
        except BadValue as error:
            staged.errors.append((column, str(error)))


def _require(props: dict[str, Any], prop_columns: PropColumns, staged: Staged, key_hint: str = "") -> None:
    """A required property left blank is an error (unless its cell was already reported as bad)."""
    reported: set[str | None] | None = None
    for index, (prop, column, _) in enumerate(prop_columns):
        if prop.required and props.get(prop.name) is None:
            if reported is None:
                reported = {column for column, _ in staged.errors}
            if column not in reported:
                staged.errors.append((column, f"{prop.name} is required" + (key_hint if index == 0 else "")))


def _stage_node(node: NodeType, prop_columns: PropColumns, row: Mapping[str, Any], staged: Staged, at: _At | None) -> None:
    props: dict[str, Any] = {}
    _read(props, node.label, prop_columns, row, staged, at)
    derived = taxonomy.DERIVED.get(node.label, frozenset())
    if derived and staged.errors:
        columns = {prop.column for prop in node.all_properties if prop.name in derived}
        staged.warnings += [(c, f"{reason}: derived from the code") for c, reason in staged.errors if c in columns]
        staged.errors = [(c, reason) for c, reason in staged.errors if c not in columns]
    taxonomy.tidy_code_properties(props)
    try:
        for warning in TIDY.get(node.label, _no_tidy)(props, row):
            staged.warnings.append((None, warning))
    except (BadValue, identity.IdentityError) as error:
        staged.errors.append((ID_CARD if isinstance(error, identity.IdentityError) else node.key.column, str(error)))
        return
    _require(props, prop_columns, staged, " (or 身份证号)" if node.label == "Person" else "")
    if staged.errors:
        return
    staged.key, staged.node = props[node.key.name], props


def _stage_link(link: Link, position: int, prop_columns: PropColumns, row: Mapping[str, Any], staged: Staged, at: _At | None) -> None:
    props: dict[str, Any] = dict(link.fixed)
    if link.read_props:
        _read(props, link.rel_type, prop_columns, row, staged, at)
        taxonomy.tidy_code_properties(props)
        _require(props, prop_columns, staged)
        for later, reason in date_order_problems(props):
            staged.errors.append((rel_type(link.rel_type).prop(later).column, reason))
    sources = _refs(link.source, row, staged, at)
    targets = _refs(link.target, row, staged, at)
    for source in sources:
        for target in targets:
            staged.links.append(StagedLink(link, source, target, props, position))


def _refs(end: End | None, row: Mapping[str, Any], staged: Staged, at: _At | None) -> list[Ref | None]:
    """The references one end names: [None] for the row's own node, [] when blank and optional."""
    if end is None:
        return [None]
    cell = text(row.get(end.column)) if at is None else at.text(end.column, row)
    if cell is not None:
        return named(end, cell)
    card = (text(row.get(end.card_column)) if at is None else at.text(end.card_column, row)) if end.card_column else None
    if card is not None:
        try:
            return [Ref(end.label, identity.person_key(card), end.card_column or end.column, is_key=True)]
        except identity.IdentityError as error:
            staged.errors.append((end.card_column, str(error)))
            return []
    if end.required:
        staged.errors.append((end.column, f"names no {end.label}" + (" (give an id or 身份证号)" if end.card_column else "")))
    return []


def named(end: End, cell: str) -> list[Ref]:
    """The references a filled reference cell makes: several when the end takes many, codes in their short form."""
    values = [v.strip() for v in _MANY.split(cell)] if end.many else [cell]
    return [Ref(end.label, v, end.column) for v in canonical(end, values) if v]


def canonical(end: End, values: list[str]) -> list[str]:
    """Reference values as their nodes are keyed: 6-18-02-00 names the occupation 6-18-02."""
    return list(map(taxonomy.occupation_code, values)) if end.label == "Occupation" else values


def link_key(link: Link, props: Mapping[str, Any], source: Ref | RefKey | None, target: Ref | RefKey | None) -> Any:
    """What makes a row of a file of links unique: its first link's key property, or the two references' values
    (a Ref and its spool key alike hold the value second)."""
    key = rel_type(link.rel_type).key
    if key:
        return props.get(key)
    return (source[1] if source else "", target[1] if target else "")  # once a row of a link file: no generator


def fingerprint(node: Mapping[str, Any]) -> int:
    """What tells two rows of one shared node (an honour) apart when they give it other details."""
    return hash(repr(sorted(node.items())))


def _no_tidy(props: dict[str, Any], row: Mapping[str, Any]) -> list[str]:
    return []


def _tidy_person(props: dict[str, Any], row: Mapping[str, Any]) -> list[str]:
    """A key from 身份证号 when none is given; the birth year from the birth date or the card."""
    if props.get("personId") is not None and props.get("birthYear") is not None:
        return []  # nothing to derive
    card = text(row.get(ID_CARD))
    if props.get("personId") is None and card is not None:
        props["personId"] = identity.person_key(card)
    if props.get("birthYear") is None:
        if props.get("birthDate"):
            props["birthYear"] = int(props["birthDate"][:4])
        elif card is not None:
            props["birthYear"] = identity.birth_year(card)
    return []


def _tidy_honor(props: dict[str, Any], row: Mapping[str, Any]) -> list[str]:
    """An honour's key is its name, level and year: 荆楚工匠-省级-2020."""
    if props.get("honorId") is None and props.get("name"):
        props["honorId"] = "-".join(str(props[p]) for p in HONOR_KEY if props.get(p) is not None)
    return []


Tidy = Callable[[dict[str, Any], Mapping[str, Any]], list[str]]
TIDY: dict[str, Tidy] = {
    "Person": _tidy_person,
    "Honor": _tidy_honor,
    "Occupation": lambda props, _: taxonomy.tidy_occupation(props),
    "Region": lambda props, _: taxonomy.tidy_region(props),
}
