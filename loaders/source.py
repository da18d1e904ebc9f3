"""The files of a folder, one per kind, and their rows keyed by column.

A file is found by its stem, in English or Chinese (people.csv, 人员.xlsx or
people.jsonl; loaders.kinds.CHINESE_NAMES). A workbook named after no kind
whose sheets are named after kinds (人员, 工作室, 师带徒 ... or people, studios)
is read sheet by sheet, each sheet a Source. `sheet` (--sheet) reads only that
sheet of each workbook. Each Source keeps what the validation pass learnt about
it (rejected and skipped rows, parents to create, the spooled rows) for the
writing pass.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple, overload

import pyarrow as pa

from loaders.columns import Columns, columns_of
from loaders.kinds import KINDS, FileKind, kind_named
from loaders.plain_csv import PlainCsv, column_blocks, plain_csv
from loaders.readers import SUFFIXES, RawRow, ReadError, read_table, sheet_names
from loaders.report import WARNING, FileStats, LoadReport, Problem
from loaders.spool import Spool


@dataclass
class Source:
    path: Path
    kind: FileKind
    stats: FileStats
    columns: Columns = field(init=False)
    headers: dict[str, str] = field(default_factory=dict)  # column -> the header the file uses
    ignored: dict[str, str] = field(default_factory=dict)  # header -> why it is ignored (warned once)
    rejected: dict[int, list[str]] = field(default_factory=dict)  # row -> reasons
    skipped: set[int] = field(default_factory=set)  # duplicate rows a taxonomy may have: first kept
    failed: str | None = None  # why the whole file is refused
    parents: list[str] = field(default_factory=list)  # hierarchy parents to create from their codes
    spool: Spool = field(default_factory=Spool)  # the staged rows, for the writing pass
    sheet: str | None = None  # the workbook's sheet read (None: a workbook's first sheet, or not a workbook)

    def __post_init__(self) -> None:
        self.columns = columns_of(self.kind)

    @property
    def name(self) -> str:
        return self.path.name

    def header(self, column: str | None) -> str | None:
        """The file's own header for a column, to name it in a problem."""
        return None if column is None else self.headers.get(column, column)

    def blocks(self, size: int, keep_raw: bool = True) -> Iterator[RowBlock]:
        """The rows, `size` at a time; ignored headers go to `ignored`.

        A plain CSV file is read a column at a time (loaders.plain_csv), any other by rows;
        the row reader takes up a plain file after the last row pyarrow gave, if it balked.
        Rows read before a ReadError come out, as a last block, before it is raised.
        """
        mapping: dict[str, str | None] = {}  # header -> its column, or None when ignored
        plain = plain_csv(self.path) if self.sheet is None else None
        after = 0
        if plain is not None:
            after = yield from self._plain_blocks(plain, size, keep_raw, mapping)
            if after is None:
                return
        yield from self._row_blocks(size, keep_raw, mapping, after)

    def _plain_blocks(self, plain: PlainCsv, size: int, keep_raw: bool,
                      mapping: dict[str, str | None]) -> Generator[RowBlock, None, int | None]:
        """A plain file's rows; returns None at its end, else the last row given (0: none) when pyarrow balked."""
        kept = self._kept(plain.headers, mapping)
        columns = tuple(column for _, column in kept)
        blocks = column_blocks(plain, size)
        last = 0
        while True:
            try:
                block = next(blocks)
            except StopIteration as end:
                return None if end.value else last
            wanted = range(len(block.columns)) if keep_raw else sorted({index for index, _ in kept})
            texts = {index: block.columns[index].to_pylist() for index in wanted}  # each column made Python once
            picked = [texts[index] for index, _ in kept]
            raws: list[RawRow | None] = [None] * len(block.numbers)
            if keep_raw:
                raws = [dict(zip(plain.headers, row)) for row in zip(*texts.values())]
            values: list[Sequence[Any]] = list(zip(*picked)) if picked else [()] * len(block.numbers)
            arrays = {column: block.columns[index] for index, column in kept}
            yield RowBlock(block.numbers, raws, Rows([(0, columns)], values), dict(zip(columns, picked)), arrays)
            last = block.numbers[-1]

    def _row_blocks(self, size: int, keep_raw: bool, mapping: dict[str, str | None], after: int) -> Iterator[RowBlock]:
        """The rows after row `after`, as loaders.readers reads them."""
        last: Sequence[str] | None = None
        columns: tuple[str, ...] = ()
        pick: Callable[[Sequence[Any]], Sequence[Any]] = _picker([])
        block = _Gathering()
        try:
            for number, headers, cells in read_table(self.path, self.sheet):
                if number <= after:
                    continue
                if headers is not last and headers != last:  # the first row, or a .jsonl line naming other keys
                    last = headers
                    kept = self._kept(headers, mapping)
                    columns, pick = tuple(column for _, column in kept), _picker([index for index, _ in kept])
                if columns is not block.columns:
                    block.shape(columns)
                block.numbers.append(number)
                block.values.append(pick(cells))
                if keep_raw:
                    block.raws.append(dict(zip(headers, cells)))
                if len(block.numbers) >= size:
                    yield block.done()
                    block = _Gathering()
        except ReadError:
            if block.numbers:
                yield block.done()
            raise
        if block.numbers:
            yield block.done()

    def rows(self, keep_raw: bool = True) -> Iterator[tuple[int, RawRow | None, dict[str, Any]]]:
        """(row number, the row as read or None without `keep_raw`, the row by column), one at a time."""
        for block in self.blocks(1000, keep_raw):
            yield from zip(block.numbers, block.raws, block.rows)

    def _kept(self, headers: Sequence[str], mapping: dict[str, str | None]) -> list[tuple[int, str]]:
        """(index, column) of each header that names a column, `mapping` filled for those not met before."""
        for header in headers:
            if header not in mapping:
                mapping[header] = self._map(header)
        return [(index, column) for index, header in enumerate(headers) if (column := mapping[header]) is not None]

    def _map(self, header: str) -> str | None:
        """The column of a header; an unknown one, or a second one for a column, is ignored."""
        column = self.columns.match(header)
        if column is None:
            self.ignored[header] = "unknown column: ignored"
        elif self.headers.setdefault(column, header) != header:
            self.ignored[header] = f"means {column} like {self.headers[column]!r} before it: ignored"
            return None
        return column


