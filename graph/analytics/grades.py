"""A person's skill grades: certificates, and grades awarded at competitions (以赛代评).

A grade a competition awards (COMPETED.gradeAwarded) counts as a certificate of
that grade in the occupation the competition TESTS, issued in the competition's
year: a year-precision date (graph.dates), so "issued that year" and "issued
on or before a day" follow the same rules as for certificates. The Python
functions read the embedded graph; the Cypher twins say the same to Neo4j.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import networkx as nx

from graph import dates
from graph.analytics.nx_view import in_edges, out_edges


class Grade(NamedTuple):
    occupation: str | None  # the occupation code; None for a competition that tests no stored occupation
    grade: int
    issued: str | None  # a date at its precision (graph.dates); a competition's year


def person_grades(graph: nx.MultiDiGraph, person_id: str) -> Iterator[Grade]:
    """Every grade the person holds: each certificate, then each grade a competition awarded."""
    person = ("Person", person_id)
    for occupation, cert in out_edges(graph, person, "CERTIFIED"):
        yield Grade(occupation[1], cert["grade"], cert.get("issuedOn"))
    for competition, entry in out_edges(graph, person, "COMPETED"):
        if entry.get("gradeAwarded") is not None:
            year = graph.nodes[competition].get("year")
            issued = dates.year_text(year) if year is not None else None
            tested = [occupation[1] for occupation, _ in out_edges(graph, competition, "TESTS")] or [None]
            for code in tested:
                yield Grade(code, entry["gradeAwarded"], issued)


def occupation_grades(graph: nx.MultiDiGraph, code: str) -> Iterator[tuple[str, int]]:
    """(person key, grade) of every certificate in exactly this occupation and every grade awarded by a
    competition that tests it."""
    occupation = ("Occupation", code)
    for (_, person), cert in in_edges(graph, occupation, "CERTIFIED"):
        yield person, cert["grade"]
    for competition, _ in in_edges(graph, occupation, "TESTS"):
        for (_, person), entry in in_edges(graph, competition, "COMPETED"):
            if entry.get("gradeAwarded") is not None:
                yield person, entry["gradeAwarded"]


# -- the Cypher twins --------------------------------------------------------


def occupation_grades_cypher(occupation: str, person: str = "x", grade: str = "grade") -> str:
    """A CALL subquery giving rows (`person`, `grade`) for the occupation node bound to `occupation`."""
    return (
        f"CALL ({occupation}) {{ MATCH ({person})-[c:CERTIFIED]->({occupation}) RETURN {person}, c.grade AS {grade} "
        f"UNION ALL MATCH ({person})-[e:COMPETED]->(:Competition)-[:TESTS]->({occupation}) "
        f"WHERE e.gradeAwarded IS NOT NULL RETURN {person}, e.gradeAwarded AS {grade} }}"
    )


def person_grades_cypher(person: str, occupation_test: str) -> str:
    """A Cypher list of {grade, issued} maps: `person`'s grades in occupations `oc` passing `occupation_test`."""
    return (
        f"([({person})-[c:CERTIFIED]->(oc:Occupation) WHERE {occupation_test} | {{grade: c.grade, issued: c.issuedOn}}] + "
        f"[({person})-[e:COMPETED]->(k:Competition)-[:TESTS]->(oc:Occupation) "
        f"WHERE e.gradeAwarded IS NOT NULL AND {occupation_test} | {{grade: e.gradeAwarded, issued: toString(k.year)}}])"
    )


# Every grade at or above $technician with its issue date, one row (p, issued) each, for any person.
ISSUED_AT_LEAST_CYPHER = (
    "CALL () { MATCH (p:Person)-[c:CERTIFIED]->(:Occupation) WHERE c.grade >= $technician AND c.issuedOn IS NOT NULL "
    "RETURN p, c.issuedOn AS issued "
    "UNION ALL MATCH (p:Person)-[e:COMPETED]->(k:Competition) WHERE e.gradeAwarded >= $technician AND k.year IS NOT NULL "
    "RETURN p, toString(k.year) AS issued }"
)
