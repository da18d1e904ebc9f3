"""successionRisks on the small graph, as of 2024.

    p1 王建国, born 1966 (58), 焊工 grade 6, leads s1; apprentices p2 (已出师 m1, 焊工) and p3 (在带 m2, 车工)
    p2 李明, 焊工 grade 5, completed m1 in 焊工: p1's successor at the default 技师 (5)
    p3 张伟, born 1988 (36), 车工 grade 4, leads s2; apprentice p4 (在带 m4, 车工)
"""

from __future__ import annotations

from graph.analytics.succession import StudioLed, SuccessionRisk, succession_risks
from graph.store import Store

P1_WELDING = SuccessionRisk(
    "p1", "王建国", 58, "6-18-02-04", "焊工", 6, [StudioLed("s1", "王建国焊接创新工作室")],
    best_successor_grade=5, apprentices_in_training=0,
)


def who(risks: list[SuccessionRisk]) -> list[tuple[str, str | None]]:
    return [(r.person_id, r.occupation_code) for r in risks]


def test_a_qualified_successor_removes_the_risk(graph: Store) -> None:
    assert succession_risks(graph, 2024) == []


def test_no_successor_at_the_asked_grade(graph: Store) -> None:
    assert succession_risks(graph, 2024, successor_grade=6) == [P1_WELDING]


def test_age_is_as_of_year_minus_birth_year(graph: Store) -> None:
    assert who(succession_risks(graph, 2024, min_age=58, successor_grade=6)) == [("p1", "6-18-02-04")]
    assert succession_risks(graph, 2024, min_age=59, successor_grade=6) == []


def test_studio_leaders_count_in_every_occupation_they_hold(graph: Store) -> None:
    # p3 holds only grade 4 but leads s2; p4 is in training in 车工, nobody has completed.
    risks = succession_risks(graph, 2024, min_age=30, generations=1)
    assert risks == [SuccessionRisk("p3", "张伟", 36, "6-18-01-01", "车工", 4, [StudioLed("s2", "张伟数控工作室")], None, 1)]


def test_successors_are_sought_within_the_generations(graph: Store) -> None:
    # p2 drops to grade 4; p4 (generation 2, completed m3 in 焊工) rises to 5.
    graph.upsert_relationships("CERTIFIED", [{"from": "p2", "to": "6-18-02-04", "grade": 4},
                                             {"from": "p4", "to": "6-18-02-04", "grade": 5}])
    assert succession_risks(graph, 2024, generations=2) == []
    one = succession_risks(graph, 2024, generations=1)
    assert who(one) == [("p1", "6-18-02-04")] and one[0].best_successor_grade == 4


def test_the_successor_must_have_completed_in_the_occupation(graph: Store) -> None:
    # p2's completed mentorship m1 moves to 车工: p2 is no longer a 焊工 successor, though still a 技师 in it.
    graph.upsert_relationships("MENTORED", [{"from": "p1", "to": "p2", "agreementId": "m1", "occupationCode": "6-18-01-01",
                                             "start": "2010-03-01", "status": "已出师"}])
    risks = succession_risks(graph, 2024)
    assert who(risks) == [("p1", "6-18-02-04")] and risks[0].best_successor_grade == 5


def test_region_and_occupation_filters(graph: Store) -> None:
    assert who(succession_risks(graph, 2024, region_code="421000", successor_grade=6)) == [("p1", "6-18-02-04")]
    assert succession_risks(graph, 2024, region_code="421003", successor_grade=6) == []
    assert who(succession_risks(graph, 2024, min_age=30, occupation_code="6-18-01", generations=1)) == [("p3", "6-18-01-01")]
    assert succession_risks(graph, 2024, occupation_code="6-18-01", successor_grade=6) == []


def test_retired_people_are_left_out_and_uncertified_leaders_are_in(graph: Store) -> None:
    graph.upsert_nodes("Person", [{"personId": "p7", "name": "老李", "birthYear": 1950, "status": "退休"},
                                  {"personId": "p8", "name": "老周", "birthYear": 1960, "status": "在职"}])
    graph.upsert_nodes("Studio", [{"studioId": "s3", "name": "老李工作室"}, {"studioId": "s4", "name": "老周工作室"}])
    graph.upsert_relationships("LEADS", [{"from": "p7", "to": "s3"}, {"from": "p8", "to": "s4"}])
    graph.upsert_relationships("CERTIFIED", [{"from": "p7", "to": "6-18-02-04", "grade": 7}])
    risks = succession_risks(graph, 2024)
    assert risks == [SuccessionRisk("p8", "老周", 64, None, None, None, [StudioLed("s4", "老周工作室")], None, 0)]
