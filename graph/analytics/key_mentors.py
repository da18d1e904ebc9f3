"""Key mentors: masters ranked by the size and depth of their lineage."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph import cypher
from graph.analytics.conditions import employed_in, employer_cypher, matches, within_param
from graph.analytics.nx_view import mentorship_graph, out_edges
from graph.analytics.runner import Analytic, doc, run
from graph.codes import Scheme
from graph.embedded import EmbeddedStore
from graph.neo4j_store import Neo4jStore
from graph.vocab import TECHNICIAN_GRADE


@dataclass(frozen=True)
class KeyMentor:
    person_id: str = doc("The master's personId.")
    name: str = doc("The master's name.")
    apprentices: int = doc("Direct apprentices, distinct people.")
    descendants: int = doc("Distinct people in every generation below the master.")
    depth: int = doc("The deepest generation of the lineage, each descendant counted at its fewest steps.")
    honoured_descendants: int = doc("Descendants who received at least one honour.")
    technician_descendants: int = doc("Descendants certified at 技师 (grade 5) or above in some occupation.")


def ranked(mentors: list[KeyMentor], first: int | None) -> list[KeyMentor]:
    """Most descendants first, then the deeper lineage, then the person id."""
    order = sorted(mentors, key=lambda m: (-m.descendants, -m.depth, m.person_id))
    return order if first is None else order[:first]


def key_mentors_query(
    region_code: str | None = None, industry: str | None = None, occupation_code: str | None = None,
    first: int | None = None,
) -> Analytic[list[KeyMentor]]:
    """Masters (at least one apprentice) employed in the region and industry, certified in the occupation or under it."""
    if first is not None and first < 0:
        raise ValueError("first must not be negative")

    def plan() -> cypher.Plan[list[KeyMentor]]:
        params: dict[str, Any] = {"technician": TECHNICIAN_GRADE, "first": first}
        tests = [employer_cypher("m", region_code, industry, params)]
        if occupation_code is not None:
            code = within_param("oc.code", "occupation", occupation_code, Scheme.OCCUPATION, params)
            tests.append(f"EXISTS {{ MATCH (m)-[:CERTIFIED]->(oc:Occupation) WHERE {code} }}")
        records = yield (
            # Masters from the index on MENTORED.status (required, so every mentorship is in it), not every Person.
            "MATCH (m:Person)-[r:MENTORED]->(:Person) WHERE r.status IS NOT NULL "
            f"WITH DISTINCT m WHERE {' AND '.join(tests)} "
            "MATCH path = (m)-[:MENTORED*]->(d:Person) "
            "WITH m, d, min(length(path)) AS generation "
            "WITH m, count(d) AS descendants, max(generation) AS depth, "
            "  sum(CASE WHEN generation = 1 THEN 1 ELSE 0 END) AS apprentices, "
            "  sum(CASE WHEN EXISTS { MATCH (d)-[:RECEIVED]->(:Honor) } THEN 1 ELSE 0 END) AS honoured, "
            "  sum(CASE WHEN EXISTS { MATCH (d)-[c:CERTIFIED]->(:Occupation) WHERE c.grade >= $technician } "
            "    THEN 1 ELSE 0 END) AS technicians "
            "RETURN m.personId AS personId, coalesce(m.name, '') AS name, apprentices, descendants, depth, honoured, "
            "  technicians "
            "ORDER BY descendants DESC, depth DESC, personId"
            + (" LIMIT $first" if first is not None else ""),
            params,
        )
        mentors = [
            KeyMentor(r["personId"], r["name"], r["apprentices"], r["descendants"], r["depth"], r["honoured"],
                      r["technicians"])
            for r in records
        ]
        return ranked(mentors, first)

    def embedded(store: EmbeddedStore) -> list[KeyMentor]:
        graph = store.graph
        dag = mentorship_graph(graph)
        mentors = []
        for master in dag:
            if dag.out_degree(master) == 0 or not employed_in(graph, master, region_code, industry):
                continue
            if occupation_code is not None and not _certified_in(graph, master, occupation_code):
                continue
            mentors.append(_key_mentor(graph, dag, master))
        return ranked(mentors, first)

    return Analytic(plan, embedded)


def key_mentors(
    store: EmbeddedStore | Neo4jStore, region_code: str | None = None, industry: str | None = None,
    occupation_code: str | None = None, first: int | None = None,
) -> list[KeyMentor]:
    return run(store, key_mentors_query(region_code, industry, occupation_code, first))


def _key_mentor(graph: nx.MultiDiGraph, dag: nx.DiGraph, master: str) -> KeyMentor:
    generation = nx.single_source_shortest_path_length(dag, master)
    del generation[master]
    return KeyMentor(
        person_id=master,
        name=graph.nodes["Person", master].get("name", ""),
        apprentices=sum(1 for g in generation.values() if g == 1),
        descendants=len(generation),
        depth=max(generation.values()),
        honoured_descendants=sum(1 for d in generation if any(out_edges(graph, ("Person", d), "RECEIVED"))),
        technician_descendants=sum(1 for d in generation if _best_grade(graph, d) >= TECHNICIAN_GRADE),
    )


def _certified_in(graph: nx.MultiDiGraph, person_id: str, occupation_code: str) -> bool:
    certified = out_edges(graph, ("Person", person_id), "CERTIFIED")
    return any(matches(occupation[1], occupation_code, Scheme.OCCUPATION) for occupation, _ in certified)


def _best_grade(graph: nx.MultiDiGraph, person_id: str) -> int:
    return max((cert["grade"] for _, cert in out_edges(graph, ("Person", person_id), "CERTIFIED")), default=0)
