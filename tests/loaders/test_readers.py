"""Readers: real files in every encoding and format, read lazily, row numbers as a clerk sees them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import Workbook

from loaders.readers import ReadError, detect_encoding, read_headers, read_rows, read_table
from tests.loaders.tables import write_table

HEADERS = ["姓名", "技能等级", "经济效益（万元）"]
ROWS = [["王建国", "高级技师", "1,234.5"], ["李明", "技师", "0"]]


@pytest.mark.parametrize(("encoding", "detected"), [("utf-8", "utf-8-sig"), ("utf-8-sig", "utf-8-sig"),
                                                    ("gbk", "gb18030"), ("gb18030", "gb18030")])
def test_csv_encodings_are_detected_from_the_bytes(tmp_path: Path, encoding: str, detected: str) -> None:
    path = write_table(tmp_path / "people.csv", HEADERS, ROWS, encoding)
    assert detect_encoding(path) == detected
    assert list(read_rows(path)) == [(2, dict(zip(HEADERS, ROWS[0]))), (3, dict(zip(HEADERS, ROWS[1])))]


def test_a_file_in_neither_encoding_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_bytes(b"name\n\xff\xfe\xfa\xfb\x80\n")
    with pytest.raises(ReadError, match="people.csv: neither UTF-8 nor GBK"):
        list(read_rows(path))


def test_blank_rows_are_skipped_and_numbers_count_them(tmp_path: Path) -> None:
    path = write_table(tmp_path / "people.csv", ["name", "grade"], [["a", "1"], ["", ""], ["b", "2"]])
    assert [(n, r["name"]) for n, r in read_rows(path)] == [(2, "a"), (4, "b")]


def test_a_table_gives_each_row_its_cells_under_one_list_of_headers(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("name,grade,phone\na,1\nb,2,139,,\n", encoding="utf-8")
    rows = list(read_table(path))
    assert [(n, list(h), list(c)) for n, h, c in rows] == [
        (2, ["name", "grade", "phone"], ["a", "1", None]), (3, ["name", "grade", "phone"], ["b", "2", "139", "", ""])]
    assert rows[0][1] is rows[1][1]  # one list, so a reader maps the headers once


def test_a_jsonl_line_gives_its_own_keys(tmp_path: Path) -> None:
    path = tmp_path / "people.jsonl"
    path.write_text('{"name": "a", "grade": 1}\n{"grade": 2, "phone": "139"}\n', encoding="utf-8")
    assert [(n, list(h), list(c)) for n, h, c in read_table(path)] == [(1, ["name", "grade"], ["a", 1]),
                                                                      (2, ["grade", "phone"], [2, "139"])]


def test_a_tab_separated_export_is_read_too(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("姓名\t技能等级\n王建国\t技师\n", encoding="utf-8")
    assert list(read_rows(path)) == [(2, {"姓名": "王建国", "技能等级": "技师"})]


def test_rows_stream_so_a_bad_row_is_met_only_when_reached(tmp_path: Path) -> None:
    rows = [[f"p{n}", "x"] for n in range(1000)] + [["late", "x", "extra cell"]]
    path = write_table(tmp_path / "people.csv", ["id", "name"], rows)
    stream = read_rows(path)
    assert isinstance(stream, Iterator)
    assert next(stream) == (2, {"id": "p0", "name": "x"})
    with pytest.raises(ReadError, match="row 1002: 3 cells but only 2 headers"):
        list(stream)


def test_xlsx_first_sheet_or_a_named_one_with_excel_values(tmp_path: Path) -> None:
    book = Workbook()
    first = book.active
    first.title = "人员"
    first.append(["姓名", "出生日期", "电话"])
    first.append(["王建国", dt.datetime(1966, 5, 1), 13800000001])
    first.append([None, None, None])
    other = book.create_sheet("备注")
    other.append(["说明"])
    other.append(["内部使用"])
    path = tmp_path / "people.xlsx"
    book.save(path)
    assert list(read_rows(path)) == [(2, {"姓名": "王建国", "出生日期": dt.datetime(1966, 5, 1), "电话": 13800000001})]
    assert list(read_rows(path, sheet="备注")) == [(2, {"说明": "内部使用"})]
    with pytest.raises(ReadError, match="no sheet named '名单'"):
        list(read_rows(path, sheet="名单"))


def test_jsonl_rows_are_numbered_by_line_and_bad_lines_named(tmp_path: Path) -> None:
    path = write_table(tmp_path / "people.jsonl", HEADERS, ROWS)
    assert read_headers(path) == HEADERS
    assert [n for n, _ in read_rows(path)] == [1, 2]
    path.write_text('{"name": "a"}\n\n[1, 2]\n', encoding="utf-8")
    with pytest.raises(ReadError, match="people.jsonl line 3: a JSON object is needed"):
        list(read_rows(path))


def test_an_unknown_suffix_or_a_broken_workbook_is_refused(tmp_path: Path) -> None:
    (tmp_path / "people.xls").write_bytes(b"old")
    with pytest.raises(ReadError, match="unknown file type"):
        read_rows(tmp_path / "people.xls")
    (tmp_path / "people.xlsx").write_bytes(b"not a zip")
    with pytest.raises(ReadError, match="people.xlsx: not a readable .xlsx"):
        list(read_rows(tmp_path / "people.xlsx"))


def test_blank_rows_and_a_merged_title_above_the_header_are_skipped(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append([])
    sheet.append(["荆江市2024年工匠人才名录"])
    sheet.merge_cells("A2:C2")
    sheet.append([None, None, None])
    sheet.append(HEADERS)
    sheet.append(ROWS[0])
    path = tmp_path / "people.xlsx"
    book.save(path)
    assert list(read_rows(path)) == [(5, dict(zip(HEADERS, ROWS[0])))]


def test_a_two_row_header_of_merged_cells_names_each_column_from_the_top(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["师带徒台账"])
    sheet.merge_cells("A1:F1")
    sheet.append(["协议编号", "师傅", None, "徒弟", None, "状态"])
    sheet.append([None, "编号", "姓名", "编号", "姓名", None])
    for merged in ("A2:A3", "B2:C2", "D2:E2", "F2:F3"):
        sheet.merge_cells(merged)
    sheet.append(["m1", "p1", "王建国", "p2", "李明", "在带"])
    path = tmp_path / "mentorships.xlsx"
    book.save(path)
    assert read_headers(path) == ["协议编号", "师傅编号", "师傅姓名", "徒弟编号", "徒弟姓名", "状态"]
    assert [number for number, _ in read_rows(path)] == [4]


def test_a_csv_title_line_and_blank_lines_above_the_header_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("\n2024年名单,,\n,,\n" + ",".join(HEADERS) + "\n" + ",".join(ROWS[1]) + "\n", encoding="gbk")
    assert list(read_rows(path)) == [(5, dict(zip(HEADERS, ROWS[1])))]
    single = tmp_path / "regions.csv"
    single.write_text("名称\n湖北省\n", encoding="utf-8")
    assert list(read_rows(single)) == [(2, {"名称": "湖北省"})]
