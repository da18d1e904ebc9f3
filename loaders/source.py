"""The files of a folder, one per kind, and their rows keyed by column.

A file is found by its stem (people.csv, people.xlsx or people.jsonl). Each
Source keeps what the validation pass learnt about it (rejected and skipped
rows, parents to create, the spooled rows) for the writing pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders.columns import Columns, columns_of
from loaders.kinds import KIND_BY_NAME, KINDS, FileKind
from loaders.readers import SUFFIXES, RawRow, read_rows
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

    def __post_init__(self) -> None:
        self.columns = columns_of(self.kind)

    @property
    def name(self) -> str:
        return self.path.name

    def header(self, column: str | None) -> str | None:
        """The file's own header for a column, to name it in a problem."""
        return None if column is None else self.headers.get(column, column)

    def rows(self) -> Iterator[tuple[int, RawRow, dict[str, Any]]]:
        """(row number, the row as read, the row by column); ignored headers are noted in `ignored`."""
        mapping: dict[str, str | None] = {}
        headers: list[str] = []
        kept: list[tuple[str, str]] = []  # (header, column) of the headers mapped to a column
        for number, raw in read_rows(self.path):
            if list(raw) != headers:  # the first row, or a .jsonl line naming other keys
                headers = list(raw)
                for header in headers:
                    if header not in mapping:
                        mapping[header] = self._map(header)
                kept = [(header, column) for header in headers if (column := mapping[header]) is not None]
            yield number, raw, {column: raw[header] for header, column in kept}

    def _map(self, header: str) -> str | None:
        """The column of a header; an unknown one, or a second one for a column, is ignored."""
        column = self.columns.match(header)
        if column is None:
            self.ignored[header] = "unknown column: ignored"
        elif self.headers.setdefault(column, header) != header:
            self.ignored[header] = f"means {column} like {self.headers[column]!r} before it: ignored"
            return None
        return column


def discover(folder: Path, report: LoadReport) -> list[Source]:
    """The folder's source files in the order they must load; other files are noted and ignored."""
    found: dict[str, Source] = {}
    for path in sorted(p for p in folder.iterdir() if p.is_file()):
        kind = KIND_BY_NAME.get(path.stem.lower())
        if path.suffix.lower() not in SUFFIXES or kind is None:
            if not path.name.startswith("."):
                report.problems.append(Problem(path.name, None, None, "not a known file kind: ignored", WARNING))
            continue
        if kind.name in found:
            report.problems.append(Problem(path.name, None, None, f"a second {kind.name} file besides {found[kind.name].name}"))
            continue
        found[kind.name] = Source(path, kind, FileStats(path.name, kind.name))
    if not found:
        report.problems.append(Problem(str(folder), None, None, f"no source files; name them {', '.join(k.name for k in KINDS)}"))
    return [found[k.name] for k in KINDS if k.name in found]
