"""Normalising a whole column at once, with pyarrow: the same values and reasons as loaders.values, faster.

A column's cells that are already in the model's form (a trimmed NFKC string, a
plain integer, an ISO date, a value of the closed list...) are recognised and
converted by pyarrow's compute kernels, a column at a time. Every other cell goes
through values.parser one by one, so a bad cell is reported exactly as before.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache
from operator import itemgetter
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from graph.model import NODES, RELS, Kind, Property
from loaders.values import FALSE, GRADE_PROPS, TRUE, BadValue, parser, text

Parsed = list[Any]  # a value, None for a blank cell, or the BadValue a cell raised
FEW = 128  # cells: fewer go through values.parser one at a time, faster than pyarrow's calls (~0.1 ms each)
FEW_TEXT = 4096  # cells of plain text: one at a time is faster at any length (values.text, a few str calls);
# pyarrow's pass is kept for longer columns, whose repeated values it makes one object each (_pylist)


# Every character str.isspace() accepts (so str.strip() removes), as an RE2 class body; a test checks it.
SPACE = r"\x{9}-\x{d}\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"


@cache
def _clean_text() -> str:
    """A cell text() returns unchanged: no space at either end (its NFKC form is checked apart)."""
    return f"(?s)^[^{SPACE}](.*[^{SPACE}])?$"


def _fast(prop: Property) -> tuple[str | None, Callable[[pa.Array], pa.Array]] | None:
    """(a regex a clean cell matches, or None for a membership test; the conversion) for `prop`."""
    if prop.name in GRADE_PROPS:
        return r"^[1-8]$", lambda a: pc.cast(a, pa.int64())
    match prop.kind:
        case Kind.STR:
            return None, lambda a: a
        case Kind.INT:
            return r"^[0-9]{1,15}$", lambda a: pc.cast(a, pa.int64())
        case Kind.FLOAT:
            return r"^[0-9]{1,15}(\.[0-9]{1,6})?$", lambda a: pc.cast(a, pa.float64())
        case Kind.DATE:
            return r"^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", lambda a: a
        case Kind.BOOL:
            return None, lambda a: pc.is_in(a, value_set=pa.array(sorted(TRUE)))
    return None


def fast_from(prop: Property) -> int:
    """The cells from which a column of `prop` goes through pyarrow's kernels (FEW, FEW_TEXT)."""
    return FEW_TEXT if parser(prop) is text else FEW


def _clean(prop: Property, cells: pa.Array, regex: str | None) -> pa.Array:
    """Which cells the fast path can convert: the same value values.parser would give, and no error."""
    if prop.choices is not None:
        return pc.is_in(cells, value_set=pa.array(prop.choices))
    if prop.kind is Kind.BOOL:
        return pc.is_in(cells, value_set=pa.array(sorted(TRUE | FALSE)))
    if regex is not None:
        matched = pc.match_substring_regex(cells, regex)
        return pc.and_(matched, _real_days(cells, matched)) if prop.kind is Kind.DATE else matched
    same = pc.equal(pc.utf8_normalize(cells, form="NFKC"), cells)
    return pc.and_(same, pc.match_substring_regex(cells, _clean_text()))


def _real_days(cells: pa.Array, matched: pa.Array) -> pa.Array:
    """Which cells name a day of the calendar (2021-02-30 does not), of those `matched` in the form YYYY-MM-DD.

    Arrow's cast to a date refuses the whole column for one impossible day; then each cell is
    parsed and printed back (2021-02-30 comes back as 2021-03-02), six times slower.
    """
    try:
        return pc.is_valid(pc.cast(pc.if_else(matched, cells, pa.scalar(None, pa.string())), pa.date32()))
    except pa.ArrowInvalid:
        parsed = pc.strptime(cells, format="%Y-%m-%d", unit="s", error_is_null=True)
        return pc.equal(pc.strftime(parsed, format="%Y-%m-%d"), cells)


def _in_range(prop: Property, values: pa.Array) -> pa.Array:
    ok = pc.is_valid(values)
    if prop.min is not None:
        ok = pc.and_(ok, pc.greater_equal(values, prop.min))
    if prop.max is not None:
        ok = pc.and_(ok, pc.less_equal(values, prop.max))
    return ok


