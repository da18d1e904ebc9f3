"""mentorLineage on the small graph: p1 -> p2 -> p4 -> p5 and p1 -> p3 -> p4 (a diamond at p4)."""

from __future__ import annotations

import pytest

from graph.analytics.lineage import GenerationTotal, Lineage, LineageDirection, mentor_lineage
from graph.store import Store

DOWN, UP = LineageDirection.DOWN, LineageDirection.UP


def generations(lineage: Lineage | None) -> dict[str, int]:
    assert lineage is not None
    return {m.person_id: m.generation for m in lineage.members}


def agreements(lineage: Lineage | None) -> list[str]:
    assert lineage is not None
    return [m.props["agreementId"] for m in lineage.mentorships]


def test_down_counts_each_apprentice_once_at_its_fewest_steps(graph: Store) -> None:
    lineage = mentor_lineage(graph, "p1", DOWN, max_depth=3)
    assert lineage is not None and lineage.root.person_id == "p1" and lineage.root.generation == 0
    # p4 has two masters (p2 and p3), both in generation 1: p4 is generation 2, listed once.
    assert [(m.person_id, m.generation) for m in lineage.members] == [("p2", 1), ("p3", 1), ("p4", 2), ("p5", 3)]
    assert lineage.generations == [GenerationTotal(1, 2), GenerationTotal(2, 1), GenerationTotal(3, 1)]
    assert agreements(lineage) == ["m1", "m2", "m3", "m4", "m5"]
    assert [(m.master_id, m.apprentice_id) for m in lineage.mentorships][:2] == [("p1", "p2"), ("p1", "p3")]


def test_max_depth_stops_the_lineage_and_its_mentorships(graph: Store) -> None:
    lineage = mentor_lineage(graph, "p1", DOWN, max_depth=2)
    assert generations(lineage) == {"p2": 1, "p3": 1, "p4": 2}
    assert agreements(lineage) == ["m1", "m2", "m3", "m4"]  # m5 leads to p5, beyond the depth


def test_mentorships_between_people_of_the_last_generation_are_listed(graph: Store) -> None:
    graph.upsert_relationships("MENTORED", [{"from": "p2", "to": "p3", "agreementId": "m9", "start": "2015-01-01", "status": "已出师"}])
    lineage = mentor_lineage(graph, "p1", DOWN, max_depth=1)
    assert generations(lineage) == {"p2": 1, "p3": 1}
    assert agreements(lineage) == ["m1", "m2", "m9"]


def test_up_lists_masters_and_their_masters(graph: Store) -> None:
    lineage = mentor_lineage(graph, "p5", UP, max_depth=3)
    assert generations(lineage) == {"p4": 1, "p2": 2, "p3": 2, "p1": 3}
    assert [(m.master_id, m.apprentice_id) for m in lineage.mentorships] == [
        ("p1", "p2"), ("p1", "p3"), ("p2", "p4"), ("p3", "p4"), ("p4", "p5"),
    ]
    assert lineage.direction is UP


def test_a_status_filter_applies_to_every_mentorship_on_the_path(graph: Store) -> None:
    # Only 在带: p1 -m2-> p3 -m4-> p4 -m5-> p5; p2 is reached by 已出师 m1 only, so it is left out.
    lineage = mentor_lineage(graph, "p1", DOWN, max_depth=5, statuses=["在带"])
    assert generations(lineage) == {"p3": 1, "p4": 2, "p5": 3}
    assert agreements(lineage) == ["m2", "m4", "m5"]
    completed = mentor_lineage(graph, "p1", DOWN, max_depth=5, statuses=["已出师"])
    assert generations(completed) == {"p2": 1, "p4": 2}


def test_someone_with_no_apprentices_has_an_empty_lineage(graph: Store) -> None:
    lineage = mentor_lineage(graph, "p5", DOWN)
    assert lineage is not None and lineage.members == [] and lineage.mentorships == [] and lineage.generations == []
    assert lineage.root.name == "孙丽"


def test_an_unknown_person_has_no_lineage(graph: Store) -> None:
    assert mentor_lineage(graph, "nobody", DOWN) is None


@pytest.mark.parametrize("depth", [0, 11])
def test_max_depth_is_between_one_and_ten(graph: Store, depth: int) -> None:
    with pytest.raises(ValueError, match="maxDepth"):
        mentor_lineage(graph, "p1", DOWN, max_depth=depth)
