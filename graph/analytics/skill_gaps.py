"""Skill gaps: for each planner's demand, the certified supply, the pipeline of apprentices and the gap.

Both stores tally the people behind the occupations the demands name (graph.analytics.
skill_tallies); `gap_rows` answers every demand from those tallies, once for both stores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph import cypher
from graph.analytics.conditions import matches, within_param
from graph.analytics.nx_view import nodes
from graph.analytics.runner import Analytic, doc, run
from graph.analytics.skill_tallies import (
    Apprentice, Certified, Employer, Tallies, occupations_named, tallies, tallies_plan,
)
from graph.codes import Scheme
from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.vocab import TECHNICIAN_GRADE


@dataclass(frozen=True)
class SkillGap:
    demand_id: str = doc("The Demand's demandId.")
    region_code: str = doc("The demand's region; its sub-regions count too.")
    region_name: str | None = doc("The region's name, when the region is stored.")
    industry: str | None = doc("The demand's industry; null for any industry.")
    occupation_code: str = doc("The demand's occupation; the narrower codes under it count too.")
    occupation_name: str | None = doc("The occupation's name, when it is stored.")
    min_grade: int = doc("The lowest grade that meets the demand, 1..8.")
    required: int = doc("People needed (N).")
    year: int | None = doc("The demand's year.")
    supply: int = doc(
        "Distinct 在职 people employed by an organization in the region (and in the industry when given), certified in "
        "the occupation or under it at minGrade or above (their best such certificate counts).")
    pipeline: int = doc(
        "Distinct people not in supply who are apprentices of a 在带 mentorship in the occupation or under it whose "
        "master works in the region (whatever the industry).")
    mentor_capacity: int = doc(
        "People in supply at max(minGrade, 技师) or above who are masters of at least one 在带 mentorship (in any "
        "occupation).")
    gap: int = doc("max(0, required − supply).")
    gap_after_pipeline: int = doc("max(0, required − supply − pipeline).")
    coverage: float | None = doc("supply / required; null when required is 0.")


@dataclass(frozen=True)
class DemandFilter:
    """Which demands to report: a region and an occupation include the codes under them."""

    region_code: str | None = None
    industry: str | None = None
    occupation_code: str | None = None
    year: int | None = None

    def admits(self, demand: dict[str, Any]) -> bool:
        return (
            matches(demand.get("regionCode"), self.region_code, Scheme.REGION)
            and (self.industry is None or demand.get("industry") == self.industry)
            and matches(demand.get("occupationCode"), self.occupation_code, Scheme.OCCUPATION)
            and (self.year is None or demand.get("year") == self.year)
        )

    def cypher(self, params: dict[str, Any]) -> str:
        tests = ["true"]
        if self.region_code is not None:
            tests.append(within_param("d.regionCode", "region", self.region_code, Scheme.REGION, params))
        if self.occupation_code is not None:
            tests.append(within_param("d.occupationCode", "occupation", self.occupation_code, Scheme.OCCUPATION, params))
        if self.industry is not None:
            params["industry"] = self.industry
            tests.append("d.industry = $industry")
        if self.year is not None:
            params["year"] = self.year
            tests.append("d.year = $year")
        return " AND ".join(tests)


# -- shared: from the tallies to the rows ----------------------------------------


@dataclass(frozen=True)
class Local:
    """The tallies of one occupation narrowed to one region and industry, by best grade."""

    certified: Counter[int]  # 在职 people employed there, by their best grade
    trainers: Counter[int]  # those of them at 技师 or above who are masters of a 在带 mentorship
    trainees: int  # apprentices trained by a master working there who can never be in supply
    could_supply: Counter[int]  # apprentices trained there who are in supply when their best grade is enough

    def counts(self, grade: int) -> tuple[int, int, int]:
        """(supply, pipeline, mentor capacity) for a demand of minimum `grade`."""
        supply = sum(n for best, n in self.certified.items() if best >= grade)
        capacity = sum(n for best, n in self.trainers.items() if best >= max(grade, TECHNICIAN_GRADE))
        pipeline = self.trainees + sum(n for best, n in self.could_supply.items() if best < grade)
        return supply, pipeline, capacity


def local(certified: list[Certified], apprentices: list[Apprentice], region: str, industry: str | None) -> Local:
    """Narrow one occupation's tallies to the people employed (or trained by masters employed) in a region."""
    certified_by, trainers, could_supply = Counter[int](), Counter[int](), Counter[int]()
    for group in certified:
        if _works_in(group.employers, region, industry):
            certified_by[group.best] += group.people
            if group.trains:
                trainers[group.best] += group.people
    trainees = 0
    for apprentice in apprentices:
        if any(matches(r, region, Scheme.REGION) for r in apprentice.master_regions):
            if apprentice.employed and _works_in(apprentice.employers, region, industry):
                could_supply[apprentice.best] += apprentice.people
            else:
                trainees += apprentice.people
    return Local(certified_by, trainers, trainees, could_supply)


