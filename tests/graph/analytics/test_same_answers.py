"""Both stores give identical answers on the bundled sample and on a generated city of 20,000 people,
and Neo4j plans the analytics' queries with indexes and without cartesian products."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from graph.analytics.connection import connection
from graph.analytics.data_quality import data_quality
from graph.analytics.key_mentors import key_mentors, key_mentors_query
from graph.analytics.lineage import LineageDirection, lineage_query, mentor_lineage
from graph.analytics.nx_view import nodes
from graph.analytics.skill_gaps import skill_gaps, skill_gaps_query
from graph.analytics.succession import succession_risks
from graph.analytics.year_review import year_in_review
from graph.codes import occupation_parent, region_parent
from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from loaders.generate import generate
from loaders.load import load_folder
from tests.conftest import ROOT
from tests.graph.analytics.plans import plan_operators

DOWN, UP = LineageDirection.DOWN, LineageDirection.UP
Both = tuple[EmbeddedStore, Neo4jStore]
Case = Callable[[EmbeddedStore | Neo4jStore], Any]


@pytest.fixture(scope="module", params=["sample", "generated"])
def both(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Both]:
    """The same folder loaded into a fresh embedded store and the session's Neo4j."""
    folder = ROOT / "data" / "sample"
    if request.param == "generated":
        folder = tmp_path_factory.mktemp("city") / "city"
        generate(folder, people=20_000, seed=11)
    neo4j: Neo4jStore = request.getfixturevalue("neo4j_store_session")
    neo4j.clear()
    embedded = EmbeddedStore()
    for store in (embedded, neo4j):
        report = load_folder(folder, store)
        assert report.ok, report.problems[:5]
    yield embedded, neo4j
    neo4j.clear()


def cases(embedded: EmbeddedStore) -> dict[str, Case]:
    """Questions whose arguments come from the data, so each case asks about something that is there."""
    graph = embedded.graph
    masters = [m.person_id for m in key_mentors(embedded, first=3)]
    lineage = mentor_lineage(embedded, masters[0], DOWN, 10)
    assert lineage is not None and lineage.members
    deepest = lineage.members[-1].person_id
    demand = min((d for _, d in nodes(graph, "Demand")), key=lambda d: d["demandId"])
    district = demand["regionCode"] if region_parent(demand["regionCode"]) else sorted(graph.nodes)[0][1]
    occupation = occupation_parent(demand["occupationCode"]) or demand["occupationCode"]
    years = sorted({a["year"] for _, a in nodes(graph, "Achievement") if a.get("year")})
    people = sorted(key for key, _ in nodes(graph, "Person"))
    pairs = [(masters[0], deepest), (masters[1], masters[2])] + [tuple(random.Random(5).sample(people, 2)) for _ in range(4)]
    return {
        "lineage down": lambda s: [mentor_lineage(s, m, DOWN, 5) for m in masters],
        "lineage up": lambda s: mentor_lineage(s, deepest, UP, 10),
        "lineage in training": lambda s: mentor_lineage(s, masters[0], DOWN, 10, ["在带"]),
        "key mentors": lambda s: key_mentors(s),
        "key mentors filtered": lambda s: key_mentors(s, region_parent(district), demand.get("industry"), occupation, 30),
        "connections": lambda s: [connection(s, a, b) for a, b in pairs],
        "skill gaps": lambda s: skill_gaps(s),
        "skill gaps filtered": lambda s: skill_gaps(s, region_parent(district), demand.get("industry"), occupation, demand.get("year")),
        "succession": lambda s: succession_risks(s, 2025),
        "succession filtered": lambda s: succession_risks(s, 2025, district, occupation, 50, 6, 3),
        "year in review": lambda s: [year_in_review(s, year) for year in years[-3:]] + [year_in_review(s, years[-1], district)],
        "data quality": lambda s: data_quality(s, "2025-06-01"),
    }


NAMES = ["lineage down", "lineage up", "lineage in training", "key mentors", "key mentors filtered", "connections",
         "skill gaps", "skill gaps filtered", "succession", "succession filtered", "year in review", "data quality"]


@pytest.mark.neo4j
@pytest.mark.parametrize("name", NAMES)
def test_both_stores_give_identical_answers(both: Both, name: str) -> None:
    embedded, neo4j = both
    ask = cases(embedded)[name]
    expected = ask(embedded)
    assert expected, f"{name}: an empty answer proves nothing"
    assert ask(neo4j) == expected


def uses_index(plan: list[str]) -> bool:
    return any("Index" in operator for operator in plan)


def operators_of_all(neo4j: Neo4jStore, analytics: list[Any]) -> list[list[str]]:
    return [ops for analytic in analytics for ops in plan_operators(neo4j, analytic)]


@pytest.mark.neo4j
def test_lineage_key_mentors_and_skill_gaps_plan_with_indexes_and_no_cartesian_product(both: Both) -> None:
    embedded, neo4j = both
    master = key_mentors(embedded, first=1)[0].person_id
    lineage = operators_of_all(neo4j, [lineage_query(master, DOWN, 5), lineage_query(master, UP, 3, ["在带"])])
    mentors = operators_of_all(neo4j, [key_mentors_query(first=20), key_mentors_query("421000", None, "6", 20)])
    demand = min((d for _, d in nodes(embedded.graph, "Demand")), key=lambda d: d["demandId"])
    region = region_parent(demand["regionCode"]) or demand["regionCode"]
    gaps = plan_operators(neo4j, skill_gaps_query())  # the demands, the certified, the apprentices
    narrowed = plan_operators(neo4j, skill_gaps_query(region, None, demand["occupationCode"]))
    assert len(gaps) == len(narrowed) == 3
    for plan in lineage + mentors + gaps + narrowed:
        assert "CartesianProduct" not in plan and "AllNodesScan" not in plan, plan
    # lineage: every query starts from an index (people's keys; on tiny data, perhaps MENTORED.status), never a scan
    assert all(uses_index(plan) and "NodeByLabelScan" not in plan for plan in lineage), lineage
    # key mentors: masters from the index on MENTORED.status, not from a scan of every Person
    assert all(uses_index(plan) and "NodeByLabelScan" not in plan for plan in mentors), mentors
    # skill gaps: filtered demands through the indexes on regionCode and occupationCode; the tallies through
    # the occupations' unique index and the index on MENTORED.status
    assert uses_index(narrowed[0]) and "NodeByLabelScan" not in narrowed[0], narrowed[0]
    assert all(uses_index(plan) for plan in gaps[1:] + narrowed[1:]), gaps + narrowed
