"""The filters analytics share, in both forms: a Cypher condition and its Python twin.

A region includes its sub-regions and an occupation the narrower codes under it
(graph.codes). In Cypher the test is written `x STARTS WITH exact AND (x = exact
OR x STARTS WITH prefix)` so that the planner can seek a range index on `x`.
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph.analytics.nx_view import out_edges
from graph.codes import Scheme, is_within, within_prefix


def within_cypher(expr: str, exact: str, prefix: str) -> str:
    """`expr` is the code `exact` or under it; `exact` and `prefix` are Cypher expressions."""
    return f"({expr} STARTS WITH {exact} AND ({expr} = {exact} OR {expr} STARTS WITH {prefix}))"


def within_param(expr: str, name: str, code: str, scheme: Scheme, params: dict[str, Any]) -> str:
    """within_cypher against the parameters $<name>Exact and $<name>Prefix, which it adds to `params`."""
    params[f"{name}Exact"], params[f"{name}Prefix"] = within_prefix(code, scheme)
    return within_cypher(expr, f"${name}Exact", f"${name}Prefix")


def matches(candidate: str | None, code: str | None, scheme: Scheme) -> bool:
    """No code means anything matches; otherwise `candidate` is `code` or under it."""
    return code is None or is_within(candidate, code, scheme)


def employer_cypher(person: str, region_code: str | None, industry: str | None, params: dict[str, Any]) -> str:
    """`person` works at an organization in the region (and industry); "true" when neither is given."""
    return _organization_cypher(person, "WORKS_AT", region_code, industry, params)


def host_cypher(studio: str, region_code: str | None, params: dict[str, Any]) -> str:
    """`studio` is hosted by an organization in the region; "true" when no region is given."""
    return _organization_cypher(studio, "HOSTED_BY", region_code, None, params)


def organizer_cypher(competition: str, region_code: str | None, params: dict[str, Any]) -> str:
    """`competition` was organised by an organization in the region; "true" when no region is given."""
    return _organization_cypher(competition, "ORGANIZED_BY", region_code, None, params)


def employed_in(graph: nx.MultiDiGraph, person_id: str, region_code: str | None, industry: str | None) -> bool:
    """The Python twin of employer_cypher."""
    return _organization_in(graph, ("Person", person_id), "WORKS_AT", region_code, industry)


def hosted_in(graph: nx.MultiDiGraph, studio_id: str, region_code: str | None) -> bool:
    """The Python twin of host_cypher."""
    return _organization_in(graph, ("Studio", studio_id), "HOSTED_BY", region_code, None)


def organized_in(graph: nx.MultiDiGraph, competition_id: str, region_code: str | None) -> bool:
    """The Python twin of organizer_cypher."""
    return _organization_in(graph, ("Competition", competition_id), "ORGANIZED_BY", region_code, None)


def _organization_cypher(
    var: str, rel_type: str, region_code: str | None, industry: str | None, params: dict[str, Any]
) -> str:
    tests = []
    if region_code is not None:
        tests.append(within_param("o.regionCode", "orgRegion", region_code, Scheme.REGION, params))
    if industry is not None:
        params["orgIndustry"] = industry
        tests.append("o.industry = $orgIndustry")
    if not tests:
        return "true"
    # A list predicate over the node's own organizations: the planner expands from `var` (one or two
    # employers) rather than seeking every organization of the region and probing each for `var`.
    return f"any(o IN [({var})-[:{rel_type}]->(org:Organization) | org] WHERE {' AND '.join(tests)})"


def _organization_in(
    graph: nx.MultiDiGraph, node: tuple[str, str], rel_type: str, region_code: str | None, industry: str | None
) -> bool:
    if region_code is None and industry is None:
        return True
    return any(
        matches(graph.nodes[org].get("regionCode"), region_code, Scheme.REGION)
        and (industry is None or graph.nodes[org].get("industry") == industry)
        for org, _ in out_edges(graph, node, rel_type)
    )
