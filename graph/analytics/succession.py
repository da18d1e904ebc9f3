"""Succession risks: near-retirement masters and studio leaders with no qualified successor."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph import cypher
from graph.analytics.conditions import employed_in, employer_cypher, matches, within_cypher, within_param
from graph.analytics.nx_view import in_edges, mentorship_graph, nodes, out_edges
from graph.analytics.runner import Analytic, doc, run
from graph.codes import Scheme
from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.vocab import COMPLETED, IN_TRAINING, RETIRED

SENIOR_GRADE = 6  # 高级技师: a master whose succession matters
MAX_GENERATIONS = 10
CODE_PREFIX = "code + '-'"  # in Cypher, the prefix of the codes under the row's occupation `code`


@dataclass(frozen=True)
class StudioLed:
    studio_id: str = doc("The studio's studioId.")
    name: str = doc("The studio's name.")


@dataclass(frozen=True)
class SuccessionRisk:
    person_id: str = doc("The person's personId.")
    name: str = doc("The person's name.")
    age: int = doc("asOfYear − birthYear.")
    occupation_code: str | None = doc(
        "The occupation at risk: one where the person holds grade 6 (高级技师) or above, or, for a studio leader, any they "
        "are certified in. Null for a studio leader with no certificate at all (then any occupation counts for "
        "successors).")
    occupation_name: str | None = doc("The occupation's name.")
    grade: int | None = doc("The person's own grade in the occupation.")
    studios_led: list[StudioLed] = doc("The studios the person leads, by studioId.")
    best_successor_grade: int | None = doc(
        "The best grade any descendant within `generations` holds in the occupation (or under it), qualified or not; "
        "null when none holds one.")
    apprentices_in_training: int = doc(
        "Direct apprentices of the person's 在带 mentorships in the occupation or under it.")


@dataclass(frozen=True)
class Risk:
    """What succession_risks asks: who counts, and what makes a successor."""

    region_code: str | None
    occupation_code: str | None
    as_of_year: int
    min_age: int = 55
    successor_grade: int = 5
    generations: int = 2


def ordered(risks: list[SuccessionRisk]) -> list[SuccessionRisk]:
    """Oldest first, then by person id and occupation code."""
    return sorted(risks, key=lambda r: (-r.age, r.person_id, r.occupation_code or ""))


# -- Neo4j -------------------------------------------------------------------


def _in_occupation(expr: str) -> str:
    """`expr` is the row's occupation `code` or under it; any value when the row has no occupation."""
    return f"(code IS NULL OR {within_cypher(expr, 'code', CODE_PREFIX)})"


def _plan(risk: Risk) -> cypher.Plan[list[SuccessionRisk]]:
    params: dict[str, Any] = {
        "latestBirthYear": risk.as_of_year - risk.min_age, "retired": RETIRED, "senior": SENIOR_GRADE,
        "completed": COMPLETED, "training": IN_TRAINING, "successorGrade": risk.successor_grade,
    }
    occupation = "true"
    if risk.occupation_code is not None:
        occupation = within_param("code", "occupation", risk.occupation_code, Scheme.OCCUPATION, params)
    records = yield (
        "MATCH (p:Person) WHERE p.birthYear <= $latestBirthYear AND coalesce(p.status, '') <> $retired AND "
        f"{employer_cypher('p', risk.region_code, None, params)} "
        "OPTIONAL MATCH (p)-[:LEADS]->(s:Studio) "
        "WITH p, collect(s {.studioId, .name}) AS studios "
        "CALL (p, studios) { "
        "  MATCH (p)-[c:CERTIFIED]->(oc:Occupation) WHERE c.grade >= $senior OR size(studios) > 0 "
        "  RETURN oc.code AS code, oc.name AS occupationName, c.grade AS grade "
        "  UNION "
        "  WITH p, studios WHERE size(studios) > 0 AND NOT EXISTS { MATCH (p)-[:CERTIFIED]->(:Occupation) } "
        "  RETURN null AS code, null AS occupationName, null AS grade "
        "} "
        f"WITH p, studios, code, occupationName, grade WHERE {occupation} "
        "CALL (p) { "
        f"  OPTIONAL MATCH (p)-[:MENTORED*1..{int(risk.generations)}]->(d:Person) "
        "  RETURN collect(DISTINCT d) AS descendants "
        "} "
        "WITH p, studios, code, occupationName, grade, descendants WHERE none(d IN descendants WHERE "
        f"  EXISTS {{ MATCH (:Person)-[r:MENTORED {{status: $completed}}]->(d) WHERE {_in_occupation('r.occupationCode')} }} "
        "  AND EXISTS { MATCH (d)-[c:CERTIFIED]->(o:Occupation) WHERE c.grade >= $successorGrade "
        f"    AND {_in_occupation('o.code')} }}) "
        "CALL (descendants, code) { "
        "  UNWIND descendants AS d MATCH (d)-[c:CERTIFIED]->(o:Occupation) "
        f"  WHERE {_in_occupation('o.code')} RETURN max(c.grade) AS best "
        "} "
        "CALL (p, code) { "
        "  OPTIONAL MATCH (p)-[r:MENTORED {status: $training}]->(a:Person) "
        f"  WHERE {_in_occupation('r.occupationCode')} RETURN count(DISTINCT a) AS inTraining "
        "} "
        "RETURN p.personId AS personId, p.name AS name, p.birthYear AS birthYear, code, occupationName, grade, "
        "  studios, best, inTraining",
        params,
    )
    return ordered([
        SuccessionRisk(
            r["personId"], r["name"], risk.as_of_year - r["birthYear"], r["code"], r["occupationName"], r["grade"],
            _studios(r["studios"]), r["best"], r["inTraining"],
        )
        for r in records
    ])


