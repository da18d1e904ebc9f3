"""A plain CSV file read a column at a time by pyarrow: the rows loaders.readers gives, without a Python object a row.

"Plain": UTF-8 (a BOM or not), with no quote character, no NUL and no carriage
return but before a line feed anywhere, and its header on its first line (more
than one filled cell, the last one filled). Each line of such a file is one row,
numbered as the row reader numbers it, and its cells are what Python's csv module
would split it into: text between delimiters. Most exports of the generated
city are plain; an Excel export that quotes a cell, a GBK file or a title above
the header is not, and goes to the row reader.

pyarrow refuses a line whose cells do not match the header in number (an empty
line, a short row, a long one). The rows before the block holding it come out;
the row reader then takes the file up after the last of them, and skips the
line or names it as it always has (Source.blocks).
"""

from __future__ import annotations

import csv
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from loaders.columnar import SPACE
from loaders.readers import checked_chunks, delimiter_of, filled, header_names

READ_BYTES = 1 << 20  # bytes pyarrow parses at a time (its own default; 4 MiB took 10 MiB more, no quicker)


@dataclass(frozen=True)
class PlainCsv:
    path: Path
    headers: list[str]  # as loaders.readers names them
    delimiter: str


class ColumnBlock(NamedTuple):
    """Consecutive rows of a plain file: their line numbers and each header's cells, in the header's order."""

    numbers: list[int]
    columns: list[pa.Array]  # strings, one array a header


def plain_csv(path: Path) -> PlainCsv | None:
    """The file's headers and delimiter when it is plain (see the module doc); None when it is not."""
    if path.suffix.lower() != ".csv" or not _plain_bytes(path):
        return None
    with path.open(encoding="utf-8-sig", newline="") as source:
        first = source.readline()
    delimiter = delimiter_of(first)
    cells = next(csv.reader([first], delimiter=delimiter), [])
    if len(filled(cells)) < 2 or not cells[-1].strip():
        return None  # a title line, or blank headers at the end (whose cells must be blank): the row reader's
    return PlainCsv(path, header_names(1, [cells], []), delimiter)


def _plain_bytes(path: Path) -> bool:
    """Whether the whole file is UTF-8 with no quote, no NUL and no carriage return outside a CR LF (one pass)."""
    returns = line_ends = 0
    last = b""
    try:
        for chunk in checked_chunks(path, "utf-8-sig"):
            if b'"' in chunk or b"\0" in chunk:
                return False
            returns += chunk.count(b"\r")
            line_ends += (last + chunk).count(b"\r\n")  # one CR LF may straddle two chunks
            last = chunk[-1:]
    except UnicodeDecodeError:
        return False
    return returns == line_ends


def column_blocks(plain: PlainCsv, size: int) -> Generator[ColumnBlock, None, bool]:
    """The file's rows, `size` at a time, blank ones left out; returns False when pyarrow stopped at a line
    it refused (the rows before its block have come out), True at the file's end."""
    names = [str(index) for index in range(len(plain.headers))]  # the file's own may repeat or be blank
    try:
        reader = pa_csv.open_csv(
            plain.path,
            read_options=pa_csv.ReadOptions(column_names=names, skip_rows=1, block_size=READ_BYTES),
            parse_options=pa_csv.ParseOptions(delimiter=plain.delimiter, quote_char=False, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                  strings_can_be_null=False))
    except pa.ArrowInvalid:
        return False
    pending: list[pa.RecordBatch] = []
    first, complete = 2, True  # the line of the first row not yet given; whether pyarrow read to the end
    while True:
        try:
            pending.append(reader.read_next_batch())
        except StopIteration:
            break
        except pa.ArrowInvalid:
            complete = False
            break
        if sum(batch.num_rows for batch in pending) >= size:
            table = pa.Table.from_batches(pending)
            whole = table.num_rows - table.num_rows % size
            yield from _slices(table.slice(0, whole), first, size)
            first += whole
            pending = table.slice(whole).to_batches()
    if pending:
        yield from _slices(pa.Table.from_batches(pending), first, size)
    return complete


def _slices(table: pa.Table, first: int, size: int) -> Iterator[ColumnBlock]:
    """The table's rows (from line `first`) in blocks of `size`, each without its blank rows."""
    for start in range(0, table.num_rows, size):
        part = table.slice(start, size)
        columns = [column.combine_chunks() for column in part.columns]
        numbers = list(range(first + start, first + start + part.num_rows))
        blank = _blank_rows(columns)
        if blank is not None:
            keep = pc.invert(blank)
            columns = [column.filter(keep) for column in columns]
            numbers = [number for number, dropped in zip(numbers, blank.to_pylist()) if not dropped]
        if numbers:
            yield ColumnBlock(numbers, columns)


def _blank_rows(columns: list[pa.Array]) -> pa.Array | None:
    """Which rows hold nothing but spaces (the row reader skips them), or None when no row does."""
    pattern = f"^[{SPACE}]*$"
    blank = pc.match_substring_regex(columns[0], pattern)
    if not pc.any(blank).as_py():
        return None
    for column in columns[1:]:
        blank = pc.and_(blank, pc.match_substring_regex(column, pattern))
    return blank if pc.any(blank).as_py() else None
