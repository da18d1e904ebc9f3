"""Columns come from the model: English snake_case or Chinese headers, spaces and brackets tolerated."""

from __future__ import annotations

import pytest

from loaders.columns import columns_of, normalise_header
from loaders.kinds import KIND_BY_NAME, KINDS


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_every_kind_builds_with_no_header_claimed_twice(kind) -> None:  # type: ignore[no-untyped-def]
    columns = columns_of(kind)
    assert columns.required and all(c in columns.columns for group in columns.required for c in group)


@pytest.mark.parametrize(("kind", "header", "column"), [
    ("people", "姓名", "name"), ("people", "性别", "gender"), ("people", "出生年月", "birth_date"),
    ("people", "联系电话", "phone"), ("people", "工作单位", "org_id"), ("people", "单位编号", "org_id"),
    ("people", "身份证号", "id_card"), ("people", " birth_year ", "birth_year"), ("people", "birthYear", "birth_year"),
    ("organizations", "统一社会信用代码", "org_id"), ("organizations", "所属行业", "industry"),
    ("organizations", "行政区划", "region_code"), ("certifications", "职业编码", "occupation_code"),
    ("certifications", "工种", "occupation_code"), ("certifications", "技能等级", "grade"),
    ("mentorships", "师傅", "master_id"), ("mentorships", "徒弟", "apprentice_id"),
    ("mentorships", "师傅身份证号", "master_id_card"), ("mentorships", "带徒开始时间", "start"),
    ("mentorships", "出师时间", "end"), ("mentorships", "考核结果", "result"),
    ("studios", "工作室名称", "name"), ("studios", "领衔人", "leader_id"), ("studios", "依托单位", "host_id"),
    ("studios", "级别", "level"), ("studios", "命名年份", "named_year"),
    ("achievements", "成果名称", "title"), ("achievements", "成果类型", "type"),
    ("achievements", "经济效益（万元）", "benefit_wan_yuan"), ("achievements", "经济效益 (万元)", "benefit_wan_yuan"),
    ("achievements", "第一完成人", "first_id"), ("honors", "荣誉名称", "name"), ("honors", "授予单位", "grantor"),
    ("studio_members", "工作室名称", "studio_id"), ("honors", "姓名", "person_id"),
])
def test_the_headers_a_union_uses(kind: str, header: str, column: str) -> None:
    assert columns_of(KIND_BY_NAME[kind]).match(header) == column


def test_header_normalisation_ignores_case_spaces_underscores_and_full_width() -> None:
    assert normalise_header(" 经济效益（万元） ") == normalise_header("经济效益 (万元)") == "经济效益(万元)"
    assert normalise_header("Person_ID") == normalise_header("personId")


def test_required_columns_accept_an_identity_card_instead_of_an_id() -> None:
    assert ("person_id", "id_card") in columns_of(KIND_BY_NAME["people"]).required
    assert ("master_id", "master_id_card") in columns_of(KIND_BY_NAME["mentorships"]).required
    assert ("honor_id",) not in columns_of(KIND_BY_NAME["honors"]).required  # derived from name, level, year