def _studios(found: list[dict[str, Any]]) -> list[StudioLed]:
    return sorted((StudioLed(s["studioId"], s.get("name") or "") for s in found), key=lambda s: s.studio_id)


# -- embedded ----------------------------------------------------------------


def _embedded(store: EmbeddedStore, risk: Risk) -> list[SuccessionRisk]:
    graph = store.graph
    dag = mentorship_graph(graph)
    risks = []
    for key, person in nodes(graph, "Person"):
        birth_year = person.get("birthYear")
        if birth_year is None or risk.as_of_year - birth_year < risk.min_age or person.get("status") == RETIRED:
            continue
        if not employed_in(graph, key, risk.region_code, None):
            continue
        studios = _studios([s for s, _ in _targets(graph, key, "LEADS")])
        certified = {occ[1]: cert["grade"] for occ, cert in out_edges(graph, ("Person", key), "CERTIFIED")}
        candidates: dict[str | None, int | None] = {
            code: grade for code, grade in certified.items() if grade >= SENIOR_GRADE or studios
        }
        if studios and not certified:
            candidates[None] = None
        descendants = _descendants(dag, key, risk.generations)
        for code, grade in candidates.items():
            if code is None and risk.occupation_code is not None:
                continue
            if not matches(code, risk.occupation_code, Scheme.OCCUPATION):
                continue
            if any(_succeeds(graph, d, code, risk.successor_grade) for d in descendants):
                continue
            best = max((g for d in descendants for c, g in _grades(graph, d) if matches(c, code, Scheme.OCCUPATION)),
                       default=None)
            risks.append(SuccessionRisk(
                key, person.get("name", ""), risk.as_of_year - birth_year, code,
                graph.nodes["Occupation", code].get("name") if code is not None else None, grade, studios, best,
                _in_training(graph, key, code),
            ))
    return ordered(risks)


def _targets(graph: nx.MultiDiGraph, person_id: str, rel_type: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(graph.nodes[v], data) for v, data in out_edges(graph, ("Person", person_id), rel_type)]


def _descendants(dag: nx.DiGraph, person_id: str, generations: int) -> set[str]:
    if person_id not in dag:
        return set()
    return set(nx.single_source_shortest_path_length(dag, person_id, cutoff=generations)) - {person_id}


def _grades(graph: nx.MultiDiGraph, person_id: str) -> list[tuple[str, int]]:
    return [(occ[1], cert["grade"]) for occ, cert in out_edges(graph, ("Person", person_id), "CERTIFIED")]


def _succeeds(graph: nx.MultiDiGraph, person_id: str, code: str | None, successor_grade: int) -> bool:
    """Completed a mentorship in the occupation and holds `successor_grade` or above in it."""
    completed = any(
        m.get("status") == COMPLETED and matches(m.get("occupationCode"), code, Scheme.OCCUPATION)
        for _, m in in_edges(graph, ("Person", person_id), "MENTORED")
    )
    return completed and any(g >= successor_grade and matches(c, code, Scheme.OCCUPATION) for c, g in _grades(graph, person_id))


def _in_training(graph: nx.MultiDiGraph, person_id: str, code: str | None) -> int:
    return len({
        apprentice for apprentice, m in out_edges(graph, ("Person", person_id), "MENTORED")
        if m.get("status") == IN_TRAINING and matches(m.get("occupationCode"), code, Scheme.OCCUPATION)
    })


# -- both ----------------------------------------------------------------------


def succession_risks_query(
    as_of_year: int, region_code: str | None = None, occupation_code: str | None = None, min_age: int = 55,
    successor_grade: int = 5, generations: int = 2,
) -> Analytic[list[SuccessionRisk]]:
    if not 1 <= generations <= MAX_GENERATIONS:
        raise ValueError(f"generations must be between 1 and {MAX_GENERATIONS}, not {generations}")
    risk = Risk(region_code, occupation_code, as_of_year, min_age, successor_grade, generations)
    return Analytic(lambda: _plan(risk), lambda store: _embedded(store, risk))


def succession_risks(
    store: EmbeddedStore | Neo4jStore, as_of_year: int, region_code: str | None = None,
    occupation_code: str | None = None, min_age: int = 55, successor_grade: int = 5, generations: int = 2,
) -> list[SuccessionRisk]:
    """People aged `min_age` or more with grade 6+ in an occupation, or leading a studio, and no successor in it."""
    return run(store, succession_risks_query(as_of_year, region_code, occupation_code, min_age, successor_grade, generations))
