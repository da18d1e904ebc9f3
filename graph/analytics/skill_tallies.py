"""Skill tallies: the people certified in, and the apprentices training in, the occupations demands name.

A grade a competition awarded counts as a certificate (graph.analytics.grades).
Counting people demand by demand would walk the same certificates once per demand.
Instead each store tallies, for every occupation some demand names, the people
certified in it or under it, grouped by what the definitions of supply and mentor
capacity look at (best grade, employers' region and industry, whether they train
anyone), and the apprentices of 在带 mentorships in it, grouped by what pipeline looks
at. The tallies are small; graph.analytics.skill_gaps answers every demand from them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph import cypher
from graph.analytics.conditions import matches, within_cypher
from graph.analytics.grades import occupation_grades, occupation_grades_cypher, person_grades, person_grades_cypher
from graph.analytics.nx_view import edges, nodes, out_edges
from graph.codes import Scheme, within_prefix
from graph.vocab import EMPLOYED, IN_TRAINING, TECHNICIAN_GRADE

Employer = tuple[str | None, str | None]  # an employer's (regionCode, industry)
Tallies = tuple[list["Certified"], list["Apprentice"]]


@dataclass(frozen=True)
class Certified:
    """How many 在职 people certified in `occupation` (or under it) share these traits."""

    occupation: str
    best: int  # their best grade in the occupation or under it
    trains: bool  # at 技师 or above and masters of at least one 在带 mentorship: mentor capacity
    employers: tuple[Employer, ...]
    people: int


@dataclass(frozen=True)
class Apprentice:
    """How many apprentices of 在带 mentorships in `occupation` (or under it) share these traits."""

    occupation: str
    master_regions: tuple[str, ...]  # where the masters of those mentorships work
    employed: bool  # status 在职
    best: int  # their own best grade in the occupation or under it, 0 for none
    employers: tuple[Employer, ...]
    people: int


def occupations_named(demands: Iterable[dict[str, Any]]) -> list[str]:
    """The distinct occupation codes the demands name, sorted."""
    return sorted({d["occupationCode"] for d in demands})


# -- Neo4j -------------------------------------------------------------------

EMPLOYERS = "[(x)-[:WORKS_AT]->(o) | [o.regionCode, o.industry]]"  # WORKS_AT always ends at an Organization

CERTIFIED = (
    "UNWIND $occupations AS occ "
    "MATCH (oc:Occupation) WHERE " + within_cypher("oc.code", "occ.exact", "occ.prefix") + " "
    + occupation_grades_cypher("oc") + " "  # certificates and competition grades: only a Person holds either
    "WITH occ, x, grade WHERE x.status = $employed "
    "WITH occ.code AS occupation, x, max(grade) AS best "
    "WITH occupation, best, CASE WHEN best >= $technician "  # below 技师 no one counts as mentor capacity
    "  THEN EXISTS { MATCH (x)-[:MENTORED {status: $training}]->() } ELSE false END AS trains, "
    f"  {EMPLOYERS} AS employers "
    "RETURN occupation, best, trains, employers, count(*) AS people"
)

APPRENTICES = (
    "UNWIND $occupations AS occ "
    "MATCH (m:Person)-[r:MENTORED]->(x:Person) WHERE r.status = $training AND "
    + within_cypher("r.occupationCode", "occ.exact", "occ.prefix") + " "
    "UNWIND [(m)-[:WORKS_AT]->(o:Organization) WHERE o.regionCode IS NOT NULL | o.regionCode] AS region "
    "WITH occ, x, collect(DISTINCT region) AS masterRegions "
    "WITH occ.code AS occupation, masterRegions, x.status = $employed AS employed, "
    "  reduce(best = 0, g IN " + person_grades_cypher("x", within_cypher("oc.code", "occ.exact", "occ.prefix"))
    + " | CASE WHEN g.grade > best THEN g.grade ELSE best END) AS best, "
    f"  {EMPLOYERS} AS employers "
    "RETURN occupation, masterRegions, coalesce(employed, false) AS employed, best, employers, count(*) AS people"
)


def tallies_plan(occupations: list[str]) -> cypher.Plan[Tallies]:
    """Both tallies for these occupation codes, each counted in Cypher."""
    params = {"occupations": _within(occupations), "employed": EMPLOYED, "training": IN_TRAINING,
              "technician": TECHNICIAN_GRADE}
    certified = yield CERTIFIED, params
    apprentices = yield APPRENTICES, params
    return (
        [Certified(r["occupation"], r["best"], r["trains"], _employers(r["employers"]), r["people"]) for r in certified],
        [Apprentice(r["occupation"], tuple(r["masterRegions"]), r["employed"], r["best"], _employers(r["employers"]),
                    r["people"]) for r in apprentices],
    )


def _within(occupations: list[str]) -> list[dict[str, str]]:
    """Each code with the exact code and prefix of the codes within it, for Cypher."""
    return [dict(zip(("code", "exact", "prefix"), (c, *within_prefix(c, Scheme.OCCUPATION)))) for c in occupations]


def _employers(found: list[list[str | None]]) -> tuple[Employer, ...]:
    return tuple((region, industry) for region, industry in found)


# -- embedded ----------------------------------------------------------------


def tallies(graph: nx.MultiDiGraph, occupations: list[str]) -> Tallies:
    """Both tallies for these occupation codes, counted over the embedded graph."""
    return _certified(graph, occupations), _apprentices(graph, occupations)


def _certified(graph: nx.MultiDiGraph, occupations: list[str]) -> list[Certified]:
    best: dict[str, dict[str, int]] = {occupation: {} for occupation in occupations}
    for code, _ in nodes(graph, "Occupation"):
        within = [occupation for occupation in occupations if matches(code, occupation, Scheme.OCCUPATION)]
        for person, grade in occupation_grades(graph, code) if within else ():
            if graph.nodes["Person", person].get("status") == EMPLOYED:
                for occupation in within:
                    best[occupation][person] = max(best[occupation].get(person, 0), grade)
    traits: dict[str, tuple[bool, tuple[Employer, ...]]] = {}  # a person certified in several occupations
    tally: Counter[tuple[str, int, bool, tuple[Employer, ...]]] = Counter()
    for occupation, grades in best.items():
        for person, grade in grades.items():
            if person not in traits:
                traits[person] = (_trains(graph, person), _employers_of(graph, person))
            trains, employers = traits[person]
            tally[(occupation, grade, grade >= TECHNICIAN_GRADE and trains, employers)] += 1
    return [Certified(*group, people=n) for group, n in tally.items()]


def _apprentices(graph: nx.MultiDiGraph, occupations: list[str]) -> list[Apprentice]:
    training = [(m, a, r.get("occupationCode")) for m, a, r in edges(graph, "MENTORED") if r["status"] == IN_TRAINING]
    tally: Counter[tuple[str, tuple[str, ...], bool, int, tuple[Employer, ...]]] = Counter()
    for occupation in occupations:
        regions: dict[str, set[str]] = {}
        for master, apprentice, code in training:
            if matches(code, occupation, Scheme.OCCUPATION):
                found = {r for r, _ in _employers_of(graph, master[1]) if r is not None}
                if found:
                    regions.setdefault(apprentice[1], set()).update(found)
        for person, found in regions.items():
            best = max((g.grade for g in person_grades(graph, person)
                        if matches(g.occupation, occupation, Scheme.OCCUPATION)), default=0)
            employed = graph.nodes["Person", person].get("status") == EMPLOYED
            tally[(occupation, tuple(sorted(found)), employed, best, _employers_of(graph, person))] += 1
    return [Apprentice(*group, people=n) for group, n in tally.items()]


def _employers_of(graph: nx.MultiDiGraph, person_id: str) -> tuple[Employer, ...]:
    return tuple(sorted(
        ((graph.nodes[org].get("regionCode"), graph.nodes[org].get("industry"))
         for org, _ in out_edges(graph, ("Person", person_id), "WORKS_AT")),
        key=str,
    ))


def _trains(graph: nx.MultiDiGraph, person_id: str) -> bool:
    """Whether the person is the master of at least one 在带 mentorship."""
    return any(m.get("status") == IN_TRAINING for _, m in out_edges(graph, ("Person", person_id), "MENTORED"))
