"""The columns of a file kind, derived from the model, and matching a file's headers to them.

Each column has a snake_case name (Property.column, or End.column for a
reference) and the Chinese headers a union uses (Property.aliases). Headers
match ignoring case, spaces, underscores and full-width brackets.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from graph.model import NodeType, Property, node_type, rel_type
from loaders.kinds import End, FileKind
from loaders.values import parser

ID_CARD = "id_card"
ID_CARD_HEADERS = ("身份证号", "身份证号码", "公民身份号码", "身份证")
# Headers too vague to name a referenced node in another kind's file.
VAGUE = {"名称", "代码", "编码", "编号", "级别"}


@dataclass(frozen=True)
class Column:
    name: str
    headers: tuple[str, ...]  # every header accepted for it, its own name first

    @property
    def chinese(self) -> str:
        """The first Chinese header, to name the column to a clerk."""
        return next((h for h in self.headers if not h.isascii()), self.name)


PropColumns = tuple[tuple[Property, str, Callable[[Any], Any]], ...]  # (property, its column, its parser)


@dataclass(frozen=True)
class Columns:
    """The columns a kind reads and the groups of which one must be present."""

    kind: FileKind
    columns: dict[str, Column]
    required: tuple[tuple[str, ...], ...]  # each group: at least one of these columns
    by_header: dict[str, str]  # normalised header -> column name
    props: dict[str, PropColumns]  # node label or relationship type -> its properties' columns

    def match(self, header: str) -> str | None:
        """The column a file's header means, or None when it is unknown."""
        return self.by_header.get(normalise_header(header))


def normalise_header(header: str) -> str:
    """经济效益 (万元) and 经济效益（万元） and ' Benefit_Wan_Yuan' match alike."""
    text = unicodedata.normalize("NFKC", str(header))
    return re.sub(r"[\s_]", "", text).lower()


def _property_headers(prop: Property) -> tuple[str, ...]:
    return (prop.column, prop.name, *prop.aliases)


def _end_headers(end: End) -> tuple[str, ...]:
    headers = [end.column]
    if end.zh:
        headers += [end.zh, f"{end.zh}编号", f"{end.zh}姓名", f"{end.zh}名称", f"{end.zh}代码"]
    if end.generic:
        target = node_type(end.label)
        text = [target.prop(target.text)] if target.text else []
        headers += [a for p in (target.key, *text) for a in p.aliases if a not in VAGUE]
    return tuple(headers)


def _card_headers(end: End) -> tuple[str, ...]:
    assert end.card_column is not None
    generic = ID_CARD_HEADERS if end.generic else ()
    return (end.card_column, *(f"{end.zh}{h}" for h in ID_CARD_HEADERS if end.zh), *generic)


def derivable_key(node: NodeType) -> bool:
    """Whether a row may leave the key blank: a person's comes from 身份证号, an honour's from its name."""
    return node.label in ("Person", "Honor")


@cache
def columns_of(kind: FileKind) -> Columns:
    """Every column of a kind, once; raises when two columns claim one header."""
    found: dict[str, list[str]] = {}
    required: list[tuple[str, ...]] = []

    def add(name: str, headers: tuple[str, ...]) -> None:
        found.setdefault(name, [])
        found[name] += [h for h in headers if h not in found[name]]

    if kind.node:
        node = node_type(kind.node)
        for prop in node.all_properties:
            add(prop.column, _property_headers(prop))
            if prop.required and not (prop is node.key and derivable_key(node)):
                required.append((prop.column,))
        if node.label == "Person":
            add(ID_CARD, (ID_CARD, *ID_CARD_HEADERS))
            required.append((node.key.column, ID_CARD))
    for link in kind.links:
        if link.read_props:
            for prop in rel_type(link.rel_type).properties:
                add(prop.column, _property_headers(prop))
                if prop.required:
                    required.append((prop.column,))
        for end in (link.source, link.target):
            if end is None:
                continue
            add(end.column, _end_headers(end))
            group = (end.column,)
            if end.card_column:
                add(end.card_column, _card_headers(end))
                group += (end.card_column,)
            if end.required:
                required.append(group)
    for name, headers in kind.ignored:
        add(name, (name, *headers))
    by_header: dict[str, str] = {}
    for name, headers in found.items():
        for header in headers:
            key = normalise_header(header)
            if by_header.setdefault(key, name) != name:
                raise ValueError(f"{kind.name}: header {header!r} would mean both {by_header[key]} and {name}")
    columns = {name: Column(name, tuple(headers)) for name, headers in found.items()}
    props: dict[str, PropColumns] = {}
    if kind.node:
        props[kind.node] = tuple((p, p.column, parser(p)) for p in node_type(kind.node).all_properties)
    for link in kind.links:
        props[link.rel_type] = tuple((p, p.column, parser(p)) for p in rel_type(link.rel_type).properties)
    return Columns(kind, columns, tuple(dict.fromkeys(required)), by_header, props)
