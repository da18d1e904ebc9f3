"""Limits end to end, on each store: depth, aliases, tokens and page size, each named in its error."""

from __future__ import annotations

import httpx
import pytest
from graphql import get_introspection_query

from api.limits import Limits
from api.pagination import DEFAULT_PAGE, MAX_PAGE
from tests.api.conftest import Live, codes, gql

LIMITS = Limits()


def strict(live: Live, query: str, role: str = "planner") -> httpx.Response:
    """POST under application/graphql-response+json, where request errors are 4xx."""
    with live.client(role) as client:
        return client.post("/graphql", json={"query": query}, headers={"Accept": "application/graphql-response+json"})


def nested(levels: int) -> str:
    """people.edges.node, then `levels` times apprentices.apprentice: depth 3 + 2 * levels + 1."""
    inner = "name"
    for _ in range(levels):
        inner = f"apprentices(first: 2) {{ apprentice {{ {inner} }} }}"
    return f"{{ people(first: 2) {{ edges {{ node {{ {inner} }} }} }} }}"


def test_depth_at_the_limit_runs_and_over_it_is_refused_naming_the_limit(live: Live) -> None:
    levels = (LIMITS.max_depth - 4) // 2
    assert strict(live, nested(levels)).status_code == 200
    refused = strict(live, nested(levels + 1))
    assert refused.status_code == 400
    error = refused.json()["errors"][0]
    assert error["extensions"] == {
        "code": "LIMIT_EXCEEDED", "limit": "query depth", "maximum": LIMITS.max_depth, "requested": LIMITS.max_depth + 2,
    }
    assert "query depth limit exceeded" in error["message"]


def test_depth_counts_through_fragments(live: Live) -> None:
    levels = (LIMITS.max_depth - 4) // 2 + 1
    inner = "name"
    for _ in range(levels):
        inner = f"apprentices(first: 2) {{ apprentice {{ {inner} }} }}"
    query = f"{{ people(first: 1) {{ edges {{ node {{ ...deep }} }} }} }} fragment deep on Person {{ {inner} }}"
    assert codes(strict(live, query).json()) == ["LIMIT_EXCEEDED"]


def test_aliases_over_the_limit_are_refused(live: Live) -> None:
    fields = " ".join(f"s{i}: studios(first: 1) {{ totalCount }}" for i in range(LIMITS.max_aliases + 1))
    refused = strict(live, f"{{ {fields} }}")
    assert refused.status_code == 400 and "aliases limit exceeded" in refused.json()["errors"][0]["message"]
    fields = " ".join(f"s{i}: studios(first: 1) {{ totalCount }}" for i in range(LIMITS.max_aliases))
    assert strict(live, f"{{ {fields} }}").status_code == 200


def test_tokens_over_the_limit_are_refused_before_parsing_all(live: Live) -> None:
    query = "{ studios(first: 1) { " + " ".join(["totalCount"] * LIMITS.max_tokens) + " } }"
    refused = strict(live, query)
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["extensions"] == {"code": "LIMIT_EXCEEDED", "limit": "tokens", "maximum": LIMITS.max_tokens}


@pytest.mark.parametrize("query", [
    f"{{ studios(first: {MAX_PAGE + 1}) {{ totalCount }} }}",
    f"{{ studios(last: {MAX_PAGE + 1}) {{ totalCount }} }}",
    f'{{ search(text: "工", first: {MAX_PAGE + 1}) {{ __typename }} }}',
])
def test_page_size_over_the_limit_is_refused(live: Live, query: str) -> None:
    with live.client() as client:
        body = gql(client, query)
    assert codes(body) == ["LIMIT_EXCEEDED"] and "page size limit exceeded: 101 > 100" in body["errors"][0]["message"]


def test_first_defaults_to_20(live: Live) -> None:
    with live.client() as client:
        body = gql(client, "{ achievements { edges { cursor } } }")
    assert len(body["data"]["achievements"]["edges"]) == min(DEFAULT_PAGE, live.store.counts()["Achievement"])


def test_graphiqls_introspection_query_is_within_the_limits(live: Live) -> None:
    with live.client() as client:
        body = gql(client, get_introspection_query(descriptions=True))
    assert "errors" not in body and body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_a_bad_cursor_is_bad_user_input(live: Live) -> None:
    with live.client() as client:
        body = gql(client, '{ studios(after: "bm90LWEtY3Vyc29y") { totalCount } }')
    assert codes(body) == ["BAD_USER_INPUT"]
