"""Staging a block of rows at once: stage_row's answer for every row, with most of its work done a column at a time.

A row the fast path cannot vouch for (a bad cell, a blank required value, a column
missing from that row, a rule broken) is staged again by stage_row, which alone says
what is wrong; so a problem is reported exactly as stage_row reports it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graph.model import node_type
from graph.rules import DATE_ORDER, date_order_problems
from loaders import identity, taxonomy
from loaders.columns import Columns, PropColumns
from loaders.kinds import End, Link
from loaders.stage import TIDY, Block, Ref, Staged, StagedLink, Tidy, named, stage_row
from loaders.values import BadValue

Rows = Sequence[Mapping[str, Any]]


class Slow(Exception):
    """The row needs stage_row (for loaders.check_block: the block must go row by row)."""


def stage_block(columns: Columns, numbers: Sequence[int], rows: Rows, block: Block,
                parts: Parts | None = None) -> list[Staged]:
    """stage_row(columns, numbers[i], rows[i], block, i) for every row of the block (`parts`: its block_parts)."""
    kind = columns.kind
    slow, node, links = parts or block_parts(columns, rows, block)
    tidy = TIDY.get(kind.node) if kind.node else None
    key = node_type(kind.node).key.name if kind.node else ""
    count = len(numbers)
    node_rows = node.all_rows(count) if node is not None else None
    values = [link_rows(link, read, count) for _, link, read in links]
    staged: list[Staged] = []
    for index, number in enumerate(numbers):
        if index not in slow:
            try:
                props = node_rows[index] if node_rows is not None else None
                staged.append(_fast(number, rows[index], index, block, (key, node, tidy), props, links, values))
                continue
            except (Slow, BadValue, identity.IdentityError):
                pass
        staged.append(stage_row(columns, number, rows[index], block, index))
    return staged


class BlockProps:
    """One owner's property values in the block, with the names of its required properties."""

    def __init__(self, names: list[str], values: list[list[Any]], required: list[str]) -> None:
        self.names, self.required = names, required
        self.columns = dict(zip(names, values))
        self.values = values
        self.coded = taxonomy.CODE_PROPERTY in names  # an occupation code to put in its short form
        self.dated = any(name in names for pair in DATE_ORDER for name in pair)  # dates that must be in order

    def all_rows(self, count: int, fixed: tuple[tuple[str, Any], ...] = ()) -> list[dict[str, Any]]:
        """Every row's values, after the `fixed` ones, as stage._read sets them: a dict a row, occupation codes tidied."""
        if not self.values:
            found = [dict(fixed) for _ in range(count)]
        elif fixed:
            found = [{**dict(fixed), **dict(zip(self.names, row))} for row in zip(*self.values)]
        else:
            names = self.names
            found = [dict(zip(names, row)) for row in zip(*self.values)]
        if self.coded:
            for props in found:
                taxonomy.tidy_code_properties(props)
        return found

    def require(self, props: dict[str, Any], names: list[str] | None = None) -> None:
        """Slow when a required property (of `names`, if given) is blank (stage._require reports it)."""
        for name in self.required if names is None else names:
            if props.get(name) is None:
                raise Slow

    def require_all(self, rows: list[dict[str, Any]]) -> None:
        """`require` for every row; a column holding no blank vouches for its property at once."""
        doubtful = [name for name in self.required if None in self.columns.get(name, (None,))]
        if doubtful:  # tidying only adds values: a column without a blank stays without one
            for props in rows:
                self.require(props, doubtful)


LinkPart = tuple[int, Link, "BlockProps | None"]  # (the link's index in its kind, the link, its values if it reads any)


Parts = tuple[set[int], "BlockProps | None", list[LinkPart]]  # what block_parts finds


def block_parts(columns: Columns, rows: Rows, block: Block) -> Parts:
    """(the rows the fast path cannot vouch for, the node's values, each link's values) of a block."""
    kind = columns.kind
    slow = set() if block.whole else {i for i, row in enumerate(rows) if len(row) != len(block.present)}  # a row without some column
    node = _props(columns, kind.node, block, slow) if kind.node else None
    links = [(position, link, _props(columns, link.rel_type, block, slow) if link.read_props else None)
             for position, link in enumerate(kind.links)]
    return slow, node, links


def _props(columns: Columns, owner: str, block: Block, slow: set[int]) -> BlockProps:
    """The owner's columns present in the block; rows with a bad cell among them are marked slow."""
    prop_columns: PropColumns = columns.props[owner]
    present = [(prop.name, block.values[owner][column]) for prop, column, _ in prop_columns if column in block.present]
    slow.update(block.bad[owner])
    return BlockProps([name for name, _ in present], [values for _, values in present],
                  [prop.name for prop, _, _ in prop_columns if prop.required])


NodePart = tuple[str, BlockProps | None, Tidy | None]  # (the key's name, the node's values, its tidying)


def _fast(number: int, row: Mapping[str, Any], index: int, block: Block, node_part: NodePart,
          props: dict[str, Any] | None, links: list[LinkPart], values: list[list[dict[str, Any]]]) -> Staged:
    """stage_row's Staged for a row with no problem (`props`: its node's values, `values`: each link's link_rows);
    Slow when it has one."""
    staged = Staged(number)
    key, node, tidy = node_part
    if node is not None and props is not None:
        for warning in tidy(props, row) if tidy is not None else ():
            staged.warnings.append((None, warning))
        node.require(props)  # after the tidying, which may fill the key
        staged.key, staged.node = props[key], props
    for (position, link, read), rows in zip(links, values):
        link_props = rows[index]
        if read is not None:
            read.require(link_props)
            if read.dated and date_order_problems(link_props):
                raise Slow
        sources, targets = row_refs(link.source, block, index), row_refs(link.target, block, index)
        staged.links += [StagedLink(link, s, t, link_props, position) for s in sources for t in targets]
    return staged


def link_rows(link: Link, read: BlockProps | None, count: int) -> list[dict[str, Any]]:
    """Each row's properties of a link, its fixed ones and those it reads (not yet required nor dated)."""
    if read is None:
        return [dict(link.fixed) for _ in range(count)]
    return read.all_rows(count, link.fixed)


def row_refs(end: End | None, block: Block, index: int) -> list[Ref | None]:
    """stage._refs for a row without problems; Slow when the row has one."""
    if end is None:
        return [None]
    cells = block.texts.get(end.column)
    cell = cells[index] if cells is not None else None
    if cell is not None:
        return named(end, cell)
    cards = block.texts.get(end.card_column) if end.card_column else None
    card = cards[index] if cards is not None else None
    if card is not None:
        return [Ref(end.label, identity.person_key(card), end.card_column or end.column, is_key=True)]
    if end.required:
        raise Slow
    return []
