"""Queries generated from the schema (hypothesis-graphql), valid and invalid, with and without a token.

Whatever is asked, the server answers: no 5xx, no INTERNAL error, and never
later than its request deadline.
"""

from __future__ import annotations

import time

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, nodes, queries

from api.http import DEFAULT_REQUEST_SECONDS
from tests.api.conftest import Live, auth
from tests.conftest import ROOT

SCHEMA = (ROOT / "schema.graphql").read_text()
SCALARS = {"Date": st.dates().map(lambda day: nodes.String(day.isoformat()))}
MARGIN = 2.0  # seconds over the deadline allowed for the answer to travel
FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)


def assert_answered_well(live: Live, query: str, role: str) -> None:
    started = time.monotonic()
    with httpx.Client(base_url=live.url, headers=auth(role), timeout=DEFAULT_REQUEST_SECONDS + 30) as client:
        response = client.post("/graphql", json={"query": query})
    seconds = time.monotonic() - started
    assert response.status_code < 500, (response.status_code, query, response.text[:500])
    codes = [error.get("extensions", {}).get("code") for error in response.json().get("errors", [])]
    assert "INTERNAL" not in codes and None not in codes, (query, response.text[:1000])
    assert seconds < DEFAULT_REQUEST_SECONDS + MARGIN, (seconds, query)


@pytest.mark.parametrize("role", ["public", "planner"])
@pytest.mark.parametrize("mode", [Mode.POSITIVE, Mode.NEGATIVE])
def test_generated_queries_never_fail_the_server(live: Live, role: str, mode: Mode) -> None:
    @FUZZ
    @given(query=queries(SCHEMA, custom_scalars=SCALARS, mode=mode))
    def check(query: str) -> None:
        assert_answered_well(live, query, role)

    before = live.server.log.read_text(errors="replace").count("Traceback")
    check()
    assert live.server.log.read_text(errors="replace").count("Traceback") == before  # no client mistake logged as a bug
