"""keyMentors on the small graph: p1 -> p2 -> p4 -> p5 and p1 -> p3 -> p4.

    p1  apprentices p2, p3; descendants p2, p3, p4, p5; depth 3
    p2  apprentice p4; descendants p4, p5; depth 2      } tied on descendants and depth:
    p3  apprentice p4; descendants p4, p5; depth 2      } p2 before p3 by id
    p4  apprentice p5; descendants p5; depth 1
"""

from __future__ import annotations

import pytest

from graph.analytics.key_mentors import KeyMentor, key_mentors
from graph.store import Store


def ranking(mentors: list[KeyMentor]) -> list[str]:
    return [m.person_id for m in mentors]


@pytest.fixture
def honoured(graph: Store) -> Store:
    """p4 received an honour; p2 is a 技师 (grade 5) already, p5 becomes a 高级技师."""
    graph.upsert_nodes("Honor", [{"honorId": "五一劳动奖章-市级-2023", "name": "五一劳动奖章", "level": "市级", "year": 2023}])
    graph.upsert_relationships("RECEIVED", [{"from": "p4", "to": "五一劳动奖章-市级-2023"}])
    graph.upsert_relationships("CERTIFIED", [{"from": "p5", "to": "6-18-02-04", "grade": 6}])
    return graph


def test_ranked_by_descendants_then_depth_then_id(honoured: Store) -> None:
    mentors = key_mentors(honoured)
    assert ranking(mentors) == ["p1", "p2", "p3", "p4"]
    assert mentors[0] == KeyMentor("p1", "王建国", apprentices=2, descendants=4, depth=3,
                                   honoured_descendants=1, technician_descendants=2)
    assert mentors[1] == KeyMentor("p2", "李明", 1, 2, 2, 1, 1)
    assert mentors[3] == KeyMentor("p4", "赵强", 1, 1, 1, 0, 1)


def test_depth_counts_each_descendant_at_its_fewest_steps(graph: Store) -> None:
    # p1 also mentors p4 directly: p4 is now generation 1, p5 generation 2, so p1's depth drops to 2.
    graph.upsert_relationships("MENTORED", [{"from": "p1", "to": "p4", "agreementId": "m8", "start": "2020-01-01", "status": "终止"}])
    top = key_mentors(graph, first=1)[0]
    assert (top.person_id, top.apprentices, top.descendants, top.depth) == ("p1", 3, 4, 2)


def test_a_deeper_lineage_wins_a_tie_on_descendants(graph: Store) -> None:
    # p6 takes two apprentices of their own (two descendants, depth 1); p2 and p3 keep depth 2.
    graph.upsert_nodes("Person", [{"personId": "p7", "name": "钱七"}, {"personId": "p8", "name": "吴八"}])
    graph.upsert_relationships("MENTORED", [
        {"from": "p6", "to": "p7", "agreementId": "m6", "start": "2001-01-01", "status": "已出师"},
        {"from": "p6", "to": "p8", "agreementId": "m7", "start": "2001-01-01", "status": "已出师"},
    ])
    assert ranking(key_mentors(graph)) == ["p1", "p2", "p3", "p6", "p4"]


def test_first_keeps_the_top(graph: Store) -> None:
    assert ranking(key_mentors(graph, first=2)) == ["p1", "p2"]
    assert key_mentors(graph, first=0) == []


def test_region_includes_sub_regions(graph: Store) -> None:
    # p1, p2, p4 work at o1 in 沙市区 421002; p3 at o2 in 荆州区 421003; both are under 荆州市 421000.
    assert ranking(key_mentors(graph, region_code="421000")) == ["p1", "p2", "p3", "p4"]
    assert ranking(key_mentors(graph, region_code="421003")) == ["p3"]
    assert key_mentors(graph, region_code="110000") == []


def test_industry_and_occupation_filters(graph: Store) -> None:
    assert ranking(key_mentors(graph, industry="汽车零部件")) == ["p3"]
    # Certified in 机械热加工人员 6-18-02 or under it (焊工 6-18-02-04): p1, p2, p4 but not p3 (车工).
    assert ranking(key_mentors(graph, occupation_code="6-18-02")) == ["p1", "p2", "p4"]
    assert ranking(key_mentors(graph, region_code="421002", occupation_code="6-18-01")) == []
