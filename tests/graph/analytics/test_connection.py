"""connection on the small graph: people linked by mentorships, studio s1 and achievement a1."""

from __future__ import annotations

import pytest

from graph.analytics.connection import Connection, Via, connection
from graph.query import NodeRef
from graph.store import Store


def walk(found: Connection | None) -> list[str]:
    assert found is not None
    return [node.key for node in found.nodes]


def test_a_shortest_path_through_every_kind_of_link(graph: Store) -> None:
    # 周芳 p6 co-authored a1 with p2, whose apprentice p4 mentors p5.
    found = connection(graph, "p6", "p5")
    assert walk(found) == ["p6", "a1", "p2", "p4", "p5"]
    assert found is not None and found.length == 4
    assert [n.name for n in found.nodes][:2] == ["周芳", "管道自动焊接工艺改进"]
    first = found.steps[0]
    assert (first.type, first.source, first.target, first.props) == (
        "CONTRIBUTED", NodeRef("Person", "p6"), NodeRef("Achievement", "a1"), {"rank": 2})
    assert [(s.source.key, s.target.key) for s in found.steps[1:]] == [("p2", "a1"), ("p2", "p4"), ("p4", "p5")]


def test_direction_is_ignored(graph: Store) -> None:
    assert walk(connection(graph, "p5", "p1", [Via.MENTORSHIP])) == ["p5", "p4", "p2", "p1"]


def test_via_restricts_the_links(graph: Store) -> None:
    assert connection(graph, "p6", "p5", [Via.MENTORSHIP]) is None  # p6 has no mentorship
    assert walk(connection(graph, "p6", "p1", [Via.ACHIEVEMENT, Via.STUDIO])) == ["p6", "a1", "p2", "s1", "p1"]


def test_among_equal_links_the_choice_is_deterministic(graph: Store) -> None:
    # p1 both leads and belongs to s1: of the two equally short steps, LEADS sorts first.
    found = connection(graph, "p2", "p1", [Via.STUDIO])
    assert found is not None and [s.type for s in found.steps] == ["MEMBER_OF", "LEADS"]


def test_none_beyond_max_length(graph: Store) -> None:
    assert connection(graph, "p6", "p5", max_length=3) is None
    assert walk(connection(graph, "p6", "p5", max_length=4))[-1] == "p5"


def test_a_person_is_connected_to_themself_and_unknown_people_to_no_one(graph: Store) -> None:
    found = connection(graph, "p3", "p3")
    assert found is not None and walk(found) == ["p3"] and found.length == 0
    assert connection(graph, "p3", "nobody") is None


@pytest.mark.parametrize("length", [0, 11])
def test_max_length_is_between_one_and_ten(graph: Store, length: int) -> None:
    with pytest.raises(ValueError, match="maxLength"):
        connection(graph, "p1", "p2", max_length=length)


def test_via_must_not_be_empty(graph: Store) -> None:
    with pytest.raises(ValueError, match="via"):
        connection(graph, "p1", "p2", via=[])
