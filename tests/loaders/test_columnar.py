"""A column normalised at once gives each cell the value, or the reason, that normalising it alone gives."""

from __future__ import annotations

import random

import pyarrow as pa
import pytest

from graph.model import NODES, RELS, Property
from loaders import columnar
from loaders.columnar import SPACE, parse_column, text_column
from loaders.values import GRADE_PROPS, BadValue, parser, text

CELLS = [
    "", " ", "0", "1", "8", "9", "007", "12", "1999", "2100", "2101", "1899", "-3", "3.5", "1,000", "1e3", "２０",
    "是", "否", "Yes", "y", "true", "TRUE", "×", "2021-02-28", "2021-02-30", "2020-02-29", "2021-2-3", "2021/03/01",
    "20210301", "202103", "44000", "1900-01-01", "2100-12-31", "2101-01-01", "高级工", "技师", "五级", "高级工（三级）",
    "男", "女", "男性", " 男", "在职", "退休", "国家级", "全国", "省级", "QC", "发明专利", "王建国", " 王建国 ",
    "王建国\u3000", "ＡＢＣ", "abc ", "\tx", "a\nb", "x\x1c", "12.3456789", "0.5", "100万元", "5元", "26.8", "\u00a0a",
    "a\u2028", "ﬁ", None,
]
PROPERTIES = {f"{owner}.{p.name}": p for owner, props in
              [(n.label, n.all_properties) for n in NODES] + [(r.type, r.properties) for r in RELS] for p in props}


def one_by_one(prop: Property, cell: object) -> object:
    try:
        return parser(prop)(cell)
    except BadValue as error:
        return error


def same(found: object, expected: object) -> bool:
    if isinstance(expected, BadValue):
        return isinstance(found, BadValue) and str(found) == str(expected)
    return type(found) is type(expected) and found == expected


@pytest.mark.parametrize("name", sorted(PROPERTIES))
def test_every_property_column_matches_its_cell_parser(name: str) -> None:
    prop = PROPERTIES[name]
    cells = CELLS + [random.Random(name).choice(CELLS) for _ in range(columnar.FEW_TEXT)]  # long enough for pyarrow
    found = parse_column(prop, cells)
    wrong = [(c, f, e) for c, f in zip(cells, found) if not same(f, e := one_by_one(prop, c))]
    assert not wrong


@pytest.mark.parametrize("name", sorted(PROPERTIES))
def test_a_column_read_by_pyarrow_is_parsed_from_its_array_as_from_its_cells(name: str) -> None:
    """loaders.plain_csv hands its pyarrow strings on, instead of a second conversion of the cells."""
    prop = PROPERTIES[name]
    cells = [c for c in CELLS if c is not None] * (columnar.FEW_TEXT // 40)
    strings = pa.array(cells, type=pa.string())
    assert all(same(f, e) for f, e in zip(parse_column(prop, cells, strings=strings), parse_column(prop, cells)))
    assert text_column(cells, strings) == [text(c) for c in cells]


@pytest.mark.parametrize("impossible", [[], ["2021-02-30"], ["2100-02-29"]])
def test_a_date_column_matches_its_cell_parser_with_and_without_an_impossible_day(impossible: list[str]) -> None:
    """Arrow's date cast takes a column of real days at once and refuses one with an impossible day."""
    birth = next(p for p in NODES[0].properties if p.name == "birthDate")
    cells = [c for c in CELLS if c not in ("2021-02-30",)] * 40 + ["2020-02-29", "1999-12-31", *impossible]
    found = parse_column(birth, cells)
    wrong = [(c, f, e) for c, f in zip(cells, found) if not same(f, e := one_by_one(birth, c))]
    assert not wrong and (isinstance(found[-1], BadValue) if impossible else found[-2:] == ["2020-02-29", "1999-12-31"])


def test_excel_cells_that_are_not_text_go_through_the_cell_parser() -> None:
    year = next(p for p in NODES[0].properties if p.name == "birthYear")
    assert parse_column(year, [1966.0, "1970", None]) == [1966, 1970, None]


def test_the_space_class_is_every_character_strip_removes() -> None:
    import re
    import sys

    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    python_class = re.sub(r"\\x\{([0-9a-f]+)\}", lambda m: f"\\U{int(m[1], 16):08x}", SPACE)
    assert {c for c in map(chr, range(sys.maxunicode + 1)) if re.fullmatch(f"[{python_class}]", c)} == spaces


def test_text_columns_match_text() -> None:
    cells = CELLS + [random.Random(1).choice(CELLS) for _ in range(columnar.FEW_TEXT)]
    assert text_column(cells) == [text(c) for c in cells]


def test_a_column_of_few_cells_is_parsed_a_cell_at_a_time_as_a_long_one_is(monkeypatch: pytest.MonkeyPatch) -> None:
    year = next(p for p in NODES[0].properties if p.name == "birthYear")
    cells = ["1966", "一九六六", " 1970", None]
    long = parse_column(year, cells * columnar.FEW)
    monkeypatch.setattr(columnar, "_strings", lambda cells, read=None: pytest.fail("pyarrow called for a few cells"))
    found = parse_column(year, cells)
    assert all(same(f, e) for f, e in zip(found, long[:4])) and found[:1] == [1966] and isinstance(found[1], BadValue)
    assert text_column([" 王建国 ", "ＡＢＣ"] * 100) == ["王建国", "ABC"] * 100  # text: cell by cell below FEW_TEXT


def test_warming_runs_each_fast_path_once(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[Property] = []

    def parse(prop: Property, cells: list[str], bad: set[int] | None = None) -> None:
        if len(cells) >= columnar.fast_from(prop):  # enough for pyarrow's path
            ran.append(prop)

    monkeypatch.setattr(columnar, "parse_column", parse)
    columnar.warm()
    paths = [(p.name in GRADE_PROPS, p.kind, p.choices is not None) for p in ran]
    assert len(paths) == len(set(paths))  # once each
    assert {p.kind for p in PROPERTIES.values()} == {p.kind for p in ran}  # every kind of column the model has
    assert any(p.choices for p in ran) and any(p.name in GRADE_PROPS for p in ran)