class RowBlock(NamedTuple):
    """Consecutive rows of a file."""

    numbers: list[int]
    raws: list[RawRow | None]  # as read; None unless kept for a rejects file
    rows: Rows  # by column (a header given twice: its later cell)
    cells: dict[str, list[Any]] | None  # each column's cells, when every row has the same columns
    arrays: dict[str, pa.Array] | None = None  # the same as pyarrow strings, when read a column at a time


class Rows(Sequence[dict[str, Any]]):
    """A block's rows by column, each made a dict only when asked for: a clean block mostly reads its columns."""

    def __init__(self, shapes: list[tuple[int, tuple[str, ...]]], values: list[Sequence[Any]]) -> None:
        self._shapes = shapes  # (the first row, the columns it and the rows after it name)
        self._values = values

    def __len__(self) -> int:
        return len(self._values)

    @overload
    def __getitem__(self, index: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, index: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, index: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        columns = self._shapes[bisect_right(self._shapes, index, key=itemgetter(0)) - 1][1]
        return dict(zip(columns, self._values[index]))

    def __iter__(self) -> Iterator[dict[str, Any]]:
        ends = [start for start, _ in self._shapes[1:]] + [len(self._values)]
        for (start, columns), end in zip(self._shapes, ends):
            for values in self._values[start:end]:
                yield dict(zip(columns, values))


class _Gathering:
    """A block being read: each row's cells as picked, and the columns they stand for, noted where they change."""

    def __init__(self) -> None:
        self.numbers: list[int] = []
        self.raws: list[RawRow | None] = []  # filled only when rows as read are kept
        self.values: list[Sequence[Any]] = []
        self.shapes: list[tuple[int, tuple[str, ...]]] = []
        self.columns: tuple[str, ...] | None = None  # what the last rows name

    def shape(self, columns: tuple[str, ...]) -> None:
        """The rows from here on name `columns`."""
        if self.columns is None or columns != self.columns:
            self.shapes.append((len(self.numbers), columns))
        self.columns = columns

    def done(self) -> RowBlock:
        cells = None
        if len(self.shapes) == 1:
            columns = self.shapes[0][1]
            cells = dict(zip(columns, map(list, zip(*self.values)))) if columns else {}
        raws = self.raws or [None] * len(self.numbers)
        return RowBlock(self.numbers, raws, Rows(self.shapes, self.values), cells)


def _picker(indices: list[int]) -> Callable[[Sequence[Any]], Sequence[Any]]:
    """The cells at these indices, in order."""
    if len(indices) > 1:
        return itemgetter(*indices)
    return lambda cells: [cells[index] for index in indices]


def discover(folder: Path, report: LoadReport, sheet: str | None = None) -> list[Source]:
    """The folder's source files (or sheets) in the order they must load; other files are noted and ignored."""
    found: dict[str, Source] = {}

    def add(path: Path, kind: FileKind, sheet_name: str | None) -> None:
        if kind.name in found:
            first = found[kind.name].stats.name
            report.problems.append(Problem(path.name, None, None, f"a second {kind.name} file besides {first}",
                                           sheet=sheet_name))
            return
        found[kind.name] = Source(path, kind, FileStats(path.name, kind.name, sheet=sheet_name), sheet=sheet_name)

    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        if path.name.startswith((".", "~$")) or path.suffix.lower() not in SUFFIXES:  # ~$: Excel's lock file
            if not path.name.startswith("."):
                report.problems.append(Problem(path.name, None, None, "not a known file kind: ignored", WARNING))
            continue
        kind = kind_named(path.stem)
        workbook = path.suffix.lower() == ".xlsx"
        if kind is not None:
            add(path, kind, (sheet or _first_of_several(path)) if workbook else None)
        elif workbook:
            _sheets(path, report, sheet, add)
        else:
            report.problems.append(Problem(path.name, None, None, "not a known file kind: ignored", WARNING))
    if not found:
        report.problems.append(Problem(str(folder), None, None, f"no source files; name them {', '.join(k.name for k in KINDS)}"))
    return [found[k.name] for k in KINDS if k.name in found]


def _first_of_several(path: Path) -> str | None:
    """The sheet a workbook is read from when it has several, so that problems name it; None for one sheet."""
    try:
        names = sheet_names(path)
    except ReadError:  # reported when the file is read
        return None
    return names[0] if len(names) > 1 else None


def _sheets(path: Path, report: LoadReport, only: str | None, add: Callable[[Path, FileKind, str | None], None]) -> None:
    """A workbook named after no kind: each sheet named after one is a source (only `only`, when given)."""
    try:
        names = sheet_names(path)
    except ReadError as error:
        report.problems.append(Problem(path.name, None, None, str(error)))
        return
    if only is not None:
        if only not in names:
            report.problems.append(Problem(path.name, None, None, f"no sheet named {only!r}; it has {', '.join(names)}"))
            return
        names = [only]
    kinds = {name: kind_named(name) for name in names}
    if not any(kinds.values()):
        report.problems.append(Problem(path.name, None, None, "not a known file kind, nor a sheet named after one: ignored",
                                       WARNING))
        return
    for name, kind in kinds.items():
        if kind is None:
            report.problems.append(Problem(path.name, None, None, "not a known file kind: ignored", WARNING, sheet=name))
        else:
            add(path, kind, name)
