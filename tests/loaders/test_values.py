"""Normalising cells: grades, dates, yes/no, numbers and money, closed lists."""

from __future__ import annotations

import datetime as dt

import pytest

from graph.model import node_type, rel_type
from loaders.values import BadValue, normalise, parse_bool, parse_choice, parse_date, parse_float, parse_grade, parse_int


@pytest.mark.parametrize("value", ["2021-03-01", "2021/3/1", "2021.3.1", "2021年3月1日", "20210301", " 2021-3-1 ",
                                   44256, 44256.0, "44256", dt.datetime(2021, 3, 1, 8, 30), dt.date(2021, 3, 1)])
def test_every_date_form_becomes_iso(value: object) -> None:
    assert parse_date(value) == "2021-03-01"


@pytest.mark.parametrize("value", ["202103", "2021-03", "2021-3", "2021年3月", "2021.3", "2021.03", "2021/3", 202103])
def test_a_year_and_month_is_kept_as_a_month(value: object) -> None:
    assert parse_date(value) == "2021-03"


@pytest.mark.parametrize("value", ["2020", "2020年", " 2020 ", 2020, 2020.0])
def test_a_bare_year_is_kept_as_a_year(value: object) -> None:
    assert parse_date(value) == "2020"


@pytest.mark.parametrize("value", ["2021-02-30", "下个月", "21/3/1", "210301", "2021-13", "202113", "1850", "2021年13月"])
def test_a_bad_date_says_how_to_write_one(value: str) -> None:
    with pytest.raises(BadValue, match="not a date"):
        parse_date(value)


@pytest.mark.parametrize(("value", "grade"), [
    ("学徒工", 1), ("初级工", 2), ("技师", 5), ("高级技师", 6), ("首席技师", 8),
    ("五级", 2), ("三级", 4), ("一级", 6), (7, 7), ("3", 3), (4.0, 4), ("高级工（三级）", 4), ("技师(二级)", 5),
])
def test_grades_by_name_old_name_or_number(value: object, grade: int) -> None:
    assert parse_grade(value) == grade


@pytest.mark.parametrize(("value", "reason"), [("技师（一级）", "two different grades"), ("9", "not on the ladder"),
                                               ("0", "not on the ladder"), ("大师", "not a skill grade")])
def test_bad_grades_are_refused(value: str, reason: str) -> None:
    with pytest.raises(BadValue, match=reason):
        parse_grade(value)


def test_yes_and_no() -> None:
    assert [parse_bool(v) for v in ("是", "否", "Y", "no", "1", "0", True)] == [True, False, True, False, True, False, True]
    with pytest.raises(BadValue, match="是 or 否"):
        parse_bool("也许")


def test_numbers_with_thousands_separators_and_money_in_wan_yuan() -> None:
    assert parse_int("1,234") == 1234 and parse_int("2021年") == 2021 and parse_int(12.0) == 12
    assert parse_float("1,234.5") == 1234.5
    assert parse_float("120.5万元", wan_yuan=True) == 120.5
    assert parse_float("1,205,000元", wan_yuan=True) == 120.5
    with pytest.raises(BadValue, match="whole number"):
        parse_int("3.5")
    with pytest.raises(BadValue, match="not a number"):
        parse_float("一百")


def test_closed_lists_by_name_synonym_or_unique_prefix() -> None:
    studio_level = node_type("Studio").prop("level")
    assert normalise(studio_level, " 省级 ") == "省级"
    assert normalise(studio_level, "国家") == "国家级"
    achievement_type = node_type("Achievement").prop("type")
    assert normalise(achievement_type, "实用新型") == "实用新型专利"
    assert normalise(achievement_type, "QC小组成果") == "QC成果"
    assert parse_choice("国家级", ("全国", "省级")) == "全国"
    with pytest.raises(BadValue, match="not one of"):
        normalise(achievement_type, "专利")  # three patent types start so: ambiguous


def test_normalise_uses_the_model_kind_bounds_and_blanks() -> None:
    assert normalise(node_type("Person").prop("phone"), 13800000001) == "13800000001"
    assert normalise(node_type("Person").prop("name"), "  ") is None
    assert normalise(rel_type("CERTIFIED").prop("grade"), "技师") == 5
    assert normalise(node_type("Demand").prop("minGrade"), "高级工") == 4
    assert normalise(node_type("Occupation").prop("code"), "６－１８－０２") == "6-18-02"  # full-width digits
    with pytest.raises(BadValue, match="outside 1900..2100"):
        normalise(node_type("Person").prop("birthYear"), "1850")
