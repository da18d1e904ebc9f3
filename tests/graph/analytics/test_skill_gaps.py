"""skillGaps on the small graph, with demands worked out by hand.

People (in the small graph, plus the extras below):
    p1 在职, o1 沙市区 421002 石油装备, 焊工 6-18-02-04 grade 6 and 车工 6-18-01-01 grade 5 (extra)
    p2 在职, o1, 焊工 5          p3 在职, o2 荆州区 421003 汽车零部件, 车工 4
    p4 在职, o1, 焊工 3          p5 在职, o3 北京 110000, no certificate
    p6 退休, o1 (extra), 焊工 7 (extra): retired, so never supply
Mentorships 在带: m2 p1 -> p3 (车工), m4 p3 -> p4 (车工), m5 p4 -> p5 (焊工)
"""

from __future__ import annotations

import pytest

from graph.analytics.skill_gaps import SkillGap, skill_gaps
from graph.store import Store

DEMANDS = [
    # 荆州市 includes 沙市区: supply p1, p2; pipeline p5 (m5, master p4 in 421002); capacity p1 (grade 6, 在带 m2).
    {"demandId": "dA", "regionCode": "421000", "occupationCode": "6-18-02-04", "minGrade": 5, "required": 4, "year": 2024},
    # 6-18 includes 焊工 and 车工; industry 石油装备 leaves p3 out of supply; p1 counted once for two certificates.
    {"demandId": "dB", "regionCode": "421000", "industry": "石油装备", "occupationCode": "6-18", "minGrade": 4, "required": 2, "year": 2024},
    # Over-supply: p1, p2, p4 for one place.
    {"demandId": "dC", "regionCode": "421002", "occupationCode": "6-18-02-04", "minGrade": 3, "required": 1, "year": 2024},
    # Pipeline only: nobody at grade 5 in 车工 in 荆州区; p4 is p3's apprentice (m4, p3 works in 421003).
    {"demandId": "dD", "regionCode": "421003", "occupationCode": "6-18-01-01", "minGrade": 5, "required": 2, "year": 2024},
    # Zero demand: nothing required, nothing supplied.
    {"demandId": "dE", "regionCode": "110000", "occupationCode": "6-18-02-04", "minGrade": 1, "required": 0, "year": 2025},
]


@pytest.fixture
def planned(graph: Store) -> Store:
    graph.upsert_relationships("WORKS_AT", [{"from": "p6", "to": "o1"}])
    graph.upsert_relationships("CERTIFIED", [
        {"from": "p1", "to": "6-18-01-01", "grade": 5}, {"from": "p6", "to": "6-18-02-04", "grade": 7},
    ])
    graph.upsert_nodes("Demand", DEMANDS)
    return graph


def counts(row: SkillGap) -> tuple[int, int, int, int, int, float | None]:
    return row.supply, row.pipeline, row.mentor_capacity, row.gap, row.gap_after_pipeline, row.coverage


def test_every_demand_with_supply_pipeline_capacity_and_gap(planned: Store) -> None:
    rows = {row.demand_id: row for row in skill_gaps(planned)}
    assert counts(rows["dA"]) == (2, 1, 1, 2, 1, 0.5)
    assert counts(rows["dB"]) == (2, 3, 1, 0, 0, 1.0)  # pipeline p3, p4, p5 whatever the industry
    assert counts(rows["dC"]) == (3, 1, 1, 0, 0, 3.0)  # p4 trains p5 but is below 技师: no capacity
    assert counts(rows["dD"]) == (0, 1, 0, 2, 1, 0.0)
    assert counts(rows["dE"]) == (0, 0, 0, 0, 0, None)


def test_a_row_carries_its_demand_and_names(planned: Store) -> None:
    row = next(r for r in skill_gaps(planned) if r.demand_id == "dB")
    assert (row.region_code, row.region_name, row.industry, row.occupation_code, row.occupation_name) == (
        "421000", "荆州市", "石油装备", "6-18", "机械制造基础加工人员")
    assert (row.min_grade, row.required, row.year) == (4, 2, 2024)


def test_sorted_by_gap_then_occupation_code(planned: Store) -> None:
    # gaps: dD 2 (6-18-01-01), dA 2 (6-18-02-04); then 0: dB (6-18), dE and dC (6-18-02-04, by region code)
    assert [r.demand_id for r in skill_gaps(planned)] == ["dD", "dA", "dB", "dE", "dC"]


def test_filters_include_sub_regions_and_narrower_occupations(planned: Store) -> None:
    def ids(**where: object) -> list[str]:
        return [r.demand_id for r in skill_gaps(planned, **where)]

    assert ids(region_code="421000") == ["dD", "dA", "dB", "dC"]
    assert ids(region_code="421002") == ["dC"]
    assert ids(occupation_code="6-18-02") == ["dA", "dE", "dC"]  # 6-18 is broader, not under 6-18-02
    assert ids(industry="石油装备") == ["dB"]
    assert ids(year=2025) == ["dE"]
    assert ids(region_code="420000", occupation_code="6-18-01", year=2024) == ["dD"]


def test_no_demands_no_rows(graph: Store) -> None:
    assert skill_gaps(graph) == []
