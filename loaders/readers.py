"""Streaming readers for .csv (UTF-8, UTF-8 with BOM, GBK/GB18030), .xlsx and .jsonl.

`read_rows(path)` yields (row number, {header: value}) one row at a time, so a
million-row file never sits in memory. Row numbers are those a clerk sees: the
spreadsheet row (the header is row 1) or the line of a .jsonl file. The CSV
encoding is detected by decoding strictly, never guessed from the file name.
"""

from __future__ import annotations

import codecs
import csv
import json
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

SUFFIXES = (".csv", ".xlsx", ".jsonl")
RawRow = dict[str, Any]
CHUNK = 1 << 20


class ReadError(ValueError):
    """A file that cannot be read as a table; the message names the file."""


def detect_encoding(path: Path) -> str:
    """utf-8-sig when the whole file decodes as UTF-8 (BOM or not), else gb18030 (a superset of GBK)."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        try:
            with path.open("rb") as source:
                while chunk := source.read(CHUNK):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    raise ReadError(f"{path.name}: neither UTF-8 nor GBK/GB18030 text; save it as CSV UTF-8 from Excel")


def read_headers(path: Path, sheet: str | None = None) -> list[str]:
    """The header row of a file (the keys of the first object of a .jsonl file)."""
    for _, row in read_rows(path, sheet):
        return list(row)
    return []


def read_rows(path: Path, sheet: str | None = None) -> Iterator[tuple[int, RawRow]]:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(path)
    if suffix == ".xlsx":
        return _xlsx_rows(path, sheet)
    if suffix == ".jsonl":
        return _jsonl_rows(path)
    raise ReadError(f"{path.name}: unknown file type; use {', '.join(SUFFIXES)}")


def _csv_rows(path: Path) -> Iterator[tuple[int, RawRow]]:
    encoding = detect_encoding(path)
    with path.open(encoding=encoding, newline="") as source:
        first = source.readline()
        delimiter = "\t" if "\t" in first and "," not in first else ","
        source.seek(0)
        reader = csv.reader(source, delimiter=delimiter)
        headers = next(reader, None)
        if headers is None:
            return
        yield from _rows_under(path, headers, ((reader.line_num, cells) for cells in reader))


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[tuple[int, RawRow]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises several kinds for a file that is not a workbook
        raise ReadError(f"{path.name}: not a readable .xlsx workbook ({error})") from error
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise ReadError(f"{path.name}: no sheet named {sheet!r}; it has {', '.join(book.sheetnames)}")
        rows = book[sheet or book.sheetnames[0]].iter_rows(values_only=True)
        headers = next(rows, None)
        if headers is None:
            return
        names = ["" if h is None else str(h) for h in headers]
        yield from _rows_under(path, names, enumerate(rows, start=2))
    finally:
        book.close()


def _rows_under(path: Path, headers: list[str], rows: Iterator[tuple[int, Any]]) -> Iterator[tuple[int, RawRow]]:
    """Pair cells with headers; blank rows are skipped, cells beyond the headers are an error."""
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
        yield number, dict(zip(headers, cells))


def _blank(cells: Sequence[Any]) -> bool:
    """No cell holds anything but spaces (a CSV row's cells are all text: joined, they are tested at once)."""
    try:
        return not "".join(cells).strip()
    except TypeError:  # an .xlsx row: numbers, dates, None
        return all(c is None or str(c).strip() == "" for c in cells)


def _jsonl_rows(path: Path) -> Iterator[tuple[int, RawRow]]:
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
            yield number, row