def gap_rows(demands: list[tuple[dict[str, Any], str | None, str | None]], counted: Tallies) -> list[SkillGap]:
    """Each (demand, region name, occupation name) answered from the tallies, largest gap first."""
    certified, apprentices = counted
    by_occupation: dict[str, list[Certified]] = {}
    for group in certified:
        by_occupation.setdefault(group.occupation, []).append(group)
    training: dict[str, list[Apprentice]] = {}
    for group in apprentices:
        training.setdefault(group.occupation, []).append(group)
    narrowed: dict[tuple[str, str, str | None], Local] = {}  # demands often share occupation, region and industry
    rows = []
    for demand, region_name, occupation_name in demands:
        key = (demand["occupationCode"], demand["regionCode"], demand.get("industry"))
        if key not in narrowed:
            narrowed[key] = local(by_occupation.get(key[0], []), training.get(key[0], []), key[1], key[2])
        supply, pipeline, capacity = narrowed[key].counts(demand["minGrade"])
        rows.append(_row(demand, region_name, occupation_name, supply, pipeline, capacity))
    return sorted(rows, key=lambda r: (-r.gap, r.occupation_code, r.region_code, r.demand_id))


def _works_in(employers: Iterable[Employer], region: str, industry: str | None) -> bool:
    return any(matches(r, region, Scheme.REGION) and (industry is None or i == industry) for r, i in employers)


def _row(demand: dict[str, Any], region_name: str | None, occupation_name: str | None, supply: int, pipeline: int,
         capacity: int) -> SkillGap:
    required = demand["required"]
    return SkillGap(
        demand_id=demand["demandId"], region_code=demand["regionCode"], region_name=region_name,
        industry=demand.get("industry"), occupation_code=demand["occupationCode"], occupation_name=occupation_name,
        min_grade=demand["minGrade"], required=required, year=demand.get("year"),
        supply=supply, pipeline=pipeline, mentor_capacity=capacity,
        gap=max(0, required - supply),
        gap_after_pipeline=max(0, required - supply - pipeline),
        coverage=supply / required if required else None,
    )


# -- Neo4j -------------------------------------------------------------------

DEMANDS = (
    "MATCH (d:Demand) WHERE {where} "
    "OPTIONAL MATCH (r:Region {{code: d.regionCode}}) OPTIONAL MATCH (oc:Occupation {{code: d.occupationCode}}) "
    "RETURN properties(d) AS demand, r.name AS regionName, oc.name AS occupationName"
)

def _plan(which: DemandFilter) -> cypher.Plan[list[SkillGap]]:
    params: dict[str, Any] = {}
    found = yield DEMANDS.format(where=which.cypher(params)), params
    if not found:
        return []
    counted = yield from tallies_plan(occupations_named(r["demand"] for r in found))
    return gap_rows([(r["demand"], r["regionName"], r["occupationName"]) for r in found], counted)


# -- embedded ----------------------------------------------------------------


def _embedded(store: EmbeddedStore, which: DemandFilter) -> list[SkillGap]:
    graph = store.graph
    found = [d for _, d in nodes(graph, "Demand") if which.admits(d)]
    named = [(d, _name(graph, "Region", d["regionCode"]), _name(graph, "Occupation", d["occupationCode"])) for d in found]
    return gap_rows(named, tallies(graph, occupations_named(found)))


def _name(graph: nx.MultiDiGraph, label: str, code: str) -> str | None:
    return graph.nodes[label, code].get("name") if (label, code) in graph else None


# -- both ----------------------------------------------------------------------


def skill_gaps_query(
    region_code: str | None = None, industry: str | None = None, occupation_code: str | None = None,
    year: int | None = None,
) -> Analytic[list[SkillGap]]:
    which = DemandFilter(region_code, industry, occupation_code, year)
    return Analytic(lambda: _plan(which), lambda store: _embedded(store, which))


def skill_gaps(
    store: EmbeddedStore | Neo4jStore, region_code: str | None = None, industry: str | None = None,
    occupation_code: str | None = None, year: int | None = None,
) -> list[SkillGap]:
    """One row per demand matching the arguments, the largest gap first."""
    return run(store, skill_gaps_query(region_code, industry, occupation_code, year))