def parse_column(prop: Property, cells: Sequence[Any], bad: set[int] | None = None,
                 strings: pa.Array | None = None) -> Parsed:
    """Each cell as values.parser(prop) returns it; a cell it refuses gives its BadValue instead,
    and its index is added to `bad` when one is given. `strings`: the cells as a pyarrow array, if read so."""
    slow = parser(prop)
    fast = _fast(prop) if len(cells) >= fast_from(prop) else None
    array = _strings(cells, strings) if fast is not None else None
    if array is None or fast is None:
        found = [_one(slow, cell) for cell in cells]
        if bad is not None:
            bad.update(i for i, value in enumerate(found) if isinstance(value, BadValue))
        return found
    regex, convert = fast
    clean = pc.fill_null(_clean(prop, array, regex), False)
    values = convert(pc.if_else(clean, array, pa.scalar(None, pa.string())))
    if prop.kind in (Kind.INT, Kind.FLOAT) and (prop.min is not None or prop.max is not None):
        clean = pc.and_(clean, pc.fill_null(_in_range(prop, values), False))
    found = _pylist(pc.if_else(clean, values, pa.scalar(None, values.type)))
    for index in _unclean(clean, array):
        found[index] = _one(slow, cells[index])
        if bad is not None and isinstance(found[index], BadValue):
            bad.add(index)
    return found


def _unclean(clean: pa.Array, cells: pa.Array) -> list[int]:
    """The indices of the cells the fast path left to the slow one: neither clean nor empty (every
    parser's None, as the fast path leaves them: a third of some columns, and a call each saved)."""
    empty = pc.fill_null(pc.equal(cells, ""), True)
    return pc.indices_nonzero(pc.invert(pc.or_(clean, empty))).to_pylist()


def _pylist(array: pa.Array) -> list[Any]:
    """The array as Python values; a text column that repeats its values (a status, a code, an employer)
    gives each value one object, not one a row, as a store then keeps a million of them."""
    if not pa.types.is_string(array.type) or len(array) < 64:
        return array.to_pylist()
    encoded = pc.dictionary_encode(array)
    if len(encoded.dictionary) * 2 > len(array):
        return array.to_pylist()
    words = [*encoded.dictionary.to_pylist(), None]
    return list(itemgetter(*pc.fill_null(encoded.indices, len(words) - 1).to_pylist())(words))


def _strings(cells: Sequence[Any], read: pa.Array | None = None) -> pa.Array | None:
    """The cells as a string array (`read`, when the reader gave them so), or None when some cell is not text
    (an Excel number or date)."""
    if read is not None:
        return read
    try:
        return pa.array(cells, type=pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def _one(parse: Callable[[Any], Any], cell: Any) -> Any:
    try:
        return parse(cell)
    except BadValue as error:
        return error


def text_column(cells: Sequence[Any], strings: pa.Array | None = None) -> list[str | None]:
    """values.text of every cell, clean ones recognised a column at a time (`strings`: as parse_column's)."""
    array = _strings(cells, strings) if len(cells) >= FEW_TEXT else None
    if array is None:
        return [text(cell) for cell in cells]
    same = pc.fill_null(pc.and_(pc.equal(pc.utf8_normalize(array, form="NFKC"), array),
                                pc.match_substring_regex(array, _clean_text())), False)
    found = _pylist(pc.if_else(same, array, pa.scalar(None, pa.string())))
    for index in _unclean(same, array):
        found[index] = text(cells[index])
    return found


def warm() -> None:
    """One property of each kind of column parsed, on as many cells as take pyarrow's path: a kernel's
    first call in a process costs a millisecond or more, and most are then called.

    load_folder runs it on a thread while the store sets up its schema and starts the
    journal, so that the first file long enough for the kernels does not wait for it.
    """
    paths: dict[tuple[bool, Kind, bool], Property] = {}
    for prop in [*(p for node in NODES for p in node.all_properties), *(p for rel in RELS for p in rel.properties)]:
        paths.setdefault((prop.name in GRADE_PROPS, prop.kind, prop.choices is not None), prop)
    for prop in paths.values():
        parse_column(prop, ["1"] * fast_from(prop))
    text_column(["1"] * FEW_TEXT)
