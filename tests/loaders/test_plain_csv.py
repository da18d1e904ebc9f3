"""A plain CSV file read a column at a time gives the rows, numbers and cells the row reader gives."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from graph.embedded import EmbeddedStore
from loaders import plain_csv as plain_module
from loaders import source as source_module
from loaders.kinds import KIND_BY_NAME
from loaders.generate import generate
from loaders.load import load_folder
from loaders.plain_csv import PlainCsv, plain_csv
from loaders.readers import ReadError, read_table
from loaders.report import FileStats
from loaders.source import RowBlock, Source
from tests.loaders.test_validate import bad_folder, found

HEADER = "人员编号,姓名,性别,备注\r\n"
ROWS = ["p1,王建国,男,甲\r\n", "p2,李  娜,女,\r\n", " , ,\u3000, \r\n", "p3,Ａ,男,乙\r\n", "p4,赵,, \r\n"]


def people(path: Path) -> Source:
    return Source(path, KIND_BY_NAME["people"], FileStats(path.name, "people"))


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def by_row(path: Path, size: int, keep_raw: bool, monkeypatch: pytest.MonkeyPatch) -> list[RowBlock]:
    """The blocks as the row reader alone gives them."""
    with monkeypatch.context() as patch:
        patch.setattr(source_module, "plain_csv", lambda path: None)
        return list(people(path).blocks(size, keep_raw))


def same_blocks(found: list[RowBlock], expected: list[RowBlock]) -> bool:
    """The same rows (number, as read, by column) and each column the same cells, wherever the blocks break."""
    def rows(blocks: list[RowBlock]) -> list[tuple[int, Any, dict[str, Any]]]:
        return [(n, raw, dict(row)) for b in blocks for n, raw, row in zip(b.numbers, b.raws, b.rows)]

    def cells(blocks: list[RowBlock]) -> dict[str, list[Any]]:
        joined: dict[str, list[Any]] = {}
        for block in blocks:
            for column, values in (block.cells or {}).items():
                joined.setdefault(column, []).extend(values)
        return joined

    return rows(found) == rows(expected) and cells(found) == cells(expected)


@pytest.mark.parametrize("text", [
    HEADER + "".join(ROWS),
    "\ufeff" + HEADER.replace("\r\n", "\n") + "".join(ROWS).replace("\r\n", "\n"),  # a BOM, LF line ends
    (HEADER + "".join(ROWS)).replace(",", "\t").rstrip("\r\n"),  # tab-separated, no line end at the end
])
def test_a_plain_file_gives_the_row_readers_rows_numbers_and_cells(tmp_path: Path, text: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "people.csv", text)
    assert plain_csv(path) is not None
    for size in (1, 2, 10):
        for keep_raw in (False, True):
            found = list(people(path).blocks(size, keep_raw))
            assert all(block.arrays is not None for block in found)  # every block came from pyarrow
            assert all(block.arrays[c].to_pylist() == cells for block in found for c, cells in block.cells.items())
            assert same_blocks(found, by_row(path, size, keep_raw, monkeypatch))
    numbers = [n for block in people(path).blocks(10) for n in block.numbers]
    assert numbers == [2, 3, 5, 6]  # line 4 holds only spaces: skipped, and counted


@pytest.mark.parametrize("text, encoding", [
    (HEADER + 'p1,"王,建国",男,甲\r\n', "utf-8"),  # a quoted cell
    (HEADER + "p1,王建国,男,甲\r\n", "gb18030"),
    ("人员名单\r\n" + HEADER + "p1,王建国,男,甲\r\n", "utf-8"),  # a title line
    (HEADER.replace("\r\n", ",\r\n") + "p1,王建国,男,甲,\r\n", "utf-8"),  # a blank header at the end
    (HEADER + "p1,王\0建国,男,甲\r\n", "utf-8"),
    (HEADER + "p1,王建国,男,甲\rp2,李娜,女,乙\r\n", "utf-8"),  # a carriage return alone
    ("人员编号\r\np1\r\n", "utf-8"),  # one column: its header may be a title
])
def test_other_files_are_left_to_the_row_reader(tmp_path: Path, text: str, encoding: str) -> None:
    path = write(tmp_path / "people.csv", text, encoding)
    assert plain_csv(path) is None
    assert all(block.arrays is None for block in people(path).blocks(10))


@pytest.mark.parametrize("bad, balks", [
    ("\r\n", False),  # an empty line: pyarrow's row of empty cells, left out as the row reader skips it
    ("p9,孙\r\n", True),  # a short row: its missing cells blank
    ("p9,孙,男,丙,,\r\n", True),  # a long row whose extra cells are blank
])
def test_the_row_reader_takes_up_after_the_last_row_pyarrow_gave(tmp_path: Path, bad: str, balks: bool,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [f"q{n},名{n},男,备注{n}\r\n" for n in range(40)]
    path = write(tmp_path / "people.csv", HEADER + "".join(lines[:30]) + bad + "".join(lines[30:]))
    monkeypatch.setattr(plain_module, "READ_BYTES", 200)  # a few rows a pyarrow block
    found = list(people(path).blocks(7))
    assert found[0].arrays is not None  # pyarrow's rows first
    assert (found[-1].arrays is None) == balks  # then, if it balked, the row reader's
    assert same_blocks(found, by_row(path, 7, True, monkeypatch))
    assert [n for block in found for n in block.numbers] == [n for n, _, _ in read_table(path)]


def test_a_long_row_is_named_by_the_row_reader_after_pyarrows_rows(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    lines = [f"q{n},名{n},男,备注{n}\r\n" for n in range(40)]
    path = write(tmp_path / "people.csv", HEADER + "".join(lines[:30]) + "p9,孙,男,丙,多\r\n" + "".join(lines[30:]))
    monkeypatch.setattr(plain_module, "READ_BYTES", 200)
    blocks = people(path).blocks(7)
    given = []
    with pytest.raises(ReadError, match="row 32: 5 cells but only 4 headers"):
        for block in blocks:
            given += block.numbers
    assert given == list(range(2, 32))


def small_city(folder: Path) -> Path:
    generate(folder, people=300, seed=7)
    return folder


def graph_of(store: EmbeddedStore) -> tuple[list[str], list[str]]:
    graph = store.graph
    return sorted(repr((n, sorted(d.items()))) for n, d in graph.nodes(data=True)), \
        sorted(repr((u, v, sorted(d.items()))) for u, v, d in graph.edges(data=True))


@pytest.mark.parametrize("make", [small_city, bad_folder])
def test_a_load_reports_and_writes_the_same_whichever_reader_reads_its_csv_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: Callable[[Path], Path]) -> None:
    folder = make(tmp_path / "folder")
    plain: list[str] = []

    def noted(path: Path) -> PlainCsv | None:
        found = plain_csv(path)
        if found is not None:
            plain.append(path.name)
        return found

    monkeypatch.setattr(source_module, "plain_csv", noted)
    by_column, by_column_report = EmbeddedStore(), None
    by_column_report = load_folder(folder, by_column, skip_invalid=True)
    monkeypatch.setattr(source_module, "plain_csv", lambda path: None)
    rows = EmbeddedStore()
    rows_report = load_folder(folder, rows, skip_invalid=True)
    assert "mentorships.csv" in plain  # read by pyarrow the first time
    assert found(by_column_report.problems) == found(rows_report.problems)
    assert [asdict(f) | {"seconds": 0} for f in by_column_report.files] == \
        [asdict(f) | {"seconds": 0} for f in rows_report.files]
    assert graph_of(by_column) == graph_of(rows)
