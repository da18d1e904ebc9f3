"""Streaming readers for .csv (UTF-8, UTF-8 with BOM, GBK/GB18030), .xlsx and .jsonl.

`read_rows(path)` yields (row number, {header: value}) one row at a time, so a
million-row file never sits in memory; `read_table(path)` yields the same rows
as (row number, headers, cells), without a dict a row. Row numbers are those a
clerk sees: the spreadsheet row or the line of a .jsonl file. The CSV encoding
is detected by decoding strictly, never guessed from the file name.

Tables as clerks keep them: blank rows and a title (a row of one cell, often
merged across the table) above the header are skipped. A header cell merged
down over two rows makes a two-row header, each column named by its cells from
the top (师傅 merged over 编号 and 姓名 gives 师傅编号 and 师傅姓名).
"""

from __future__ import annotations

import codecs
import csv
import itertools
import json
import re
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

SUFFIXES = (".csv", ".xlsx", ".jsonl")
RawRow = dict[str, Any]
CHUNK = 1 << 20
LEADING = 20  # rows above the header that may be blank or titles
MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]{1,3}[0-9]{1,7}:[A-Z]{1,3}[0-9]{1,7})"')
OVERLAP = 64  # bytes kept between chunks, more than a <mergeCell> element
Merge = tuple[int, int, int, int]  # min column, min row, max column, max row (1-based, inclusive)
Table = Iterator[tuple[int, Sequence[str], Sequence[Any]]]  # (row number, headers, cells)


class ReadError(ValueError):
    """A file that cannot be read as a table; the message names the file."""


def detect_encoding(path: Path) -> str:
    """utf-8-sig when the whole file decodes as UTF-8 (BOM or not), else gb18030 (a superset of GBK)."""
    for encoding in ("utf-8-sig", "gb18030"):
        if decodes(path, encoding):
            return encoding
    raise ReadError(f"{path.name}: neither UTF-8 nor GBK/GB18030 text; save it as CSV UTF-8 from Excel")


def decodes(path: Path, encoding: str) -> bool:
    """Whether the whole file decodes strictly in `encoding`."""
    try:
        for _ in checked_chunks(path, encoding):
            pass
    except UnicodeDecodeError:
        return False
    return True


