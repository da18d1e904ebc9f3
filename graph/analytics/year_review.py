"""Year in review: the figures a union's annual work report cites, for one year and region."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from collections.abc import Callable
from typing import Any

import networkx as nx

from graph import cypher, dates, vocab
from graph.analytics.conditions import (
    employed_in, employer_cypher, host_cypher, hosted_in, matches, organized_in, organizer_cypher, within_param,
)
from graph.analytics.grades import ISSUED_AT_LEAST_CYPHER, person_grades
from graph.analytics.nx_view import NodeId, edges, in_edges, nodes, out_edges
from graph.analytics.runner import Analytic, doc, run
from graph.codes import Scheme
from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore

COMPLETED = vocab.COMPLETED


@dataclass(frozen=True)
class LevelCount:
    level: str | None = doc("The level, e.g. 国家级; null when not recorded.")
    count: int = doc("How many.")


@dataclass(frozen=True)
class AchievementTotal:
    type: str = doc("The achievement type, e.g. 发明专利.")
    count: int = doc("How many achievements.")
    benefit_wan_yuan: float = doc("Their economic benefit in 万元 (missing values count 0).")


@dataclass(frozen=True)
class HonourCount:
    name: str = doc("The honour, e.g. 荆楚工匠.")
    level: str | None = doc("Its level, e.g. 省级.")
    recipients: int = doc("People and studios that received it.")


@dataclass(frozen=True)
class CompetitionCount:
    level: str | None = doc("The level, e.g. 省级; null when not recorded.")
    kind: str | None = doc("The kind, e.g. 职业技能大赛; null when not recorded.")
    count: int = doc("How many competitions.")


@dataclass(frozen=True)
class YearInReview:
    year: int = doc("The year reported.")
    region_code: str | None = doc("The region reported (with its sub-regions); null: all.")
    studios_named: list[LevelCount] = doc(
        "Studios named that year (namedYear), hosted in the region, by level (国家级 first).")
    demonstration_studios_named: int = doc("Of those, the demonstration (示范性) studios.")
    achievements: list[AchievementTotal] = doc(
        "Achievements of that year by type, with total benefit; in the region when produced by a studio hosted there or"
        " contributed to by someone employed there.")
    honours: list[HonourCount] = doc(
        "Honours of that year by name and level, counting recipients: people employed in the region and studios hosted "
        "there.")
    mentorships_begun: int = doc("Mentorships that started that year, masters employed in the region.")
    mentorships_completed: int = doc("Mentorships 已出师 that ended that year, masters employed in the region.")
    reached_technician: int = doc(
        "People employed in the region whose first certificate at 技师 (5) or above was issued that year (certificates "
        "without an issue date are not counted; a grade a competition awarded counts as a certificate from the "
        "competition's year).")
    training_bases: list[LevelCount] = doc(
        "Training bases in the region by level, whatever the year (bases have no year).")
    competitions_held: list[CompetitionCount] = doc(
        "Competitions held that year (year), organised by an organization in the region, by level (国家级 first) and "
        "kind.")
    competition_entrants: int = doc(
        "People employed in the region who entered a competition held that year (wherever it was held).")
    competition_winners: int = doc(
        "Of those, the people who won: an entry with an award (一等奖 … 优秀奖).")


@dataclass(frozen=True)
class Facts:
    """The raw material of a review, as either store gathers it; `review` shapes it once for both."""

    studio_levels: list[tuple[str | None, bool]]  # (level, demonstration) of each studio named that year
    achievements: list[tuple[str, float | None]]  # (type, benefit) of each achievement that year
    honours: list[tuple[str, str | None]]  # (name, level) of each grant that year
    begun: int
    completed: int
    reached_technician: int
    base_levels: list[str | None]
    competitions: list[tuple[str | None, str | None]]  # (level, kind) of each competition held
    entrants: int
    winners: int


def review(year: int, region_code: str | None, facts: Facts) -> YearInReview:
    benefits: dict[str, list[float]] = defaultdict(list)
    for type_, benefit in facts.achievements:
        benefits[type_].append(benefit or 0.0)
    honours = Counter(facts.honours)
    return YearInReview(
        year=year,
        region_code=region_code,
        studios_named=_by_level(Counter(level for level, _ in facts.studio_levels), vocab.STUDIO_LEVELS),
        demonstration_studios_named=sum(1 for _, demonstration in facts.studio_levels if demonstration),
        achievements=[
            AchievementTotal(t, len(benefits[t]), math.fsum(benefits[t]))  # fsum: the same total in any order
            for t in sorted(benefits, key=lambda t: _rank(t, vocab.ACHIEVEMENT_TYPES))
        ],
        honours=[
            HonourCount(name, level, honours[name, level])
            for name, level in sorted(honours, key=lambda h: (_rank(h[1], vocab.HONOR_LEVELS), h[0]))
        ],
        mentorships_begun=facts.begun,
        mentorships_completed=facts.completed,
        reached_technician=facts.reached_technician,
        training_bases=_by_level(Counter(facts.base_levels), vocab.BASE_LEVELS),
        competitions_held=[
            CompetitionCount(level, kind, n) for (level, kind), n in sorted(
                Counter(facts.competitions).items(),
                key=lambda item: (_rank(item[0][0], vocab.COMPETITION_LEVELS), _rank(item[0][1], vocab.COMPETITION_KINDS)),
            )
        ],
        competition_entrants=facts.entrants,
        competition_winners=facts.winners,
    )


def _rank(value: str | None, order: tuple[str, ...]) -> tuple[int, str]:
    """Vocabulary order first, then unknown values by name, missing ones last."""
    if value in order:
        return order.index(value), ""
    return len(order) + (value is None), value or ""


def _by_level(counts: Counter[str | None], order: tuple[str, ...]) -> list[LevelCount]:
    return [LevelCount(level, counts[level]) for level in sorted(counts, key=lambda lv: _rank(lv, order))]


# -- Neo4j -------------------------------------------------------------------


def _plan(year: int, region_code: str | None) -> cypher.Plan[YearInReview]:
    params: dict[str, Any] = {"year": year, "yearText": dates.year_text(year), "completed": COMPLETED,
                              "technician": vocab.TECHNICIAN_GRADE}
    hosted = host_cypher("s", region_code, params)
    studios = yield (
        f"MATCH (s:Studio) WHERE s.namedYear = $year AND {hosted} RETURN s.level AS level, s.demonstration AS demo",
        params,
    )
    achievements = yield (
        "MATCH (a:Achievement) WHERE a.year = $year AND ("
        f"  EXISTS {{ MATCH (a)-[:PRODUCED_BY]->(s:Studio) WHERE {hosted} }} OR "
        f"  EXISTS {{ MATCH (p:Person)-[:CONTRIBUTED]->(a) WHERE {employer_cypher('p', region_code, None, params)} }}) "
        "RETURN a.type AS type, a.benefitWanYuan AS benefit",
        params,
    )
    honours = yield (
        "MATCH (h:Honor) WHERE h.year = $year MATCH (x)-[:RECEIVED]->(h) "
        f"WHERE (x:Person AND {employer_cypher('x', region_code, None, params)}) "
        f"   OR (x:Studio AND {host_cypher('x', region_code, params)}) "
        "RETURN h.name AS name, h.level AS level",
        params,
    )
    began, ended = dates.in_year_cypher("r.start", "$yearText"), dates.in_year_cypher("r.end", "$yearText")
    mentorships = yield (
        "MATCH (m:Person)-[r:MENTORED]->(:Person) "
        f"WHERE ({began} OR (r.status = $completed AND {ended})) "
        f"AND {employer_cypher('m', region_code, None, params)} "
        f"RETURN count(CASE WHEN {began} THEN 1 END) AS begun, "
        f"count(CASE WHEN r.status = $completed AND {ended} THEN 1 END) AS completed",
        params,
    )
    reached = yield (
        f"{ISSUED_AT_LEAST_CYPHER} WITH p, issued WHERE {employer_cypher('p', region_code, None, params)} "
        f"WITH p, min(issued) AS first WHERE {dates.in_year_cypher('first', '$yearText')} RETURN count(p) AS reached",
        params,
    )
    competitions = yield (
        f"MATCH (k:Competition) WHERE k.year = $year AND {organizer_cypher('k', region_code, params)} "
        "RETURN k.level AS level, k.kind AS kind",
        params,
    )
    entered = yield (
        "MATCH (p:Person)-[e:COMPETED]->(k:Competition) WHERE k.year = $year "
        f"AND {employer_cypher('p', region_code, None, params)} "
        "WITH p, max(CASE WHEN e.award IS NULL THEN 0 ELSE 1 END) AS won "
        "RETURN count(p) AS entrants, coalesce(sum(won), 0) AS winners",
        params,
    )
    region = "true" if region_code is None else within_param("b.regionCode", "base", region_code, Scheme.REGION, params)
    bases = yield f"MATCH (b:TrainingBase) WHERE {region} RETURN b.level AS level", params
    return review(year, region_code, Facts(
        [(r["level"], bool(r["demo"])) for r in studios],
        [(r["type"], r["benefit"]) for r in achievements],
        [(r["name"], r["level"]) for r in honours],
        mentorships[0]["begun"], mentorships[0]["completed"], reached[0]["reached"],
        [r["level"] for r in bases],
        [(r["level"], r["kind"]) for r in competitions], entered[0]["entrants"], entered[0]["winners"],
    ))


# -- embedded ----------------------------------------------------------------


def _embedded(store: EmbeddedStore, year: int, region_code: str | None) -> YearInReview:
    graph = store.graph

    def employed(node: NodeId) -> bool:
        return employed_in(graph, node[1], region_code, None)

    def hosted(node: NodeId) -> bool:
        return hosted_in(graph, node[1], region_code)

    studios = [(s.get("level"), bool(s.get("demonstration"))) for key, s in nodes(graph, "Studio")
               if s.get("namedYear") == year and hosted(("Studio", key))]
    achievements = [
        (a["type"], a.get("benefitWanYuan")) for key, a in nodes(graph, "Achievement")
        if a.get("year") == year and (
            any(hosted(s) for s, _ in out_edges(graph, ("Achievement", key), "PRODUCED_BY"))
            or any(employed(p) for p, _ in in_edges(graph, ("Achievement", key), "CONTRIBUTED"))
        )
    ]
    honours = [
        (h["name"], h.get("level")) for key, h in nodes(graph, "Honor") if h.get("year") == year
        for x, _ in in_edges(graph, ("Honor", key), "RECEIVED") if (employed(x) if x[0] == "Person" else hosted(x))
    ]
    mentored = [m for master, _, m in edges(graph, "MENTORED") if employed(master)]
    begun = sum(1 for m in mentored if dates.in_year(m["start"], year))
    completed = sum(1 for m in mentored if m["status"] == COMPLETED and dates.in_year(m.get("end"), year))
    bases = [b.get("level") for _, b in nodes(graph, "TrainingBase")
             if matches(b.get("regionCode"), region_code, Scheme.REGION)]
    competitions = [(k.get("level"), k.get("kind")) for key, k in nodes(graph, "Competition")
                    if k.get("year") == year and organized_in(graph, key, region_code)]
    won: dict[str, bool] = {}
    for person, competition, entry in edges(graph, "COMPETED"):
        if graph.nodes[competition].get("year") == year and employed(person):
            won[person[1]] = won.get(person[1], False) or entry.get("award") is not None
    return review(year, region_code, Facts(studios, achievements, honours, begun, completed,
                                           _reached_technician(graph, year, employed), bases,
                                           competitions, len(won), sum(won.values())))


def _reached_technician(graph: nx.MultiDiGraph, year: int, employed: Callable[[NodeId], bool]) -> int:
    """People whose earliest certificate at 技师 or above was issued in `year` (the earliest year at any precision)."""
    first: dict[str, str] = {}
    holders = {person for person, _, _ in edges(graph, "CERTIFIED")} | {person for person, _, _ in edges(graph, "COMPETED")}
    for person in holders:
        issued = [g.issued for g in person_grades(graph, person[1]) if g.grade >= vocab.TECHNICIAN_GRADE and g.issued]
        if issued and employed(person):
            first[person[1]] = min(issued)
    return sum(1 for issued in first.values() if dates.in_year(issued, year))


# -- both ----------------------------------------------------------------------


def year_in_review_query(year: int, region_code: str | None = None) -> Analytic[YearInReview]:
    return Analytic(lambda: _plan(year, region_code), lambda store: _embedded(store, year, region_code))


def year_in_review(store: EmbeddedStore | Neo4jStore, year: int, region_code: str | None = None) -> YearInReview:
    return run(store, year_in_review_query(year, region_code))
