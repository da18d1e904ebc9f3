"""dataQuality on the small graph plus one of each problem."""

from __future__ import annotations

import pytest

from graph.analytics.data_quality import Example, Finding, data_quality
from graph.store import Store


@pytest.fixture
def messy(graph: Store) -> Store:
    graph.upsert_relationships("CERTIFIED", [
        {"from": "p3", "to": "6-18-02-04", "grade": 5, "issuedOn": "2015-01-01"},
        {"from": "p1", "to": "6-18-02-04", "grade": 6, "issuedOn": "2019-01-01"},  # after m6 began
    ])
    graph.upsert_relationships("MENTORED", [
        {"from": "p1", "to": "p3", "agreementId": "m6", "start": "2018-01-01", "plannedEnd": "2020-01-01",
         "status": "在带", "occupationCode": "6-18-02"},
        {"from": "p2", "to": "p5", "agreementId": "m7", "start": "2023-01-01", "plannedEnd": "2025-01-01", "status": "在带"},
    ])
    graph.upsert_nodes("Achievement", [{"achievementId": "a3", "title": "无第一完成人的成果", "type": "其他"}])
    graph.upsert_relationships("CONTRIBUTED", [{"from": "p4", "to": "a3", "rank": 2}])
    return graph


def by_check(findings: list[Finding]) -> dict[str, Finding]:
    return {f.check: f for f in findings}


def test_each_check_counts_and_gives_examples(messy: Store) -> None:
    found = by_check(data_quality(messy, "2024-06-01"))
    assert list(found) == ["peopleWithoutEmployer", "overdueMentorships", "apprenticesAboveMaster",
                           "leadersNotMembers", "achievementsWithoutFirstContributor"]
    assert found["peopleWithoutEmployer"].examples == [Example("p6", "周芳")]
    # m7 is 在带 but not yet due on 2024-06-01
    assert found["overdueMentorships"].examples == [Example("m6", "p1 -> p3, planned end 2020-01-01")]
    assert found["apprenticesAboveMaster"].examples == [Example("m6", "p3 grade 5 > master p1 grade 0 on 2018-01-01")]
    assert found["leadersNotMembers"].examples == [Example("s2", "leader p3 张伟")]
    assert found["achievementsWithoutFirstContributor"].examples == [Example("a3", "无第一完成人的成果")]
    assert all(f.count == 1 for f in found.values())


def test_planned_ends_are_judged_on_the_given_day(messy: Store) -> None:
    found = by_check(data_quality(messy, "2025-06-01"))
    assert [e.key for e in found["overdueMentorships"].examples] == ["m6", "m7"]


def test_a_clean_graph_has_nothing_to_fix_but_what_it_holds(graph: Store) -> None:
    found = by_check(data_quality(graph, "2020-01-01"))
    assert {name: f.count for name, f in found.items()} == {
        "peopleWithoutEmployer": 1, "overdueMentorships": 0, "apprenticesAboveMaster": 0,
        "leadersNotMembers": 1, "achievementsWithoutFirstContributor": 0,
    }


def test_examples_stop_at_ten_but_the_count_does_not(graph: Store) -> None:
    graph.upsert_nodes("Person", [{"personId": f"x{i:02}", "name": f"无单位{i}"} for i in range(12)])
    finding = by_check(data_quality(graph, "2020-01-01"))["peopleWithoutEmployer"]
    assert finding.count == 13 and len(finding.examples) == 10
    assert [e.key for e in finding.examples][:2] == ["p6", "x00"]
