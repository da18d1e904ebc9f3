"""The occupation taxonomy's flaws: markers glued onto names, levels, missing parents."""

from __future__ import annotations

import pytest

from graph.codes import occupation_parent
from loaders.taxonomy import missing_parents, occupation_code, split_markers, tidy_occupation
from loaders.values import BadValue


@pytest.mark.parametrize(("name", "expected"), [
    ("焊工", ("焊工", False, False)), ("碳排放管理员(L)", ("碳排放管理员", True, False)),
    ("数据标注员（S）", ("数据标注员", False, True)), ("光伏发电运维值班员(L/S)", ("光伏发电运维值班员", True, True)),
    ("工业机器人系统操作员 （ s ）", ("工业机器人系统操作员", False, True)),
])
def test_markers_become_flags_and_leave_the_name(name: str, expected: tuple[str, bool, bool]) -> None:
    assert split_markers(name) == expected


def test_tidy_sets_flags_and_the_level_from_the_code_with_warnings() -> None:
    props = {"code": "6 - 18 - 02 - 04", "name": "焊工(L)", "level": "小类"}
    warnings = tidy_occupation(props)
    assert props == {"code": "6-18-02-04", "name": "焊工", "level": "细类", "green": True, "digital": False}
    assert len(warnings) == 2 and "marker" in warnings[0] and "细类 used" in warnings[1]
    given = {"code": "6-18", "name": "机械制造基础加工人员", "green": True}
    assert tidy_occupation(given) == [] and given["green"] is True and given["level"] == "中类"
    with pytest.raises(BadValue, match="not an occupation code"):
        tidy_occupation({"code": "6.18.02", "name": "x"})


def test_missing_parents_broadest_first() -> None:
    present = {"6", "6-18-02-04", "6-22-01-01", "6-22-01"}
    assert missing_parents(present, present, occupation_parent) == ["6-18", "6-22", "6-18-02"]


@pytest.mark.parametrize(("written", "code"), [
    ("6-18-02-04", "6-18-02-04"), ("6-18-02-00", "6-18-02"), ("6-18-00-00", "6-18"), ("6-00-00-00", "6"),
    (" 6 — 18 - 00 - 00 ", "6-18"), ("6-18-02", "6-18-02"), ("焊工", "焊工"), ("电 焊工", "电 焊工"),
])
def test_a_padded_code_is_its_short_form_and_a_name_is_left_alone(written: str, code: str) -> None:
    assert occupation_code(written) == code


def test_a_padded_code_and_a_numeric_level_tidy_to_the_short_code_without_a_warning() -> None:
    props = {"code": "6-18-02-00", "name": "机械热加工人员", "level": "小类"}
    assert tidy_occupation(props) == [] and props["code"] == "6-18-02" and props["level"] == "小类"
    nameless = {"code": "6-18-00-00"}
    assert tidy_occupation(nameless) == ["no name for 6-18: its code used as name"] and nameless["name"] == "6-18"
