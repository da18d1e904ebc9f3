"""Workbooks as clerks keep them, loaded against both stores: sheets named after kinds, --sheet, merged headers."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from graph.query import Direction
from graph.store import Store
from loaders.kinds import CHINESE_NAMES, KINDS, kind_named
from loaders.load import load_folder
from tests.loaders.tables import ORGANIZATIONS, PEOPLE, REGIONS, write_table


def add_sheet(book: Workbook, title: str, headers: Sequence[Any], rows: Sequence[Sequence[Any]], banner: str = "") -> None:
    """A sheet as a clerk keeps it: a title merged across the table and a blank row above the header."""
    sheet = book.create_sheet(title)
    if banner:
        sheet.append([banner])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
        sheet.append([])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))


def mentorship_sheet(book: Workbook, rows: Sequence[Sequence[Any]]) -> None:
    """师带徒 with a two-row header: 师傅 and 徒弟 merged over 编号 and 姓名, the others merged down."""
    sheet = book.create_sheet("师带徒")
    sheet.append(["协议编号", "师傅", None, "徒弟", None, "带徒开始时间", "状态"])
    sheet.append([None, "编号", "姓名", "编号", "姓名", None, None])
    for merged in ("A1:A2", "B1:C1", "D1:E1", "F1:F2", "G1:G2"):
        sheet.merge_cells(merged)
    for row in rows:
        sheet.append(list(row))


def ledger(path: Path, mentorships: Sequence[Sequence[Any]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    add_sheet(book, "说明", ["填表说明"], [["每月更新"]])
    add_sheet(book, "行政区划", *REGIONS)
    add_sheet(book, "organizations", *ORGANIZATIONS)  # an English kind name is a kind too
    add_sheet(book, "人员", *PEOPLE, banner="荆江市2024年职工名录")
    mentorship_sheet(book, mentorships)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


GOOD = [["m1", "p1", "王建国", "p2", "李明", "2010-03-01", "已出师"], ["m2", "p2", "李明", "p3", "张伟", "2016/3/1", "在带"]]


def test_every_kind_has_a_chinese_name_and_each_name_one_kind() -> None:
    assert set(CHINESE_NAMES) == {k.name for k in KINDS}
    names = [zh for zhs in CHINESE_NAMES.values() for zh in zhs]
    assert len(names) == len(set(names))
    assert kind_named(" 师带徒 ").name == "mentorships" and kind_named("People").name == "people"
    assert kind_named("备注") is None


def test_a_workbook_of_sheets_named_after_kinds_loads_sheet_by_sheet(store: Store, tmp_path: Path) -> None:
    ledger(tmp_path / "2024年台账.xlsx", GOOD)
    report = load_folder(tmp_path, store)
    assert report.ok, report.summary()
    assert [(f.sheet, f.kind, f.written) for f in report.files] == [
        ("行政区划", "regions", 3), ("organizations", "organizations", 1), ("人员", "people", 4),
        ("师带徒", "mentorships", 2)]
    assert any(p.sheet == "说明" and "not a known file kind" in p.reason for p in report.warnings)
    m1 = store.neighbours("Person", ["p1"], "MENTORED", Direction.OUT)["p1"]
    assert [(n.key, n.rel["agreementId"], n.rel["start"]) for n in m1] == [("p2", "m1", "2010-03-01")]
    assert [n.key for n in store.neighbours("Person", ["p1"], "WORKS_AT", Direction.OUT)["p1"]] == ["o1"]


def test_a_problem_in_a_sheet_names_file_sheet_row_and_column_and_writes_nothing(store: Store, tmp_path: Path) -> None:
    bad = [*GOOD, ["m3", "p3", "张伟", "p9", "无名", "2020-01-01", "在带"]]
    ledger(tmp_path / "台账.xlsx", bad)
    report = load_folder(tmp_path, store)
    assert not report.ok and not report.written
    [error] = report.errors
    assert (error.file, error.sheet, error.row, error.column) == ("台账.xlsx", "师带徒", 5, "徒弟编号")
    assert str(error).startswith("error: 台账.xlsx sheet 师带徒 row 5 column 徒弟编号: no Person 'p9'")
    assert set(store.counts().values()) == {0}
    rejected = load_folder(tmp_path, store, skip_invalid=True, report_path=tmp_path / "out" / "report.json")
    assert rejected.rejects == [str(tmp_path / "out" / "report.rejects" / "台账.师带徒.rejects.csv")]
    assert store.counts()["MENTORED"] == 2


def test_sheet_chooses_one_sheet_of_each_workbook(store: Store, tmp_path: Path) -> None:
    book = Workbook()
    book.active.title = "2023"
    book.active.append(["人员编号", "姓名"])
    book.active.append(["p1", "王建国"])
    add_sheet(book, "2024", ["人员编号", "姓名"], [["p1", "王建国"], ["p2", "李明"]], banner="2024年")
    book.save(tmp_path / "people.xlsx")
    write_table(tmp_path / "regions.csv", *REGIONS)
    report = load_folder(tmp_path, store, sheet="2024")
    assert report.ok, report.summary()
    assert [(f.file, f.sheet) for f in report.files] == [("regions.csv", None), ("people.xlsx", "2024")]
    assert store.counts()["Person"] == 2 and store.counts()["Region"] == 3
    missing = load_folder(tmp_path, store, sheet="2025", dry_run=True)
    assert [(p.file, p.reason) for p in missing.errors] == [("people.xlsx", "people.xlsx: no sheet named '2025'; it has 2023, 2024")]


def test_a_workbook_sheet_and_a_file_of_one_kind_clash_by_name(store: Store, tmp_path: Path) -> None:
    ledger(tmp_path / "台账.xlsx", GOOD)
    write_table(tmp_path / "people.csv", ["人员编号", "姓名"], [["p1", "王建国"]])
    report = load_folder(tmp_path, store, dry_run=True)
    assert any("a second people file besides people.csv" in p.reason and p.sheet == "人员" for p in report.errors)
