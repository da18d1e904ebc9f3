"""Data quality: what the graph holds that HR should fix, each with a count and a few examples."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph import cypher, dates
from graph.analytics.conditions import matches
from graph.analytics.nx_view import edges, in_edges, nodes, out_edges
from graph.analytics.runner import Analytic, doc, run
from graph.codes import Scheme
from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.vocab import IN_TRAINING

EXAMPLES = 10
Row = dict[str, Any]


@dataclass(frozen=True)
class Example:
    key: str = doc("The personId, agreementId, studioId or achievementId to fix.")
    detail: str = doc("What is wrong, in a few words.")


@dataclass(frozen=True)
class Finding:
    check: str = doc(
        "peopleWithoutEmployer, overdueMentorships, apprenticesAboveMaster, leadersNotMembers or "
        "achievementsWithoutFirstContributor.")
    description: str = doc("What the check looks for.")
    count: int = doc("How many there are.")
    examples: list[Example] = doc("The first ten, by key.")


@dataclass(frozen=True)
class Check:
    """One kind of problem: a Cypher query and a Python function that find the same rows."""

    name: str
    description: str
    cypher: str  # returns one map per problem, `row`, with the fields `embedded` yields
    embedded: Callable[[nx.MultiDiGraph, str], Iterator[Row]]
    order: tuple[str, ...]  # the fields examples are sorted by; the first is the example's key
    detail: Callable[[Row], str]


def _no_employer(graph: nx.MultiDiGraph, _: str) -> Iterator[Row]:
    for key, person in nodes(graph, "Person"):
        if not any(out_edges(graph, ("Person", key), "WORKS_AT")):
            yield {"personId": key, "name": person.get("name")}


def _overdue(graph: nx.MultiDiGraph, as_of: str) -> Iterator[Row]:
    for master, apprentice, m in edges(graph, "MENTORED"):
        if m["status"] == IN_TRAINING and m.get("plannedEnd") and dates.before(m["plannedEnd"], as_of):
            yield {"agreementId": m["agreementId"], "master": master[1], "apprentice": apprentice[1],
                   "plannedEnd": m["plannedEnd"]}


def _grade_at(graph: nx.MultiDiGraph, person: tuple[str, str], occupation: str | None, day: str) -> int:
    """The best grade certified on or before `day` in the occupation or under it (any, when None); 0 for none."""
    return max((c["grade"] for occ, c in out_edges(graph, person, "CERTIFIED")
                if c.get("issuedOn") and dates.not_after(c["issuedOn"], day) and matches(occ[1], occupation, Scheme.OCCUPATION)),
               default=0)


def _apprentice_above_master(graph: nx.MultiDiGraph, _: str) -> Iterator[Row]:
    for master, apprentice, m in edges(graph, "MENTORED"):
        occupation = m.get("occupationCode")
        apprentice_grade = _grade_at(graph, apprentice, occupation, m["start"])
        master_grade = _grade_at(graph, master, occupation, m["start"])
        if apprentice_grade > master_grade:
            yield {"agreementId": m["agreementId"], "master": master[1], "masterGrade": master_grade,
                   "apprentice": apprentice[1], "apprenticeGrade": apprentice_grade, "start": m["start"]}


def _leader_not_member(graph: nx.MultiDiGraph, _: str) -> Iterator[Row]:
    for leader, studio, _data in edges(graph, "LEADS"):
        if not graph.has_edge(leader, studio, ("MEMBER_OF", "")):
            yield {"studioId": studio[1], "leader": leader[1], "name": graph.nodes[leader].get("name")}


def _no_first_contributor(graph: nx.MultiDiGraph, _: str) -> Iterator[Row]:
    for key, achievement in nodes(graph, "Achievement"):
        if not any(c.get("rank") == 1 for _, c in in_edges(graph, ("Achievement", key), "CONTRIBUTED")):
            yield {"achievementId": key, "title": achievement.get("title")}


def _grade_at_cypher(person: str) -> str:
    """The Cypher twin of _grade_at, for `person` at the start of mentorship `r`."""
    return (
        f"COALESCE(COLLECT {{ MATCH ({person})-[c:CERTIFIED]->(o:Occupation) "
        f"WHERE {dates.not_after_cypher('c.issuedOn', 'r.start')} AND "
        "(r.occupationCode IS NULL OR o.code = r.occupationCode OR o.code STARTS WITH r.occupationCode + '-') "
        "RETURN max(c.grade) }[0], 0)"
    )


CHECKS: tuple[Check, ...] = (
    Check(
        "peopleWithoutEmployer", "People with no employer (no WORKS_AT).",
        "MATCH (p:Person) WHERE NOT EXISTS { MATCH (p)-[:WORKS_AT]->(:Organization) } "
        "RETURN {personId: p.personId, name: p.name} AS row",
        _no_employer, ("personId",), lambda r: r["name"] or "",
    ),
    Check(
        "overdueMentorships", "Mentorships still 在带 after their planned end.",
        "MATCH (m:Person)-[r:MENTORED]->(a:Person) WHERE r.status = $training AND "
        + dates.before_cypher("r.plannedEnd", "$asOf") + " "
        "RETURN {agreementId: r.agreementId, master: m.personId, apprentice: a.personId, plannedEnd: r.plannedEnd} AS row",
        _overdue, ("agreementId",), lambda r: f"{r['master']} -> {r['apprentice']}, planned end {r['plannedEnd']}",
    ),
    Check(
        "apprenticesAboveMaster",
        "Apprentices certified above their master at the start of the mentorship (in its occupation or under it).",
        "MATCH (m:Person)-[r:MENTORED]->(a:Person) "
        f"WITH r, m, a, {_grade_at_cypher('m')} AS masterGrade, {_grade_at_cypher('a')} AS apprenticeGrade "
        "WHERE apprenticeGrade > masterGrade "
        "RETURN {agreementId: r.agreementId, master: m.personId, masterGrade: masterGrade, apprentice: a.personId, "
        "apprenticeGrade: apprenticeGrade, start: r.start} AS row",
        _apprentice_above_master, ("agreementId",),
        lambda r: f"{r['apprentice']} grade {r['apprenticeGrade']} > master {r['master']} grade {r['masterGrade']}"
                  f" on {r['start']}",
    ),
    Check(
        "leadersNotMembers", "Studios whose leader is not a member.",
        "MATCH (p:Person)-[:LEADS]->(s:Studio) WHERE NOT EXISTS { MATCH (p)-[:MEMBER_OF]->(s) } "
        "RETURN {studioId: s.studioId, leader: p.personId, name: p.name} AS row",
        _leader_not_member, ("studioId", "leader"), lambda r: f"leader {r['leader']} {r['name'] or ''}".rstrip(),
    ),
    Check(
        "achievementsWithoutFirstContributor", "Achievements with no first contributor (rank 1).",
        "MATCH (a:Achievement) WHERE NOT EXISTS { MATCH (:Person)-[c:CONTRIBUTED]->(a) WHERE c.rank = 1 } "
        "RETURN {achievementId: a.achievementId, title: a.title} AS row",
        _no_first_contributor, ("achievementId",), lambda r: r["title"] or "",
    ),
)


def finding(check: Check, total: int, rows: list[Row]) -> Finding:
    """The count and the first few rows, sorted by the check's fields, as examples: the same for both stores."""
    rows = sorted(rows, key=lambda r: tuple(r[f] for f in check.order))[:EXAMPLES]
    examples = [Example(str(r[check.order[0]]), check.detail(r)) for r in rows]
    return Finding(check.name, check.description, total, examples)


def _plan(as_of: str) -> cypher.Plan[list[Finding]]:
    findings = []
    for check in CHECKS:
        order = ", ".join(f"row.{f}" for f in check.order)
        records = yield (
            f"CALL () {{ {check.cypher} }} WITH row ORDER BY {order} "
            "WITH collect(row) AS rows RETURN size(rows) AS total, rows[..$examples] AS examples",
            {"training": IN_TRAINING, "asOf": as_of, "examples": EXAMPLES},
        )
        findings.append(finding(check, records[0]["total"], records[0]["examples"]))
    return findings


def _embedded(store: EmbeddedStore, as_of: str) -> list[Finding]:
    findings = []
    for check in CHECKS:
        rows = list(check.embedded(store.graph, as_of))
        findings.append(finding(check, len(rows), rows))
    return findings


def data_quality_query(as_of: str) -> Analytic[list[Finding]]:
    """Every check; `as_of` (YYYY-MM-DD) is the day a planned end counts as past."""
    return Analytic(lambda: _plan(as_of), lambda store: _embedded(store, as_of))


def data_quality(store: EmbeddedStore | Neo4jStore, as_of: str) -> list[Finding]:
    return run(store, data_quality_query(as_of))