def checked_chunks(path: Path, encoding: str) -> Iterator[bytes]:
    """The file's bytes a chunk at a time, each decoded strictly in `encoding` before it comes out:
    UnicodeDecodeError where the text stops being that encoding."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            decoder.decode(chunk)
            yield chunk
    decoder.decode(b"", final=True)


def read_headers(path: Path, sheet: str | None = None) -> list[str]:
    """The header row of a file (the keys of the first object of a .jsonl file)."""
    for _, row in read_rows(path, sheet):
        return list(row)
    return []


def read_rows(path: Path, sheet: str | None = None) -> Iterator[tuple[int, RawRow]]:
    table = read_table(path, sheet)
    return ((number, dict(zip(headers, cells))) for number, headers, cells in table)


def read_table(path: Path, sheet: str | None = None) -> Table:
    """(row number, headers, cells) for each row; a table's rows share one list of headers and have a cell for each.

    A row may have more cells than headers, all blank; a .jsonl line's headers are its own keys.
    """
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path)
    if suffix == ".xlsx":
        return _xlsx_rows(path, sheet)
    if suffix == ".jsonl":
        return _jsonl_rows(path)
    raise ReadError(f"{path.name}: unknown file type; use {', '.join(SUFFIXES)}")


def _csv_rows(path: Path) -> Table:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as source:
        delimiter = delimiter_of(source.readline())
        source.seek(0)
        reader = csv.reader(source, delimiter=delimiter)
        yield from _table(path, ((reader.line_num, cells) for cells in reader), [])


def delimiter_of(first_line: str) -> str:
    """A tab for a tab-separated export (tabs and no comma on its first line), else a comma."""
    return "\t" if "\t" in first_line and "," not in first_line else ","


def sheet_names(path: Path) -> list[str]:
    """The sheets of a workbook, in order."""
    book = _open_book(path)
    try:
        return list(book.sheetnames)
    finally:
        book.close()


def _open_book(path: Path) -> Any:
    from openpyxl import load_workbook

    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for a file that is not a workbook
        raise ReadError(f"{path.name}: not a readable .xlsx workbook ({error})") from error


def _xlsx_rows(path: Path, sheet: str | None) -> Table:
    book = _open_book(path)
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise ReadError(f"{path.name}: no sheet named {sheet!r}; it has {', '.join(book.sheetnames)}")
        worksheet = book[sheet or book.sheetnames[0]]
        rows = enumerate(worksheet.iter_rows(values_only=True), start=1)
        yield from _table(path, rows, _merges(worksheet))
    finally:
        book.close()


def _merges(worksheet: Any) -> list[Merge]:
    """The sheet's merged ranges near its top, which openpyxl's read-only mode leaves out, from the sheet's XML.

    The <mergeCell ref="A1:F1"/> elements follow the cells, so the whole stream is scanned, as bytes
    (several times faster than parsing every cell again); text in a sheet is escaped, so only elements match.
    """
    from openpyxl.utils.cell import range_boundaries  # openpyxl is loaded for workbooks only, as in _open_book

    refs: set[bytes] = set()
    tail = b""
    with worksheet._get_source() as xml:  # the sheet's XML stream: read-only worksheets expose no merged_cells
        while chunk := xml.read(CHUNK):
            window = tail + chunk
            refs.update(MERGE_CELL.findall(window))
            tail = window[-OVERLAP:]
    found = [range_boundaries(ref.decode()) for ref in refs]
    return sorted(b for b in found if b[1] is not None and b[1] <= LEADING + 2)  # type: ignore[misc]


def _table(path: Path, rows: Iterator[tuple[int, Sequence[Any]]], merges: list[Merge]) -> Table:
    """The rows under the header, once the blank and title rows above it are skipped and merged cells filled."""
    head: list[tuple[int, Sequence[Any]]] = []
    for number, cells in rows:
        head.append((number, cells))
        if len(head) > LEADING or len(filled(cells)) > 1:
            break
    leading = [n for n, cells in head if len(filled(cells)) <= 1]
    start = next((i for i, (n, _) in enumerate(head) if n not in leading), None)
    if start is None:  # a table of one column, or nothing: its first non-blank row is the header
        start = next((i for i, (_, cells) in enumerate(head) if filled(cells)), None)
        if start is None:
            return
    number, cells = head[start]
    depth = max((bottom - top + 1 for _, top, _, bottom in merges if top == number), default=1)
    header_rows = [list(cells)]
    rest = itertools.chain(head[start + 1:], rows)
    for _ in range(depth - 1):
        below = next(rest, None)
        if below is None:
            break
        header_rows.append(list(below[1]))
    names = header_names(number, header_rows, merges)
    yield from _rows_under(path, names, rest)


def filled(cells: Sequence[Any]) -> list[Any]:
    """The cells that hold more than spaces."""
    return [c for c in cells if c is not None and str(c).strip()]


def header_names(first: int, rows: list[list[Any]], merges: list[Merge]) -> list[str]:
    """Each column's header: its cells from the top, a merged cell's value in every cell it covers."""
    width = max(len(r) for r in rows)
    grid = [[*r, *[None] * (width - len(r))] for r in rows]
    for left, top, right, bottom in merges:
        if top < first or top >= first + len(grid) or left > width:
            continue
        value = grid[top - first][left - 1]
        for row in range(top - first, min(bottom - first + 1, len(grid))):
            for column in range(left - 1, min(right, width)):
                grid[row][column] = value
    names = []
    for column in range(width):
        parts = [str(row[column]).strip() for row in grid if row[column] is not None and str(row[column]).strip()]
        names.append("".join(dict.fromkeys(parts)))
    return names


def _rows_under(path: Path, headers: list[str], rows: Iterator[tuple[int, Any]]) -> Table:
    """Each row's cells under the headers; blank rows are skipped, cells beyond the headers are an error."""
    width = len(headers)
    while width and not headers[width - 1].strip():
        width -= 1
    headers = headers[:width]
    for number, cells in rows:
        if _blank(cells):
            continue
        if len(cells) > width and not _blank(cells[width:]):
            raise ReadError(f"{path.name} row {number}: {len(cells)} cells but only {width} headers")
        if len(cells) < width:
            cells = [*cells, *[None] * (width - len(cells))]
        yield number, headers, cells


def _blank(cells: Sequence[Any]) -> bool:
    """No cell holds anything but spaces (a CSV row's cells are all text: joined, they are tested at once)."""
    try:
        return not "".join(cells).strip()
    except TypeError:  # an .xlsx row: numbers, dates, None
        return all(c is None or str(c).strip() == "" for c in cells)


def _jsonl_rows(path: Path) -> Table:
    with path.open(encoding="utf-8-sig") as source:
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise ReadError(f"{path.name} line {number}: not JSON ({error.msg})") from None
            if not isinstance(row, dict):
                raise ReadError(f"{path.name} line {number}: a JSON object is needed, not {type(row).__name__}")
            yield number, list(row), list(row.values())
