"""Competitions on the small graph, in both stores: the records, yearInReview's figures, and grades awarded as supply.

    c1 荆州市焊工技能大赛  2022 市级   职业技能大赛  tests 焊工 6-18-02-04, organised by o1 (沙市区 421002)
       p4 1st 一等奖, awarded 技师 (5); p2 2nd 二等奖; p5 3rd, no award (p5 works in Beijing)
    c2 北京"双创"大赛      2022 国家级 "双创"大赛    tests 车工 6-18-01-01, organised by o3 (北京 110000)
       p3 1st 金奖; p5 2nd, no award
    c3 企业技能比武        2021 企业   劳动竞赛      no occupation, no organiser; p1 优秀奖
"""

from __future__ import annotations

import pytest

from graph.analytics.skill_gaps import skill_gaps
from graph.analytics.year_review import CompetitionCount, year_in_review
from graph.errors import InvalidData
from graph.query import Direction
from graph.store import Store

COMPETITIONS = [
    {"competitionId": "c1", "name": "荆州市焊工技能大赛", "year": 2022, "level": "市级", "kind": "职业技能大赛"},
    {"competitionId": "c2", "name": '北京"双创"大赛', "year": 2022, "level": "国家级", "kind": '"双创"大赛'},
    {"competitionId": "c3", "name": "企业技能比武", "year": 2021, "level": "企业", "kind": "劳动竞赛"},
]
ENTRIES = [
    {"from": "p4", "to": "c1", "rank": 1, "award": "一等奖", "gradeAwarded": 5},
    {"from": "p2", "to": "c1", "rank": 2, "award": "二等奖"},
    {"from": "p5", "to": "c1", "rank": 3},
    {"from": "p3", "to": "c2", "rank": 1, "award": "金奖"},
    {"from": "p5", "to": "c2", "rank": 2},
    {"from": "p1", "to": "c3", "award": "优秀奖"},
]
WELDER_DEMAND = {"demandId": "d1", "regionCode": "421000", "occupationCode": "6-18-02-04", "minGrade": 5,
                 "required": 4, "year": 2024}


def add_competitions(store: Store, entries: list[dict] = ENTRIES) -> None:
    store.upsert_nodes("Competition", COMPETITIONS)
    store.upsert_relationships("TESTS", [{"from": "c1", "to": "6-18-02-04"}, {"from": "c2", "to": "6-18-01-01"}])
    store.upsert_relationships("ORGANIZED_BY", [{"from": "c1", "to": "o1"}, {"from": "c2", "to": "o3"}])
    store.upsert_relationships("COMPETED", entries)


@pytest.fixture
def competed(graph: Store) -> Store:
    add_competitions(graph)
    return graph


def test_entries_are_kept_with_rank_award_and_grade(competed: Store) -> None:
    entrants = competed.neighbours("Competition", ["c1"], "COMPETED", Direction.IN)["c1"]
    assert [(n.key, n.rel) for n in entrants] == [
        ("p2", {"rank": 2, "award": "二等奖"}), ("p4", {"rank": 1, "award": "一等奖", "gradeAwarded": 5}), ("p5", {"rank": 3})]
    entered = competed.neighbours("Person", ["p5"], "COMPETED", Direction.OUT)["p5"]
    assert [n.key for n in entered] == ["c1", "c2"]
    assert [n.key for n in competed.neighbours("Competition", ["c1"], "TESTS", Direction.OUT)["c1"]] == ["6-18-02-04"]
    counts = competed.counts()
    assert (counts["Competition"], counts["COMPETED"], counts["ORGANIZED_BY"]) == (3, 6, 2)


@pytest.mark.parametrize(("row", "reason"), [
    ({"from": "p1", "to": "c1", "award": "特等奖"}, "award must be one of"),
    ({"from": "p1", "to": "c1", "gradeAwarded": 9}, "gradeAwarded must be within"),
    ({"from": "p1", "to": "c1", "rank": 0}, "rank must be within"),
])
def test_a_bad_entry_is_refused_naming_the_field(competed: Store, row: dict, reason: str) -> None:
    with pytest.raises(InvalidData, match=reason):
        competed.upsert_relationships("COMPETED", [row])
    with pytest.raises(InvalidData, match="level must be one of"):
        competed.upsert_nodes("Competition", [{"competitionId": "c9", "name": "x", "level": "区级"}])


def test_the_year_counts_competitions_by_level_and_kind_entrants_and_winners(competed: Store) -> None:
    review = year_in_review(competed, 2022)
    assert review.competitions_held == [CompetitionCount("国家级", '"双创"大赛', 1), CompetitionCount("市级", "职业技能大赛", 1)]
    assert (review.competition_entrants, review.competition_winners) == (4, 3)  # p2 p3 p4 p5; p5 won nothing
    earlier = year_in_review(competed, 2021)
    assert earlier.competitions_held == [CompetitionCount("企业", "劳动竞赛", 1)]
    assert (earlier.competition_entrants, earlier.competition_winners) == (1, 1)


def test_a_region_counts_competitions_organised_there_and_entrants_employed_there(competed: Store) -> None:
    review = year_in_review(competed, 2022, "421000")
    assert review.competitions_held == [CompetitionCount("市级", "职业技能大赛", 1)]  # c2 was held in Beijing
    assert (review.competition_entrants, review.competition_winners) == (3, 3)  # p2, p4 (o1) and p3 (o2)
    beijing = year_in_review(competed, 2022, "110000")
    assert beijing.competitions_held == [CompetitionCount("国家级", '"双创"大赛', 1)]
    assert (beijing.competition_entrants, beijing.competition_winners) == (1, 0)  # p5


def test_a_grade_awarded_counts_as_a_certificate_from_the_competitions_year(graph: Store) -> None:
    graph.upsert_nodes("Demand", [WELDER_DEMAND])
    add_competitions(graph, [e for e in ENTRIES if "gradeAwarded" not in e])
    before = skill_gaps(graph)[0]
    assert (year_in_review(graph, 2022).reached_technician, before.supply) == (0, 2)  # p1 and p2
    graph.upsert_relationships("COMPETED", [e for e in ENTRIES if "gradeAwarded" in e])
    after = skill_gaps(graph)[0]
    assert after.supply == before.supply + 1 and after.gap == before.gap - 1  # p4, now 技师 in 焊工
    assert year_in_review(graph, 2022).reached_technician == 1  # p4, in the competition's year
    assert year_in_review(graph, 2022, "421002").reached_technician == 1
    assert year_in_review(graph, 2021).reached_technician == 0


def test_an_earlier_certificate_keeps_the_first_year_at_technician(graph: Store) -> None:
    add_competitions(graph)
    graph.upsert_relationships("CERTIFIED", [{"from": "p4", "to": "6-18-01-01", "grade": 5, "issuedOn": "2020-05"}])
    assert [year_in_review(graph, y).reached_technician for y in (2020, 2022)] == [1, 0]
